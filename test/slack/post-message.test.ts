// The single place the app posts a message to a channel: nothing it posts can unfurl a link or
// turn a name into a mention, and a Web API refusal comes back with its code.
import { describe, expect, it } from 'vitest';
import { postMessage, slackErrorCode } from '../../src/slack/post-message.ts';
import type { StandIn } from '../helpers/web-api-stand-in.ts';
import { digestTestClient, standInForEachTest } from '../helpers/web-api-stand-in-tests.ts';

let slack: StandIn;
standInForEachTest((s) => (slack = s));

const message = { text: 'hello', blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'hello', verbatim: true } }] };

describe('postMessage', () => {
  it('posts text and blocks with unfurling off and no link_names, into a thread when asked', async () => {
    await postMessage(digestTestClient(slack), { channel: 'C0ONE' }, message);
    await postMessage(digestTestClient(slack), { channel: 'C0ONE', threadTs: '1700000000.000100' }, message);
    const [top, reply] = slack.calls.map((c) => c.body);
    expect(top).toMatchObject({ channel: 'C0ONE', text: 'hello', unfurl_links: 'false', unfurl_media: 'false' });
    expect(top!.blocks).toEqual(message.blocks);
    expect(top!.link_names).toBeUndefined();
    expect(top!.thread_ts).toBeUndefined();
    expect(reply!.thread_ts).toBe('1700000000.000100');
  });

  it('rejects with the Web API error, whose code slackErrorCode reads', async () => {
    slack.channelErrors.set('C0GONE', 'not_in_channel');
    const error = await postMessage(digestTestClient(slack), { channel: 'C0GONE' }, message).catch((e: unknown) => e);
    expect(slackErrorCode(error)).toBe('not_in_channel');
    expect(slackErrorCode(new Error('network down'))).toBeUndefined();
    expect(slackErrorCode(null)).toBeUndefined();
  });
});
