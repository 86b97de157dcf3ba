// Socket Mode wiring that can be checked without Slack: the connection request goes through
// SLACK_API_URL with the app-level token, and /healthz is served on PORT.
import { createServer } from 'node:net';
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { createSlackApp } from '../../src/slack/app.ts';
import { seedIndex } from '../helpers/seed-index.ts';
import { API_ORIGIN, BOT_TOKEN, blockNetwork, testSlackDeps } from '../helpers/slack-harness.ts';
import { BOT_ID, BOT_USER_ID } from '../helpers/slack-requests.ts';

const APP_TOKEN = 'xapp-1-A0001-0000-testapptoken';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(() => blockNetwork());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

it('opens the connection through SLACK_API_URL with the app token and serves /healthz on PORT', async () => {
  let authorization: string | undefined;
  nock(API_ORIGIN)
    .post('/api/apps.connections.open')
    .reply(function () {
      authorization = this.req.headers.authorization as string | undefined;
      return [200, { ok: false, error: 'invalid_auth' }];
    });
  const port = await freePort();
  const index = await seedIndex();
  const slack = await createSlackApp(
    { botToken: BOT_TOKEN, appToken: APP_TOKEN, signingSecret: null, port, apiUrl: `${API_ORIGIN}/api/` },
    testSlackDeps({ getSearch: () => index }),
    { clientOptions: { retryConfig: { retries: 0 } }, botId: BOT_ID, botUserId: BOT_USER_ID, logger: createLogger('error', () => undefined) },
  );
  expect(slack.mode).toBe('socket');
  await expect(slack.start()).rejects.toThrow(/invalid_auth/);
  expect(authorization).toBe(`Bearer ${APP_TOKEN}`);
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
  await slack.stop();
});

