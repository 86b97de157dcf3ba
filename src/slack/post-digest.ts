// The one place that posts digests to Slack. Every digest message carries metadata naming its slot,
// channel and part, so after a crash or an ambiguous failure (5xx, timeout) we look in the channel's
// history before posting again instead of risking a second copy. Retries are ours, not the
// WebClient's: it would re-post blindly after a 5xx.
import { webApi } from '@slack/bolt';
import type { Logger } from '@slack/bolt';
import type { SlackSettings } from '../config.ts';
import { redactSecrets } from '../log.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;

/** `metadata.event_type` of every digest message. */
export const DIGEST_EVENT_TYPE = 'healthnews_digest';

/** One message to post (the top-level one is part 0; thread replies follow). */
export interface OutgoingMessage {
  text: string;
  blocks: unknown[];
}

export interface RetryPolicy {
  /** Tries per message, the first included. */
  attempts: number;
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the delivery fails now and is retried next run. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  attempts: 5,
  firstDelayMs: 2_000,
  factor: 3,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 10 * 60_000,
});

/**
 * Why a call failed, decided from the error: `transient` (retry; `maybeDelivered` when Slack may
 * have accepted the post anyway), `channel` (this channel only, permanent until someone acts) or
 * `global` (the token or app: every channel would fail the same way).
 */
export type SlackFailureKind = 'transient' | 'channel' | 'global';

/** A Slack call that failed, with a message safe to log and show (no secrets) that says how to fix it. */
export class SlackDeliveryError extends Error {
  constructor(
    readonly kind: SlackFailureKind,
    readonly code: string,
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly maybeDelivered = false,
  ) {
    super(redactSecrets(message));
    this.name = 'SlackDeliveryError';
  }
}

const GLOBAL_CODES: Record<string, string> = {
  invalid_auth: 'the bot token is not valid; copy the current Bot User OAuth Token into SLACK_BOT_TOKEN',
  not_authed: 'no bot token was sent; set SLACK_BOT_TOKEN',
  account_inactive: 'the bot user or workspace is deactivated; reinstall the app',
  token_revoked: 'the bot token was revoked; reinstall the app and update SLACK_BOT_TOKEN',
  token_expired: 'the bot token expired; reinstall the app and update SLACK_BOT_TOKEN',
  missing_scope: 'the app lacks a scope (chat:write, channels:history, groups:history); add it and reinstall',
  no_permission: 'the app is not allowed to do this here; check its scopes and reinstall',
  team_access_not_granted: 'the app is not granted access to this workspace; reinstall it',
};

const CHANNEL_CODES: Record<string, string> = {
  not_in_channel: 'the bot is not in this channel; invite it with /invite @healthnews',
  channel_not_found:
    'the channel does not exist or is private and the bot is not in it; invite the bot with /invite @healthnews, or /healthnews unsubscribe',
  is_archived: 'the channel is archived; unarchive it or /healthnews unsubscribe',
  restricted_action: 'posting in this channel is restricted (announcement-only or a workspace policy); allow the bot to post or unsubscribe',
  restricted_action_read_only_channel: 'the channel is read-only for the bot; allow it to post or unsubscribe',
  restricted_action_thread_only_channel: 'the channel only allows thread replies; allow the bot to post or unsubscribe',
  restricted_action_non_threadable_channel: 'the channel does not allow threads; pick another channel for the digest',
  ekm_access_denied: 'the channel is locked by Enterprise Key Management; ask an admin',
  msg_blocks_too_long: 'Slack rejected the digest as too long; this is a healthnews bug, please report it',
  invalid_blocks: 'Slack rejected the digest layout; this is a healthnews bug, please report it',
  message_limit_exceeded: 'the workspace is over its message limit',
};

const TRANSIENT_CODES = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * Sorts a WebClient error into transient / channel / global with a one-line explanation.
 *
 * @example classifySlackError(platformError('not_in_channel')).kind // → 'channel'
 */
