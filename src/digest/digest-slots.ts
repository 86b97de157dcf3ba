// When digests are due: the latest cron slot at or before a moment, in the digest's time zone.
// node-cron fires future slots only; catching up a slot missed while the bot was down needs this.
import cron from 'node-cron';

/**
 * The most recent time at or before `now` that `expression` matches in `timezone`, looking back at
 * most `windowMs`; null when none falls in that window. Walks back minute by minute (second by
 * second for six-field expressions), using node-cron's own matcher so it agrees with the scheduler.
 *
 * @example latestSlot('0 9 * * *', 'Asia/Shanghai', new Date('2024-05-01T03:00:00Z'), 12 * 3600_000)
 * // → 2024-05-01T01:00:00.000Z (09:00 in Shanghai)
 */
export function latestSlot(expression: string, timezone: string, now: Date, windowMs: number): Date | null {
  const withSeconds = expression.trim().split(/\s+/).length === 6;
  const stepMs = withSeconds ? 1000 : 60_000;
  // Built, never started: only its matcher is used.
  const matcher = cron.createTask(expression, () => undefined, { timezone });
  try {
    const start = Math.floor(now.getTime() / stepMs) * stepMs;
    for (let t = start; t >= now.getTime() - windowMs; t -= stepMs) {
      const candidate = new Date(t);
      if (matcher.match(candidate)) return candidate;
    }
    return null;
  } finally {
    void matcher.destroy();
  }
}
