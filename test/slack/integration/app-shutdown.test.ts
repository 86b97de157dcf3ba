// stop(): no new work is taken, and an answer already being sent is finished first.
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedIndex } from '../../helpers/seed-index.ts';
import { blockNetwork, RESPONSE_ORIGIN, startTestApp } from '../../helpers/slack-harness.ts';
import { postToSlackEndpoint, slashCommand } from '../../helpers/slack-requests.ts';

beforeAll(() => blockNetwork());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

it('finishes an answer in flight before stop() resolves, then refuses connections', async () => {
  const app = await startTestApp({ search: await seedIndex() });
  let delivered = 0;
  nock(RESPONSE_ORIGIN)
    .post('/commands/T0001/slow/secret')
    .delay(800) // Slack's side is slow to take the answer
    .reply(() => {
      delivered = Date.now();
      return [200, 'ok'];
    });
  const ack = await postToSlackEndpoint(app.baseUrl, slashCommand('四川', { response_url: `${RESPONSE_ORIGIN}/commands/T0001/slow/secret` }));
  expect(ack.status).toBe(200);
  await app.stop();
  const stopped = Date.now();
  expect(delivered).toBeGreaterThan(0);
  expect(stopped).toBeGreaterThanOrEqual(delivered);
  await expect(fetch(`${app.baseUrl}/healthz`)).rejects.toThrow();
});
