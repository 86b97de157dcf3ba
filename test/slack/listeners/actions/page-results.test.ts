// The paging callback called directly with Bolt's argument types (fake ack, respond), as the Bolt
// starter template tests its listeners; the signed-request path is in test/slack/app.test.ts.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsSearch } from '../../../../src/search/search-types.ts';
import { Answering } from '../../../../src/slack/answer-turns.ts';
import { loadingNotice, staleButtonNotice } from '../../../../src/slack/blocks/notices.ts';
import { decodeResultsValue, encodeResultsValue } from '../../../../src/slack/blocks/results-value.ts';
import { pageResults } from '../../../../src/slack/listeners/actions/page-results.ts';
import { fakeBolt } from '../../../helpers/listener-args.ts';
import { seedIndex } from '../../../helpers/seed-index.ts';
import { slackFixture } from '../../../helpers/slack-requests.ts';

let index: NewsSearch;
beforeAll(async () => {
  index = await seedIndex();
});

/** Clicks a paging button carrying `value` on an ephemeral message (or one in a thread). */
async function click(search: NewsSearch | null, value: string | undefined, options: { ephemeral?: boolean } = {}) {
  const fake = fakeBolt();
  const body = slackFixture<Record<string, any>>('block-actions.json');
  body.container.is_ephemeral = options.ephemeral ?? true;
  const action = { ...body.actions[0], value };
  await pageResults(new Answering(() => search))({ ...fake.common, ack: fake.ack, respond: fake.respond, say: fake.say, action, body, payload: action } as unknown as AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>);
  return fake;
}

describe('paging listener', () => {
  it('acks, then replaces the private results in place with the page the button asks for', async () => {
    const fake = await click(index, encodeResultsValue({ query: '健康', offset: 5 }));
    expect(fake.ack).toHaveBeenCalledOnce();
    const [reply] = fake.responded;
    expect(reply).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    const share = (reply!.blocks as any[]).flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.action_id === 'healthnews_share');
    expect(decodeResultsValue(share.value)).toEqual({ query: '健康', offset: 5 });
    expect(reply!.blocks[0].text.text).toContain(`共找到 ${index.search('健康', { limit: 1 }).total} 条新闻，这是第 6–`);
  });

  it('pages an answer in a thread in place, public as it was', async () => {
    const [reply] = (await click(index, encodeResultsValue({ query: '健康', offset: 5 }), { ephemeral: false })).responded;
    expect(reply!.replace_original).toBe(true);
    expect(reply!.response_type).toBeUndefined();
  });

  it('tells only the clicker when the button is stale or damaged, leaving the message', async () => {
    for (const value of [undefined, 'not json', '{"q":"四川","o":-5}']) {
      const fake = await click(index, value);
      expect(fake.responded).toEqual([{ response_type: 'ephemeral', replace_original: false, ...staleButtonNotice() }]);
    }
  });

  it('says the articles are still loading without replacing the results', async () => {
    const fake = await click(null, encodeResultsValue({ query: '健康', offset: 5 }));
    expect(fake.responded).toEqual([{ response_type: 'ephemeral', replace_original: false, ...loadingNotice() }]);
  });
});
