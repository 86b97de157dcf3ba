// Ranked retrieval for questions: an article is a candidate when it shares a meaningful bigram
// (or Latin word) with the question's content chunks, and is scored by BM25 over those keys (the
// stored per-posting impacts, the title boosted) plus a reward for coverage (the share of the
// keys it holds) and for each chunk it holds verbatim. No chunk has to occur, so one extra word
// never empties the answer.
//
// The top k come from MaxScore (Turtle & Flood): each key's list has an upper bound on what it
// can add; lists whose bounds together cannot lift a doc into the top k are only probed for docs
// the others surfaced, never walked. `scanRanked` scores every article the same way without
// any of that, as the oracle the tests compare against.
//
// @example
// const plan = planRanked(['远程会诊'], (key) => index.documentFrequency(key), index.size);
// const top = new RankedTop(5);
// rankSegment(segment, 0, plan, null, top); // top.sorted() → the five best docs with scores
import { IMPACT_UNIT, type IndexSegment, type Postings } from './index-segment.ts';
import { normalizeForMatch, termKeysAt, type TermKey } from './tokenize.ts';
import { seekDoc } from './postings.ts';
import { isLoneHanKey } from './term-plan.ts';

/** A key held by more than this share of the archive matches "most" of it: alone it makes no candidate. */
export const COMMON_SHARE = 0.5;
/** Weight of full coverage, in units of the question's total idf. */
const COVERAGE_WEIGHT = 1;
/** Weight of all chunks occurring verbatim, in units of the question's total idf. */
const VERBATIM_WEIGHT = 1.5;
/** Slack for floating-point sums when comparing a bound with the threshold: prune only when surely below. */
const EPSILON = 1e-9;

/** One key of a ranked query. */
export interface RankedKey {
  key: TermKey;
  idf: number;
  /** Held by most of the archive: probed, never a reason to be a candidate. */
  common: boolean;
  /** Indices of the chunks holding this key. */
  chunks: number[];
}

/** A question's chunks as keys with weights: what every segment is ranked by. */
export interface RankedPlan {
  keys: RankedKey[];
  /** Normalised chunk text and the indices (into `keys`) of its keys. */
  chunks: Array<{ text: string; keys: number[] }>;
  /** Score added per key held: the coverage reward spread over the keys. */
  coverageUnit: number;
  /** Score added per chunk held verbatim. */
  verbatimUnit: number;
}

/**
 * Turns chunks into a ranked plan: their bigram and word keys that the archive holds, each with
 * BM25's idf. Keys in more than `COMMON_SHARE` of the archive are common; when every key is
 * common, they all make candidates (the question still gets its best answer).
 */
export function planRanked(chunks: readonly string[], documentFrequency: (key: TermKey) => number, articles: number): RankedPlan {
  const keys: RankedKey[] = [];
  const at = new Map<TermKey, number>();
  const planned: RankedPlan['chunks'] = [];
  for (const chunk of chunks) {
    const text = normalizeForMatch(chunk);
    const mine: number[] = [];
    for (const [key] of termKeysAt(text)) {
      if (isLoneHanKey(key)) continue;
      let i = at.get(key);
      if (i === undefined) {
        const df = documentFrequency(key);
        if (df === 0) continue; // in no article: cannot match, cannot count
        i = keys.length;
        at.set(key, i);
        keys.push({ key, idf: Math.log(1 + (articles - df + 0.5) / (df + 0.5)), common: df > COMMON_SHARE * articles, chunks: [] });
      }
      if (!mine.includes(i)) mine.push(i);
    }
    const c = planned.length;
    planned.push({ text, keys: mine });
    for (const i of mine) keys[i]!.chunks.push(c);
  }
  if (keys.length > 0 && keys.every((k) => k.common)) for (const k of keys) k.common = false;
  const totalIdf = keys.reduce((s, k) => s + k.idf, 0);
  return {
    keys,
    chunks: planned,
    coverageUnit: keys.length === 0 ? 0 : (COVERAGE_WEIGHT * totalIdf) / keys.length,
    verbatimUnit: planned.length === 0 ? 0 : (VERBATIM_WEIGHT * totalIdf) / planned.length,
  };
}

