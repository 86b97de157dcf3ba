// The tests' side of the Web API stand-in: a digest WebClient pointed at it, and a fresh stand-in
// for every test of a file. Kept apart from the stand-in, which the benchmarks load outside vitest
// and without Bolt.
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach } from 'vitest';
import { blockNetwork } from './slack-harness.ts';
import { startWebApiStandIn, TEST_BOT_TOKEN, type StandIn, type StandInOptions } from './web-api-stand-in.ts';

/** A WebClient like the bot's digest client (no retries, 429s surfaced), pointed at `standIn`. */
export function digestTestClient(standIn: Pick<StandIn, 'apiUrl'>) {
  return new webApi.WebClient(TEST_BOT_TOKEN, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}

/**
 * For a test file: the network blocked, and a fresh stand-in before each test (handed to `use`),
 * closed after it.
 *
 * @example let slack: StandIn; standInForEachTest((s) => (slack = s));
 */
export function standInForEachTest(use: (standIn: StandIn) => void, options: StandInOptions = {}): void {
  let current: StandIn | undefined;
  beforeEach(async () => {
    blockNetwork();
    current = await startWebApiStandIn(options);
    use(current);
  });
  afterEach(async () => {
    await current?.close();
  });
}
