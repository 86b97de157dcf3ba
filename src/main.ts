// Entry point of the bot (`npm start`): settings → Slack app → read and index the pages → serve
// until SIGTERM/SIGINT. A bad setting or a missing pages folder stops it with one line and exit 1.
import { ConfigError, loadConfig, readEnvironment } from './config.ts';
import { createLogger, redactSecrets } from './log.ts';
import { PagesNotFoundError, readPages } from './pages/read-pages.ts';
import { buildNewsIndex } from './search/news-index.ts';
import type { NewsSearch } from './search/search-types.ts';
import { createSlackApp, type SlackApp } from './slack/app.ts';
import { createMemorySeenEvents } from './slack/event-dedupe.ts';

function fail(line: string): never {
  // Redacted like every log line: a start-up error can quote a request that carried a token.
  process.stderr.write(`healthnews: ${redactSecrets(line)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(readEnvironment(), { requireSlack: true });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const slackSettings = config.slack!; // requireSlack: true guarantees it
  const logger = createLogger(config.logLevel);

  // Swapped in once the pages are indexed; /healthz says 503 and commands say "loading" until then.
  let search: NewsSearch | null = null;
  let slack: SlackApp;
  let port: number;
  try {
    slack = await createSlackApp(slackSettings, { getSearch: () => search, seenEvents: createMemorySeenEvents() }, { logger });
    ({ port } = await slack.start());
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    fail(`could not start the Slack app: ${error instanceof Error ? error.message : String(error)}`);
  }
  logger.info(
    slack.mode === 'socket'
      ? `connected to Slack in Socket Mode; health check on http://localhost:${port}/healthz`
      : `listening for Slack on http://localhost:${port}/slack/events; health check on /healthz`,
  );

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info(`${signal} received: finishing answers in flight, then stopping`);
    try {
      await slack.stop();
    } catch (error) {
      logger.error('error while stopping:', error);
    }
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    const corpus = await readPages([config.seedsDir]);
    search = buildNewsIndex(corpus.articles);
    logger.info(
      `indexed ${corpus.articles.length} articles from ${corpus.files.length} page file(s) in ${config.seedsDir}; ` +
        `${corpus.problems.length} problem(s) in the pages${corpus.problems.length > 0 ? ' (run `npx healthnews parse` to see them)' : ''}`,
    );
  } catch (error) {
    await slack.stop().catch(() => undefined);
    if (error instanceof PagesNotFoundError) fail(`SEEDS_DIR: ${error.paths.join(', ')} not found; set SEEDS_DIR to the folder holding the .txt news pages`);
    throw error;
  }
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
});
