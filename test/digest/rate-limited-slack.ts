// A loopback stand-in for the Web API methods digests use, enforcing Slack-like posting limits:
// at most `perChannelPerSecond` posts per channel and `overallPerSecond` overall in any sliding
// one-second window, answering 429 with Retry-After beyond that. Keeps what it accepted (with
// metadata) so history checks work, and counts everything for exactly-once assertions.
// Shared by the fan-out test and `benchmarks/digest-bench.ts`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RateLimitedSlackOptions {
  perChannelPerSecond?: number;
  overallPerSecond?: number;
  /** Seconds sent in Retry-After. */
  retryAfterSeconds?: number;
  /** Extra 429s for these 1-based chat.postMessage call numbers, to exercise the retry path on purpose. */
  forced429?: ReadonlySet<number>;
}

interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  metadata?: unknown;
}

export interface RateLimitedSlack {
  /** Base URL for the WebClient, ending in `/api/`. */
  apiUrl: string;
  /** Accepted posts per channel. */
  postsPerChannel(): Map<string, number>;
  accepted(): number;
  /** 429 answers given (forced ones included). */
  rateLimited(): number;
  /** The largest number of accepted posts seen in any one-second window, overall. */
  busiestSecond(): number;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 and an ephemeral port. */
export async function startRateLimitedSlack(options: RateLimitedSlackOptions = {}): Promise<RateLimitedSlack> {
  const perChannelGapMs = 1000 / (options.perChannelPerSecond ?? 1);
  const overall = options.overallPerSecond ?? 50;
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const messages: StoredMessage[] = [];
  const lastPostAt = new Map<string, number>();
  const counts = new Map<string, number>();
  // Accept times of the posts still inside the sliding window (oldest first).
  const window: number[] = [];
  let busiest = 0;
  let limited = 0;
  let postCalls = 0;
  let sequence = 0;

  const handle = (method: string, body: Record<string, string>): [number, unknown, Record<string, string>?] => {
    if (method === 'auth.test') return [200, { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0001' }];
    if (method === 'chat.postMessage') {
      postCalls++;
      const now = performance.now();
      while (window.length > 0 && window[0]! <= now - 1000) window.shift();
      const channel = body.channel ?? '';
      const last = lastPostAt.get(channel);
      if (options.forced429?.has(postCalls) || window.length >= overall || (last !== undefined && now - last < perChannelGapMs)) {
        limited++;
        return [429, { ok: false, error: 'ratelimited' }, { 'retry-after': retryAfter }];
      }
      window.push(now);
      busiest = Math.max(busiest, window.length);
      lastPostAt.set(channel, now);
      counts.set(channel, (counts.get(channel) ?? 0) + 1);
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++sequence).padStart(6, '0')}`;
      const message: StoredMessage = { channel, ts, text: body.text ?? '', metadata: body.metadata ? JSON.parse(body.metadata) : undefined };
      if (body.thread_ts) message.thread_ts = body.thread_ts;
      messages.push(message);
      return [200, { ok: true, channel, ts }];
    }
    const withMetadata = body.include_all_metadata === 'true';
    const strip = (m: StoredMessage) => ({ ts: m.ts, text: m.text, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), ...(withMetadata ? { metadata: m.metadata } : {}) });
    if (method === 'conversations.history') {
      const oldest = Number(body.oldest ?? 0);
      const found = messages.filter((m) => m.channel === body.channel && !m.thread_ts && Number(m.ts) >= oldest).reverse();
      return [200, { ok: true, messages: found.map(strip), has_more: false }];
    }
    if (method === 'conversations.replies') {
      const thread = messages.filter((m) => m.channel === body.channel && (m.ts === body.ts || m.thread_ts === body.ts));
      return [200, { ok: true, messages: thread.map(strip), has_more: false }];
    }
    return [200, { ok: false, error: 'unknown_method' }];
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const method = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api\//, '');
      const body = raw.startsWith('{') ? (JSON.parse(raw) as Record<string, string>) : Object.fromEntries(new URLSearchParams(raw));
      const [status, payload, headers] = handle(method, body);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    postsPerChannel: () => new Map(counts),
    accepted: () => messages.length,
    rateLimited: () => limited,
    busiestSecond: () => busiest,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
