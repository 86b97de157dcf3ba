// Sorting Web API failures into the digest's kinds, on the errors the real WebClient throws (against
// the loopback stand-in): what is retried, what waits for someone to act on one channel, and what
// stops the whole run; each message says how to fix it and never carries the token.
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/digest/digest-ports.ts';
import { classifySlackError, SlackDeliveryError } from '../../src/slack/slack-delivery-error.ts';
import { startWebApiStandIn, TEST_BOT_TOKEN, type ScriptedFailure, type StandIn } from '../helpers/web-api-stand-in.ts';
import { digestTestClient, standInForEachTest } from '../helpers/web-api-stand-in-tests.ts';

let slack: StandIn;
standInForEachTest((s) => (slack = s));

/** What chat.postMessage throws when the stand-in answers with `failure` (or a channel error). */
async function thrownBy(failure: ScriptedFailure | { error: string }): Promise<unknown> {
  if ('error' in failure) slack.channelErrors.set('C0ONE', failure.error);
  else slack.fail('chat.postMessage', failure);
  return digestTestClient(slack)
    .chat.postMessage({ channel: 'C0ONE', text: 'x' })
    .then(
      () => expect.unreachable('the call succeeded'),
      (error: unknown) => error,
    );
}

describe('classifySlackError', () => {
  it('a revoked or invalid token stops the run, naming SLACK_BOT_TOKEN', async () => {
    const failure = classifySlackError(await thrownBy({ error: 'invalid_auth' }), 'chat.postMessage in C0ONE');
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ kind: 'global', code: 'invalid_auth' });
    expect(failure.message).toBe('chat.postMessage in C0ONE: invalid_auth — the bot token is not valid; copy the current Bot User OAuth Token into SLACK_BOT_TOKEN');
    expect(classifySlackError(await thrownBy({ error: 'missing_scope' }), 'x').kind).toBe('global');
  });

  it('a channel the bot cannot post in fails that channel only, with the fix', async () => {
    const failure = classifySlackError(await thrownBy({ error: 'not_in_channel' }), 'chat.postMessage in C0ONE');
    expect(failure).toMatchObject({ kind: 'channel', code: 'not_in_channel', maybeDelivered: false });
    expect(failure.message).toMatch(/invite it with \/invite @healthnews$/);
    expect(classifySlackError(await thrownBy({ error: 'is_archived' }), 'x').kind).toBe('channel');
    // A code we do not know: refused for this channel, quoted as Slack sent it.
    expect(classifySlackError(await thrownBy({ error: 'brand_new_error' }), 'x')).toMatchObject({ kind: 'channel', message: 'x: Slack refused with "brand_new_error"' });
  });

  it('a 429 is transient, carries Retry-After in ms, and was certainly not posted', async () => {
    const failure = classifySlackError(await thrownBy({ status: 429, headers: { 'retry-after': '7' } }), 'chat.postMessage in C0ONE');
    expect(failure).toMatchObject({ kind: 'transient', code: 'ratelimited', retryAfterMs: 7000, maybeDelivered: false, rateLimited: true });
  });

  it('a 5xx is transient and may have been posted (so history is checked before posting again)', async () => {
    const failure = classifySlackError(await thrownBy({ status: 503, headers: { 'retry-after': '2' } }), 'chat.postMessage in C0ONE');
    expect(failure).toMatchObject({ kind: 'transient', code: 'http_503', retryAfterMs: 2000, maybeDelivered: true, rateLimited: false });
    expect(failure.message).toMatch(/Slack answered HTTP 503/);
    expect(classifySlackError(await thrownBy({ status: 400 }), 'x')).toMatchObject({ kind: 'channel', code: 'http_400', maybeDelivered: false });
  });

  it('Slack-side errors reported in the body are transient', async () => {
    expect(classifySlackError(await thrownBy({ error: 'internal_error' }), 'x')).toMatchObject({ kind: 'transient', maybeDelivered: true });
  });

  it('an unreachable Slack is transient', async () => {
    const gone = await startWebApiStandIn();
    await gone.close();
    const error = await digestTestClient(gone).chat.postMessage({ channel: 'C0ONE', text: 'x' }).catch((e: unknown) => e);
    expect(classifySlackError(error, 'x')).toMatchObject({ kind: 'transient', code: 'network', maybeDelivered: true });
  });

  it('an already classified error comes back as it is; anything else is transient', () => {
    const classified = new SlackDeliveryError('channel', 'not_in_channel', 'm');
    expect(classifySlackError(classified, 'x')).toBe(classified);
    expect(classifySlackError(new Error('boom'), 'x')).toMatchObject({ kind: 'transient', code: 'unknown', message: 'x: boom' });
  });

  it('never lets a token into the message', () => {
    const failure = classifySlackError(new Error(`request with ${TEST_BOT_TOKEN} failed`), 'x');
    expect(failure.message).not.toContain(TEST_BOT_TOKEN);
  });
});
