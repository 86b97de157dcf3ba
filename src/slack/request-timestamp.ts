// Slack signs `v0:{timestamp}:{body}` and its own verifiers refuse a timestamp more than five
// minutes from now in either direction. Bolt only refuses the past, so a captured request with a
// future timestamp could be replayed for as long as that future lasts; this closes it.

/** How far a request's timestamp may be from our clock, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * Why the `X-Slack-Request-Timestamp` header is unacceptable, or null when it is within five
 * minutes of `nowMs`. A missing or malformed header is left to Bolt's verification (which refuses it).
 *
 * @example timestampProblem(String(Math.floor(Date.now() / 1000) + 600), Date.now())
 * // → 'X-Slack-Request-Timestamp is 600 s in the future (more than 300 s from our clock)'
 */
export function timestampProblem(header: string | string[] | undefined, nowMs: number): string | null {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return null;
  const ahead = Number(raw) - Math.floor(nowMs / 1000);
  if (ahead <= MAX_CLOCK_SKEW_SECONDS) return null;
  return `X-Slack-Request-Timestamp is ${ahead} s in the future (more than ${MAX_CLOCK_SKEW_SECONDS} s from our clock)`;
}
