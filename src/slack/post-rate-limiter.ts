// Paces the digest's chat.postMessage calls to Slack's published limits, so a run of a thousand
// channels earns no 429s instead of earning them and waiting them out.
//
// Slack's published limits for chat.postMessage, a "Special" tier method
// (https://docs.slack.dev/reference/methods/chat.postMessage, "Rate limiting", and the table in
// https://docs.slack.dev/apis/web-api/rate-limits): "generally allow an app to post 1 message per
// second to a specific channel", short bursts above that tolerated but not guaranteed; and across
// the workspace "several hundred messages per minute", with "generous burst behavior". Beyond a
// limit Slack answers HTTP 429 with a Retry-After header (seconds).

/** The figures we hold chat.postMessage to, from Slack's documentation (quoted above). */
export const CHAT_POST_MESSAGE_LIMITS = Object.freeze({
  /** "1 message per second to a specific channel": bursts are not guaranteed, and a thread's parts must arrive in order. */
  channelIntervalMs: 1_000,
  /**
   * "Several hundred messages per minute" across the workspace: we take the low end, 300 a minute,
   * and use none of the unquantified burst. A workspace with a lower limit is found by backing off
   * on 429s (see {@link PostRateLimiter.rateLimited}).
   */
  workspacePerMinute: 300,
});

/**
 * How far under the workspace limit we pace: 3%, so 291 a minute. Posts paced exactly at a
 * limit reach Slack with a little jitter, and any post that arrives a hair early makes a window
 * one over: pacing at the limit itself earns a 429 at nearly every window edge.
 */
const WORKSPACE_MARGIN = 0.97;

/** How fast digests may be posted; defaults in {@link DEFAULT_POST_RATE}. */
export interface PostRatePolicy {
  /**
   * Posts per second across all channels, at most. Only a ceiling: a 429 halves the rate (down to
   * `minPerSecond`) and successes bring it back by 2% each.
   */
  perSecond: number;
  /** Lowest rate a run of 429s can push the limiter to. */
  minPerSecond: number;
  /** Gap between the end of one post in a channel and the start of the next. */
  channelIntervalMs: number;
}

export const DEFAULT_POST_RATE: PostRatePolicy = Object.freeze({
  perSecond: (CHAT_POST_MESSAGE_LIMITS.workspacePerMinute / 60) * WORKSPACE_MARGIN,
  minPerSecond: 1,
  channelIntervalMs: CHAT_POST_MESSAGE_LIMITS.channelIntervalMs,
});

/**
 * The workspace's post times when several processes post for one app: reserves the next one,
 * `intervalMs` after the previous reservation by any of them, and resolves with how long to wait
 * (the state store's `postPace`).
 */
export type SharedPace = (intervalMs: number) => Promise<number>;

/** Expired per-channel entries are swept after this many posts (one pass over the map each time). */
const SWEEP_EVERY = 256;

/**
 * Paces posts: a global token bucket (one token every 1/rate seconds, no burst, so no one-second
 * window ever sees more than the rate; held in the state store when a {@link SharedPace} is given,
 * so instances sharing the state share the bucket) and a per-channel gap. Each caller reserves its slot and
 * sleeps once, so waiting callers queue in order and nothing polls. A 429 blocks its channel for
 * Retry-After and halves the global rate; successes bring it back. A channel whose gap is over is
 * forgotten (it may post at once, as one never seen): every 256 posts the expired entries are
 * swept, so a long-running bot holds the channels inside their gap and at most 256 more, however
 * many channels it has ever posted to.
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
  /** Posts until the next sweep of expired entries. */
  private untilSweep = SWEEP_EVERY;
  /** When the rate was last halved: 429s within a second of it are the same overload, not a new one. */
  private lastSlowDownAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly sharedPace: SharedPace | null;

  constructor(
    policy: Partial<PostRatePolicy> = {},
    clock: { now?: () => number; sleep?: (ms: number) => Promise<void>; sharedPace?: SharedPace } = {},
  ) {
    this.policy = { ...DEFAULT_POST_RATE, ...policy };
    if (!(this.policy.perSecond > 0) || !(this.policy.minPerSecond > 0) || this.policy.channelIntervalMs < 0) {
      throw new RangeError(`post rate: perSecond and minPerSecond must be above 0 and channelIntervalMs at least 0, got ${JSON.stringify(this.policy)}`);
    }
    this.rate = this.policy.perSecond;
    this.now = clock.now ?? (() => performance.now());
    this.sleep = clock.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.sharedPace = clock.sharedPace ?? null;
  }

  /** The current global rate (posts per second), lower than the policy's after 429s. */
  currentRate(): number {
    return this.rate;
  }

  /** How many channels the limiter is holding a gap for (the ones posted to within their gap). */
  trackedChannels(): number {
    return this.channelFreeAt.size;
  }

  /** Waits until `channel` may post: first its own gap, then a global token. */
  async acquire(channel: string): Promise<void> {
    const channelWait = (this.channelFreeAt.get(channel) ?? 0) - this.now();
    if (channelWait > 0) await this.sleep(channelWait);
    // Until this post finishes nobody else posts here; succeeded() sets the real gap.
    this.channelFreeAt.set(channel, Number.POSITIVE_INFINITY);
    // Reserved after the channel wait, so a channel waiting out its gap holds no global token.
    if (this.sharedPace) {
      let wait: number;
      try {
        wait = await this.sharedPace(1000 / this.rate);
      } catch (error) {
        // The state store could not be reached: nothing is posted, so the channel is not held.
        this.channelFreeAt.delete(channel);
        throw error;
      }
      if (wait > 0) await this.sleep(wait);
      return;
    }
    const now = this.now();
    const at = Math.max(now, this.nextGlobalAt);
    this.nextGlobalAt = at + 1000 / this.rate;
    if (at > now) await this.sleep(at - now);
  }

  /** The post went through (or failed for a reason other than the rate): start the channel's gap. */
  succeeded(channel: string): void {
    this.block(channel, this.policy.channelIntervalMs);
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
    this.block(channel, Math.max(retryAfterMs ?? 0, this.policy.channelIntervalMs));
    if (now - this.lastSlowDownAt < 1000) return;
    this.lastSlowDownAt = now;
    this.rate = Math.max(this.policy.minPerSecond, this.rate / 2);
  }

  private block(channel: string, forMs: number): void {
    this.channelFreeAt.set(channel, this.now() + forMs);
    // Amortised: one pass over the map every SWEEP_EVERY posts.
    if (--this.untilSweep <= 0) this.forgetIdle();
  }

  /** Forgets channels whose gap is over: for them no entry and an expired one mean the same. */
  private forgetIdle(): void {
    const now = this.now();
    for (const [channel, freeAt] of this.channelFreeAt) if (freeAt <= now) this.channelFreeAt.delete(channel);
    this.untilSweep = SWEEP_EVERY;
  }
}
