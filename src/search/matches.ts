// The matches of one query in parallel typed arrays (a query may match 60,000 articles: no
// object per match), and picking the first page of them in the order the query asks for.
//
// @example
// const m = new Matches(2); m.push(0, 7, 1.5, RegionFit.Tagged, 20261101); m.push(0, 9, 2.5, RegionFit.Tagged, 20261102);
// topMatches(m, 'relevance', 1) // → [1] (the higher score)
import type { UnderstoodQuery } from './search-types.ts';

/** How an article stands to the query's regions: tagged with one, merely mentions one, or neither. */
export const enum RegionFit {
  None = 0,
  Mentions = 1,
  Tagged = 2,
}

/** Matches of a query as parallel arrays: segment, doc, score, region fit and date of each. */
export class Matches {
  readonly segment: Uint16Array;
  readonly doc: Uint32Array;
  readonly score: Float64Array;
  readonly fit: Uint8Array;
  readonly date: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.segment = new Uint16Array(capacity);
    this.doc = new Uint32Array(capacity);
    this.score = new Float64Array(capacity);
    this.fit = new Uint8Array(capacity);
    this.date = new Int32Array(capacity);
  }

  push(segment: number, doc: number, score: number, fit: RegionFit, date: number): void {
    const i = this.length++;
    this.segment[i] = segment;
    this.doc[i] = doc;
    this.score[i] = score;
    this.fit[i] = fit;
    this.date[i] = date;
  }
}


/**
 * Indices of the first `k` matches in order: tagged before mentions, then newest first or best
 * first (the other breaks ties), then index order so equal matches always come out the same way.
 * Keeps a small sorted list instead of sorting everything: a page of 5 out of 60,000 matches
 * costs one comparison for most of them.
 */
export function topMatches(m: Matches, order: UnderstoodQuery['order'], k: number): number[] {
  const newest = order === 'newest';
  // Negative when match a comes before match b.
  const cmp = (a: number, b: number) =>
    m.fit[b]! - m.fit[a]! ||
    (newest ? m.date[b]! - m.date[a]! || m.score[b]! - m.score[a]! : m.score[b]! - m.score[a]! || m.date[b]! - m.date[a]!) ||
    m.segment[a]! - m.segment[b]! ||
    m.doc[a]! - m.doc[b]!;
  if (k >= m.length / 8) {
    const all = Array.from({ length: m.length }, (_, i) => i);
    return all.sort(cmp).slice(0, k);
  }
  const top: number[] = [];
  for (let i = 0; i < m.length; i++) {
    if (top.length === k && cmp(i, top[k - 1]!) >= 0) continue;
    let at = top.length;
    while (at > 0 && cmp(i, top[at - 1]!) < 0) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

