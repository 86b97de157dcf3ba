// The app over Socket Mode, driven through a local stand-in that speaks Slack's protocol (hello,
// envelopes, acks, disconnect): answers arrive, a routine refresh and an abrupt close during
// traffic lose no envelope (every one acked within Slack's 3 s), a refused app token stops the
// app with one line naming SLACK_APP_TOKEN, and temporary failures are retried.
import { createServer } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { NewsSearch } from '../../src/search/search-types.ts';
import { createSlackApp, type SlackApp } from '../../src/slack/app.ts';
import { appTokenRefusal, backoffDelay } from '../../src/slack/socket-mode-receiver.ts';
import { seedIndex } from '../helpers/seed-index.ts';
import { BOT_TOKEN, blockNetwork, recordPosts, RESPONSE_ORIGIN, testSlackDeps } from '../helpers/slack-harness.ts';
import { BOT_ID, BOT_USER_ID, slackFixture } from '../helpers/slack-requests.ts';
import { startSocketModeStandIn, type SocketModeStandIn } from '../helpers/socket-mode-stand-in.ts';

const APP_TOKEN = 'xapp-1-A0001-0000-testapptoken';

let index: NewsSearch;
let standIn: SocketModeStandIn;
let slack: SlackApp | undefined;
let logs: string[];
let sequence = 0;

async function startApp(level: 'debug' | 'info' | 'warn' = 'info', port = 0): Promise<SlackApp> {
  logs = [];
  slack = await createSlackApp(
    { botToken: BOT_TOKEN, appToken: APP_TOKEN, signingSecret: null, port, host: '127.0.0.1', apiUrl: standIn.apiUrl },
    testSlackDeps({ getSearch: () => index }),
    {
      clientOptions: { retryConfig: { retries: 0 } },
      botId: BOT_ID,
      botUserId: BOT_USER_ID,
      logger: createLogger(level, (line) => logs.push(line)),
      // Short delays so a test never waits seconds; production uses 1 s doubling to 30 s.
      socketMode: { backoff: { firstMs: 20, maxMs: 100 }, connectTimeoutMs: 2000 },
    },
  );
  return slack;
}

/** A `/healthnews` envelope payload with its own response_url (answered by nock). */
function slashCommandPayload(text: string) {
  const path = `/commands/T0001/${Date.now()}${sequence++}/secret`;
  const payload = { ...slackFixture<Record<string, string>>('slash-command.json'), text, response_url: `${RESPONSE_ORIGIN}${path}` };
  return { payload, replies: recordPosts(RESPONSE_ORIGIN, path) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const levelsOf = (lines: string[]) => lines.map((line) => line.split(' ')[1]);

beforeAll(async () => {
  index = await seedIndex();
  blockNetwork();
});

afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  await standIn?.close();
  nock.cleanAll();
});

afterAll(() => nock.enableNetConnect());

