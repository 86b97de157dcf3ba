// Starts the real app (Bolt's HTTP receiver on an ephemeral port) with every outbound call —
// Web API and response_url — intercepted by nock, and records what the app sent.
import nock from 'nock';
import { SubscriptionService } from '../../src/digest/subscription-service.ts';
import { createLogger } from '../../src/log.ts';
import type { NewsSearch } from '../../src/search/search-types.ts';
import { createSlackApp, type SlackApp } from '../../src/slack/app.ts';
import type { SlackDeps } from '../../src/slack/deps.ts';
import { createMemorySeenEvents, type SeenEvents } from '../../src/slack/event-dedupe.ts';
import { openStateDatabase } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscription-store.ts';
import { BOT_ID, BOT_USER_ID, SIGNING_SECRET } from './slack-requests.ts';
import { createSqliteStateStore } from '../../src/store/sqlite-state-store.ts';

export const BOT_TOKEN = 'xoxb-0000000000-test-bot-token';
export const API_ORIGIN = 'https://slack.test';
export const RESPONSE_ORIGIN = 'https://hooks.slack.com';

export interface TestApp {
  baseUrl: string;
  slack: SlackApp;
  /** Every log line the app wrote. */
  logs: string[];
  /** Lets tests swap the index (null = still loading). */
  setSearch(search: NewsSearch | null): void;
  stop(): Promise<void>;
}

/** Turns off real network access except to the app under test on localhost. */
export function blockNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
}

/** The schedule tests show in confirmations (what `describeSchedule('0 9 * * *', 'Asia/Shanghai')` gives). */
export const TEST_SCHEDULE = '每天 09:00（Asia/Shanghai）';

/**
 * Complete SlackDeps for tests: whatever `overrides` gives, the rest from a throwaway in-memory
 * state database (subscriptions), in-memory event dedupe, no articles and the default schedule.
 */
export function testSlackDeps(overrides: Partial<SlackDeps> = {}): SlackDeps {
  return {
    getSearch: () => null,
    seenEvents: createMemorySeenEvents(),
    // Only opened when the test brings none of its own.
    subscriptions: overrides.subscriptions ?? new SubscriptionService(createSqliteStateStore(openStateDatabase(':memory:')).subscriptions),
    digestSchedule: TEST_SCHEDULE,
    latestArticles: () => [],
    ...overrides,
  };
}

export interface TestAppOptions extends Partial<Omit<SlackDeps, 'getSearch'>> {
  search: NewsSearch | null;
  drainTimeoutMs?: number;
}

/** Starts the app in HTTP mode on a free port. Call `blockNetwork()` first (the WebClient is created here). */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const { search: initial, drainTimeoutMs, ...deps } = options;
  let search = initial;
  const logs: string[] = [];
  const slack = await createSlackApp(
    { botToken: BOT_TOKEN, appToken: null, signingSecret: SIGNING_SECRET, port: 0, host: null, apiUrl: `${API_ORIGIN}/api/` },
    testSlackDeps({ ...deps, getSearch: () => search }),
    {
      logger: createLogger('debug', (line) => logs.push(line)),
      clientOptions: { retryConfig: { retries: 0 } },
      botId: BOT_ID,
      botUserId: BOT_USER_ID,
      ...(drainTimeoutMs ? { drainTimeoutMs } : {}),
    },
  );
  const { port } = await slack.start();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    slack,
    logs,
    setSearch: (next) => {
      search = next;
    },
    stop: () => slack.stop(),
  };
}

/** What the app sent to a response_url. */
export interface Sent {
  body: Record<string, any>;
}

/**
 * Records every POST to `${RESPONSE_ORIGIN}${path}`. `next()` resolves with the next one (or
 * rejects after `timeoutMs`); `all` lists what arrived so far.
 */
export function recordPosts(origin: string, path: string, reply: (body: Record<string, any>) => [number, unknown] = () => [200, 'ok']) {
  const all: Array<Record<string, any>> = [];
  const waiting: Array<(body: Record<string, any>) => void> = [];
  nock(origin)
    .post(path)
    .times(50)
    .reply((_uri, requestBody) => {
      const body = parseBody(requestBody);
      all.push(body);
      waiting.shift()?.(body);
      return reply(body);
    });
  let taken = 0;
  return {
    all,
    next(timeoutMs = 5000): Promise<Record<string, any>> {
      const index = taken++;
      if (all[index]) return Promise.resolve(all[index]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`nothing POSTed to ${origin}${path} within ${timeoutMs} ms`)), timeoutMs);
        waiting.push(() => {
          clearTimeout(timer);
          resolve(all[index]!);
        });
      });
    },
  };
}

/** Records `chat.postMessage` calls through the configured API URL, answering `reply`. */
export function recordPostMessage(reply: (body: Record<string, any>) => Record<string, unknown> = () => ({ ok: true, ts: '1700000000.000100' })) {
  return recordPosts(API_ORIGIN, '/api/chat.postMessage', (body) => [200, reply(body)]);
}

/** Web API calls arrive form-encoded with objects as JSON strings; response_url calls as JSON. */
function parseBody(body: unknown): Record<string, any> {
  if (body && typeof body === 'object') return body as Record<string, any>;
  const text = String(body);
  if (text.startsWith('{')) return JSON.parse(text) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    out[key] = key === 'blocks' ? JSON.parse(value) : value;
  }
  return out;
}

/** Waits `ms` — only to prove that something did NOT happen. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
