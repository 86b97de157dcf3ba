// Two instances of the bot on one PostgreSQL database: a mention Slack retries to the other
// instance (a rolling deploy, a load balancer) is answered once, by whichever instance saw it first.
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStateStore } from '../../src/store/postgres/postgres-state-store.ts';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.ts';
import { seedIndex } from '../helpers/seed-index.ts';
import { blockNetwork, recordPostMessage, settle, startTestApp } from '../helpers/slack-harness.ts';
import { appMention, postToSlackEndpoint } from '../helpers/slack-requests.ts';

beforeAll(() => blockNetwork());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

it.skipIf(postgresSkipReason !== null)('answers an event retried to the other instance once, and a new event at either', async () => {
  const url = await createTestDatabase();
  const search = await seedIndex();
  const posted = recordPostMessage();
  const [stateOne, stateTwo] = await Promise.all([openPostgresStateStore(url), openPostgresStateStore(url)]);
  const one = await startTestApp({ search, seenEvents: stateOne.seenEvents });
  const two = await startTestApp({ search, seenEvents: stateTwo.seenEvents });
  try {
    const mention = appMention({ text: '<@U0BOT> 四川', eventId: 'Ev0INSTANCES1' });
    const retry = { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } };
    // The first delivery and Slack's retry arrive at both instances at the same moment.
    const statuses = await Promise.all([postToSlackEndpoint(one.baseUrl, mention), postToSlackEndpoint(two.baseUrl, mention, retry)]);
    expect(statuses.map((r) => r.status)).toEqual([200, 200]);
    await posted.next();
    // A different event is still answered, so the silence about the first is the dedupe, not a dead app.
    await postToSlackEndpoint(two.baseUrl, appMention({ text: '<@U0BOT> 广东', eventId: 'Ev0INSTANCES2' }));
    await posted.next();
    await settle();
    expect(posted.all).toHaveLength(2);
    expect([...one.logs, ...two.logs].join('\n')).toContain('app_mention Ev0INSTANCES1 already answered');
  } finally {
    await one.stop();
    await two.stop();
    await stateOne.close();
    await stateTwo.close();
  }
});