export function classifySlackError(error: unknown, what: string): SlackDeliveryError {
  if (error instanceof SlackDeliveryError) return error;
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new SlackDeliveryError('transient', 'ratelimited', `${what}: rate limited, retry after ${error.retryAfter} s`, error.retryAfter * 1000, false);
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    const retryAfter = Number.parseInt(error.headers['retry-after'] ?? '', 10);
    const transient = error.statusCode >= 500 || error.statusCode === 408;
    return new SlackDeliveryError(
      transient ? 'transient' : 'channel',
      `http_${error.statusCode}`,
      `${what}: Slack answered HTTP ${error.statusCode} ${error.statusMessage}`,
      Number.isFinite(retryAfter) ? retryAfter * 1000 : null,
      transient,
    );
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (code in GLOBAL_CODES) return new SlackDeliveryError('global', code, `${what}: ${code} — ${GLOBAL_CODES[code]}`);
    if (code in CHANNEL_CODES) return new SlackDeliveryError('channel', code, `${what}: ${code} — ${CHANNEL_CODES[code]}`);
    if (TRANSIENT_CODES.has(code)) return new SlackDeliveryError('transient', code, `${what}: ${code} (Slack-side, will retry)`, null, true);
    return new SlackDeliveryError('channel', code, `${what}: Slack refused with "${code}"`);
  }
  if (error instanceof webApi.WebAPIRequestError) {
    return new SlackDeliveryError('transient', 'network', `${what}: could not reach Slack (${error.original.message})`, null, true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SlackDeliveryError('transient', 'unknown', `${what}: ${message}`, null, true);
}

/**
 * A WebClient for digests: no automatic retries and 429 surfaced as errors, because
 * {@link DigestPoster} retries itself and checks history first. Do not post digests with Bolt's
 * `app.client`: its own retries would post twice after an ambiguous 5xx.
 */
export function createDigestClient(slack: SlackSettings, logger?: Logger): WebClient {
  return new webApi.WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...(logger ? { logger } : {}),
  });
}

/** Where a digest already is in Slack: its top-level ts and which parts (0 = top) were found. */
export interface PostedDigest {
  ts: string;
  parts: Set<number>;
}

