// Entry point of the bot (`npm start`): settings → state → Slack app → pages (watched, re-indexed on
// change) → digest scheduler; on SIGTERM/SIGINT each part stops in turn and the state is closed.
// A bad setting, an unusable state (folder or DATABASE_URL) or a missing pages folder stops it with
// one line and exit 1.
import { ConfigError, loadConfig, readEnvironment, type Config } from './config.ts';
import { LiveCorpus } from './corpus/live-corpus.ts';
import { PageCache } from './corpus/page-cache.ts';
import { createDigestService, type DigestService } from './digest/digest-service.ts';
import { describeSchedule } from './digest/subscription-service.ts';
import { resolveSeededSubscriptions } from './digest/subscriptions.ts';
import { createLogger, redactSecrets } from './log.ts';
import { PersistentIndex } from './search/persistent-index.ts';
import { createSlackApp, HEALTH_PATH, READY_PATH, type SlackApp } from './slack/app.ts';
import { digestMessages } from './slack/blocks/digest-blocks.ts';
import type { SlackMessage } from './slack/blocks/message.ts';
import { boundedSeenEvents } from './slack/event-dedupe.ts';
import { createStatePacedPoster } from './slack/post-digest.ts';
import { StateDatabaseError } from './store/database.ts';
import { openStateStore } from './store/open-state-store.ts';
import type { StateStore } from './store/state-store.ts';

function fail(line: string): never {
  // Redacted like every log line: a start-up error can quote a request that carried a token.
  process.stderr.write(`healthnews: ${redactSecrets(line)}\n`);
  process.exit(1);
}

/** `localhost` when listening everywhere; IPv6 addresses in brackets, as URLs write them. */
function hostForUrl(host: string | null): string {
  if (!host || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Settings, state, the (not yet started) pages and the digest, or one line and exit 1. Connects to nothing but the state. */
async function prepare() {
  let config: Readonly<Config>;
  try {
    config = loadConfig(readEnvironment(), { requireSlack: true });
    // Before the state file is created: a region typo in DIGEST_CHANNELS leaves nothing behind.
    resolveSeededSubscriptions(config.digest.channels);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let store: StateStore;
  try {
    // PostgreSQL when DATABASE_URL is set (several instances share it), else SQLite under DATA_DIR.
    store = await openStateStore(config, { onWarning: (line) => logger.warn(line) });
  } catch (error) {
    if (error instanceof StateDatabaseError) fail(error.message);
    throw error;
  }
  // Parsed pages and the index are kept under DATA_DIR, so a restart reads and indexes only what changed.
  const corpus = new LiveCorpus({ folder: config.seedsDir, logger, cache: new PageCache(config.dataDir) });
  const index = new PersistentIndex({ dataDir: config.dataDir, logger });
  let digest: DigestService<SlackMessage>;
  try {
    // Its own WebClient, not Bolt's: Bolt's retries would re-post a digest after an ambiguous 5xx.
    // The workspace's post pace lives in the state, so instances sharing it keep to Slack's limit together.
    const poster = createStatePacedPoster(config.slack!, store.postPace, logger);
    digest = await createDigestService({ config, store, articles: () => corpus.articles(), render: digestMessages, poster, logger });
  } catch (error) {
    await store.close();
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  return { config, logger, store, corpus, index, digest };
}

async function main(): Promise<void> {
  const { config, logger, store, corpus, index, digest } = await prepare();

  let slack: SlackApp;
  let port: number;
  try {
    slack = await createSlackApp(
      config.slack!, // requireSlack: true guarantees it
      {
        // Null until the pages are indexed: /healthz and /readyz say 503 and commands say "loading" until then.
        getSearch: () => index.current(),
        // Answers must not wait on a database that is restarting: past a few seconds, answer anyway.
        seenEvents: boundedSeenEvents(store.seenEvents, { logger }),
        subscriptions: digest.subscriptions,
        digestSchedule: describeSchedule(config.digest.cron, config.digest.timezone),
        latestArticles: () => corpus.articles(),
      },
      { logger },
    );
    ({ port } = await slack.start());
  } catch (error) {
    await store.close();
    if (error instanceof ConfigError) fail(error.message);
    fail(`could not start the Slack app: ${messageOf(error)}`);
  }
  const base = `http://${hostForUrl(config.slack!.host)}:${port}`;
  logger.info(
    slack.mode === 'socket'
      ? `connected to Slack in Socket Mode; health checks on ${base}${HEALTH_PATH} and ${READY_PATH}; state in ${store.location}`
      : `listening for Slack on ${base}/slack/events; health checks on ${HEALTH_PATH} and ${READY_PATH}; state in ${store.location}`,
  );

  let shuttingDown = false;
  /** `why` is logged as is; exit 0 after a signal, 1 when Slack refused the app token. */
  const shutdown = async (why: string, exitCode: 0 | 1) => {
    if (shuttingDown) return;
    shuttingDown = true;
    (exitCode === 0 ? logger.info : logger.error)(`${why}: finishing answers and any digest in flight, then stopping`);
    // Slack first in the list so it stops taking requests at once; the digest run may take longer.
    const results = await Promise.allSettled([slack.stop(), digest.scheduler.stop(), corpus.stop(), index.close()]);
    for (const result of results) if (result.status === 'rejected') logger.error('error while stopping:', result.reason);
    // Last: answers and the digest run above still wrote to it.
    await store.close().catch((error: unknown) => logger.error('error while closing the state:', error));
    process.exit(exitCode);
  };
  // `once`: a second Ctrl-C finds no handler and ends the process at once, for when stopping hangs.
  process.once('SIGTERM', () => void shutdown('SIGTERM received', 0));
  process.once('SIGINT', () => void shutdown('SIGINT received', 0));
  // Slack refused the app token on a reconnect (regenerated or revoked): nothing will reconnect.
  slack.onFatal((error) => void shutdown(error.message, 1));

  try {
    await corpus.start();
  } catch (error) {
    if (shuttingDown) return;
    await slack.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    const message = messageOf(error);
    fail(message.startsWith('SEEDS_DIR') ? message : `SEEDS_DIR: cannot read ${config.seedsDir} (${message})`);
  }
  await index.open(corpus.articles());
  const problems = corpus.problems().length;
  logger.info(
    `indexed ${corpus.articles().length} articles from ${config.seedsDir}; ${problems} problem(s) in the pages` +
      `${problems > 0 ? ' (run `npx healthnews parse` to see them)' : ''}; watching the folder for new pages`,
  );
  // Only new or changed articles are indexed, and merging is done in a worker thread: searches
  // keep the index they have until the new one is whole.
  corpus.onChange((articles, change) => index.update(articles, change));

  if (shuttingDown) return;
  try {
    await digest.scheduler.start();
  } catch (error) {
    // Stopping while the scheduler was starting is not a failure.
    if (shuttingDown) return;
    throw error;
  }
  // Up and answering: now the "did you mean" words, in slices, off the start's critical path.
  void index.prepareVocabulary();
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
});
