// Pages changing under load: the bot's own corpus and index (LiveCorpus watching a copy of the
// pages, PersistentIndex with its worker and snapshot under a scratch DATA_DIR, wired as main.ts
// wires them) behind our Slack app, answering the HTTP bench's signed `/healthnews` load while a
// page changes every couple of seconds: each change re-reads a page, merges it into the corpus,
// re-indexes, and in turn sets off segment merges, page-cache writes and snapshot saves.
// Reports the acks, the longest event-loop delay (monitorEventLoopDelay) and — on Linux — the
// longest stretch the main thread actually ran without letting the loop turn, which tells a
// block in our code from a busy machine not scheduling us.
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LiveCorpus } from '../src/corpus/live-corpus.ts';
import { PAGE_CACHE_FILE, PageCache } from '../src/corpus/page-cache.ts';
import { SubscriptionService } from '../src/digest/subscription-service.ts';
import { createLogger } from '../src/log.ts';
import { SNAPSHOT_FILE } from '../src/search/index-snapshot.ts';
import { PersistentIndex } from '../src/search/persistent-index.ts';
import { createSlackApp } from '../src/slack/app.ts';
import { createMemorySeenEvents } from '../src/slack/event-dedupe.ts';
import { openStateDatabase } from '../src/store/database.ts';
import { createSqliteStateStore } from '../src/store/sqlite-state-store.ts';
import { BOT_ID, BOT_USER_ID, SIGNING_SECRET } from '../test/helpers/slack-requests.ts';
import { startWebApiStandIn } from '../test/helpers/web-api-stand-in.ts';
import type { LoadOptions, LoadResult } from './load-generator.ts';
import { flag, numberFlag, round, runChild, sleep } from './measure.ts';
import { QUERY_CLASSES } from './search-bench.ts';

const TOKEN = 'xoxb-0000-0000-benchmarkonly';
const LISTEN = { port: 0, host: '127.0.0.1' };

export interface ChangeBenchResult {
  concurrency: number;
  durationMs: number;
  changeEveryMs: number;
  /** Page changes made during the timed window, and how many were searchable at the end. */
  changes: number;
  changesSearchable: number;
  /** Segment merges swapped in during the window, and snapshot and page-cache rewrites seen (sampled at each change). */
  merges: number;
  snapshotSaves: number;
  pageCacheWrites: number;
  load: LoadResult;
  /** monitorEventLoopDelay over the timed window (ms). */
  loopDelay: { p50: number; p99: number; max: number };
  /** Longest the main thread ran between two turns of the loop (ms; Linux schedstat), null elsewhere. */
  longestMainThreadRunMs: number | null;
}

