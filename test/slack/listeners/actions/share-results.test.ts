// The Share callback called directly with Bolt's argument types (fake ack, respond, client), as
// the Bolt starter template tests its listeners; the signed-request path is in test/slack/app.test.ts.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsSearch } from '../../../../src/search/search-types.ts';
import { Answering } from '../../../../src/slack/answer-turns.ts';
import { loadingNotice, notInChannelNotice, staleButtonNotice } from '../../../../src/slack/blocks/notices.ts';
import { encodeResultsValue } from '../../../../src/slack/blocks/results-value.ts';
import { shareResults } from '../../../../src/slack/listeners/actions/share-results.ts';
import { fakeBolt, webApiError, type FakeBoltOptions } from '../../../helpers/listener-args.ts';
import { seedIndex } from '../../../helpers/seed-index.ts';
import { slackFixture } from '../../../helpers/slack-requests.ts';

let index: NewsSearch;
beforeAll(async () => {
  index = await seedIndex();
});

async function share(search: NewsSearch | null, options: FakeBoltOptions & { channel?: string | null; value?: string } = {}) {
  const fake = fakeBolt(options);
  const body = slackFixture<Record<string, any>>('block-actions.json');
  if (options.channel === null) delete body.channel;
  const action = { ...body.actions[0], action_id: 'healthnews_share', value: options.value ?? encodeResultsValue({ query: '四川', offset: 0 }) };
  await shareResults(new Answering(() => search))({ ...fake.common, ack: fake.ack, respond: fake.respond, say: fake.say, action, body, payload: action } as unknown as AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>);
  return fake;
}

const posts = (fake: ReturnType<typeof fakeBolt>) => fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.args);

describe('Share listener', () => {
  it('posts the cards to the channel saying who shared them, then removes the private copy', async () => {
    const fake = await share(index);
    expect(fake.ack).toHaveBeenCalledOnce();
    const [post] = posts(fake);
    expect(post!.channel).toBe('C2147483705');
    expect(JSON.stringify(post!.blocks)).toContain('<@U2147483697> 分享了这些新闻');
    expect(fake.responded).toEqual([{ delete_original: true }]);
  });

  it('tells the user how to invite the bot when Slack refuses the post, keeping the private copy', async () => {
    const fake = await share(index, { api: { 'chat.postMessage': () => { throw webApiError('not_in_channel'); } } });
    expect(fake.responded).toEqual([{ response_type: 'ephemeral', replace_original: false, ...notInChannelNotice() }]);
    expect(fake.logs).toContain('INFO share to C2147483705 refused by Slack (not_in_channel)');
  });

  it('passes any other failure on, for the app to log', async () => {
    await expect(share(index, { api: { 'chat.postMessage': () => { throw webApiError('internal_error'); } } })).rejects.toThrow('internal_error');
  });

  it('calls a click from no channel, or with a damaged value, stale', async () => {
    for (const options of [{ channel: null }, { value: 'not json' }]) {
      const fake = await share(index, options);
      expect(posts(fake)).toEqual([]);
      expect(fake.responded).toEqual([{ response_type: 'ephemeral', replace_original: false, ...staleButtonNotice() }]);
    }
  });

  it('says the articles are still loading, posting nothing', async () => {
    const fake = await share(null);
    expect(posts(fake)).toEqual([]);
    expect(fake.responded).toEqual([{ response_type: 'ephemeral', replace_original: false, ...loadingNotice() }]);
  });
});