/** A ranked doc: where it lives and its score. */
export interface RankedDoc {
  segment: number;
  doc: number;
  score: number;
  date: number;
}

/** Whether a comes before b: higher score, then newer, then index order (so ties always fall the same way). */
function before(a: RankedDoc, b: RankedDoc): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.date !== b.date) return a.date > b.date;
  return a.segment !== b.segment ? a.segment < b.segment : a.doc < b.doc;
}

/** The best `k` docs seen so far, and the score a doc must beat to join them. */
export class RankedTop {
  private readonly docs: RankedDoc[] = [];
  /** Candidates seen (every doc sharing a meaningful key with the question, pruned or not). */
  candidates = 0;

  constructor(readonly k: number) {}

  /** The score below which a doc cannot join; -Infinity until k docs are in. */
  get threshold(): number {
    return this.docs.length < this.k ? -Infinity : this.docs[this.docs.length - 1]!.score;
  }

  offer(doc: RankedDoc): boolean {
    if (this.docs.length === this.k && !before(doc, this.docs[this.docs.length - 1]!)) return false;
    let at = this.docs.length;
    while (at > 0 && before(doc, this.docs[at - 1]!)) at--;
    this.docs.splice(at, 0, doc);
    if (this.docs.length > this.k) this.docs.pop();
    return true;
  }

  /** Best first. */
  sorted(): readonly RankedDoc[] {
    return this.docs;
  }
}

interface SegmentList {
  key: number;
  docs: Uint32Array;
  impact: Uint8Array;
  /** idf × impact unit: multiply a stored impact by it. */
  weight: number;
  /** The most this list can add to a doc's score. */
  bound: number;
  common: boolean;
}

/** Per segment, the largest stored impact of each key looked up so far (segments never change). */
const maxImpacts = new WeakMap<IndexSegment, Map<TermKey, number>>();

/** The largest impact in a key's postings: what its list can add at most, before idf. */
function maxImpactOf(seg: IndexSegment, key: TermKey, p: Postings): number {
  let known = maxImpacts.get(seg);
  if (!known) maxImpacts.set(seg, (known = new Map()));
  let max = known.get(key);
  if (max === undefined) {
    max = 0;
    for (let j = 0; j < p.impact.length; j++) if (p.impact[j]! > max) max = p.impact[j]!;
    known.set(key, max);
  }
  return max;
}

function segmentLists(seg: IndexSegment, plan: RankedPlan): SegmentList[] {
  const lists: SegmentList[] = [];
  plan.keys.forEach((k, i) => {
    const p: Postings = seg.postings(k.key);
    if (p.docs.length === 0) return;
    const maxImpact = maxImpactOf(seg, k.key, p);
    // The verbatim reward of a chunk is spread over its keys for the bound: a doc holding none
    // of the chunk's keys yet collects the whole reward's bound from the lists still to probe;
    // once it holds one, verbatimBound counts the whole reward.
    const verbatimShare = k.chunks.reduce((s, c) => s + plan.verbatimUnit / Math.max(1, plan.chunks[c]!.keys.length), 0);
    const weight = k.idf * IMPACT_UNIT;
    lists.push({ key: i, docs: p.docs, impact: p.impact, weight, bound: weight * maxImpact + plan.coverageUnit + verbatimShare, common: k.common });
  });
  // Common lists first (never essential), then by bound ascending: the weakest lists are the ones left unwalked.
  return lists.sort((a, b) => Number(b.common) - Number(a.common) || a.bound - b.bound);
}

/**
 * BM25 and coverage of a doc from its keys' contributions, summed in key order: the ranked path
 * and the scan add the same numbers in the same order, so equal docs tie exactly.
 */
function exactScore(plan: RankedPlan, contribution: Float64Array, held: Uint8Array): number {
  let score = 0;
  for (let i = 0; i < held.length; i++) if (held[i]) score += contribution[i]! + plan.coverageUnit;
  return score;
}

