// A digest to 300 channels through the real path (`healthnews digest --post`: createDigestService
// → runNow, a WebClient from createDigestClient, the poster's default limiter) against the test
// stand-in holding Slack's published chat.postMessage limits (1 post/s per channel, 300 in any
// minute across the workspace) and answering 429 with Retry-After beyond them. Reports the time
// against the least time those limits allow at their sustained rate, and checks every channel got
// exactly its planned posts. With `--instances 2`, the same slot to 1,000 channels by two bot
// instances (processes of their own) sharing a throwaway PostgreSQL server: Slack's limits are per
// app and workspace, so together they must keep to them, and the run must still be shared and whole.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planDigest } from '../src/digest/digest-run.ts';
import { createDigestService } from '../src/digest/digest-service.ts';
import { createLogger } from '../src/log.ts';
import type { Article } from '../src/pages/article.ts';
import { digestMessages } from '../src/slack/blocks/digest-blocks.ts';
import { createStatePacedPoster } from '../src/slack/post-digest.ts';
import { resolveSeededSubscriptions } from '../src/digest/subscriptions.ts';
import { openStateStore } from '../src/store/open-state-store.ts';
import { openSqliteStateStore } from '../src/store/sqlite-state-store.ts';
import type { SubscriptionStorage } from '../src/store/state-store.ts';
import { allDone, startDigestInstance, type DigestInstance } from '../test/helpers/digest-instance-process.ts';
import { PostgresUnavailableError, startPostgresServer } from '../test/helpers/postgres-server.ts';
import { SLACK_POSTING_LIMITS, startWebApiStandIn, type StandIn } from '../test/helpers/web-api-stand-in.ts';
import { mulberry32 } from './generate-corpus.ts';
import { flag, numberFlag, round } from './measure.ts';

const PROVINCES = ['四川', '广东', '河南', '山东', '江苏', '浙江', '河北', '湖南', '安徽', '湖北', '陕西', '辽宁', '北京', '上海', '福建', '云南'];

