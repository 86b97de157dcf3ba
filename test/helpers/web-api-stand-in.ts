// The one stand-in for Slack's Web API and response_urls in the tests and the digest benchmark: a
// loopback HTTP server, so it serves a WebClient in this process and a bot run as a child process
// alike (where nock cannot reach). It answers auth.test, keeps the messages chat.postMessage
// accepted (with metadata, so conversations.history / conversations.replies behave like Slack's),
// records every POST, and can be told to fail: queued failures per method, a standing error per
// channel, and Slack's posting limits with 429 + Retry-After beyond them. Other methods answer
// `{ ok: true, ts }` unless `answers` says otherwise.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A bot token for tests: the redaction tests look for it in logs. */
export const TEST_BOT_TOKEN = 'xoxb-111-222-digesttesttoken';

/** A message the stand-in accepted. */
export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: any[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** One scripted failure: the HTTP status, headers and body to answer with. */
export interface ScriptedFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** chat.postMessage only: keep the message as if Slack took it, then answer with the failure (the answer was lost). */
  accepted?: boolean;
}

/**
 * Posting limits to enforce on chat.postMessage, as Slack does: a minimum gap per channel and at
 * most `workspaceLimit` posts in any `workspaceWindowMs` window; beyond them, 429 with Retry-After.
 */
export interface PostingLimits {
  channelIntervalMs: number;
  workspaceLimit: number;
  workspaceWindowMs: number;
  /** Seconds sent in Retry-After. */
  retryAfterSeconds?: number;
  /** Extra 429s for these 1-based chat.postMessage call numbers, to exercise the retry path on purpose. */
  forced429?: ReadonlySet<number>;
}

/**
 * Slack's published chat.postMessage limits ("Special" tier, docs.slack.dev/reference/methods/chat.postMessage,
 * "Rate limiting"): 1 message per second to a channel, and "several hundred messages per minute"
 * across the workspace, of which the stand-in allows the low end: 300 in any minute. Written out
 * here, not imported: the stand-in plays Slack, it does not ask our code what Slack allows.
 */
export const SLACK_POSTING_LIMITS: PostingLimits = Object.freeze({ channelIntervalMs: 1_000, workspaceLimit: 300, workspaceWindowMs: 60_000 });

export interface StandInOptions {
  /** What auth.test answers. */
  authTest?: Record<string, unknown>;
  /** Answers other methods (`method` like `conversations.info`) with a JSON body, or undefined for the default. */
  answers?: StandInAnswer;
  /** Enforce these posting limits (none by default). */
  limits?: PostingLimits;
  /** The stand-in's clock for the limits (ms); default `performance.now`. */
  now?: () => number;
}

export interface StandIn {
  /** Base URL for SLACK_API_URL, ending in `/api/`. */
  apiUrl: string;
  /** A response_url served by the stand-in. */
  responseUrl(name: string): string;
  /** Resolves with the JSON body of the first POST to `path` not yet taken. */
  nextPost(path: string, timeoutMs?: number): Promise<Record<string, any>>;
  /** Every POST to `path` so far, in order (whether or not `nextPost` took it), bodies as sent. */
  received(path: string): Array<Record<string, any>>;
  /** Every Web API call so far, in order, `blocks` and `metadata` decoded. */
  calls: Array<{ method: string; body: Record<string, any> }>;
  /** Calls of `method` so far. */
  count(method: string): number;
  /** Messages accepted (in `channel`), in order. */
  posts(channel?: string): StoredMessage[];
  /** Accepted top-level messages (in `channel`). */
  topLevel(channel?: string): StoredMessage[];
  /** Queues failures for the next calls of `method`, in order. */
  fail(method: string, ...failures: ScriptedFailure[]): void;
  /** Channels whose chat.postMessage answers `{ ok: false, error }`, every time. */
  channelErrors: Map<string, string>;
  /** Accepted posts per channel. */
  postsPerChannel(): Map<string, number>;
  /** 429 answers given (forced ones included). */
  rateLimited(): number;
  /** The most accepted posts seen in one workspace window (with `limits`). */
  busiestWindow(): number;
  close(): Promise<void>;
}

/** Answers a Web API call (`method` like `conversations.info`) with a JSON body, or undefined for the default. */
export type StandInAnswer = (method: string, body: Record<string, any>) => Record<string, unknown> | undefined;

/** A request body as sent: form-encoded (the WebClient's way) or JSON. */
function parseBody(raw: string): Record<string, any> {
  return raw.startsWith('{') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
}

/** The same with `blocks` and `metadata` decoded, as Slack stores them. */
function decodeFields(body: Record<string, any>): Record<string, any> {
  const decoded = { ...body };
  for (const key of ['blocks', 'metadata']) if (typeof decoded[key] === 'string') decoded[key] = JSON.parse(decoded[key]);
  return decoded;
}

