// The app_mention callback called directly with Bolt's argument types (fake client, context), as
// the Bolt starter template tests its listeners; the signed-request path is in test/slack/app.test.ts.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsSearch } from '../../../../src/search/search-types.ts';
import { Answering } from '../../../../src/slack/answer-turns.ts';
import { helpMessage } from '../../../../src/slack/blocks/help.ts';
import { loadingNotice } from '../../../../src/slack/blocks/notices.ts';
import type { SlackDeps } from '../../../../src/slack/deps.ts';
import { appMention } from '../../../../src/slack/listeners/events/app-mention.ts';
import { fakeBolt } from '../../../helpers/listener-args.ts';
import { seedIndex } from '../../../helpers/seed-index.ts';
import { testSlackDeps } from '../../../helpers/slack-harness.ts';
import { slackFixture } from '../../../helpers/slack-requests.ts';

let index: NewsSearch;
beforeAll(async () => {
  index = await seedIndex();
});

type MentionBody = Record<string, any> & { event: Record<string, any> };

/** Runs the callback for the app-mention fixture with `event` fields changed (undefined removes one). */
async function mention(deps: SlackDeps, event: Record<string, unknown> = {}, options: { retryNum?: number; eventId?: string | null } = {}) {
  const fake = fakeBolt(options.retryNum === undefined ? {} : { retryNum: options.retryNum });
  const body = slackFixture<MentionBody>('app-mention.json');
  Object.assign(body.event, event);
  for (const [key, value] of Object.entries(event)) if (value === undefined) delete body.event[key];
  if (options.eventId === null) delete body.event_id;
  else if (options.eventId) body.event_id = options.eventId;
  await appMention(deps, new Answering(() => deps.getSearch()))({ ...fake.common, event: body.event, body, payload: body.event, say: fake.say } as unknown as AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>);
  return fake;
}

const posts = (fake: ReturnType<typeof fakeBolt>) => fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.args);

describe('app_mention listener', () => {
  it('answers in the thread of the question, with cards and without unfurling', async () => {
    const fake = await mention(testSlackDeps({ getSearch: () => index }));
    const [post] = posts(fake);
    expect(post).toMatchObject({ channel: 'C2147483705', thread_ts: '1515449522.000016', unfurl_links: false, unfurl_media: false });
    expect(JSON.stringify(post!.blocks)).toContain('四川');
  });

  it('answers a mention inside a thread in that thread', async () => {
    const fake = await mention(testSlackDeps({ getSearch: () => index }), { thread_ts: '1515449000.000001' });
    expect(posts(fake)[0]!.thread_ts).toBe('1515449000.000001');
  });

  it.each(['<@U0BOT>', '<@U0BOT> help', '<@U0BOT> 帮助'])('shows usage, in its mention form, for %j', async (text) => {
    const fake = await mention(testSlackDeps({ getSearch: () => index }), { text });
    const [post] = posts(fake);
    expect({ text: post!.text, blocks: post!.blocks }).toEqual(helpMessage({ mention: true }));
  });

  it('answers a retried event once and logs the retry', async () => {
    const deps = testSlackDeps({ getSearch: () => index });
    expect(posts(await mention(deps, {}, { eventId: 'EvRetry1' }))).toHaveLength(1);
    const retry = await mention(deps, {}, { eventId: 'EvRetry1', retryNum: 1 });
    expect(posts(retry)).toEqual([]);
    expect(retry.logs).toContain('INFO app_mention EvRetry1 already answered; ignoring retry 1');
  });

  it('answers an event without an id rather than not at all', async () => {
    expect(posts(await mention(testSlackDeps({ getSearch: () => index }), {}, { eventId: null }))).toHaveLength(1);
  });

  it('says in the thread that the articles are still loading', async () => {
    const [post] = posts(await mention(testSlackDeps({ getSearch: () => null })));
    expect({ text: post!.text, blocks: post!.blocks }).toEqual(loadingNotice());
    expect(post!.thread_ts).toBe('1515449522.000016');
  });

  it('ignores, with a WARN, a mention that names no channel to answer in', async () => {
    const fake = await mention(testSlackDeps({ getSearch: () => index }), { channel: undefined });
    expect(posts(fake)).toEqual([]);
    expect(fake.logs).toContain('WARN app_mention Ev0LAN670R names no channel to answer in; ignored');
  });
});
