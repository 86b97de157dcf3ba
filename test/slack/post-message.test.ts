import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { helpMessage } from '../../src/slack/blocks/help.ts';
import { postMessage, slackErrorCode } from '../../src/slack/post-message.ts';
import { fakeBolt, webApiError } from '../helpers/listener-args.ts';

describe('postMessage', () => {
  it('posts text and blocks with unfurling off and no link_names, in the thread when given', async () => {
    const fake = fakeBolt();
    const client = fake.common.client as unknown as webApi.WebClient;
    await postMessage(client, { channel: 'C0123', threadTs: '1700000000.000100' }, helpMessage());
    await postMessage(client, { channel: 'C0123' }, helpMessage());
    const [threaded, plain] = fake.calls.map((c) => c.args);
    expect(threaded).toEqual({ channel: 'C0123', thread_ts: '1700000000.000100', text: helpMessage().text, blocks: helpMessage().blocks, unfurl_links: false, unfurl_media: false });
    expect(plain).not.toHaveProperty('thread_ts');
    expect(plain).not.toHaveProperty('link_names');
  });

  it('rejects with the Web API error, whose code slackErrorCode reads', async () => {
    const fake = fakeBolt({ api: { 'chat.postMessage': () => { throw webApiError('not_in_channel'); } } });
    const error = await postMessage(fake.common.client as unknown as webApi.WebClient, { channel: 'C0123' }, helpMessage()).catch((e: unknown) => e);
    expect(slackErrorCode(error)).toBe('not_in_channel');
    expect(slackErrorCode(new Error('socket hang up'))).toBeUndefined();
    expect(slackErrorCode(null)).toBeUndefined();
  });
});
