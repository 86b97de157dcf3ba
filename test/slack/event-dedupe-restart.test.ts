// A mention Slack retries after the bot restarted is still answered once: the dedupe lives in the
// state database under DATA_DIR, and the second app (new process, same folder) finds the id there.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSqliteStateStore } from '../../src/store/sqlite-state-store.ts';
import { openStateDatabase } from '../../src/store/database.ts';
import { seedIndex } from '../helpers/seed-index.ts';
import { blockNetwork, recordPostMessage, settle, startTestApp } from '../helpers/slack-harness.ts';
import { appMention, postToSlackEndpoint } from '../helpers/slack-requests.ts';

beforeAll(() => blockNetwork());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

it('answers a retried event once across an app restart over the same DATA_DIR', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'healthnews-restart-'));
  const search = await seedIndex();
  const posted = recordPostMessage();
  const mention = appMention({ text: '<@U0BOT> 四川', eventId: 'Ev0RESTART1' });

  const firstDb = openStateDatabase(dataDir);
  const first = await startTestApp({ search, seenEvents: createSqliteStateStore(firstDb).seenEvents });
  expect((await postToSlackEndpoint(first.baseUrl, mention)).status).toBe(200);
  const answer = await posted.next();
  expect(answer.thread_ts).toBe('1515449522.000016');
  await first.stop();
  firstDb.close();

  const secondDb = openStateDatabase(dataDir);
  const second = await startTestApp({ search, seenEvents: createSqliteStateStore(secondDb).seenEvents });
  const retry = await postToSlackEndpoint(second.baseUrl, mention, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
  expect(retry.status).toBe(200);
  // A different event is still answered, so the silence above is the dedupe, not a dead app.
  await postToSlackEndpoint(second.baseUrl, appMention({ text: '<@U0BOT> 广东', eventId: 'Ev0RESTART2' }));
  await posted.next();
  await settle();
  expect(posted.all).toHaveLength(2);
  expect(second.logs.join('\n')).toContain('app_mention Ev0RESTART1 already answered');
  await second.stop();
  secondDb.close();
});
