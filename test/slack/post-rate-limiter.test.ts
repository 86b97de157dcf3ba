// The digest posting limiter on a fake clock: global spacing, the per-channel gap, no one-second
// window over the rate, and how a 429 slows things down and the rate recovers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHAT_POST_MESSAGE_LIMITS, DEFAULT_POST_RATE, PostRateLimiter } from '../../src/slack/post-rate-limiter.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A limiter on the fake clock, and a function that records when each acquire resolved. */
function fakeClockLimiter(policy: ConstructorParameters<typeof PostRateLimiter>[0]) {
  const limiter = new PostRateLimiter(policy, { now: () => Date.now() });
  const started: Array<[string, number]> = [];
  const post = async (channel: string) => {
    await limiter.acquire(channel);
    started.push([channel, Date.now()]);
    limiter.succeeded(channel);
  };
  return { limiter, started, post };
}

describe('PostRateLimiter', () => {
  it('spaces posts across channels evenly at the global rate, in the order they asked', async () => {
    const { started, post } = fakeClockLimiter({ perSecond: 10 });
    const all = Promise.all(['C1', 'C2', 'C3', 'C4', 'C5'].map(post));
    await vi.runAllTimersAsync();
    await all;
    expect(started).toEqual([['C1', 0], ['C2', 100], ['C3', 200], ['C4', 300], ['C5', 400]]);
  });

  it('never lets any one-second window hold more posts than the rate', async () => {
    const { started, post } = fakeClockLimiter({ perSecond: 50 });
    const all = Promise.all(Array.from({ length: 400 }, (_, i) => post(`C${i}`)));
    await vi.runAllTimersAsync();
    await all;
    const times = started.map(([, t]) => t);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(50);
    expect(times[times.length - 1]).toBe(399 * 20);
  });

  it('keeps a gap of channelIntervalMs after each post in the same channel', async () => {
    const { started, limiter, post } = fakeClockLimiter({ perSecond: 50, channelIntervalMs: 1000 });
    const first = post('C1');
    await vi.runAllTimersAsync();
    await first;
    await vi.advanceTimersByTimeAsync(250); // the post took a while; the gap counts from its end
    const second = post('C1');
    const other = post('C2');
    await vi.runAllTimersAsync();
    await Promise.all([second, other]);
    expect(started).toEqual([['C1', 0], ['C2', 250], ['C1', 1000]]);
    expect(limiter.currentRate()).toBe(50);
  });

  it('a 429 blocks its channel for Retry-After and halves the rate, which climbs back with successes', async () => {
    const { limiter, started, post } = fakeClockLimiter({ perSecond: 40, minPerSecond: 4 });
    await limiter.acquire('C1');
    limiter.rateLimited('C1', 3000);
    expect(limiter.currentRate()).toBe(20);
    // Another 429 within the same second is the same overload: no further halving.
    limiter.rateLimited('C4', 3000);
    expect(limiter.currentRate()).toBe(20);
    const retry = post('C1');
    const others = Promise.all(['C2', 'C3'].map(post));
    await vi.runAllTimersAsync();
    await Promise.all([retry, others]);
    // C2 still had to wait the token C1's failed try took (25 ms at 40/s), then 50 ms at 20/s.
    expect(started).toEqual([['C2', 25], ['C3', 75], ['C1', 3000]]);
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      limiter.rateLimited('C9', null);
    }
    expect(limiter.currentRate()).toBe(4); // floored at minPerSecond
    let successes = 0;
    while (limiter.currentRate() < 40) {
      limiter.succeeded('C9');
      successes++;
    }
    expect(limiter.currentRate()).toBe(40);
    expect(successes).toBeLessThan(150); // ×1.02 per success: back from a tenth in ~117 posts
  });

  it('refuses a policy that could never post', () => {
    expect(() => new PostRateLimiter({ perSecond: 0 })).toThrow(/perSecond and minPerSecond must be above 0/);
    expect(() => new PostRateLimiter({ channelIntervalMs: -1 })).toThrow(RangeError);
  });

  it("keeps by default to Slack's published chat.postMessage limits: 1 per second per channel, 300 a minute in all", () => {
    // docs.slack.dev/reference/methods/chat.postMessage, "Rate limiting": 1 message per second to a
    // channel; "several hundred messages per minute" across the workspace (the low end taken).
    expect(CHAT_POST_MESSAGE_LIMITS).toEqual({ channelIntervalMs: 1000, workspacePerMinute: 300 });
    expect(new PostRateLimiter().policy).toEqual(DEFAULT_POST_RATE);
    // Paced a little under 300 a minute, so jitter on the way to Slack does not tip a window over.
    expect(DEFAULT_POST_RATE.perSecond * 60).toBeLessThan(300);
    expect(DEFAULT_POST_RATE.perSecond * 60).toBeGreaterThanOrEqual(290);
    expect(DEFAULT_POST_RATE.channelIntervalMs).toBe(1000);
  });

  it('forgets channels whose gap is over, so a bot serving many channels holds only the recent ones', async () => {
    // 100 posts/s and a 1 s gap: at any moment about 100 channels are inside their gap.
    const { limiter, post } = fakeClockLimiter({ perSecond: 100, channelIntervalMs: 1000 });
    for (let batch = 0; batch < 10; batch++) {
      const posts = Promise.all(Array.from({ length: 100 }, (_, i) => post(`C${batch}-${i}`)));
      await vi.runAllTimersAsync();
      await posts;
    }
    // 1,000 channels posted to; swept as it goes (one pass every 256 posts): at most the ~100 inside
    // their gap plus the channels posted to since the last sweep.
    expect(limiter.trackedChannels()).toBeLessThanOrEqual(100 + 256);
    expect(limiter.trackedChannels()).toBeGreaterThanOrEqual(100);
  });

  it('a forgotten channel still keeps its gap: it is forgotten only once the gap is over', async () => {
    const { started, post } = fakeClockLimiter({ perSecond: 1000, channelIntervalMs: 1000 });
    const all = Promise.all(Array.from({ length: 600 }, (_, i) => post(`C${i}`)));
    await vi.runAllTimersAsync();
    await all;
    const again = post('C599');
    await vi.runAllTimersAsync();
    await again;
    const times = started.filter(([c]) => c === 'C599').map(([, t]) => t);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
  });

  it('with a shared pace, takes its post times from it (two limiters, one workspace) and asks for the current interval', async () => {
    // The shared pace as the state store keeps it: one next-free time for every process.
    let nextAt = 0;
    const intervals: number[] = [];
    const sharedPace = async (intervalMs: number) => {
      intervals.push(intervalMs);
      const at = Math.max(Date.now(), nextAt);
      nextAt = at + intervalMs;
      return at - Date.now();
    };
    const started: Array<[string, number]> = [];
    const limiters = [0, 1].map(() => new PostRateLimiter({ perSecond: 10 }, { now: () => Date.now(), sharedPace }));
    const post = async (limiter: PostRateLimiter, channel: string) => {
      await limiter.acquire(channel);
      started.push([channel, Date.now()]);
      limiter.succeeded(channel);
    };
    const all = Promise.all(['C1', 'C2', 'C3', 'C4'].map((channel, i) => post(limiters[i % 2]!, channel)));
    await vi.runAllTimersAsync();
    await all;
    // Each limiter alone would let its two posts go at 0 and 100; together they keep to 10/s.
    expect(started.map(([, t]) => t)).toEqual([0, 100, 200, 300]);
    // After a 429 the limiter asks the pace for its slower interval.
    limiters[0]!.rateLimited('C9', 1000);
    await Promise.all([post(limiters[0]!, 'C8'), vi.runAllTimersAsync()]);
    expect(intervals.at(-1)).toBe(200);
  });

  it('with a shared pace that cannot be reached, fails the acquire and leaves the channel free for the next try', async () => {
    let down = true;
    const limiter = new PostRateLimiter({}, { now: () => Date.now(), sharedPace: async () => (down ? Promise.reject(new Error('connection refused')) : 0) });
    await expect(limiter.acquire('C1')).rejects.toThrow('connection refused');
    expect(limiter.trackedChannels()).toBe(0);
    down = false;
    await limiter.acquire('C1'); // not held back by the failed try
    expect(Date.now()).toBe(0);
  });
});
