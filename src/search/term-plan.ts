// How one query term is found in one segment: which postings to intersect for its candidates,
// and the verbatim check that confirms a candidate holds the term as written (most from the
// keys' recorded first and last positions alone, the rest by a string search in one field).
//
// @example
// const plan = planTerm(segment, '健康卡'); // candidates: docs holding 健康 and 康卡
// keepVerbatim({ docs: plan.candidates!, scores: new Float64Array(plan.candidates!.length) }, segment, plan, null).docs
// // → only the docs where 健康卡 occurs as written
import { FIRST_UNKNOWN, type IndexSegment, type Postings } from './index-segment.ts';
import { allDocs, intersectDocs, seekDoc, unionDocs } from './postings.ts';
import { termKeysAt, type TermKey } from './tokenize.ts';

/** One query term's matches in a segment: docs ascending, with their BM25 score for the term. */
export interface TermMatches {
  docs: Uint32Array;
  scores: Float64Array;
}

export const NO_MATCHES: TermMatches = { docs: new Uint32Array(0), scores: new Float64Array(0) };

/** How to find one term in a segment. */
export interface TermPlan {
  term: string;
  /** Docs holding every bigram/word of the term (a superset), or null when only a scan can tell. */
  candidates: Uint32Array | null;
  /**
   * The lists whose intersection is `candidates`, rarest first (a Latin prefix: its one union).
   * With `intersect: false`, `candidates` is left as the rarest of them for the caller to
   * intersect lazily (a probe that stops at the first few matches).
   */
  required: Uint32Array[];
  /** Postings whose scores add up to the term's score (a Latin prefix: every word it starts). */
  lists: Array<{ key: TermKey; postings: Postings }>;
  /** Whether candidates must still be checked for the term verbatim. */
  verify: boolean;
  /**
   * Where each of `lists` starts in the term, when the keys cover the whole term once each: a
   * doc whose first (or last) occurrences of the keys sit at exactly these distances holds the
   * term, no string search needed. Null otherwise.
   */
  spacing: number[] | null;
}

/**
 * Plans the search for one normalised term: its bigrams' and words' postings, intersected rarest
 * first. A lone Han character is a key only where the text has it alone, so inside a longer term
 * (`IC卡`) it is left to the verbatim check, and a one-character term needs a scan.
 */
export function planTerm(seg: IndexSegment, term: string, { intersect = true } = {}): TermPlan {
  const keyed = termKeysAt(term);
  const allKeys = uniqueKeys(keyed.map(([key]) => key));
  const keys = allKeys.filter((k) => !isLoneHanKey(k));
  if (keys.length === 0) return { term, candidates: null, required: [], lists: [], verify: true, spacing: null };
  if (allKeys.length === 1 && typeof keys[0] === 'string' && /^[a-z]{4,}$/.test(term)) {
    // A Latin word of some length also finds the longer words it starts (`digit` → `digital`).
    const lists = seg.prefixWords(term).map((word) => ({ key: word as TermKey, postings: seg.postings(word) }));
    const union = unionDocs(lists.map((l) => l.postings.docs));
    return { term, candidates: union, required: [union], lists, verify: false, spacing: null };
  }
  const lists = keys.map((key) => ({ key, postings: seg.postings(key) })).sort((a, b) => a.postings.docs.length - b.postings.docs.length);
  const required = lists.map((l) => l.postings.docs);
  let candidates = required[0]!;
  if (intersect) for (let l = 1; l < lists.length && candidates.length > 0; l++) candidates = intersectDocs(candidates, required[l]!);
  // A bigram or a whole word is the term itself; anything longer needs the verbatim check, so
  // that 健康卡 does not match 健康…康卡 scattered through an article.
  const exact = allKeys.length === 1 && (typeof keys[0] === 'number' || keys[0] === term);
  const start = new Map(keyed.map(([key, at]) => [key, at]));
  const spacing = keys.length === keyed.length && keys.length > 1 ? lists.map(({ key }) => start.get(key)!) : null;
  return { term, candidates, required, lists, verify: !exact, spacing };
}