interface MessageWithMetadata {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

function digestPart(message: MessageWithMetadata, slotId: string, channel: string): number | null {
  const meta = message.metadata;
  if (meta?.event_type !== DIGEST_EVENT_TYPE) return null;
  const payload = meta.event_payload ?? {};
  if (payload.slot_id !== slotId || payload.channel !== channel) return null;
  return typeof payload.part === 'number' ? payload.part : null;
}

/**
 * How fast digests may be posted. Slack allows about one chat.postMessage per second per channel
 * and a workspace-wide limit it does not publish; posting faster only earns 429s and waits.
 */
export interface PostRatePolicy {
  /**
   * Posts per second across all channels, at most. Default 50: Slack publishes no workspace figure,
   * and 50/s is the overall limit our benchmark stand-in enforces (issue 5); it is only a ceiling,
   * because a 429 halves the rate (down to `minPerSecond`) and successes bring it back by 2% each,
   * so a workspace with a lower limit is found by backing off.
   */
  perSecond: number;
  /** Lowest rate a run of 429s can push the limiter to. */
  minPerSecond: number;
  /** Gap between the end of one post in a channel and the start of the next: Slack's 1 per second. */
  channelIntervalMs: number;
}

export const DEFAULT_POST_RATE: PostRatePolicy = Object.freeze({ perSecond: 50, minPerSecond: 1, channelIntervalMs: 1_000 });

/**
 * Paces posts: a global token bucket (one token every 1/rate seconds, no burst, so no one-second
 * window ever sees more than the rate) and a per-channel gap. Each caller reserves its slot and
 * sleeps once, so waiting callers queue in order and nothing polls. A 429 blocks its channel for
 * Retry-After and halves the global rate; successes bring it back.
 *
 * @example
 * const limiter = new PostRateLimiter();
 * await limiter.acquire('C0123');
 * try { await post(); limiter.succeeded('C0123'); } catch (e) { limiter.rateLimited('C0123', 1000); throw e; }
 */
export class PostRateLimiter {
  readonly policy: PostRatePolicy;
  private rate: number;
  /** When the next global token is free (ms, on `now`'s clock). */
  private nextGlobalAt = 0;
  /** Per channel: not before this time. */
  private readonly channelFreeAt = new Map<string, number>();
  /** When the rate was last halved: 429s within a second of it are the same overload, not a new one. */
  private lastSlowDownAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    policy: Partial<PostRatePolicy> = {},
    clock: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
  ) {
    this.policy = { ...DEFAULT_POST_RATE, ...policy };
    if (!(this.policy.perSecond > 0) || !(this.policy.minPerSecond > 0) || this.policy.channelIntervalMs < 0) {
      throw new RangeError(`post rate: perSecond and minPerSecond must be above 0 and channelIntervalMs at least 0, got ${JSON.stringify(this.policy)}`);
    }
    this.rate = this.policy.perSecond;
    this.now = clock.now ?? (() => performance.now());
    this.sleep = clock.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The current global rate (posts per second), lower than the policy's after 429s. */
  currentRate(): number {
    return this.rate;
  }

  /** Waits until `channel` may post: first its own gap, then a global token. */
  async acquire(channel: string): Promise<void> {
    const channelWait = (this.channelFreeAt.get(channel) ?? 0) - this.now();
    if (channelWait > 0) await this.sleep(channelWait);
    // Reserved after the channel wait, so a channel waiting out its gap holds no global token.
    const now = this.now();
    const at = Math.max(now, this.nextGlobalAt);
    this.nextGlobalAt = at + 1000 / this.rate;
    // Until this post finishes nobody else posts here; succeeded() sets the real gap.
    this.channelFreeAt.set(channel, Number.POSITIVE_INFINITY);
    if (at > now) await this.sleep(at - now);
  }

  /** The post went through (or failed for a reason other than the rate): start the channel's gap. */
  succeeded(channel: string): void {
    this.channelFreeAt.set(channel, this.now() + this.policy.channelIntervalMs);
    // Multiplicative, so the way back from half the rate takes ~35 posts at any rate, not minutes.
    this.rate = Math.min(this.policy.perSecond, this.rate * 1.02);
  }

  /**
   * Slack said 429: block the channel for Retry-After (at least the usual gap) and halve the rate,
   * once per second at most: the posts already in flight when the limit was hit come back 429
   * together, and halving for each would collapse the rate to the floor for one overload.
   */
  rateLimited(channel: string, retryAfterMs: number | null): void {
    const now = this.now();
    this.channelFreeAt.set(channel, now + Math.max(retryAfterMs ?? 0, this.policy.channelIntervalMs));
    if (now - this.lastSlowDownAt < 1000) return;
    this.lastSlowDownAt = now;
    this.rate = Math.max(this.policy.minPerSecond, this.rate / 2);
  }

  /** Forgets channels whose gap is over, so a long-running bot does not keep one entry per channel ever posted to. */
  forgetIdle(): void {
    const now = this.now();
    for (const [channel, freeAt] of this.channelFreeAt) if (freeAt <= now) this.channelFreeAt.delete(channel);
  }
}

const HISTORY_PAGES = 10; // 10 × 200 messages since the slot: more than any channel writes between slot and retry

export interface DigestPosterOptions {
  retry?: Partial<RetryPolicy>;
  /** Waits between attempts and for the rate limiter; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /** Paces chat.postMessage (shared by every channel this poster serves); default {@link DEFAULT_POST_RATE}. */
  rate?: Partial<PostRatePolicy> | PostRateLimiter;
}

/** Posts digest messages with metadata, retries with backoff (honouring Retry-After), and finds earlier copies. */
export class DigestPoster {
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: Logger | undefined;
  /** Shared by every channel of a run, so concurrent channels together keep to the workspace rate. */
  readonly limiter: PostRateLimiter;

  constructor(
    private readonly client: WebClient,
    options: DigestPosterOptions = {},
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.logger = options.logger;
    this.limiter = options.rate instanceof PostRateLimiter ? options.rate : new PostRateLimiter(options.rate, { sleep: this.sleep });
  }