/** The main thread's total run time in ms, from /proc (null where there is none). */
function mainThreadRunMs(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/**
 * @example const { load, loopDelay } = await runChangeBench({ folder: 'benchmarks/out/corpus-10000-seed1' });
 */
export async function runChangeBench(options: {
  folder: string;
  concurrency?: number;
  durationMs?: number;
  changeEveryMs?: number;
  log?: (line: string) => void;
}): Promise<ChangeBenchResult> {
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 32;
  const durationMs = options.durationMs ?? 30_000;
  const changeEveryMs = options.changeEveryMs ?? 2_000;
  const scratch = mkdtempSync(path.join(tmpdir(), 'healthnews-change-bench-'));
  const seeds = path.join(scratch, 'seeds');
  const dataDir = path.join(scratch, 'data');
  cpSync(options.folder, seeds, { recursive: true, filter: (source) => !source.endsWith('corpus.json') });

  const lines: string[] = [];
  const logger = createLogger('info', (line) => lines.push(line));
  // As main.ts builds them, with the bot's default timings (debounce, save delays).
  const corpus = new LiveCorpus({ folder: seeds, logger, cache: new PageCache(dataDir) });
  const index = new PersistentIndex({ dataDir, logger });
  await corpus.start();
  await index.open(corpus.articles());
  corpus.onChange((articles, change) => index.update(articles, change));
  // As main.ts does once the bot is up.
  void index.prepareVocabulary();
  log(`indexed ${corpus.articles().length} articles`);

  const standIn = await startWebApiStandIn();
  const db = openStateDatabase(':memory:');
  const slack = await createSlackApp(
    { botToken: TOKEN, appToken: null, signingSecret: SIGNING_SECRET, port: 0, host: null, apiUrl: standIn.apiUrl },
    {
      getSearch: () => index.current(),
      seenEvents: createMemorySeenEvents(),
      subscriptions: new SubscriptionService(createSqliteStateStore(db).subscriptions),
      digestSchedule: '每天 09:00（Asia/Shanghai）',
      latestArticles: () => corpus.articles(),
    },
    { logger: createLogger('error'), botId: BOT_ID, botUserId: BOT_USER_ID, clientOptions: { retryConfig: { retries: 0 } } },
  );
  const pages = readdirSync(seeds).filter((n) => n.endsWith('.txt')).sort();
  const warmupMs = 1_000;
  try {
    const server = (await slack.app.start(LISTEN)) as { address(): AddressInfo };
    const load: LoadOptions = {
      target: `http://127.0.0.1:${server.address().port}`,
      signingSecret: SIGNING_SECRET,
      queries: Object.values(QUERY_CLASSES).flat(),
      concurrency,
      durationMs,
      warmupMs,
      // Answers go out one per event-loop turn (~400/s under this load), so a long window's
      // backlog takes a while to drain; every one of them must arrive.
      drainMs: 180_000,
    };
    const loading = runChild<LoadResult>('load-generator.ts', [JSON.stringify(load)]);
    await sleep(warmupMs);

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    // The longest main-thread run between two ticks of a 1 ms timer.
    let lastRun = mainThreadRunMs();
    let longestRun = 0;
    const probe = setInterval(() => {
      const now = mainThreadRunMs();
      if (now !== null && lastRun !== null) longestRun = Math.max(longestRun, now - lastRun);
      lastRun = now;
    }, 1);
    const merged = () => lines.filter((l) => l.includes('merged into one segment')).length;
    const mergesBefore = merged();
    const started = performance.now();
    let changes = 0;
    const written = { snapshot: new Set<number>(), pageCache: new Set<number>() };
    const mtime = (file: string) => statSync(path.join(dataDir, file), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    const before = { snapshot: mtime(SNAPSHOT_FILE), pageCache: mtime(PAGE_CACHE_FILE) };
    const sample = () => {
      written.snapshot.add(mtime(SNAPSHOT_FILE));
      written.pageCache.add(mtime(PAGE_CACHE_FILE));
    };
    while (performance.now() - started < durationMs - changeEveryMs) {
      sample();
      const page = path.join(seeds, pages[(changes * 37) % pages.length]!);
      appendFileSync(page, `-\n基准测试:第chg${changes}x次页面改动 2024-12-31\n页面在机器人运行时改动,这条新闻应在几秒内可搜索…\n`);
      changes++;
      await sleep(changeEveryMs);
    }
    const result = await loading;
    sample();
    clearInterval(probe);
    delay.disable();
    await index.settled();
    const search = index.current()!;
    let changesSearchable = 0;
    for (let i = 0; i < changes; i++) if (search.search(`chg${i}x`).total === 1) changesSearchable++;
    log(`acks p50 ${result.ackMs.p50} p99 ${result.ackMs.p99} max ${result.ackMs.max} ms; loop delay max ${round(delay.max / 1e6)} ms; longest run ${round(longestRun)} ms`);
    return {
      concurrency,
      durationMs,
      changeEveryMs,
      changes,
      changesSearchable,
      merges: merged() - mergesBefore,
      snapshotSaves: [...written.snapshot].filter((t) => t !== before.snapshot).length,
      pageCacheWrites: [...written.pageCache].filter((t) => t !== before.pageCache).length,
      load: result,
      loopDelay: { p50: round(delay.percentile(50) / 1e6), p99: round(delay.percentile(99) / 1e6), max: round(delay.max / 1e6) },
      longestMainThreadRunMs: lastRun === null ? null : round(longestRun),
    };
  } finally {
    await slack.stop();
    await corpus.stop();
    await index.close();
    await standIn.close();
    db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

// As a child of run.ts: `node --import tsx benchmarks/change-bench.ts --corpus <folder>`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const folder = flag(args, 'corpus');
  if (typeof folder !== 'string') {
    console.error('usage: node --import tsx benchmarks/change-bench.ts --corpus <folder of pages> [--duration-ms 30000] [--change-every-ms 2000]');
    process.exit(2);
  }
  const result = await runChangeBench({
    folder,
    concurrency: numberFlag(args, 'concurrency', 32),
    durationMs: numberFlag(args, 'duration-ms', 30_000),
    changeEveryMs: numberFlag(args, 'change-every-ms', 2_000),
    log: (line) => console.error(`[changes] ${line}`),
  });
  console.log(JSON.stringify(result));
  process.exit(0);
}