/** The verbatim reward of doc `d`, given which plan keys it holds. */
function verbatimReward(seg: IndexSegment, d: number, plan: RankedPlan, held: Uint8Array): number {
  let reward = 0;
  for (const chunk of plan.chunks) {
    if (chunk.keys.length === 0 || !chunk.keys.every((i) => held[i])) continue;
    // A one-key chunk is its key (a bigram or a word): holding the key is holding the chunk.
    if (chunk.keys.length === 1 && termKeysAt(chunk.text).length === 1) reward += plan.verbatimUnit;
    else if (seg.contains(d, chunk.text)) reward += plan.verbatimUnit;
  }
  return reward;
}

/**
 * Ranks the docs of segment `s` that `allowed` lets through (every doc when null) into `top`,
 * counting every candidate. MaxScore: lists are split into essential ones, walked doc by doc,
 * and non-essential ones (the prefix of lists whose bounds sum to at most the current threshold),
 * probed only for docs an essential list holds, and only while the doc could still get in.
 * With `minKeys`, a doc holding fewer of the plan's keys is left out (partial matches).
 */
export function rankSegment(seg: IndexSegment, s: number, plan: RankedPlan, allowed: Uint8Array | null, top: RankedTop, minKeys = 1): void {
  const lists = segmentLists(seg, plan);
  const m = lists.length;
  if (m === 0) return;
  if (allowed) {
    // Few docs let through (a region, a month): looking each of them up costs less than walking
    // the lists, and gives the same answer (the scan is the oracle).
    let through = 0;
    for (let d = 0; d < allowed.length; d++) if (allowed[d]) through++;
    const walked = lists.reduce((n, l) => n + (l.common ? 0 : l.docs.length), 0);
    if (through * m * 4 < walked) {
      scanRanked(seg, s, plan, allowed, top, minKeys);
      return;
    }
  }
  top.candidates += countCandidates(seg.size, lists, allowed);
  const prefix = new Float64Array(m);
  let sum = 0;
  for (let l = 0; l < m; l++) prefix[l] = sum += lists[l]!.bound;
  const commonLists = lists.filter((l) => l.common).length;
  const cursor = new Uint32Array(m);
  const held = new Uint8Array(plan.keys.length);
  const contribution = new Float64Array(plan.keys.length);
  const heldKeys: number[] = [];
  let threshold = top.threshold;
  const firstEssential = () => {
    let e = commonLists;
    while (e < m && prefix[e]! + EPSILON < threshold) e++;
    return e;
  };
  let e = firstEssential();
  let score = 0;
  // The doc under way holds the key of `list` at posting `c`.
  const hold = (list: SegmentList, c: number) => {
    const add = list.weight * list.impact[c]!;
    score += add + plan.coverageUnit;
    contribution[list.key] = add;
    held[list.key] = 1;
    heldKeys.push(list.key);
  };
  for (;;) {
    let d = Number.MAX_SAFE_INTEGER;
    for (let l = e; l < m; l++) {
      const c = cursor[l]!;
      const docs = lists[l]!.docs;
      if (c < docs.length && docs[c]! < d) d = docs[c]!;
    }
    if (d === Number.MAX_SAFE_INTEGER) break;
    score = 0;
    for (const i of heldKeys) held[i] = 0;
    heldKeys.length = 0;
    for (let l = e; l < m; l++) {
      const c = cursor[l]!;
      if (c < lists[l]!.docs.length && lists[l]!.docs[c] === d) {
        hold(lists[l]!, c);
        cursor[l] = c + 1;
      }
    }
    if (allowed && !allowed[d]) continue;
    let pruned = false;
    for (let l = e - 1; l >= 0; l--) {
      if (score + prefix[l]! + verbatimBound(plan, heldKeys) + EPSILON < threshold) {
        pruned = true;
        break;
      }
      const list = lists[l]!;
      const c = seekDoc(list.docs, cursor[l]!, d);
      cursor[l] = c;
      if (c < list.docs.length && list.docs[c] === d) hold(list, c);
    }
    if (pruned || heldKeys.length < minKeys) continue;
    if (score + verbatimBound(plan, heldKeys) + EPSILON < threshold) continue;
    const final = exactScore(plan, contribution, held) + verbatimReward(seg, d, plan, held);
    if (top.offer({ segment: s, doc: d, score: final, date: seg.dates[d]! }) && top.threshold !== threshold) {
      threshold = top.threshold;
      e = firstEssential();
    }
  }
}

