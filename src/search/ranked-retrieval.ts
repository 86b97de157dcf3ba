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
import { FIRST_UNKNOWN, IMPACT_UNIT, type IndexSegment, type Postings } from './index-segment.ts';
import { normalizeForMatch, termKeysAt, type TermKey } from './tokenize.ts';
import { seekDoc } from './postings.ts';
import { isLoneHanKey } from './term-plan.ts';

/** A key held by more than this share of the archive matches "most" of it: alone it makes no candidate. */
export const COMMON_SHARE = 0.5;
/** Weight of full coverage, in units of the question's total idf. */
const COVERAGE_WEIGHT = 1;
/** Weight of all chunks occurring verbatim, in units of the question's total idf. */
const VERBATIM_WEIGHT = 1.5;
/**
 * Weight of a key that only a related word holds (互联网医院 for a question about 网上看病), against
 * the question's own words, so an article in the question's own words comes first.
 */
const RELATED_WEIGHT = 0.5;
/** Slack for floating-point sums when comparing a bound with the threshold: prune only when surely below. */
const EPSILON = 1e-9;

/** One key of a ranked query. */
export interface RankedKey {
  key: TermKey;
  idf: number;
  /** Held by most of the archive, or only by a related word: probed, never a reason to be a candidate. */
  common: boolean;
  /** Only related words hold it. */
  related: boolean;
  /**
   * For a related key: the related words (chunk indices) holding it. It counts for a doc only when
   * the doc holds one of them whole, so 电子 and 子健 of 电子健康卡 lift no article about 电子健康档案.
   */
  gates: number[] | null;
  /** Indices of the chunks holding this key. */
  chunks: number[];
}

/** A question's chunks as keys with weights: what every segment is ranked by. */
export interface RankedPlan {
  keys: RankedKey[];
  /**
   * Normalised chunk text, the indices (into `keys`) of its keys and where each first starts in
   * it; `isKey` when the chunk is one key (a bigram or a word), so holding the key is holding it;
   * `nowhere` when one of its keys is in no article, so no article holds it whole; `related` for a
   * related word rather than the question's own, which earns no verbatim reward.
   */
  chunks: Array<{ text: string; keys: number[]; offsets: number[]; isKey: boolean; nowhere: boolean; related: boolean }>;
  /** Score added per key held: the coverage reward spread over the keys. */
  coverageUnit: number;
  /** Score added per chunk held verbatim. */
  verbatimUnit: number;
}

/**
 * Turns chunks into a ranked plan: their bigram and word keys that the archive holds, each with
 * BM25's idf. Keys in more than `COMMON_SHARE` of the archive are common; when every key is
 * common, they all make candidates (the question still gets its best answer). `related` words
 * (see synonyms.ts) are planned after the chunks: a key only they hold weighs {@link RELATED_WEIGHT}
 * and, like a common one, is probed but makes no candidate, so a related word lifts the articles that
 * share something with the question and never brings in one that shares nothing (健康卡's 就诊卡
 * would otherwise bring every article mentioning 就诊).
 */
