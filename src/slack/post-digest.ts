// The one place that posts digests to Slack: the digest's delivery port. Every digest message
// carries metadata naming its slot, channel and part, so after a crash or an ambiguous failure (5xx,
// timeout) we look in the channel's history before posting again instead of risking a second copy.
// Retries are ours, not the WebClient's: it would re-post blindly after a 5xx. Pacing is the
// limiter's (post-rate-limiter.ts), sorting failures is slack-delivery-error.ts's.
import { webApi } from '@slack/bolt';
import type { Logger } from '@slack/bolt';
import type { SlackSettings } from '../config.ts';
import type { DigestDelivery, PartToPost, PostedDigest } from '../digest/digest-ports.ts';
import type { SlackMessage } from './blocks/message.ts';
import type { PostPaceStorage } from '../store/state-store.ts';
import { PostRateLimiter, type PostRatePolicy, type SharedPace } from './post-rate-limiter.ts';
import { classifySlackError, SlackDeliveryError } from './slack-delivery-error.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;

/** `metadata.event_type` of every digest message. */
export const DIGEST_EVENT_TYPE = 'healthnews_digest';

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

/** `beforeAttempt` refused a try: its reason goes to the caller as it is, never retried. */
class AttemptRefused extends Error {
  constructor(readonly reason: unknown) {
    super('the caller refused the attempt');
  }
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

const HISTORY_PAGES = 10; // 10 × 200 messages since the slot: more than any channel writes between slot and retry

export interface DigestPosterOptions {
  retry?: Partial<RetryPolicy>;
  /** Waits between attempts and for the rate limiter; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /** Paces chat.postMessage (shared by every channel this poster serves); default Slack's published limits (`DEFAULT_POST_RATE`). */
  rate?: Partial<PostRatePolicy> | PostRateLimiter;
  /** The workspace pace shared with other instances (the state store's `postPace`); without it the pace is this process's own. */
  sharedPace?: SharedPace;
}

/** The state store's post pace as the limiter takes it: one pace for chat.postMessage. */
export function chatPostMessagePace(pace: PostPaceStorage): SharedPace {
  return (intervalMs) => pace.reserve('chat.postMessage', intervalMs);
}

/**
 * The poster the bot and `digest --post` use: its own WebClient (no automatic retries) and the
 * workspace pace kept in the state, so every process posting for the app keeps to one rate.
 *
 * @example const poster = createStatePacedPoster(config.slack, store.postPace, logger);
 */
export function createStatePacedPoster(
  slack: SlackSettings,
  postPace: PostPaceStorage,
  logger: Logger,
  options: Omit<DigestPosterOptions, 'logger' | 'sharedPace'> = {},
): DigestPoster {
  return new DigestPoster(createDigestClient(slack, logger), { ...options, logger, sharedPace: chatPostMessagePace(postPace) });
}

/** Posts digest messages with metadata, retries with backoff (honouring Retry-After), and finds earlier copies. */
export class DigestPoster implements DigestDelivery<SlackMessage> {
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
    this.limiter =
      options.rate instanceof PostRateLimiter
        ? options.rate
        : new PostRateLimiter(options.rate, { sleep: this.sleep, ...(options.sharedPace ? { sharedPace: options.sharedPace } : {}) });
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
        if (error instanceof AttemptRefused) throw error.reason;
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
   * `beforeAttempt` runs right before every try, after the rate limiter's wait (the caller renews
   * its lease there); its rejection is passed on untouched. Otherwise rejects with a
   * {@link SlackDeliveryError}.
   */
  async postPart(toPost: PartToPost<SlackMessage>): Promise<string> {
    const { channel, slotId, part, message, ...options } = toPost;
    const metadata = { event_type: DIGEST_EVENT_TYPE, event_payload: { slot_id: slotId, channel, part } };
    return this.call(
      'chat.postMessage',
      channel,
      async () => {
        await this.limiter.acquire(channel);
        if (options.beforeAttempt) {
          try {
            await options.beforeAttempt();
          } catch (error) {
            // Not posted: free the channel and stop without a retry (the caller lost its lease).
            this.limiter.succeeded(channel);
            throw new AttemptRefused(error);
          }
        }
        let result;
        try {
          result = await this.client.chat.postMessage({
            channel,
            text: message.text,
            blocks: message.blocks,
            metadata,
            unfurl_links: false,
            unfurl_media: false,
            ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
          });
        } catch (error) {
          const failure = classifySlackError(error, `chat.postMessage in ${channel}`);
          if (failure.rateLimited) this.limiter.rateLimited(channel, failure.retryAfterMs);
          else this.limiter.succeeded(channel);
          throw failure;
        }
        this.limiter.succeeded(channel);
        if (!result.ts) throw new SlackDeliveryError('transient', 'no_ts', `chat.postMessage in ${channel}: Slack accepted the post but sent no ts`);
        return result.ts;
      },
      async (failure) => {
        if (!failure.maybeDelivered) return null;
        // Slack may have taken the message before failing: look before posting it again.
        if (part === 0) return (await this.findPosted(channel, slotId, options.since))?.ts ?? null;
        const parts = await this.findReplies(channel, slotId, options.threadTs!);
        return parts.has(part) ? options.threadTs! : null;
      },
    );
  }
}
