// Slack leaves fields out of payloads depending on where they come from; Bolt's types do not say
// so. Every listener is sent its payload with each optional field missing in turn: it must answer
// (or, when nothing can be answered, ignore it with a WARN), never crash into the generic error.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewsSearch } from '../../../src/search/search-types.ts';
import { failureNotice } from '../../../src/slack/blocks/notices.ts';
import { encodeResultsValue } from '../../../src/slack/blocks/results-value.ts';
import { ACTION_IDS } from '../../../src/slack/blocks/search-results.ts';
import { seedIndex } from '../../helpers/seed-index.ts';
import { API_ORIGIN, blockNetwork, recordPostMessage, recordPosts, RESPONSE_ORIGIN, settle, startTestApp, type TestApp } from '../../helpers/slack-harness.ts';
import { blockAction, postToSlackEndpoint, slackFixture, type SignedRequest } from '../../helpers/slack-requests.ts';

let index: NewsSearch;
let app: TestApp;
let count = 0;

/** Fields the app cannot do without: `command` routes the payload, `response_url` is the only way to answer it. */
const COMMAND_REQUIRED = new Set(['command', 'response_url']);
const COMMAND_OPTIONAL = Object.keys(slackFixture('slash-command.json')).filter((field) => !COMMAND_REQUIRED.has(field));

function freshResponseUrl(kind: 'commands' | 'actions') {
  const path = `/${kind}/T0001/${Date.now()}${count++}/secret`;
  return { url: `${RESPONSE_ORIGIN}${path}`, replies: recordPosts(RESPONSE_ORIGIN, path) };
}

function commandWithout(field: string, text: string, responseUrl: string): SignedRequest {
  const fields: Record<string, string> = { ...slackFixture<Record<string, string>>('slash-command.json'), text, response_url: responseUrl };
  delete fields[field];
  return { rawBody: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** An event_callback fixture with `path` (`event.user`, `event_id`, …) removed. */
function eventWithout(fixture: string, path: string): SignedRequest {
  const body = slackFixture<Record<string, any>>(fixture);
  body.event_id = `Ev${count++}`;
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail) delete body[head][tail];
  else delete body[head];
  return { rawBody: JSON.stringify(body), contentType: 'application/json' };
}

const errorLines = () => app.logs.filter((line) => / ERROR /.test(line));

beforeAll(async () => {
  index = await seedIndex();
  blockNetwork();
});

beforeEach(async () => {
  app = await startTestApp({ search: index });
  nock(API_ORIGIN)
    .post('/api/conversations.info')
    .times(100)
    .reply(200, (_uri, body) => ({ ok: true, channel: { id: new URLSearchParams(String(body)).get('channel'), is_channel: true, is_member: true } }));
});

afterEach(async () => {
  await app.stop();
  nock.cleanAll();
});

afterAll(() => nock.enableNetConnect());

describe('/healthnews with an optional field missing', () => {
  it.each(COMMAND_OPTIONAL.flatMap((field) => ['四川', 'subscribe 四川', 'unsubscribe', 'subscriptions'].map((text) => [field, text])))(
    'without %s, `%s` gets its answer',
    async (field, text) => {
      const { url, replies } = freshResponseUrl('commands');
      const ack = await postToSlackEndpoint(app.baseUrl, commandWithout(field, text, url));
      expect(ack.status).toBe(200);
      const answer = await replies.next();
      expect(answer.text).not.toBe(failureNotice().text);
      expect(errorLines()).toEqual([]);
    },
  );

  it('without channel_id, subscribe explains that digests go to channels', async () => {
    const { url, replies } = freshResponseUrl('commands');
    await postToSlackEndpoint(app.baseUrl, commandWithout('channel_id', 'subscribe 四川', url));
    expect((await replies.next()).text).toMatch(/每日摘要只能发到频道里/);
  });
});

describe('events with an optional field missing', () => {
  it.each(['event.user', 'event.text', 'event.ts', 'event.event_ts', 'event_id', 'authorizations', 'token', 'api_app_id', 'event_context'])(
    'an app_mention without %s is answered in its channel',
    async (path) => {
      const posted = recordPostMessage();
      expect((await postToSlackEndpoint(app.baseUrl, eventWithout('app-mention.json', path))).status).toBe(200);
      const message = await posted.next();
      expect(message.channel).toBe('C2147483705');
      expect(errorLines()).toEqual([]);
    },
  );

  it('an app_mention without a channel is ignored with a WARN, not a crash', async () => {
    const posted = recordPostMessage();
    expect((await postToSlackEndpoint(app.baseUrl, eventWithout('app-mention.json', 'event.channel'))).status).toBe(200);
    await settle();
    expect(posted.all).toEqual([]);
    expect(app.logs.some((line) => / WARN .*names no channel/.test(line))).toBe(true);
    expect(errorLines()).toEqual([]);
  });

  it.each(['event.tab', 'event.channel', 'event_id', 'token'])('an app_home_opened without %s publishes the Home tab', async (path) => {
    const published = recordPosts(API_ORIGIN, '/api/views.publish', () => [200, { ok: true }]);
    expect((await postToSlackEndpoint(app.baseUrl, eventWithout('app-home-opened.json', path))).status).toBe(200);
    expect((await published.next()).user_id).toBe('U2147483697');
    expect(errorLines()).toEqual([]);
  });

  it('an app_home_opened without a user is ignored with a WARN', async () => {
    const published = recordPosts(API_ORIGIN, '/api/views.publish', () => [200, { ok: true }]);
    expect((await postToSlackEndpoint(app.baseUrl, eventWithout('app-home-opened.json', 'event.user'))).status).toBe(200);
    await settle();
    expect(published.all).toEqual([]);
    expect(errorLines()).toEqual([]);
  });
});

describe('button clicks with an optional field missing', () => {
  /** A click on `actionId` with `field` of the payload (or of its action, as `action.value`) removed. */
  function clickWithout(actionId: string, field: string, responseUrl: string): SignedRequest {
    const request = blockAction({ actionId, value: encodeResultsValue({ query: '四川', offset: 0 }), responseUrl });
    const body = JSON.parse(new URLSearchParams(request.rawBody).get('payload')!) as Record<string, any>;
    if (field.startsWith('action.')) delete body.actions[0][field.slice('action.'.length)];
    else delete body[field];
    return { ...request, rawBody: new URLSearchParams({ payload: JSON.stringify(body) }).toString() };
  }

  // `user` is not in the list: Bolt itself reads `body.user.id` before any listener runs (and
  // Slack documents it as always sent).
  it.each(
    ['container', 'channel', 'team', 'enterprise', 'trigger_id', 'token', 'action.value', 'action.block_id', 'action.text'].flatMap((field) =>
      [ACTION_IDS.next, ACTION_IDS.share].map((actionId) => [field, actionId]),
    ),
  )('without %s, %s answers the clicker', async (field, actionId) => {
    const posted = recordPostMessage();
    const { url, replies } = freshResponseUrl('actions');
    expect((await postToSlackEndpoint(app.baseUrl, clickWithout(actionId, field, url))).status).toBe(200);
    const reply = await replies.next();
    expect(reply.text ?? '').not.toBe(failureNotice().text);
    if (field === 'channel' && actionId === ACTION_IDS.share) expect(posted.all).toEqual([]);
    expect(errorLines()).toEqual([]);
  });
});