export function planRanked(chunks: readonly string[], documentFrequency: (key: TermKey) => number, articles: number, related: readonly string[] = []): RankedPlan {
  const keys: RankedKey[] = [];
  const at = new Map<TermKey, number>();
  const planned: RankedPlan['chunks'] = [];
  for (const [n, chunk] of [...chunks, ...related].entries()) {
    const isRelated = n >= chunks.length;
    const text = normalizeForMatch(chunk);
    const mine: number[] = [];
    const offsets: number[] = [];
    let nowhere = false;
    for (const [key, offset] of termKeysAt(text)) {
      if (isLoneHanKey(key)) continue;
      let i = at.get(key);
      if (i === undefined) {
        const df = documentFrequency(key);
        if (df === 0) {
          // In no article: cannot match, cannot count. A Han bigram in none means no article holds
          // the chunk whole (a typo's 键康); a Latin word may still occur inside a longer one.
          if (typeof key === 'number') nowhere = true;
          continue;
        }
        i = keys.length;
        at.set(key, i);
        const idf = Math.log(1 + (articles - df + 0.5) / (df + 0.5));
        keys.push({ key, idf: isRelated ? idf * RELATED_WEIGHT : idf, common: isRelated || df > COMMON_SHARE * articles, related: isRelated, gates: null, chunks: [] });
      }
      if (!mine.includes(i)) {
        mine.push(i);
        offsets.push(offset);
      }
    }
    const c = planned.length;
    planned.push({ text, keys: mine, offsets, isKey: mine.length === 1 && termKeysAt(text).length === 1, nowhere, related: isRelated });
    for (const i of mine) keys[i]!.chunks.push(c);
  }
  for (const k of keys) if (k.related) k.gates = k.chunks;
  const own = keys.filter((k) => !k.related);
  if (own.length > 0 && own.every((k) => k.common)) for (const k of own) k.common = false;
  const totalIdf = keys.reduce((s, k) => s + k.idf, 0);
  return {
    keys,
    chunks: planned,
    coverageUnit: keys.length === 0 ? 0 : (COVERAGE_WEIGHT * totalIdf) / keys.length,
    verbatimUnit: chunks.length === 0 ? 0 : (VERBATIM_WEIGHT * totalIdf) / chunks.length,
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
  /** The most this list can add to a doc's score, its share of the verbatim rewards included. */
  bound: number;
  /** The most its key adds by BM25 and coverage alone. */
  plainBound: number;
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
    // The verbatim reward of a chunk is spread over its keys for the bound: a doc that no other
    // list holds collects the whole reward's bound only from lists holding all of the chunk's keys.
    const verbatimShare = k.chunks.reduce(
      (s, c) => (plan.chunks[c]!.nowhere || plan.chunks[c]!.related ? s : s + plan.verbatimUnit / Math.max(1, plan.chunks[c]!.keys.length)),
      0,
    );
    const weight = k.idf * IMPACT_UNIT;
    const plainBound = weight * maxImpact + plan.coverageUnit;
    lists.push({ key: i, docs: p.docs, impact: p.impact, weight, bound: plainBound + verbatimShare, plainBound, common: k.common });
  });
  // Common lists first (never essential), then by bound ascending: the weakest lists are the ones left unwalked.
  return lists.sort((a, b) => Number(b.common) - Number(a.common) || a.bound - b.bound);
}

/** Set bits of a 32-bit integer. */
function popCount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

/**
 * BM25 and coverage of doc `d` from its keys' contributions, summed in key order: the ranked path
 * and the scan add the same numbers in the same order, so equal docs tie exactly. `heldBy[i]` is
 * the doc that last held key i (a stamp, so nothing is cleared between docs).
 */
function exactScore(seg: IndexSegment, plan: RankedPlan, contribution: Float64Array, heldBy: Int32Array, d: number): number {
  let score = 0;
  for (let i = 0; i < heldBy.length; i++) {
    if (heldBy[i] !== d) continue;
    // A related word's key counts only where the doc holds the whole word: never more than the
    // bounds, which assume it counts, so the pruning stays exact.
    const gates = plan.keys[i]!.gates;
    if (gates !== null && !gates.some((c) => holdsWhole(seg, plan.chunks[c]!, heldBy, d))) continue;
    score += contribution[i]! + plan.coverageUnit;
  }
  return score;
}

/** Whether doc d holds `chunk` verbatim: every key first (cheap), then the text. */
function holdsWhole(seg: IndexSegment, chunk: RankedPlan['chunks'][number], heldBy: Int32Array, d: number): boolean {
  return chunk.keys.length > 0 && holdsAll(chunk.keys, heldBy, d) && seg.contains(d, chunk.text);
}

/**
 * The verbatim reward of doc `d`, given which plan keys it holds and, per key, its postings and
 * the doc's place in them. A chunk occurring at p puts each key at p + its offset, between the
 * key's first and last occurrence; when the recorded positions rule that out, no string search.
 */
function verbatimReward(seg: IndexSegment, d: number, plan: RankedPlan, heldBy: Int32Array, postings: readonly Postings[], at: Uint32Array): number {
  let reward = 0;
  for (const chunk of plan.chunks) {
    const { keys, offsets } = chunk;
    if (keys.length === 0 || chunk.nowhere || chunk.related || !holdsAll(keys, heldBy, d)) continue;
    if (chunk.isKey) {
      reward += plan.verbatimUnit;
      continue;
    }
    let earliest = -Infinity;
    let latest = Infinity;
    for (let j = 0; j < keys.length; j++) {
      const p = postings[keys[j]!]!;
      const first = p.first[at[keys[j]!]!]!;
      const last = p.last[at[keys[j]!]!]!;
      if (first === FIRST_UNKNOWN || last === FIRST_UNKNOWN) {
        earliest = -Infinity;
        latest = Infinity;
        break;
      }
      earliest = Math.max(earliest, first - offsets[j]!);
      latest = Math.min(latest, last - offsets[j]!);
    }
    if (earliest > latest) continue;
    if (seg.contains(d, chunk.text)) reward += plan.verbatimUnit;
  }
  return reward;
}

