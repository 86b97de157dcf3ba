// Block Kit for digest subscriptions: the confirmation the person who (un)subscribed sees, the
// `/healthnews subscriptions` list (this channel first, then every channel, with the last delivery
// error), and how to invite the bot into a private channel. Builders only.
import { escapeAndTruncate, truncateGraphemes } from './mrkdwn.ts';

/** What a list shows about one subscription; built by the subscriptions service. */
export interface SubscriptionSummary {
  channel: string;
  /** `四川、广东` or `全部地区`. */
  regions: string;
  /** Set by DIGEST_CHANNELS rather than a command. */
  fromSettings: boolean;
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

const SECTION_MAX = 3000;
const MAX_LISTED = 40; // a list longer than this is cut with a count, to stay under 50 blocks

function section(text: string): Record<string, unknown> {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateGraphemes(text, SECTION_MAX) } };
}

function context(text: string): Record<string, unknown> {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncateGraphemes(text, SECTION_MAX) }] };
}

function shortTime(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '—';
}

/** One line per subscription: channel, regions, last digest, and the last error with its fix. */
export function subscriptionLine(sub: SubscriptionSummary): string {
  const parts = [`<#${sub.channel}> — ${escapeAndTruncate(sub.regions, 400)}`];
  if (sub.fromSettings) parts.push('(DIGEST_CHANNELS)');
  parts.push(`· 上次摘要 ${shortTime(sub.lastSentAt)}`);
  let line = parts.join(' ');
  if (sub.lastError) line += `\n    :warning: ${shortTime(sub.lastErrorAt)} ${escapeAndTruncate(sub.lastError, 600)}`;
  return line;
}

/**
 * Confirms a subscribe to the person who typed it (ephemeral).
 *
 * @example subscribedMessage({ channel: 'C0123', regions: '四川、广东', outcome: 'created', schedule: '每天 09:00（Asia/Shanghai）' }).text
 * // → '已订阅：<#C0123> 将收到 四川、广东 的每日摘要，每天 09:00（Asia/Shanghai）。'
 */
export function subscribedMessage(args: { channel: string; regions: string; outcome: 'created' | 'updated' | 'unchanged'; schedule: string }): SlackMessage {
  const verb = args.outcome === 'created' ? '已订阅' : args.outcome === 'updated' ? '已更新订阅' : '订阅未变';
  const regions = escapeAndTruncate(args.regions, 1000);
  const text = `${verb}：<#${args.channel}> 将收到 ${regions} 的每日摘要，${args.schedule}。`;
  const note =
    args.outcome === 'unchanged'
      ? '这个频道已经是这样订阅的。'
      : '第一份摘要只含最新一天的文章；之后每份只含这个频道还没收到过的文章。`/healthnews unsubscribe` 取消。';
  return { text, blocks: [section(`:white_check_mark: ${text}`), context(note)] };
}

/** Confirms an unsubscribe, or says there was nothing to remove. */
export function unsubscribedMessage(args: { channel: string; removed: boolean }): SlackMessage {
  const text = args.removed
    ? `已取消订阅：<#${args.channel}> 不再收到每日摘要。`
    : `<#${args.channel}> 没有订阅每日摘要，无需取消。\`/healthnews subscribe 四川\` 可以订阅。`;
  return { text, blocks: [section(text)] };
}

/**
 * The answer to `/healthnews subscriptions`: this channel's subscription, then every channel's.
 *
 * @example subscriptionsListMessage({ channel: 'C1', here: null, all: [], schedule: '每天 09:00（Asia/Shanghai）' })
 */
export function subscriptionsListMessage(args: { channel: string; here: SubscriptionSummary | null; all: readonly SubscriptionSummary[]; schedule: string }): SlackMessage {
  const blocks: Array<Record<string, unknown>> = [];
  const hereText = args.here
    ? `*这个频道* ${subscriptionLine(args.here)}`
    : `*这个频道* <#${args.channel}> 没有订阅。\`/healthnews subscribe\`（全部地区）或 \`/healthnews subscribe 四川 广东\` 订阅。`;
  blocks.push(section(hereText));
  blocks.push({ type: 'divider' });
  if (args.all.length === 0) {
    blocks.push(section('*所有频道* 还没有频道订阅每日摘要。'));
  } else {
    blocks.push(section(`*所有频道* ${args.all.length} 个订阅，${args.schedule}`));
    for (const sub of args.all.slice(0, MAX_LISTED)) blocks.push(section(subscriptionLine(sub)));
    if (args.all.length > MAX_LISTED) blocks.push(context(`还有 ${args.all.length - MAX_LISTED} 个频道未列出。`));
  }
  const failing = args.all.filter((s) => s.lastError).length;
  const text = `${args.here ? `这个频道订阅了 ${args.here.regions}` : '这个频道没有订阅'}；共 ${args.all.length} 个频道订阅${failing ? `，${failing} 个上次投递出错` : ''}。`;
  return { text, blocks };
}

/**
 * For a private channel the bot is not in (Slack answers `channel_not_found` / `not_in_channel`):
 * how to invite it, so the subscription can work.
 */
export function inviteBotMessage(args: { channel: string; botMention?: string }): SlackMessage {
  const bot = args.botMention ?? '@healthnews';
  const text =
    `我还不在 <#${args.channel}> 里，所以没法在这里发摘要。先在这个频道里输入 \`/invite ${bot}\`` +
    `（或点频道名 → 集成 → 添加应用），再运行 \`/healthnews subscribe\`。私有频道必须先邀请，公开频道也建议邀请。`;
  return { text, blocks: [section(`:lock: ${text}`)] };
}

/** For names that are not regions: the error text, shown back to the person who typed them. */
export function regionNamesErrorMessage(message: string): SlackMessage {
  const text = escapeAndTruncate(message, SECTION_MAX - 20);
  return { text, blocks: [section(`:warning: ${text}`)] };
}