  /**
   * Looks for the digest of `slotId` in `channel` posted at or after `since`: the top-level message
   * by its metadata in `conversations.history`, then its replies. Null when it is not there.
   */
  async findPosted(channel: string, slotId: string, since: Date): Promise<PostedDigest | null> {
    const oldest = (Math.floor(since.getTime() / 1000) - 1).toString();
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const history = await this.call('conversations.history', channel, () =>
        this.client.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) }),
      );
      for (const message of (history.messages ?? []) as MessageWithMetadata[]) {
        if (digestPart(message, slotId, channel) === 0 && message.ts) {
          return { ts: message.ts, parts: await this.findReplies(channel, slotId, message.ts) };
        }
      }
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!history.has_more || !cursor) break;
    }
    return null;
  }

  private async findReplies(channel: string, slotId: string, ts: string): Promise<Set<number>> {
    const parts = new Set<number>([0]);
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const replies = await this.call('conversations.replies', channel, () =>
        this.client.conversations.replies({ channel, ts, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) }),
      );
      for (const message of (replies.messages ?? []) as MessageWithMetadata[]) {
        const part = digestPart(message, slotId, channel);
        if (part !== null) parts.add(part);
      }
      cursor = replies.response_metadata?.next_cursor || undefined;
      if (!replies.has_more || !cursor) break;
    }
    return parts;
  }

  /** One call with our retry policy; the error thrown at the end is a classified {@link SlackDeliveryError}. */
  private async call<T>(method: string, channel: string, run: () => Promise<T>, beforeRetry?: (failure: SlackDeliveryError) => Promise<T | null>): Promise<T> {
    let delay = this.retry.firstDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        const failure = classifySlackError(error, `${method} in ${channel}`);
        if (failure.kind !== 'transient' || attempt >= this.retry.attempts) throw failure;
        if (failure.retryAfterMs !== null && failure.retryAfterMs > this.retry.maxRetryAfterMs) throw failure;
        // A 429 says exactly when to come back (and that nothing was posted); other failures back off.
        const wait =
          failure.code === 'ratelimited' && failure.retryAfterMs !== null
            ? failure.retryAfterMs
            : Math.max(failure.retryAfterMs ?? 0, Math.min(delay, this.retry.maxDelayMs));
        this.logger?.warn(`${failure.message}; attempt ${attempt} of ${this.retry.attempts}, retrying in ${Math.round(wait / 1000)} s`);
        await this.sleep(wait);
        delay *= this.retry.factor;
        if (beforeRetry) {
          const already = await beforeRetry(failure);
          if (already !== null) return already;
        }
      }
    }
  }

  /**
   * Posts part `part` of the digest for `slotId` (part 0 top-level, others into `threadTs`) and
   * returns its ts. After an ambiguous failure it looks for the part in Slack before posting again.
   * `beforeAttempt` runs before every try (the caller renews its lease there).
   */
  async postPart(
    channel: string,
    slotId: string,
    part: number,
    message: OutgoingMessage,
    options: { threadTs?: string; since: Date; beforeAttempt?: () => void },
  ): Promise<string> {
    const metadata = { event_type: DIGEST_EVENT_TYPE, event_payload: { slot_id: slotId, channel, part } };
    options.beforeAttempt?.();
    return this.call(
      'chat.postMessage',
      channel,
      async () => {
        await this.limiter.acquire(channel);
        let result;
        try {
          result = await this.client.chat.postMessage({
            channel,
            text: message.text,
            blocks: message.blocks as never,
            metadata,
            unfurl_links: false,
            unfurl_media: false,
            ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
          });
        } catch (error) {
          const failure = classifySlackError(error, `chat.postMessage in ${channel}`);
          if (failure.code === 'ratelimited' || failure.code === 'http_429') this.limiter.rateLimited(channel, failure.retryAfterMs);
          else this.limiter.succeeded(channel);
          throw failure;
        }
        this.limiter.succeeded(channel);
        if (!result.ts) throw new SlackDeliveryError('transient', 'no_ts', `chat.postMessage in ${channel}: Slack accepted the post but sent no ts`);
        return result.ts;
      },
      async (failure) => {
        options.beforeAttempt?.();
        if (!failure.maybeDelivered) return null;
        // Slack may have taken the message before failing: look before posting it again.
        if (part === 0) return (await this.findPosted(channel, slotId, options.since))?.ts ?? null;
        const parts = await this.findReplies(channel, slotId, options.threadTs!);
        return parts.has(part) ? options.threadTs! : null;
      },
    );
  }
}