function holdsAll(keys: readonly number[], heldBy: Int32Array, d: number): boolean {
  for (let j = 0; j < keys.length; j++) if (heldBy[keys[j]!] !== d) return false;
  return true;
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
    if (through * m < walked) {
      scanDocs(seg, s, plan, allowed, top, minKeys);
      return;
    }
  }
  top.candidates += countCandidates(seg.size, lists, allowed);
  // Two sums of bounds, weakest lists first: with the verbatim shares, to choose which lists a
  // doc that none of the others holds could still get in by; without them, to prune one doc,
  // whose verbatim reward is bounded by the chunks it has not yet been seen to miss a key of.
  const prefix = new Float64Array(m);
  const plainPrefix = new Float64Array(m);
  let sum = 0;
  let plainSum = 0;
  for (let l = 0; l < m; l++) {
    prefix[l] = sum += lists[l]!.bound;
    plainPrefix[l] = plainSum += lists[l]!.plainBound;
  }
  const chunkCount = plan.chunks.length;
  // A chunk with a key this segment never saw cannot occur in it.
  const inSegment = new Uint8Array(plan.keys.length);
  for (const list of lists) inSegment[list.key] = 1;
  const blocked = Uint8Array.from(plan.chunks, (c) => (c.nowhere || c.related || c.keys.length === 0 || c.keys.some((i) => !inSegment[i]) ? 1 : 0));
  const possibleChunks = blocked.reduce((n, b) => n + (b ? 0 : 1), 0);
  // Chunks as bits (the first 31; later ones never counted as missed, which only loosens the bound).
  const bit = (c: number) => (c < 31 ? 1 << c : 0);
  const listChunkBits = Int32Array.from(lists, (l) => plan.keys[l.key]!.chunks.reduce((b, c) => b | bit(c), 0));
  const blockedBits = blocked.reduce((b, x, c) => (x ? b | bit(c) : b), 0);
  const commonLists = lists.filter((l) => l.common).length;
  const cursor = new Uint32Array(m);
  // Stamps, not flags: key i is held, chunk c missed, by the doc whose number they hold.
  const heldBy = new Int32Array(plan.keys.length).fill(-1);
  const missedBy = new Int32Array(chunkCount).fill(-1);
  const contribution = new Float64Array(plan.keys.length);
  // Per plan key, its postings here and the doc under way's place in them (for the verbatim check).
  const keyPostings = plan.keys.map((k) => seg.postings(k.key));
  const keyAt = new Uint32Array(plan.keys.length);
  let threshold = top.threshold;
  const firstEssential = () => {
    let e = commonLists;
    while (e < m && prefix[e]! + EPSILON < threshold) e++;
    return e;
  };
  let e = firstEssential();
  const coverageUnit = plan.coverageUnit;
  // Doc d holds the key of `list` at posting `c`: what that adds to its score.
  const hold = (list: SegmentList, c: number, d: number): number => {
    const add = list.weight * list.impact[c]!;
    contribution[list.key] = add;
    heldBy[list.key] = d;
    keyAt[list.key] = c;
    return add + coverageUnit;
  };
  // Doc d lacks the key of `list`: how many more chunks can no longer occur in it whole.
  const chunksOfKey = plan.keys.map((k) => Int32Array.from(k.chunks));
  const miss = (list: SegmentList, d: number): number => {
    const chunks = chunksOfKey[list.key]!;
    let lost = 0;
    for (let j = 0; j < chunks.length; j++) {
      const c = chunks[j]!;
      if (missedBy[c] !== d && !blocked[c]) {
        missedBy[c] = d;
        lost++;
      }
    }
    return lost;
  };
  for (;;) {
    let d = Number.MAX_SAFE_INTEGER;
    for (let l = e; l < m; l++) {
      const c = cursor[l]!;
      const docs = lists[l]!.docs;
      if (c < docs.length && docs[c]! < d) d = docs[c]!;
    }
    if (d === Number.MAX_SAFE_INTEGER) break;
    // Most docs fall short on what their essential lists give plus every other list's bound:
    // skip those before any bookkeeping.
    if (allowed && !allowed[d]) {
      for (let l = e; l < m; l++) {
        const list = lists[l]!;
        if (cursor[l]! < list.docs.length && list.docs[cursor[l]!] === d) cursor[l]!++;
      }
      continue;
    }
    // The essential lists holding d step past it here; below, a list holds d when its previous posting is d.
    let quick = 0;
    let missedBits = 0;
    for (let l = e; l < m; l++) {
      const list = lists[l]!;
      const c = cursor[l]!;
      if (c < list.docs.length && list.docs[c] === d) {
        quick += list.weight * list.impact[c]! + coverageUnit;
        cursor[l] = c + 1;
      } else {
        missedBits |= listChunkBits[l]!;
      }
    }
    const quickPossible = possibleChunks - popCount(missedBits & ~blockedBits);
    if (quick + (e > 0 ? plainPrefix[e - 1]! : 0) + quickPossible * plan.verbatimUnit + EPSILON < threshold) continue;
    let score = 0;
    let possible = possibleChunks;
    let heldCount = 0;
    for (let l = e; l < m; l++) {
      const list = lists[l]!;
      const c = cursor[l]! - 1;
      if (c >= 0 && list.docs[c] === d) {
        score += hold(list, c, d);
        heldCount++;
      } else {
        possible -= miss(list, d);
      }
    }
    let pruned = false;
    for (let l = e - 1; l >= 0; l--) {
      if (score + plainPrefix[l]! + possible * plan.verbatimUnit + EPSILON < threshold) {
        pruned = true;
        break;
      }
      const list = lists[l]!;
      const c = seekDoc(list.docs, cursor[l]!, d);
      cursor[l] = c;
      if (c < list.docs.length && list.docs[c] === d) {
        score += hold(list, c, d);
        heldCount++;
      } else {
        possible -= miss(list, d);
      }
    }
    if (pruned || heldCount < minKeys) continue;
    if (score + possible * plan.verbatimUnit + EPSILON < threshold) continue;
    const final = exactScore(seg, plan, contribution, heldBy, d) + verbatimReward(seg, d, plan, heldBy, keyPostings, keyAt);
    if (top.offer({ segment: s, doc: d, score: final, date: seg.dates[d]! }) && top.threshold !== threshold) {
      threshold = top.threshold;
      e = firstEssential();
    }
  }
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
 * search, with no bounds and no pruning, and offers each candidate to `top`. It does not trust the
 * plan's `nowhere` marks either: every chunk whose keys a doc holds is looked for in its text.
 */