/** Starts the stand-in on 127.0.0.1 and an ephemeral port. */
export async function startWebApiStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const authTest = options.authTest ?? { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0001' };
  const answers = options.answers ?? (() => undefined);
  const limits = options.limits;
  const now = options.now ?? (() => performance.now());
  let sequence = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++sequence).padStart(6, '0')}`;
  const messages: StoredMessage[] = [];
  const calls: Array<{ method: string; body: Record<string, any> }> = [];
  const failures = new Map<string, ScriptedFailure[]>();
  const channelErrors = new Map<string, string>();
  const posts = new Map<string, Array<Record<string, any>>>();
  const history = new Map<string, Array<Record<string, any>>>();
  const waiters = new Map<string, Array<(body: Record<string, any>) => void>>();
  // Posting limits: the last accepted post per channel and the accept times inside the workspace window.
  const lastPostAt = new Map<string, number>();
  const window: number[] = [];
  let busiest = 0;
  let limited = 0;
  let postCalls = 0;

  const accept = (body: Record<string, any>): StoredMessage => {
    const message: StoredMessage = { channel: body.channel, ts: nextTs(), text: body.text ?? '', blocks: body.blocks ?? [], metadata: body.metadata };
    if (body.thread_ts) message.thread_ts = body.thread_ts;
    messages.push(message);
    return message;
  };

  /** Over a posting limit: the 429 to answer, else null (and the post is counted against the limits). */
  const overLimit = (channel: string): [number, unknown, Record<string, string>] | null => {
    if (!limits) return null;
    postCalls++;
    const at = now();
    while (window.length > 0 && window[0]! <= at - limits.workspaceWindowMs) window.shift();
    const last = lastPostAt.get(channel);
    if (limits.forced429?.has(postCalls) || window.length >= limits.workspaceLimit || (last !== undefined && at - last < limits.channelIntervalMs)) {
      limited++;
      return [429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limits.retryAfterSeconds ?? 1) }];
    }
    window.push(at);
    busiest = Math.max(busiest, window.length);
    lastPostAt.set(channel, at);
    return null;
  };

  const handle = (method: string, body: Record<string, any>): [number, unknown, Record<string, string>?] => {
    calls.push({ method, body });
    const failure = failures.get(method)?.shift();
    if (failure) {
      if (failure.accepted && method === 'chat.postMessage') accept(body);
      return [failure.status, failure.body ?? '', failure.headers ?? {}];
    }
    const answer = answers(method, body);
    if (answer) return [200, answer];
    const withMetadata = body.include_all_metadata === 'true' || body.include_all_metadata === true;
    const strip = (m: StoredMessage) => ({
      ts: m.ts,
      text: m.text,
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(withMetadata ? { metadata: m.metadata } : {}),
    });
    switch (method) {
      case 'chat.postMessage': {
        const error = channelErrors.get(body.channel);
        if (error) return [200, { ok: false, error }];
        const refused = overLimit(body.channel ?? '');
        if (refused) return refused;
        const message = accept(body);
        return [200, { ok: true, channel: body.channel, ts: message.ts }];
      }
      case 'conversations.history': {
        const oldest = Number(body.oldest ?? 0);
        const found = messages.filter((m) => m.channel === body.channel && !m.thread_ts && Number(m.ts) >= oldest).reverse();
        return [200, { ok: true, messages: found.map(strip), has_more: false }];
      }
      case 'conversations.replies': {
        const thread = messages.filter((m) => m.channel === body.channel && (m.ts === body.ts || m.thread_ts === body.ts));
        return [200, { ok: true, messages: thread.map(strip), has_more: false }];
      }
      default:
        // Like Slack: the current second, made unique by the fraction.
        return [200, { ok: true, ts: nextTs() }];
    }
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/api/auth.test') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(authTest));
        return;
      }
      const body = parseBody(raw);
      history.set(path, [...(history.get(path) ?? []), body]);
      const waiting = waiters.get(path)?.shift();
      if (waiting) waiting(body);
      else posts.set(path, [...(posts.get(path) ?? []), body]);
      const [status, payload, headers] = path.startsWith('/api/') ? handle(path.slice('/api/'.length), decodeFields(body)) : [200, { ok: true }];
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const inChannel = (channel?: string) => messages.filter((m) => channel === undefined || m.channel === channel);
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (name) => `${base}/respond/${name}`,
    nextPost(path, timeoutMs = 10_000) {
      const ready = posts.get(path)?.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no POST to ${path} within ${timeoutMs} ms`)), timeoutMs);
        waiters.set(path, [
          ...(waiters.get(path) ?? []),
          (body) => {
            clearTimeout(timer);
            resolve(body);
          },
        ]);
      });
    },
    received: (path) => [...(history.get(path) ?? [])],
    calls,
    count: (method) => calls.filter((c) => c.method === method).length,
    posts: inChannel,
    topLevel: (channel) => inChannel(channel).filter((m) => !m.thread_ts),
    fail(method, ...more) {
      failures.set(method, [...(failures.get(method) ?? []), ...more]);
    },
    channelErrors,
    postsPerChannel() {
      const counts = new Map<string, number>();
      for (const m of messages) counts.set(m.channel, (counts.get(m.channel) ?? 0) + 1);
      return counts;
    },
    rateLimited: () => limited,
    busiestWindow: () => busiest,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
