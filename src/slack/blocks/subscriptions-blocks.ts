// Block Kit for digest subscriptions: the confirmation the person who (un)subscribed sees, the
// `/healthnews subscriptions` list (this channel first, then every channel, with the last delivery
// error), and how to invite the bot into a channel it is not in. Builders only. Every mrkdwn text is
// `verbatim` so Slack adds no links or mentions of its own; `<#C…>` channel links are ours.
import type { SubscriptionSummary } from '../../digest/subscription-service.ts';
import type { KnownBlock, SlackMessage } from './message.ts';
import { escapeAndTruncate, truncateGraphemes } from './mrkdwn.ts';
import { editSubscriptionButton } from './settings-modal.ts';

const SECTION_MAX = 3000;
const MAX_LISTED = 40; // a list longer than this is cut with a count, to stay under 50 blocks

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateGraphemes(text, SECTION_MAX), verbatim: true } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncateGraphemes(text, SECTION_MAX), verbatim: true }] };
}

function shortTime(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '—';
}

/** What the channel gets, in words: `四川、广东 · 话题 电子病历 · 每周`. Escaped for mrkdwn. */
export function subscriptionWhat(sub: Pick<SubscriptionSummary, 'regions' | 'topics' | 'cadenceLabel'>): string {
  const topics = sub.topics ? ` · 话题 ${escapeAndTruncate(sub.topics, 400)}` : '';
  return `${escapeAndTruncate(sub.regions, 400)}${topics} · ${escapeAndTruncate(sub.cadenceLabel, 20)}`;
}

/** One line per subscription: channel, regions, topics, cadence, last digest, and the last error with its fix. */
export function subscriptionLine(sub: SubscriptionSummary): string {
  const parts = [`<#${sub.channel}> — ${subscriptionWhat(sub)}`];
  if (sub.fromSettings) parts.push('(DIGEST_CHANNELS)');
  parts.push(`· 上次摘要 ${shortTime(sub.lastSentAt)}`);
  let line = parts.join(' ');
  if (sub.lastError) line += `\n    :warning: ${shortTime(sub.lastErrorAt)} ${escapeAndTruncate(sub.lastError, 600)}`;
  return line;
}

/** A subscription's line with its 编辑 button, which opens the settings form for that channel. */
export function subscriptionSection(sub: SubscriptionSummary): KnownBlock {
  return { ...section(subscriptionLine(sub)), accessory: editSubscriptionButton(sub.channel) } as KnownBlock;
}

/**
 * Confirms a subscribe (or a saved settings form) to the person who made it (ephemeral): what the
 * channel gets and when it arrives.
 *
 * @example subscribedMessage({ channel: 'C0123', summary, outcome: 'created', schedule: '每天 09:00（Asia/Shanghai）' }).text
 * // → '已订阅：<#C0123> 将收到 四川、广东 · 每天 的摘要（每天 09:00（Asia/Shanghai））。'
 */
export function subscribedMessage(args: {
  channel: string;
  summary: Pick<SubscriptionSummary, 'regions' | 'topics' | 'cadence' | 'cadenceLabel' | 'when'>;
  outcome: 'created' | 'updated' | 'unchanged';
  schedule: string;
}): SlackMessage {
  const verb = args.outcome === 'created' ? '已订阅' : args.outcome === 'updated' ? '已更新订阅' : '订阅未变';
  // `schedule` is the cron in words (`每天 09:00（Asia/Shanghai）`): for daily it says it all; for
  // workdays and weekly it gives the time of day on their days; instant does not wait for it.
  const cadence = args.summary.cadence;
  const when =
    cadence === 'instant' ? args.summary.when : cadence === 'daily' ? args.schedule : `${args.summary.when}，${args.schedule.replace(/^每天 /, '')}`;
  const text = `${verb}：<#${args.channel}> 将收到 ${subscriptionWhat(args.summary)} 的摘要（${escapeAndTruncate(when, 400)}）。`;
  const note =
    args.outcome === 'unchanged'
      ? '这个频道已经是这样订阅的。'
      : '第一份只含最新一天的文章；之后每份只含这个频道还没收到过的文章。`/healthnews settings` 修改，`/healthnews unsubscribe` 取消。';
  return { text, blocks: [section(`:white_check_mark: ${text}`), context(note)] };
}

/**
 * Confirms an unsubscribe, or says there was nothing to remove. `fromSettings`: the subscription
 * came from DIGEST_CHANNELS, which puts it back at the next start unless the entry is removed there.
 */
export function unsubscribedMessage(args: { channel: string; removed: boolean; fromSettings?: boolean }): SlackMessage {
  const text = args.removed
    ? `已取消订阅：<#${args.channel}> 不再收到每日摘要。`
    : `<#${args.channel}> 没有订阅每日摘要，无需取消。\`/healthnews subscribe 四川\` 可以订阅。`;
  const blocks = [section(text)];
  if (args.removed && args.fromSettings) {
    blocks.push(context('这个订阅来自机器人的 DIGEST_CHANNELS 设置：请管理员把这个频道从 DIGEST_CHANNELS 中删掉，否则机器人下次启动时会恢复它。'));
  }
  return { text, blocks };
}

