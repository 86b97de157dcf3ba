// Signed `/healthnews` over HTTP: a bare Bolt app that only acks a fixed text against our app
// (createSlackApp over the corpus's index), one after the other, same process, same load from a
// child process. Reports ack latency and throughput for both, and ours as a share of the bare one.
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { createLogger } from '../src/log.ts';
import { readPages } from '../src/pages/read-pages.ts';
import { buildNewsIndex } from '../src/search/news-index.ts';
import { createSlackApp } from '../src/slack/app.ts';
import { createMemorySeenEvents } from '../src/slack/event-dedupe.ts';
import { SubscriptionService } from '../src/digest/subscription-service.ts';
import { openStateDatabase } from '../src/store/database.ts';
import { createSqliteStateStore } from '../src/store/sqlite-state-store.ts';
import { BOT_ID, BOT_USER_ID, SIGNING_SECRET } from '../test/helpers/slack-requests.ts';
import { startWebApiStandIn } from '../test/helpers/web-api-stand-in.ts';
import type { LoadOptions, LoadResult } from './load-generator.ts';
import { flag, numberFlag, round, runChild } from './measure.ts';
import { QUERY_CLASSES } from './search-bench.ts';

// A made-up token: with the bot ids given, Bolt never sends it anywhere but the loopback stand-in.
const TOKEN = 'xoxb-0000-0000-benchmarkonly';
// Both apps listen on loopback only; app.start() with a bare port would listen on every interface.
const LISTEN = { port: 0, host: '127.0.0.1' };

export interface HttpBenchResult {
  concurrency: number;
  durationMs: number;
  bare: LoadResult;
  ours: LoadResult;
  /** Our throughput as a share of the bare app's (target ≥ 0.25). */
  throughputRatio: number;
}

export interface HttpBenchOptions {
  folder: string;
  concurrency?: number;
  durationMs?: number;
  log?: (line: string) => void;
}

/** Runs the load generator in its own process against `target` and returns its result. */
function loadFromChild(options: LoadOptions): Promise<LoadResult> {
  return runChild<LoadResult>('load-generator.ts', [JSON.stringify(options)]);
}

/**
 * Measures both apps. The corpus is read and indexed first (not timed here; search-bench times it).
 *
 * @example const { throughputRatio } = await runHttpBench({ folder: 'benchmarks/out/corpus-10000-seed1' });
 */
export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 32;
  const durationMs = options.durationMs ?? 5_000;
  const corpus = await readPages([options.folder]);
  const index = buildNewsIndex(corpus.articles);
  log(`indexed ${corpus.articles.length} articles`);

  // Nothing should call the Web API (answers go to response_url), but if something did it must
  // reach a loopback stand-in, never slack.com.
  const standIn = await startWebApiStandIn();
  const quiet = createLogger('error');
  const load = (target: string, answers: boolean): LoadOptions => ({
    target,
    signingSecret: SIGNING_SECRET,
    queries: Object.values(QUERY_CLASSES).flat(),
    concurrency,
    durationMs,
    warmupMs: 1_000,
    drainMs: answers ? 30_000 : 0,
  });

  let bare: LoadResult;
  const bareApp = new App({
    token: TOKEN,
    signingSecret: SIGNING_SECRET,
    botId: BOT_ID,
    botUserId: BOT_USER_ID,
    logger: quiet,
    clientOptions: { slackApiUrl: standIn.apiUrl },
  });
  bareApp.command('/healthnews', async ({ ack }) => {
    await ack('ok');
  });
  try {
    const server = (await bareApp.start(LISTEN)) as { address(): AddressInfo };
    bare = await loadFromChild(load(`http://127.0.0.1:${server.address().port}`, false));
    log(`bare Bolt: ${bare.throughput} req/s, ack p50 ${bare.ackMs.p50} p99 ${bare.ackMs.p99} ms`);
  } finally {
    await bareApp.stop();
  }

  let ours: LoadResult;
  const db = openStateDatabase(':memory:');
  // Everything the listeners may ask for; the slash commands measured here only search.
  const deps = {
    getSearch: () => index,
    seenEvents: createMemorySeenEvents(),
    subscriptions: new SubscriptionService(createSqliteStateStore(db).subscriptions),
    digestSchedule: '每天 09:00（Asia/Shanghai）',
    latestArticles: () => index.all(),
  };
  const slack = await createSlackApp(
    { botToken: TOKEN, appToken: null, signingSecret: SIGNING_SECRET, port: 0, host: null, apiUrl: standIn.apiUrl },
    deps,
    { logger: quiet, botId: BOT_ID, botUserId: BOT_USER_ID, clientOptions: { retryConfig: { retries: 0 } } },
  );
  try {
    // slack.start() would listen on every interface; the app itself is the same.
    const server = (await slack.app.start(LISTEN)) as { address(): AddressInfo };
    ours = await loadFromChild(load(`http://127.0.0.1:${server.address().port}`, true));
    log(`healthnews: ${ours.throughput} req/s, ack p50 ${ours.ackMs.p50} p99 ${ours.ackMs.p99} ms; ${ours.answersReceived}/${ours.answersExpected} answers (${ours.busyAcks} busy acks, ${ours.busyAnswers} busy answers), the last ${ours.lastAnswerAfterLoadMs} ms after the load stopped`);
  } finally {
    await slack.stop();
    await standIn.close();
    db.close();
  }
  return { concurrency, durationMs, bare, ours, throughputRatio: round(ours.throughput / bare.throughput, 3) };
}

// As a child of run.ts: `node --import tsx benchmarks/http-bench.ts --corpus <folder> [--duration-ms 5000]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const folder = flag(args, 'corpus');
  if (typeof folder !== 'string') {
    console.error('usage: node --import tsx benchmarks/http-bench.ts --corpus <folder of pages> [--concurrency 32] [--duration-ms 5000]');
    process.exit(2);
  }
  const result = await runHttpBench({
    folder,
    concurrency: numberFlag(args, 'concurrency', 32),
    durationMs: numberFlag(args, 'duration-ms', 5_000),
    log: (line) => console.error(`[http] ${line}`),
  });
  console.log(JSON.stringify(result));
  // Bolt's receiver may keep keep-alive sockets open for a few seconds after stop().
  process.exit(0);
}
