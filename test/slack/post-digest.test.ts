// The digest poster on its own, against the loopback Web API stand-in: what it sends with every
// post, how it finds an earlier copy by its metadata, and how it retries (waits recorded through the
// injected sleep, so nothing here waits for real).
import { beforeEach, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/slack/blocks/message.ts';
import { createDigestClient, DIGEST_EVENT_TYPE, DigestPoster } from '../../src/slack/post-digest.ts';
import { PostRateLimiter } from '../../src/slack/post-rate-limiter.ts';
import { SlackDeliveryError } from '../../src/slack/slack-delivery-error.ts';
import { TEST_BOT_TOKEN, type StandIn } from '../helpers/web-api-stand-in.ts';
import { digestTestClient, standInForEachTest } from '../helpers/web-api-stand-in-tests.ts';

let slack: StandIn;
let waits: number[];
standInForEachTest((s) => (slack = s));
beforeEach(() => {
  waits = [];
});

const since = new Date(Date.now() - 60_000);
const message = (text: string): SlackMessage => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }] });

/** A poster whose retry waits are recorded in `waits`; its limiter runs on a clock of its own that never waits. */
function poster(options: ConstructorParameters<typeof DigestPoster>[1] = {}) {
  return new DigestPoster(digestTestClient(slack), {
    sleep: async (ms) => {
      waits.push(ms);
    },
    rate: new PostRateLimiter({}, { now: () => 0, sleep: async () => undefined }),
    ...options,
  });
}

describe('DigestPoster', () => {
  it('posts with metadata naming slot, channel and part, unfurling off, replies in the thread', async () => {
    const p = poster();
    const ts = await p.postPart({ channel: 'C0ONE', slotId: 'cron:x', part: 0, message: message('top'), since });
    const replyTs = await p.postPart({ channel: 'C0ONE', slotId: 'cron:x', part: 1, message: message('reply'), since, threadTs: ts });
    expect(replyTs).not.toBe(ts);
    const [top, reply] = slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.body);
    expect(top).toMatchObject({ channel: 'C0ONE', text: 'top', unfurl_links: 'false', unfurl_media: 'false' });
    expect(top!.metadata).toEqual({ event_type: DIGEST_EVENT_TYPE, event_payload: { slot_id: 'cron:x', channel: 'C0ONE', part: 0 } });
    expect(top!.thread_ts).toBeUndefined();
    expect(reply).toMatchObject({ thread_ts: ts, metadata: { event_payload: { part: 1 } } });
    expect(top!.blocks).toEqual(message('top').blocks);
  });

  it('finds a posted digest and its replies by metadata, and only that slot’s', async () => {
    const p = poster();
    const ts = await p.postPart({ channel: 'C0ONE', slotId: 'cron:a', part: 0, message: message('a'), since });
    await p.postPart({ channel: 'C0ONE', slotId: 'cron:a', part: 2, message: message('a2'), since, threadTs: ts });
    await p.postPart({ channel: 'C0ONE', slotId: 'cron:b', part: 0, message: message('b'), since });
    expect(await p.findPosted('C0ONE', 'cron:a', since)).toEqual({ ts, parts: new Set([0, 2]) });
    expect(await p.findPosted('C0ONE', 'cron:c', since)).toBeNull();
    expect(await p.findPosted('C0TWO', 'cron:a', since)).toBeNull();
  });

  it('honours Retry-After on a 429 and posts once, without looking at history first', async () => {
    slack.fail('chat.postMessage', { status: 429, headers: { 'retry-after': '7' } });
    await poster().postPart({ channel: 'C0ONE', slotId: 'cron:x', part: 0, message: message('top'), since });
    expect(waits).toContain(7000);
    expect(slack.posts('C0ONE')).toHaveLength(1);
    expect(slack.count('conversations.history')).toBe(0);
  });

  it('after a 5xx Slack did act on, finds the post instead of posting it again', async () => {
    slack.fail('chat.postMessage', { status: 502, body: 'bad gateway', accepted: true });
    const ts = await poster().postPart({ channel: 'C0ONE', slotId: 'cron:x', part: 0, message: message('top'), since });
    expect(slack.posts('C0ONE').map((m) => m.ts)).toEqual([ts]);
    expect(waits[0]).toBe(2000); // the first backoff step
  });

  it('a Retry-After longer than it will wait fails now, to be retried next run', async () => {
    slack.fail('chat.postMessage', { status: 429, headers: { 'retry-after': '3600' } });
    const error = await poster()
      .postPart({ channel: 'C0ONE', slotId: 'cron:x', part: 0, message: message('top'), since })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect(error).toMatchObject({ kind: 'transient', code: 'ratelimited' });
    expect(waits).toEqual([]);
  });

  it('gives up after the last attempt with the classified error', async () => {
    slack.fail('chat.postMessage', ...Array.from({ length: 3 }, () => ({ status: 503 })));
    const error = await poster({ retry: { attempts: 3 } })
      .postPart({ channel: 'C0ONE', slotId: 'cron:x', part: 0, message: message('top'), since })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', code: 'http_503' });
    expect(waits).toEqual([2000, 6000]); // ×3 backoff between the three tries
    expect(slack.posts()).toEqual([]);
  });

  it('runs beforeAttempt before every try and stops when it throws (a lost lease)', async () => {
    slack.fail('chat.postMessage', { status: 503 });
    let attempts = 0;
    const error = await poster()
      .postPart({
        channel: 'C0ONE',
        slotId: 'cron:x',
        part: 0,
        message: message('top'),
        since,
        beforeAttempt: async () => {
          if (++attempts === 2) throw new Error('lease lost');
        },
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('lease lost');
    expect(slack.count('chat.postMessage')).toBe(1);
  });

  it('tells the limiter about a 429, which holds that channel back for Retry-After', async () => {
    let now = 0;
    const limiter = new PostRateLimiter({}, { now: () => now, sleep: async (ms) => void (now += ms) });
    slack.fail('chat.postMessage', { status: 429, headers: { 'retry-after': '4' } });
    await poster({ rate: limiter, sleep: async (ms) => void (now += ms) }).postPart({ channel: 'C0ONE', slotId: 'cron:x', part: 0, message: message('top'), since });
    expect(now).toBeGreaterThanOrEqual(4000); // the retry came after Retry-After
    expect(limiter.currentRate()).toBe(limiter.policy.perSecond / 2 * 1.02); // halved by the 429, then one success
  });
});

describe('createDigestClient', () => {
  it('neither retries nor queues a 429 itself: the poster does', async () => {
    slack.fail('chat.postMessage', { status: 503 });
    const client = createDigestClient({ botToken: TEST_BOT_TOKEN, appToken: null, signingSecret: null, port: 0, host: null, apiUrl: slack.apiUrl });
    await expect(client.chat.postMessage({ channel: 'C0ONE', text: 'x' })).rejects.toThrow();
    expect(slack.count('chat.postMessage')).toBe(1);
  });
});