/**
 * The most the verbatim reward of the chunks touched by `heldKeys` can be: each such chunk in
 * full. Chunks none of whose keys are held yet are bounded by their shares in the lists' bounds.
 */
function verbatimBound(plan: RankedPlan, heldKeys: readonly number[]): number {
  if (heldKeys.length === 0) return 0;
  if (plan.chunks.length === 1) return plan.verbatimUnit;
  let touched = 0;
  for (const i of heldKeys) for (const c of plan.keys[i]!.chunks) touched |= 1 << Math.min(c, 30);
  let bound = 0;
  for (let c = 0; c < plan.chunks.length; c++) if (touched & (1 << Math.min(c, 30))) bound += plan.verbatimUnit;
  // Chunks past the 31st share a bit: counting each of them in full only loosens the bound.
  if (touched & (1 << 30)) bound += Math.max(0, plan.chunks.length - 31) * plan.verbatimUnit;
  return bound;
}

/** Docs (let through by `allowed`) in at least one list that makes candidates. */
function countCandidates(size: number, lists: readonly SegmentList[], allowed: Uint8Array | null): number {
  const making = lists.filter((l) => !l.common);
  if (making.length === 1) {
    const docs = making[0]!.docs;
    if (!allowed) return docs.length;
    let n = 0;
    for (let i = 0; i < docs.length; i++) if (allowed[docs[i]!]) n++;
    return n;
  }
  const seen = new Uint8Array(size);
  let n = 0;
  for (const list of making) {
    const docs = list.docs;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      if (!seen[d] && (!allowed || allowed[d])) {
        seen[d] = 1;
        n++;
      }
    }
  }
  return n;
}

/**
 * The oracle: scores every doc of segment `s` by the same formula, one key at a time by binary
 * search, with no bounds and no pruning, and offers each candidate to `top`.
 */
export function scanRanked(seg: IndexSegment, s: number, plan: RankedPlan, allowed: Uint8Array | null, top: RankedTop, minKeys = 1): void {
  const postings = plan.keys.map((k) => seg.postings(k.key));
  const held = new Uint8Array(plan.keys.length);
  const contribution = new Float64Array(plan.keys.length);
  const cursor = new Uint32Array(plan.keys.length);
  for (let d = 0; d < seg.size; d++) {
    if (allowed && !allowed[d]) continue;
    let candidate = false;
    held.fill(0);
    plan.keys.forEach((k, i) => {
      const p = postings[i]!;
      // Docs come in ascending order, so each list is searched from where the last doc left it.
      const at = (cursor[i] = seekDoc(p.docs, cursor[i]!, d));
      if (at < p.docs.length && p.docs[at] === d) {
        contribution[i] = k.idf * IMPACT_UNIT * p.impact[at]!;
        held[i] = 1;
        if (!k.common) candidate = true;
      }
    });
    if (!candidate || held.reduce((n, x) => n + x, 0) < minKeys) continue;
    top.candidates++;
    const score = exactScore(plan, contribution, held) + verbatimReward(seg, d, plan, held);
    top.offer({ segment: s, doc: d, score, date: seg.dates[d]! });
  }
}

/**
 * What of `chunks` doc `d` holds verbatim, for highlighting: each chunk whole where it occurs,
 * otherwise its longest pieces of two or more characters that occur (`居民健康卡发展` → `居民健康卡`).
 */
export function heldParts(seg: IndexSegment, d: number, chunks: readonly string[]): string[] {
  const parts: string[] = [];
  for (const chunk of chunks.map(normalizeForMatch)) {
    const chars = Array.from(chunk).slice(0, 40);
    for (let i = 0; i + 1 < chars.length; ) {
      let end = i + 1;
      while (end + 1 <= chars.length && seg.contains(d, chars.slice(i, end + 1).join(''))) end++;
      if (end - i >= 2) {
        const part = chars.slice(i, end).join('');
        if (!parts.includes(part)) parts.push(part);
        i = end;
      } else {
        i++;
      }
    }
  }
  return parts;
}
