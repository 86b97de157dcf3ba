// A stand-in for the three Web API methods digests use (chat.postMessage, conversations.history,
// conversations.replies), served through nock: it keeps the messages it accepted, with metadata,
// so history checks behave like Slack's. Failures can be queued per method to script 429/5xx/errors.
import nock from 'nock';
import { webApi } from '@slack/bolt';

export const API_ORIGIN = 'https://slack-digest.test';
export const API_URL = `${API_ORIGIN}/api/`;
export const TOKEN = 'xoxb-111-222-digesttesttoken';

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: any[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

type Failure = { status: number; headers?: Record<string, string>; body?: unknown };
type Method = 'chat.postMessage' | 'conversations.history' | 'conversations.replies';

function parseBody(body: unknown): Record<string, any> {
  const params = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, any>);
  const out: Record<string, any> = { ...params };
  for (const key of ['blocks', 'metadata']) {
    if (typeof out[key] === 'string') out[key] = JSON.parse(out[key]);
  }
  return out;
}

export class FakeSlack {
  readonly messages: FakeMessage[] = [];
  readonly calls: { method: Method; body: Record<string, any> }[] = [];
  private readonly failures = new Map<Method, Failure[]>();
  /** Channels that answer chat.postMessage with this error code, every time. */
  readonly channelErrors = new Map<string, string>();
  private sequence = 0;

  constructor() {
    for (const method of ['chat.postMessage', 'conversations.history', 'conversations.replies'] as const) {
      nock(API_ORIGIN)
        .persist()
        .post(`/api/${method}`)
        .reply((_uri, body) => this.handle(method, parseBody(body)) as any);
    }
  }

  /** Queues failures for the next calls of `method`, in order. */
  fail(method: Method, ...failures: Failure[]): this {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
    return this;
  }

  posts(channel?: string): FakeMessage[] {
    return this.messages.filter((m) => channel === undefined || m.channel === channel);
  }

  topLevel(channel?: string): FakeMessage[] {
    return this.posts(channel).filter((m) => !m.thread_ts);
  }

  count(method: Method): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  private handle(method: Method, body: Record<string, any>): [number, unknown, Record<string, string>?] {
    this.calls.push({ method, body });
    const queued = this.failures.get(method);
    const failure = queued?.shift();
    if (failure) return [failure.status, failure.body ?? '', failure.headers ?? {}];
    if (method === 'chat.postMessage') {
      const error = this.channelErrors.get(body.channel);
      if (error) return [200, { ok: false, error }];
      // Like Slack: seconds of the current time, made unique by the fraction.
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.sequence).padStart(6, '0')}`;
      const message: FakeMessage = { channel: body.channel, ts, text: body.text, blocks: body.blocks ?? [], metadata: body.metadata };
      if (body.thread_ts) message.thread_ts = body.thread_ts;
      this.messages.push(message);
      return [200, { ok: true, channel: body.channel, ts }];
    }
    const strip = (m: FakeMessage) => ({
      ts: m.ts,
      text: m.text,
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(body.include_all_metadata === 'true' || body.include_all_metadata === true ? { metadata: m.metadata } : {}),
    });
    if (method === 'conversations.history') {
      const oldest = Number(body.oldest ?? 0);
      const found = this.messages.filter((m) => m.channel === body.channel && !m.thread_ts && Number(m.ts) >= oldest).reverse();
      return [200, { ok: true, messages: found.map(strip), has_more: false }];
    }
    const thread = this.messages.filter((m) => m.channel === body.channel && (m.ts === body.ts || m.thread_ts === body.ts));
    return [200, { ok: true, messages: thread.map(strip), has_more: false }];
  }
}

/** A WebClient like the bot's digest client, pointed at the fake. */
export function digestTestClient() {
  return new webApi.WebClient(TOKEN, { slackApiUrl: API_URL, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}

export function blockNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
}
