// A digest to 300 channels through the real path (`healthnews digest --post`: createDigestService
// → runNow, a WebClient from createDigestClient, the poster's default limiter) against the test
// stand-in holding Slack's published chat.postMessage limits (1 post/s per channel, 300 in any
// minute across the workspace) and answering 429 with Retry-After beyond them. Reports the time
// against the least time those limits allow at their sustained rate, and checks every channel got
// exactly its planned posts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planDigest } from '../src/digest/digest-run.ts';
import { createDigestService } from '../src/digest/digest-service.ts';
import { createLogger } from '../src/log.ts';
import type { Article } from '../src/pages/article.ts';
import { digestMessages } from '../src/slack/blocks/digest-blocks.ts';
import { chatPostMessagePace, createDigestClient, DigestPoster } from '../src/slack/post-digest.ts';
import { openSqliteStateStore } from '../src/store/sqlite-state-store.ts';
import { SLACK_POSTING_LIMITS, startWebApiStandIn } from '../test/helpers/web-api-stand-in.ts';
import { mulberry32 } from './generate-corpus.ts';
import { flag, numberFlag, round } from './measure.ts';

const PROVINCES = ['四川', '广东', '河南', '山东', '江苏', '浙江', '河北', '湖南', '安徽', '湖北', '陕西', '辽宁', '北京', '上海', '福建', '云南'];

export interface DigestBenchResult {
  channels: number;
  /** The stand-in's workspace-wide limit as a sustained rate, posts per second (Slack's 300 a minute). */
  overallPerSecond: number;
  /** Posts the plan called for, and posts the stand-in accepted. */
  plannedPosts: number;
  acceptedPosts: number;
  /** Channels whose accepted posts differ from their plan (must be 0: none missing, none twice). */
  wrongChannels: number;
  channelsWithThreads: number;
  rateLimited: number;
  /** Most posts the stand-in accepted in one of its windows (a minute; at most 300). */
  busiestMinute: number;
  seconds: number;
  /** The least time the limits allow: total posts at the overall rate, or the longest thread at 1/s. */
  boundSeconds: number;
  /** seconds ÷ boundSeconds (target ≤ 1.5). */
  ratio: number;
  outcomes: Record<string, number>;
}

/** The newest day's articles: a handful per province, so a one-province channel gets one message. */
function digestArticles(): Article[] {
  const random = mulberry32(7);
  const articles: Article[] = [];
  PROVINCES.forEach((province, p) => {
    const count = 6 + Math.floor(random() * 10);
    for (let i = 0; i < count; i++) {
      // Long titles (as some real ones are) so the whole day overflows one message into a thread.
      const title = `${province}:第${i + 1}家医院电子病历系统通过评审 区域卫生信息平台建设提速`.padEnd(110, '进');
      articles.push({
        id: `bench${p.toString(16).padStart(2, '0')}${i.toString(16).padStart(4, '0')}`,
        title,
        date: '2024-12-31',
        summary: `${title}的摘要…`,
        section: '地方新闻',
        region: { province, city: null, county: null },
        source: { file: `bench/${p}.txt`, line: i * 3 + 2 },
      });
    }
  });
  return articles;
}

/**
 * Runs one digest to `channels` channels. Every 10th channel takes every region (the whole day, so
 * a top message and thread replies); the rest take one province each.
 *
 * @example const { ratio, wrongChannels } = await runDigestBench({ channels: 300 });
 */
export async function runDigestBench(options: { channels?: number; log?: (line: string) => void } = {}): Promise<DigestBenchResult> {
  const log = options.log ?? (() => undefined);
  const channelCount = options.channels ?? 300;
  const limits = SLACK_POSTING_LIMITS;
  const overallPerSecond = limits.workspaceLimit / (limits.workspaceWindowMs / 1000);
  const articles = digestArticles();
  const slack = await startWebApiStandIn({ limits: { ...limits, retryAfterSeconds: 1 } });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'healthnews-digest-bench-'));
  const store = openSqliteStateStore(dataDir);
  try {
    const channels = Array.from({ length: channelCount }, (_, i) => ({
      channel: `C${String(i).padStart(8, '0')}`,
      words: i % 10 === 0 ? [] : [PROVINCES[i % PROVINCES.length]!],
    }));
    const logger = createLogger('warn', (line) => log(line));
    const slackSettings = { botToken: 'xoxb-0000-0000-benchmarkonly', appToken: null, signingSecret: null, port: 0, host: null, apiUrl: slack.apiUrl };
    const poster = new DigestPoster(createDigestClient(slackSettings, logger), { logger, sharedPace: chatPostMessagePace(store.postPace) });
    const service = await createDigestService({
      config: { digest: { cron: '0 9 * * *', timezone: 'Asia/Shanghai', graceHours: 12, channels } },
      store,
      articles: () => articles,
      render: digestMessages,
      poster,
      logger,
    });
    const planned = new Map<string, number>();
    for (const subscription of await service.subscriptionStore.list()) {
      const { messages } = planDigest(articles, subscription, new Set(), digestMessages);
      planned.set(subscription.channel, messages ? 1 + messages.replies.length : 0);
    }
    const plannedPosts = [...planned.values()].reduce((a, b) => a + b, 0);
    const longestThread = Math.max(...planned.values());
    log(`${channelCount} channels, ${plannedPosts} posts planned (longest: ${longestThread} messages)`);

    const started = performance.now();
    const report = await service.runNow();
    const seconds = (performance.now() - started) / 1000;

    const accepted = slack.postsPerChannel();
    let wrongChannels = 0;
    for (const [channel, count] of planned) if ((accepted.get(channel) ?? 0) !== count) wrongChannels++;
    const outcomes: Record<string, number> = {};
    for (const c of report.channels) outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
    // The least time the limits allow at their sustained rate: every post at 300 a minute, or the
    // longest thread at 1/s per channel, whichever is longer. (The stand-in's minute window would
    // let the first minute's 300 go at once; Slack's burst allowance is unpublished, so the limiter
    // does not count on it and neither does the bound.)
    const boundSeconds = Math.max(plannedPosts / overallPerSecond, ((longestThread - 1) * limits.channelIntervalMs) / 1000);
    return {
      channels: channelCount,
      overallPerSecond,
      plannedPosts,
      acceptedPosts: slack.posts().length,
      wrongChannels,
      channelsWithThreads: [...planned.values()].filter((n) => n > 1).length,
      rateLimited: slack.rateLimited(),
      busiestMinute: slack.busiestWindow(),
      seconds: round(seconds, 2),
      boundSeconds: round(boundSeconds, 2),
      ratio: round(seconds / boundSeconds, 3),
      outcomes,
    };
  } finally {
    await store.close();
    await slack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// As a child of run.ts: `node --import tsx benchmarks/digest-bench.ts [--channels 300]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (flag(args, 'help')) {
    console.error('usage: node --import tsx benchmarks/digest-bench.ts [--channels 300]');
    process.exit(2);
  }
  const result = await runDigestBench({
    channels: numberFlag(args, 'channels', 300),
    log: (line) => console.error(`[digest] ${line}`),
  });
  console.log(JSON.stringify(result));
}