export interface DigestBenchResult {
  channels: number;
  /** Bot instances running the slot: 1 (SQLite, in this process) or 2 (processes sharing PostgreSQL). */
  instances: number;
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
  /** Channel outcomes (with two instances, each channel counted once: by the one that did not skip it). */
  outcomes: Record<string, number>;
  /** Posts each instance made (its own count; the stand-in cannot tell them apart). */
  postsByInstance: number[];
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

/** The two-instance figures, or why they could not be had (no PostgreSQL server on this machine). */
export type TwoInstanceDigestBenchResult = DigestBenchResult | { unavailable: string };

/** What one way of running the digest (one instance, or two on PostgreSQL) hands back for the figures. */
interface DigestRunOutcome {
  planned: Map<string, number>;
  seconds: number;
  outcomes: Record<string, number>;
  postsByInstance: number[];
}

type BenchChannel = { channel: string; words: string[] };

/**
 * Runs one digest to `channels` channels, by one instance or by two sharing a PostgreSQL database.
 * Every 10th channel takes every region (the whole day, so a top message and thread replies); the
 * rest take one province each.
 *
 * @example const { ratio, wrongChannels } = await runDigestBench({ channels: 300 });
 */
export async function runDigestBench(options: { channels?: number; instances?: 1 | 2; log?: (line: string) => void } = {}): Promise<DigestBenchResult> {
  const log = options.log ?? (() => undefined);
  const channelCount = options.channels ?? 300;
  const instances = options.instances ?? 1;
  const limits = SLACK_POSTING_LIMITS;
  const overallPerSecond = limits.workspaceLimit / (limits.workspaceWindowMs / 1000);
  const articles = digestArticles();
  const slack = await startWebApiStandIn({ limits: { ...limits, retryAfterSeconds: 1 } });
  try {
    const channels: BenchChannel[] = Array.from({ length: channelCount }, (_, i) => ({
      channel: `C${String(i).padStart(8, '0')}`,
      words: i % 10 === 0 ? [] : [PROVINCES[i % PROVINCES.length]!],
    }));
    const run = instances === 1 ? await oneInstance(slack, channels, articles, log) : await twoInstances(slack, channels, articles, log);
    const { planned, seconds } = run;
    const plannedPosts = [...planned.values()].reduce((a, b) => a + b, 0);
    const longestThread = Math.max(...planned.values());
    const accepted = slack.postsPerChannel();
    let wrongChannels = 0;
    for (const [channel, count] of planned) if ((accepted.get(channel) ?? 0) !== count) wrongChannels++;
    // The least time the limits allow at their sustained rate: every post at 300 a minute, or the
    // longest thread at 1/s per channel, whichever is longer. (The stand-in's minute window would
    // let the first minute's 300 go at once; Slack's burst allowance is unpublished, so the limiter
    // does not count on it and neither does the bound.)
    const boundSeconds = Math.max(plannedPosts / overallPerSecond, ((longestThread - 1) * limits.channelIntervalMs) / 1000);
    return {
      channels: channelCount,
      instances,
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
      outcomes: run.outcomes,
      postsByInstance: run.postsByInstance,
    };
  } finally {
    await slack.close();
  }
}

/** Each channel's planned post count for the subscriptions in the store (nothing sent yet). */
async function planPosts(subscriptions: SubscriptionStorage, articles: readonly Article[], log: (line: string) => void): Promise<Map<string, number>> {
  const planned = new Map<string, number>();
  for (const subscription of await subscriptions.list()) {
    const { messages } = planDigest(articles, subscription, new Set(), digestMessages);
    planned.set(subscription.channel, messages ? 1 + messages.replies.length : 0);
  }
  const plannedPosts = [...planned.values()].reduce((a, b) => a + b, 0);
  log(`${planned.size} channels, ${plannedPosts} posts planned (longest: ${Math.max(...planned.values())} messages)`);
  return planned;
}

/** `healthnews digest --post` as one instance runs it: SQLite state, the poster's default limiter, in this process. */
async function oneInstance(slack: StandIn, channels: BenchChannel[], articles: Article[], log: (line: string) => void): Promise<DigestRunOutcome> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'healthnews-digest-bench-'));
  const store = openSqliteStateStore(dataDir);
  try {
    const logger = createLogger('warn', (line) => log(line));
    const slackSettings = { botToken: 'xoxb-0000-0000-benchmarkonly', appToken: null, signingSecret: null, port: 0, host: null, apiUrl: slack.apiUrl };
    const poster = createStatePacedPoster(slackSettings, store.postPace, logger);
    const service = await createDigestService({
      config: { digest: { cron: '0 9 * * *', timezone: 'Asia/Shanghai', graceHours: 12, channels } },
      store,
      articles: () => articles,
      render: digestMessages,
      poster,
      logger,
    });
    const planned = await planPosts(service.subscriptionStore, articles, log);
    const started = performance.now();
    const report = await service.runNow();
    const seconds = (performance.now() - started) / 1000;
    const outcomes: Record<string, number> = {};
    for (const c of report.channels) outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
    return { planned, seconds, outcomes, postsByInstance: [slack.posts().length] };
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Two bot instances in processes of their own (test/helpers/digest-instance.ts) on one throwaway
 * PostgreSQL server, running the same scheduled slot from the same moment with the bot's defaults
 * (64 channels at once each, two-minute leases, Slack's published limits as the pace they share
 * through the database). Timed from the moment both are told to go to the last one done.
 */
async function twoInstances(slack: StandIn, channels: BenchChannel[], articles: Article[], log: (line: string) => void): Promise<DigestRunOutcome> {
  const server = await startPostgresServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'healthnews-digest-bench-'));
  const running: DigestInstance[] = [];
  try {
    const databaseUrl = await server.createDatabase();
    const store = await openStateStore({ databaseUrl, dataDir: dir });
    let planned: Map<string, number>;
    try {
      // As the bot's DIGEST_CHANNELS would, but recorded as commands: each instance seeds none.
      for (const seed of resolveSeededSubscriptions(channels)) {
        await store.subscriptions.upsert(seed.channel, seed.regions, 'command', null, { topics: seed.topics, cadence: seed.cadence });
      }
      planned = await planPosts(store.subscriptions, articles, log);
    } finally {
      await store.close();
    }
    const articlesFile = path.join(dir, 'articles.json');
    writeFileSync(articlesFile, JSON.stringify(articles));
    const slotTime = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    for (const name of ['instance 1', 'instance 2']) {
      running.push(startDigestInstance(name, { databaseUrl, apiUrl: slack.apiUrl, slotTime, articlesFile, waitForGo: true }));
    }
    await Promise.all(running.map((i) => i.waitFor('ready', (events) => events.some((e) => e.event === 'ready'), 60_000)));
    const started = performance.now();
    for (const instance of running) instance.go();
    // Generous: a run stuck far past its bound is a failure to report, not to wait out.
    const plannedPosts = [...planned.values()].reduce((a, b) => a + b, 0);
    await allDone(running, (plannedPosts / 5) * 3_000 + 120_000);
    const seconds = (performance.now() - started) / 1000;
    for (const instance of running) if (instance.stderr().trim()) log(`${instance.name}: ${instance.stderr().trim()}`);
    // Each channel once: `sent` by one instance, `skipped` (already sent) by the other.
    const outcomes: Record<string, number> = {};
    for (const instance of running) {
      for (const c of instance.report()!.channels) if (c.outcome !== 'skipped') outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
    }
    return { planned, seconds, outcomes, postsByInstance: running.map((i) => i.posted().length) };
  } finally {
    await Promise.all(running.map((i) => i.kill()));
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// As a child of run.ts: `node --import tsx benchmarks/digest-bench.ts [--channels 300] [--instances 1|2]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const instances = numberFlag(args, 'instances', 1);
  if (flag(args, 'help') || (instances !== 1 && instances !== 2)) {
    console.error('usage: node --import tsx benchmarks/digest-bench.ts [--channels 300] [--instances 1|2]');
    process.exit(2);
  }
  try {
    const result = await runDigestBench({
      channels: numberFlag(args, 'channels', instances === 2 ? 1000 : 300),
      instances,
      log: (line) => console.error(`[digest] ${line}`),
    });
    console.log(JSON.stringify(result));
  } catch (error) {
    if (!(error instanceof PostgresUnavailableError)) throw error;
    console.log(JSON.stringify({ unavailable: error.message } satisfies TwoInstanceDigestBenchResult));
  }
}
