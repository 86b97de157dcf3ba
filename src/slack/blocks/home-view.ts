// Block Kit for the App Home tab: every digest subscription (with its last error) and the latest
// news, rebuilt each time someone opens the tab. Builder only; the listener publishes it.
import type { SubscriptionSummary } from '../../digest/subscription-service.ts';
import type { Article } from '../../pages/article.ts';
import type { KnownBlock } from './message.ts';
import { escapeAndTruncate, truncateGraphemes } from './mrkdwn.ts';
import { subscriptionSection } from './subscriptions-blocks.ts';

/** App Home allows 100 blocks; leave room for headers and notes. */
const HOME_MAX_BLOCKS = 100;
const MAX_SUBSCRIPTIONS = 40;
const LATEST_PER_SECTION = 10;
const SECTION_MAX = 3000;

export interface HomeViewInput {
  subscriptions: readonly SubscriptionSummary[];
  /** Newest first; the first `latestCount` are shown. */
  latest: readonly Article[];
  latestCount?: number;
  /** `每天 09:00（Asia/Shanghai）`. */
  schedule: string;
  /** When the view was built, shown so people can tell it is fresh. */
  builtAt: Date;
  /** `四川` for an article's region line; defaults to the province or 全国. */
  regionOf?: (article: Article) => string;
}

export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncateGraphemes(text, 150), emoji: false } };
}

// verbatim: Slack adds no links or mentions of its own to article titles.
function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateGraphemes(text, SECTION_MAX), verbatim: true } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncateGraphemes(text, SECTION_MAX), verbatim: true }] };
}

/**
 * The App Home view: subscriptions, then the latest articles.
 *
 * @example homeView({ subscriptions: [], latest: corpus.slice(0, 20), schedule: '每天 09:00（Asia/Shanghai）', builtAt: new Date() }).blocks[0]
 * // → { type: 'header', text: { type: 'plain_text', text: '摘要订阅', … } }
 */
export function homeView(input: HomeViewInput): HomeView {
  const regionOf = input.regionOf ?? ((a: Article) => a.region.province ?? '全国');
  const blocks: KnownBlock[] = [];
  blocks.push(header('摘要订阅'));
  if (input.subscriptions.length === 0) {
    blocks.push(section('还没有频道订阅。在频道里输入 `/healthnews subscribe 四川 广东`（不写地区 = 全部地区），或 `/healthnews settings` 用表单订阅。'));
  } else {
    blocks.push(context(`${input.subscriptions.length} 个频道 · 定时摘要 ${escapeAndTruncate(input.schedule, 200)} · 即时订阅随到随发`));
    for (const sub of input.subscriptions.slice(0, MAX_SUBSCRIPTIONS)) blocks.push(subscriptionSection(sub));
    if (input.subscriptions.length > MAX_SUBSCRIPTIONS) {
      blocks.push(context(`还有 ${input.subscriptions.length - MAX_SUBSCRIPTIONS} 个频道；在频道里用 \`/healthnews subscriptions\` 查看全部。`));
    }
  }
  blocks.push({ type: 'divider' });
  blocks.push(header('最新新闻'));
  const latest = input.latest.slice(0, input.latestCount ?? 20);
  if (latest.length === 0) {
    blocks.push(section('还没有新闻。把地方新闻页面放进 seeds 文件夹，几秒后就会出现在这里。'));
  }
  for (let i = 0; i < latest.length && blocks.length < HOME_MAX_BLOCKS - 1; i += LATEST_PER_SECTION) {
    const lines = latest
      .slice(i, i + LATEST_PER_SECTION)
      .map((a) => `• ${escapeAndTruncate(a.title, 200)}  ${escapeAndTruncate(regionOf(a), 40)} · ${a.date ?? '日期不详'}`);
    blocks.push(section(lines.join('\n')));
  }
  blocks.push(context(`更新于 ${input.builtAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · 每次打开都会刷新`));
  return { type: 'home', blocks: blocks.slice(0, HOME_MAX_BLOCKS) };
}
