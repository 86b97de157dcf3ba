// Operations on postings lists (ascending doc numbers of one segment): intersect, unite, filter
// and add scores. The one place these loops live; the index and its term plans call them.
//
// @example intersectDocs(Uint32Array.of(1, 4, 9), Uint32Array.of(4, 5, 9)) // → Uint32Array [4, 9]
import type { Postings } from './index-segment.ts';

/** 0, 1, …, size − 1. */
export function allDocs(size: number): Uint32Array {
  const docs = new Uint32Array(size);
  for (let d = 0; d < size; d++) docs[d] = d;
  return docs;
}

/** Docs in both ascending lists; gallops through the longer one when the shorter is much shorter. */
export function intersectDocs(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let k = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const x = a[i]!;
    j = seekDoc(b, j, x);
    if (j < b.length && b[j] === x) out[k++] = x;
  }
  return out.subarray(0, k);
}

/**
 * The docs in every one of `lists`, handed out a few at a time: a leapfrog intersection that does
 * only the work the caller asks for (a probe that stops at the third match walks a few hundred
 * postings, not two lists of fifty thousand). With no lists, every doc below `size`.
 *
 * @example new LazyIntersection([Uint32Array.of(1, 4, 9), Uint32Array.of(4, 5, 9)], 10).next(1) // → Uint32Array [4]
 */
export class LazyIntersection {
  private readonly cursors: Uint32Array;
  private from = 0;

  constructor(
    private readonly lists: readonly Uint32Array[],
    private readonly size: number,
  ) {
    this.cursors = new Uint32Array(lists.length);
  }

  /** Up to `max` more docs, ascending; empty when there are no more. */
  next(max: number): Uint32Array {
    const out = new Uint32Array(max);
    let k = 0;
    const { lists, cursors } = this;
    let d = this.from;
    while (k < max) {
      if (lists.length === 0) {
        if (d >= this.size) break;
        out[k++] = d++;
        continue;
      }
      let agreed = 0;
      for (let i = 0; agreed < lists.length; i = (i + 1) % lists.length) {
        const docs = lists[i]!;
        const c = (cursors[i] = seekDoc(docs, cursors[i]!, d));
        if (c >= docs.length) {
          this.from = Number.MAX_SAFE_INTEGER;
          return out.subarray(0, k);
        }
        if (docs[c]! === d) agreed++;
        else {
          d = docs[c]!;
          agreed = 1;
        }
      }
      out[k++] = d++;
    }
    this.from = d;
    return out.subarray(0, k);
  }
}

/** Docs of `docs` that `fits` lets through (all of them when there is no filter). */
export function keepAllowed(docs: Uint32Array, fits: Uint8Array | null): Uint32Array {
  if (!fits) return docs;
  const out = new Uint32Array(docs.length);
  let k = 0;
  for (let i = 0; i < docs.length; i++) if (fits[docs[i]!]) out[k++] = docs[i]!;
  return out.subarray(0, k);
}

/** Ascending union of ascending lists. */
export function unionDocs(lists: Uint32Array[]): Uint32Array {
  if (lists.length === 1) return lists[0]!;
  const all = new Set<number>();
  for (const list of lists) for (let i = 0; i < list.length; i++) all.add(list[i]!);
  return Uint32Array.from([...all].sort((a, b) => a - b));
}

/**
 * First position in ascending `docs`, from `from` on, holding a doc ≥ `d`: exponential then
 * binary search, so a far target costs a logarithm and a near one a step or two.
 *
 * @example seekDoc(Uint32Array.of(1, 3, 5, 7), 0, 4) // → 2
 */
export function seekDoc(docs: Uint32Array, from: number, d: number): number {
  if (from >= docs.length || docs[from]! >= d) return from;
  let lo = from + 1;
  let step = 1;
  while (lo + step < docs.length && docs[lo + step]! < d) step *= 2;
  let hi = Math.min(docs.length, lo + step + 1);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Adds the key's BM25 score (`weight` = idf × impact unit, times the posting's stored impact) to `scores` for each of `docs`
 * that its postings hold. A plain merge when the lists are of similar length, galloping otherwise.
 */
export function addScores(docs: Uint32Array, scores: Float64Array, p: Postings, weight: number): void {
  const postingDocs = p.docs;
  const sparse = docs.length * 16 < postingDocs.length;
  let j = 0;
  for (let i = 0; i < docs.length && j < postingDocs.length; i++) {
    const d = docs[i]!;
    if (sparse) j = seekDoc(postingDocs, j, d);
    else while (j < postingDocs.length && postingDocs[j]! < d) j++;
    if (postingDocs[j] === d) scores[i]! += weight * p.impact[j]!;
  }
}
