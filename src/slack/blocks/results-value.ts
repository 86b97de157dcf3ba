// What a Previous / Next / Share / suggestion button remembers: the query and the offset of the
// page. Encoded into the button's `value` (Slack caps it at 2000 characters) and decoded from the
// click, where it is treated as untrusted input like any other.
import { MAX_QUERY_UNITS } from '../../search/query-text.ts';

/** Slack's limit on a button's `value`. */
export const MAX_BUTTON_VALUE = 2000;
/** Offsets beyond this are refused: no corpus page is that deep, and it bounds the work a click can ask for. */
export const MAX_OFFSET = 100_000;

export interface ResultsPosition {
  query: string;
  offset: number;
}

/**
 * Encodes a position as a button value of at most 2000 characters. Queries are already bounded by
 * `normalizeQuery`, but the cut here keeps the promise even for a caller that skipped it.
 *
 * @example encodeResultsValue({ query: '四川', offset: 5 }) // → '{"q":"四川","o":5}'
 */
export function encodeResultsValue(position: ResultsPosition): string {
  let query = position.query.slice(0, MAX_QUERY_UNITS);
  const offset = clampOffset(position.offset);
  let value = JSON.stringify({ q: query, o: offset });
  while (value.length > MAX_BUTTON_VALUE) {
    query = Array.from(query).slice(0, -10).join('');
    value = JSON.stringify({ q: query, o: offset });
  }
  return value;
}

/**
 * Decodes a button value; null when it is not one of ours (a forged or stale payload).
 *
 * @example decodeResultsValue('{"q":"四川","o":5}') // → { query: '四川', offset: 5 }
 */
export function decodeResultsValue(value: string | undefined): ResultsPosition | null {
  if (!value || value.length > MAX_BUTTON_VALUE) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const { q, o } = parsed as { q?: unknown; o?: unknown };
  if (typeof q !== 'string' || typeof o !== 'number' || !Number.isInteger(o) || o < 0 || o > MAX_OFFSET) return null;
  return { query: q, offset: o };
}

function clampOffset(offset: number): number {
  if (!Number.isFinite(offset) || offset < 0) return 0;
  return Math.min(Math.floor(offset), MAX_OFFSET);
}