/**
 * The answer to `/healthnews subscriptions`: this channel's subscription, then every channel's.
 *
 * @example subscriptionsListMessage({ channel: 'C1', here: null, all: [], schedule: '每天 09:00（Asia/Shanghai）' })
 */
export function subscriptionsListMessage(args: {
  /** Null when the command came without a channel (the list of every channel is still shown). */
  channel: string | null;
  here: SubscriptionSummary | null;
  all: readonly SubscriptionSummary[];
  schedule: string;
}): SlackMessage {
  const blocks: KnownBlock[] = [];
  const hereText = args.here
    ? `*这个频道* ${subscriptionLine(args.here)}`
    : `*这个频道*${args.channel ? ` <#${args.channel}>` : ''} 没有订阅。\`/healthnews subscribe\`（全部地区）、\`/healthnews subscribe 四川 电子病历 每周\` 或 \`/healthnews settings\` 订阅。`;
  // Its 编辑 button is on its line in the list below (one button per channel in a message).
  blocks.push(section(hereText));
  blocks.push({ type: 'divider' });
  if (args.all.length === 0) {
    blocks.push(section('*所有频道* 还没有频道订阅每日摘要。'));
  } else {
    blocks.push(section(`*所有频道* ${args.all.length} 个订阅 · 定时摘要 ${args.schedule}（工作日、每周的只在那些天；即时的随到随发）`));
    for (const sub of args.all.slice(0, MAX_LISTED)) blocks.push(subscriptionSection(sub));
    if (args.all.length > MAX_LISTED) blocks.push(context(`还有 ${args.all.length - MAX_LISTED} 个频道未列出。`));
  }
  const failing = args.all.filter((s) => s.lastError).length;
  const text = `${args.here ? `这个频道订阅了 ${args.here.regions}` : '这个频道没有订阅'}；共 ${args.all.length} 个频道订阅${failing ? `，${failing} 个上次投递出错` : ''}。`;
  return { text, blocks };
}

/**
 * For a channel the bot is not in (a private one answers `channel_not_found`): how to invite it,
 * so the subscription can work. Nothing was subscribed. The channel is named as "this channel",
 * not `<#id>`: Slack cannot show the name of a private channel the bot cannot see.
 */
export function inviteBotMessage(args: { channel: string; private?: boolean; botMention?: string }): SlackMessage {
  const bot = args.botMention ?? '@healthnews';
  const where = args.private === false ? `<#${args.channel}>` : '这个频道';
  const text =
    `我还不在${args.private === false ? ' ' : ''}${where}${args.private === false ? ' ' : ''}里，没法在这里发每日摘要，所以这次没有订阅。` +
    `请先在这个频道里输入 \`/invite ${bot}\`（或点频道名 → 集成 → 添加应用），再运行一次 \`/healthnews subscribe\`。`;
  const note = args.private === false ? '机器人只能在它加入的频道里发消息。' : '私有频道只有被邀请后，机器人才能看到并发消息。';
  return { text, blocks: [section(`:lock: ${text}`), context(note)] };
}

/** For a subscribe typed in a direct message: digests go to channels. */
export function subscribeInChannelMessage(): SlackMessage {
  const text = '每日摘要只能发到频道里。请在要接收摘要的频道里输入 `/healthnews subscribe 四川 广东`（不写地区 = 全部地区）。';
  return { text, blocks: [section(text)] };
}

/**
 * For words that are neither regions, topics nor a cadence (`SubscriptionWordsError`): names them
 * back, escaped, with what works instead. Nothing was subscribed.
 *
 * @example subscriptionWordsErrorMessage(['的'], []).text // → '“的” 既不是地区名也不是话题，所以这次没有改动。…'
 */
export function subscriptionWordsErrorMessage(rejected: readonly string[], cadences: readonly string[]): SlackMessage {
  const problems: string[] = [];
  if (rejected.length > 0) {
    const words = rejected
      .slice(0, 20)
      .map((word) => `“${escapeAndTruncate(word, 100)}”`)
      .join('、');
    const more = rejected.length > 20 ? ` 等 ${rejected.length} 个词` : '';
    problems.push(`${words}${more} 既不是地区名也不是话题（话题至少两个字，不能是“新闻”“的”这类虚词）`);
  }
  if (cadences.length > 1) problems.push(`频率只能选一个（写了 ${cadences.map((c) => escapeAndTruncate(c, 20)).join('、')}）`);
  const text =
    `${problems.join('；')}，所以这次没有改动。写地区、话题和频率，用空格分开，` +
    '例如 `/healthnews subscribe 四川 广东 电子病历 每周`；频率：即时、每天、工作日、每周（不写 = 不变，新订阅为每天）；不写地区 = 全部地区。';
  return { text, blocks: [section(`:warning: ${text}`)] };
}

/** When Slack sent no trigger to open the settings form with: the command does the same. */
export function settingsUnavailableMessage(): SlackMessage {
  const text = '这次打不开设置表单。可以用 `/healthnews subscribe 四川 电子病历 每周` 修改订阅（地区、话题、频率用空格分开）。';
  return { text, blocks: [section(text)] };
}