/** Docs of `seg` holding `term` (normalised) verbatim, unscored: region names in article text. */
export function verifiedDocs(seg: IndexSegment, term: string): Uint32Array {
  const plan = planTerm(seg, term);
  const docs = plan.candidates ?? allDocs(seg.size);
  return plan.verify ? keepVerbatim({ docs, scores: new Float64Array(docs.length) }, seg, plan, null).docs : docs;
}


/** Numeric keys below the code point range are lone characters; bigram keys are above it. */
export function isLoneHanKey(key: TermKey): boolean {
  return typeof key === 'number' && key < 0x110000;
}

export function uniqueKeys(keys: TermKey[]): TermKey[] {
  return [...new Set(keys)];
}


/**
 * The matches (all holding every key of the plan) that hold its term verbatim, with the plan's
 * key scores added when `weights` (idf × impact unit per key) are given. Most are confirmed from
 * the keys' first or last positions alone (see TermPlan.spacing); the rest are searched, only in
 * the fields that hold every key, and only from where the term could first start.
 */
export function keepVerbatim(matches: TermMatches, seg: IndexSegment, plan: TermPlan, weights: readonly number[] | null): TermMatches {
  const { docs, scores } = matches;
  const outDocs = new Uint32Array(docs.length);
  const outScores = new Float64Array(docs.length);
  const n = plan.lists.length;
  // Plain locals for the hot loop: this runs once per candidate, up to tens of thousands per query.
  const listDocs = plan.lists.map((l) => l.postings.docs);
  const listFirst = plan.lists.map((l) => l.postings.first);
  const listLast = plan.lists.map((l) => l.postings.last);
  const listImpact = plan.lists.map((l) => l.postings.impact);
  const weight = weights ? Float64Array.from(weights) : new Float64Array(n);
  const at = new Int32Array(n);
  const spacing = plan.spacing ? Int32Array.from(plan.spacing) : null;
  const term = plan.term;
  let k = 0;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!;
    // Every list holds d (docs is within their intersection): move each cursor onto it, galloping,
    // since a probe's chunk may start deep into long lists.
    for (let l = 0; l < n; l++) at[l] = seekDoc(listDocs[l]!, at[l]!, d);
    let holds = false;
    let from = 0;
    if (spacing) {
      // Confirmed when the keys' first occurrences, or their last ones, sit exactly where the
      // term would put them: then they spell the term there.
      const firstOrigin = listFirst[0]![at[0]!]! - spacing[0]!;
      const lastOrigin = listLast[0]![at[0]!]! - spacing[0]!;
      let byFirst = true;
      let byLast = true;
      for (let l = 0; l < n; l++) {
        const position = listFirst[l]![at[l]!]!;
        const lastPosition = listLast[l]![at[l]!]!;
        if (position === FIRST_UNKNOWN || position - spacing[l]! !== firstOrigin) byFirst = false;
        if (lastPosition === FIRST_UNKNOWN || lastPosition - spacing[l]! !== lastOrigin) byLast = false;
        // The term cannot start before any key's first occurrence minus that key's place in it.
        if (position - spacing[l]! > from) from = position - spacing[l]!;
      }
      holds = byFirst || byLast;
    }
    if (!holds) {
      // A field can hold the term only if it holds every key: the title holds a key whose first
      // occurrence lies in it, the summary one whose last occurrence lies past the title.
      const title = seg.titleLength(d);
      let inTitle = true;
      let inSummary = true;
      for (let l = 0; l < n; l++) {
        const first = listFirst[l]![at[l]!]!;
        const last = listLast[l]![at[l]!]!;
        if (first !== FIRST_UNKNOWN && first >= title) inTitle = false;
        if (last !== FIRST_UNKNOWN && last <= title) inSummary = false;
      }
      holds = seg.contains(d, term, inTitle, inSummary, from);
    }
    if (!holds) continue;
    let score = scores[i]!;
    for (let l = 0; l < n; l++) score += weight[l]! * listImpact[l]![at[l]!]!;
    outDocs[k] = d;
    outScores[k++] = score;
  }
  return { docs: outDocs.subarray(0, k), scores: outScores.subarray(0, k) };
}