export function scanRanked(seg: IndexSegment, s: number, plan: RankedPlan, allowed: Uint8Array | null, top: RankedTop, minKeys = 1): void {
  scanDocs(seg, s, { ...plan, chunks: plan.chunks.map((c) => ({ ...c, nowhere: false })) }, allowed, top, minKeys);
}

/** Scores every doc `allowed` lets through, as the oracle does (the ranked path for a few docs). */
function scanDocs(seg: IndexSegment, s: number, plan: RankedPlan, allowed: Uint8Array | null, top: RankedTop, minKeys: number): void {
  const postings = plan.keys.map((k) => seg.postings(k.key));
  const heldBy = new Int32Array(plan.keys.length).fill(-1);
  const contribution = new Float64Array(plan.keys.length);
  const cursor = new Uint32Array(plan.keys.length);
  for (let d = 0; d < seg.size; d++) {
    if (allowed && !allowed[d]) continue;
    let candidate = false;
    let holds = 0;
    for (let i = 0; i < postings.length; i++) {
      const p = postings[i]!;
      // Docs come in ascending order, so each list is searched from where the last doc left it.
      const at = (cursor[i] = seekDoc(p.docs, cursor[i]!, d));
      if (at < p.docs.length && p.docs[at] === d) {
        const k = plan.keys[i]!;
        contribution[i] = k.idf * IMPACT_UNIT * p.impact[at]!;
        heldBy[i] = d;
        holds++;
        if (!k.common) candidate = true;
      }
    }
    if (!candidate || holds < minKeys) continue;
    top.candidates++;
    const score = exactScore(seg, plan, contribution, heldBy, d) + verbatimReward(seg, d, plan, heldBy, postings, cursor);
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