describe('Socket Mode', () => {
  it('keeps two connections open and answers /healthnews sent over one of them', async () => {
    standIn = await startSocketModeStandIn();
    await (await startApp()).start();
    await standIn.waitForLive(2);
    expect(standIn.authorizations.every((header) => header === `Bearer ${APP_TOKEN}`)).toBe(true);
    const { payload, replies } = slashCommandPayload('四川');
    const ack = await standIn.send('slash_commands', payload);
    expect(ack.ms).toBeLessThan(3000);
    const answer = await replies.next();
    expect(answer.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.blocks)).toContain('四川');
  });

  it('at debug shows Bolt and Socket Mode lines, with the ticket URL, verification token and response_url redacted', async () => {
    standIn = await startSocketModeStandIn();
    await (await startApp('debug')).start();
    await standIn.waitForLive(2);
    const { payload, replies } = slashCommandPayload('四川');
    await standIn.send('slash_commands', payload);
    await replies.next();
    const all = logs.join('\n');
    expect(all).toContain('[socket-mode]');
    expect(all).toMatch(/ DEBUG .*ticket=\[redacted\]/);
    expect(all).not.toMatch(/ticket=(?!\[redacted\])/);
    expect(all).not.toContain(slackFixture<{ token: string }>('slash-command.json').token);
    expect(all).not.toContain(new URL(payload.response_url).pathname);
    expect(all).not.toContain(APP_TOKEN);
  });

  it('at warn shows none of the INFO or DEBUG lines, ours or Bolt\'s', async () => {
    standIn = await startSocketModeStandIn();
    await (await startApp('warn')).start();
    await standIn.waitForLive(2);
    const { payload, replies } = slashCommandPayload('四川');
    await standIn.send('slash_commands', payload);
    await replies.next();
    await slack!.stop();
    expect(logs).toEqual([]);
  });

  it('acks every envelope sent throughout two refreshes within 3 s, with no WARN or ERROR line', async () => {
    standIn = await startSocketModeStandIn();
    await (await startApp()).start();
    await standIn.waitForLive(2);
    const acks: Array<Promise<{ ms: number }>> = [];
    for (let i = 0; i < 30; i++) {
      if (i === 5 || i === 15) standIn.refresh();
      acks.push(standIn.send('slash_commands', slashCommandPayload('help').payload));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    const results = await Promise.all(acks);
    expect(Math.max(...results.map((ack) => ack.ms))).toBeLessThan(3000);
    await standIn.waitForLive(2);
    expect(standIn.opened).toBe(4);
    expect(logs.filter((line) => / (WARN|ERROR) /.test(line))).toEqual([]);
  });

  it('acks an envelope that arrived just before its connection was asked to reconnect, on that connection', async () => {
    standIn = await startSocketModeStandIn();
    await (await startApp()).start();
    await standIn.waitForLive(2);
    const { payload, replies } = slashCommandPayload('四川');
    const ack = await standIn.sendThenRefresh('slash_commands', payload);
    expect(ack.connection).toBe(1);
    expect(ack.ms).toBeLessThan(3000);
    await replies.next();
    await standIn.waitForLive(2);
  });

  it('reconnects after an abrupt close with one WARN line, while the other connection takes the traffic', async () => {
    standIn = await startSocketModeStandIn();
    await (await startApp()).start();
    await standIn.waitForLive(2);
    standIn.dropAbruptly();
    const acks = await Promise.all(Array.from({ length: 10 }, () => standIn.send('slash_commands', slashCommandPayload('help').payload)));
    expect(Math.max(...acks.map((ack) => ack.ms))).toBeLessThan(3000);
    await standIn.waitForLive(2);
    await expect.poll(() => logs.filter((line) => / WARN /.test(line)).length).toBe(1);
    const warn = logs.find((line) => / WARN /.test(line))!;
    expect(warn).toMatch(/closed without Slack asking.*reconnected/);
    expect(levelsOf(logs)).not.toContain('ERROR');
  });

  it('keeps retrying temporary failures (HTTP 500, internal_error) with backoff, then connects', async () => {
    standIn = await startSocketModeStandIn();
    standIn.failOpens('http_500', 2);
    standIn.failOpens('internal_error', 2);
    await (await startApp()).start();
    await standIn.waitForLive(2);
    expect(standIn.authorizations.length).toBeGreaterThanOrEqual(6);
    expect(levelsOf(logs)).not.toContain('ERROR');
  });

  it('refuses to start with one ConfigError naming SLACK_APP_TOKEN when Slack says invalid_auth', async () => {
    standIn = await startSocketModeStandIn();
    standIn.failOpens('invalid_auth', 2);
    const app = await startApp();
    const failure = await app.start().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toMatch(/^SLACK_APP_TOKEN: Slack refused it \(invalid_auth\)/);
    expect((failure as ConfigError).message).not.toContain(APP_TOKEN);
  });

  it('reports invalid_auth on a reconnect once, through onFatal, instead of an unhandled rejection', async () => {
    standIn = await startSocketModeStandIn();
    const app = await startApp();
    const fatal: ConfigError[] = [];
    app.onFatal((error) => fatal.push(error));
    await app.start();
    await standIn.waitForLive(2);
    // The token was regenerated: every further apps.connections.open is refused.
    standIn.failOpens('invalid_auth', 10);
    standIn.dropAbruptly();
    standIn.refresh();
    await expect.poll(() => fatal.length).toBe(1);
    expect(fatal[0]!.variable).toBe('SLACK_APP_TOKEN');
    expect(fatal[0]!.message).not.toContain(APP_TOKEN);
    expect(levelsOf(logs)).not.toContain('ERROR');
  });

  it('serves /healthz and /readyz on HOST:PORT, /readyz 503 with the reason until connected', async () => {
    standIn = await startSocketModeStandIn();
    standIn.failOpens('internal_error', 1000);
    const port = await freePort();
    const app = await startApp('info', port);
    const started = app.start();
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    await expect.poll(() => fetch(url('/readyz')).then((r) => r.status, () => 0)).toBe(503);
    expect(await (await fetch(url('/readyz'))).json()).toMatchObject({ ok: false, reason: expect.stringMatching(/not connected to Slack/) });
    // Liveness does not depend on Slack: the process is up and the index loaded.
    expect((await fetch(url('/healthz'))).status).toBe(200);
    standIn.clearFailures();
    expect((await started).port).toBe(port);
    await standIn.waitForLive(2);
    const ready = await fetch(url('/readyz'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, mode: 'socket', connections: 2 });
  });
});

describe('reconnect helpers', () => {
  it('doubles the delay up to the maximum, with jitter', () => {
    const backoff = { firstMs: 1000, maxMs: 30_000 };
    expect(backoffDelay(1, backoff, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, backoff, () => 0.5)).toBe(4000);
    expect(backoffDelay(20, backoff, () => 0.5)).toBe(30_000);
    expect(backoffDelay(1, backoff, () => 0)).toBe(800);
  });

  it('treats only a refused token as fatal', () => {
    const platform = (error: string) => Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
    expect(appTokenRefusal(platform('invalid_auth'))?.variable).toBe('SLACK_APP_TOKEN');
    expect(appTokenRefusal(platform('internal_error'))).toBeNull();
    expect(appTokenRefusal(new Error('socket hang up'))).toBeNull();
  });
});
