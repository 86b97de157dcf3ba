import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_SKEW_SECONDS, timestampProblem } from '../../src/slack/request-timestamp.ts';

const now = Date.UTC(2026, 11, 1, 12, 0, 0);
const seconds = (offset: number) => String(Math.floor(now / 1000) + offset);

describe('timestampProblem', () => {
  it('accepts a timestamp up to five minutes ahead of our clock (clocks drift), and any in the past', () => {
    expect(timestampProblem(seconds(MAX_CLOCK_SKEW_SECONDS), now)).toBeNull();
    expect(timestampProblem(seconds(-3600), now)).toBeNull();
  });

  it('names how far in the future a timestamp is', () => {
    expect(timestampProblem(seconds(600), now)).toBe('X-Slack-Request-Timestamp is 600 s in the future (more than 300 s from our clock)');
    expect(timestampProblem([seconds(600), seconds(0)], now)).toMatch(/600 s in the future/);
  });

  it('leaves a missing or malformed header to Bolt\'s own check', () => {
    expect(timestampProblem(undefined, now)).toBeNull();
    expect(timestampProblem('soon', now)).toBeNull();
  });
});
