// One immutable piece of the search index: for a fixed list of articles, which articles hold each
// term and how often, in flat typed arrays. Han text is indexed as character bigrams keyed by
// number (no string per term, so 100,000 articles fit in tens of megabytes and build in about a
// second); Latin words and numbers are kept as strings. A segment serialises to a few buffers,
// so a restart maps it back instead of rebuilding it.
import type { Article } from '../pages/article.ts';
import { forEachTermKey, normalizeForMatch, type TermKey } from './tokenize.ts';


/** Postings of one term in one segment: local doc numbers ascending, with per-field frequencies. */
export interface Postings {
  docs: Uint32Array;
  titleTf: Uint8Array;
  summaryTf: Uint8Array;
}

const EMPTY: Postings = { docs: new Uint32Array(0), titleTf: new Uint8Array(0), summaryTf: new Uint8Array(0) };

/** The flat arrays a segment is made of; exactly what is written to and read from a snapshot. */
export interface SegmentArrays {
  /** Sorted numeric keys (Han bigrams and lone characters). */
  hanKeys: Float64Array;
  /** Sorted Latin/digit words. */
  words: string[];
  /** Postings offsets: term t (Han keys first, then words) owns [offsets[t], offsets[t+1]). */
  offsets: Uint32Array;
  docs: Uint32Array;
  titleTf: Uint8Array;
  summaryTf: Uint8Array;
  /** Terms per doc in title and summary, for BM25's length normalisation. */
  titleLength: Uint16Array;
  summaryLength: Uint16Array;
}

class GrowableU32 {
  data = new Uint32Array(1 << 16);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}
class GrowableU8 {
  data = new Uint8Array(1 << 16);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const next = new Uint8Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

const clampTf = (n: number) => (n > 255 ? 255 : n);

/** Builds the arrays for `texts` (each article's normalised title and summary). */
export function buildSegmentArrays(fields: ReadonlyArray<{ title: string; summary: string }>): SegmentArrays {
  // Pass 1: a forward index (doc → term ids with per-field counts); term ids in first-seen order.
  const idOfHan = new Map<number, number>();
  const idOfWord = new Map<string, number>();
  const hanOfId: number[] = [];
  const wordOfId: Array<string | null> = [];
  const fwdTerm = new GrowableU32();
  const fwdTitle = new GrowableU8();
  const fwdSummary = new GrowableU8();
  const docStart = new Uint32Array(fields.length + 1);
  const titleLength = new Uint16Array(fields.length);
  const summaryLength = new Uint16Array(fields.length);
  const counts = new Map<number, number>(); // term id → title count * 65536 + summary count, per doc
  let field = 0;
  const idFor = (key: TermKey): number => {
    if (typeof key === 'number') {
      let id = idOfHan.get(key);
      if (id === undefined) {
        id = hanOfId.length;
        idOfHan.set(key, id);
        hanOfId.push(key);
        wordOfId.push(null);
      }
      return id;
    }
    let id = idOfWord.get(key);
    if (id === undefined) {
      id = hanOfId.length;
      idOfWord.set(key, id);
      hanOfId.push(-1);
      wordOfId.push(key);
    }
    return id;
  };
  let fieldTerms = 0;
  const count = (key: TermKey) => {
    const id = idFor(key);
    counts.set(id, (counts.get(id) ?? 0) + (field === 0 ? 65536 : 1));
    fieldTerms++;
  };
  for (let d = 0; d < fields.length; d++) {
    counts.clear();
    field = 0;
    fieldTerms = 0;
    forEachTermKey(fields[d]!.title, count);
    titleLength[d] = Math.min(fieldTerms, 65535);
    field = 1;
    fieldTerms = 0;
    forEachTermKey(fields[d]!.summary, count);
    summaryLength[d] = Math.min(fieldTerms, 65535);
    docStart[d] = fwdTerm.length;
    for (const [id, packed] of counts) {
      fwdTerm.push(id);
      fwdTitle.push(clampTf(Math.floor(packed / 65536)));
      fwdSummary.push(clampTf(packed % 65536));
    }
  }
  docStart[fields.length] = fwdTerm.length;

  // Order terms: Han keys ascending, then words ascending, so lookups can binary-search.
  const termCount = hanOfId.length;
  const order = Array.from({ length: termCount }, (_, i) => i);
  order.sort((a, b) => {
    const ka = hanOfId[a]!;
    const kb = hanOfId[b]!;
    if (ka >= 0 && kb >= 0) return ka - kb;
    if (ka >= 0) return -1;
    if (kb >= 0) return 1;
    return wordOfId[a]! < wordOfId[b]! ? -1 : 1;
  });
  const rank = new Uint32Array(termCount);
  order.forEach((id, r) => (rank[id] = r));
  const hanTerms = idOfHan.size;
  const hanKeys = new Float64Array(hanTerms);
  const words: string[] = new Array(termCount - hanTerms);
  for (let r = 0; r < termCount; r++) {
    const id = order[r]!;
    if (r < hanTerms) hanKeys[r] = hanOfId[id]!;
    else words[r - hanTerms] = wordOfId[id]!;
  }

  // Pass 2: invert. Docs are visited in order, so every postings list comes out ascending.
  const df = new Uint32Array(termCount + 1);
  for (let i = 0; i < fwdTerm.length; i++) df[rank[fwdTerm.data[i]!]! + 1]!++;
  const offsets = new Uint32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) offsets[t + 1] = offsets[t]! + df[t + 1]!;
  const cursor = offsets.slice(0, termCount);
  const docs = new Uint32Array(fwdTerm.length);
  const titleTf = new Uint8Array(fwdTerm.length);
  const summaryTf = new Uint8Array(fwdTerm.length);
  for (let d = 0; d < fields.length; d++) {
    for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
      const t = rank[fwdTerm.data[i]!]!;
      const at = cursor[t]!++;
      docs[at] = d;
      titleTf[at] = fwdTitle.data[i]!;
      summaryTf[at] = fwdSummary.data[i]!;
    }
  }
  return { hanKeys, words, offsets, docs, titleTf, summaryTf, titleLength, summaryLength };
}

function searchSorted<T>(sorted: ArrayLike<T>, value: T): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** First index in sorted `words` not less than `prefix`. */
function lowerBound(words: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (words[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An immutable index over a list of articles. Doc numbers are positions in `articles`.
 */
export class IndexSegment {
  readonly articles: readonly Article[];
  /** Normalised `title\nsummary` per doc, for verbatim checks. */
  readonly texts: readonly string[];
  /** Publication date as yyyymmdd (0 when unknown), for date filters and newest-first order. */
  readonly dates: Int32Array;
  readonly arrays: SegmentArrays;
  readonly avgTitleLength: number;
  readonly avgSummaryLength: number;

  private constructor(articles: readonly Article[], arrays: SegmentArrays) {
    this.articles = articles;
    this.arrays = arrays;
    this.texts = articles.map((a) => normalizeForMatch(`${a.title}\n${a.summary}`));
    this.dates = Int32Array.from(articles, (a) => (a.date ? Number(a.date.replaceAll('-', '')) : 0));
    const mean = (xs: Uint16Array) => (xs.length === 0 ? 1 : Math.max(1, xs.reduce((s, x) => s + x, 0) / xs.length));
    this.avgTitleLength = mean(arrays.titleLength);
    this.avgSummaryLength = mean(arrays.summaryLength);
  }

  /** Indexes `articles` from scratch. */
  static build(articles: readonly Article[]): IndexSegment {
    const fields = articles.map((a) => ({ title: normalizeForMatch(a.title), summary: normalizeForMatch(a.summary) }));
    return new IndexSegment(articles, buildSegmentArrays(fields));
  }

  /** Puts a segment back together from its articles and the arrays a snapshot kept. */
  static fromArrays(articles: readonly Article[], arrays: SegmentArrays): IndexSegment {
    if (arrays.titleLength.length !== articles.length) {
      throw new Error(`index snapshot holds ${arrays.titleLength.length} articles but ${articles.length} were given`);
    }
    return new IndexSegment(articles, arrays);
  }

  get size(): number {
    return this.articles.length;
  }

  private impactCache: Float32Array | null = null;

  /**
   * Per posting, BM25's term-frequency part with the title boost applied: `titleBoost ×
   * bm25(title tf) + bm25(summary tf)`. A key's score in a doc is then idf × impact, so queries
   * multiply instead of recomputing BM25 for every candidate.
   */
  impacts(titleBoost: number, k1: number, b: number): Float32Array {
    if (!this.impactCache) {
      const { docs, titleTf, summaryTf, titleLength, summaryLength } = this.arrays;
      const impact = new Float32Array(docs.length);
      const part = (tf: number, length: number, avg: number) => (tf === 0 ? 0 : (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / avg)));
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        impact[i] = titleBoost * part(titleTf[i]!, titleLength[d]!, this.avgTitleLength) + part(summaryTf[i]!, summaryLength[d]!, this.avgSummaryLength);
      }
      this.impactCache = impact;
    }
    return this.impactCache;
  }

  /** Where term `key`'s postings start in the segment's flat arrays (for `impacts`), or -1. */
  postingsStart(key: TermKey): number {
    const t = this.termIndex(key);
    return t < 0 ? -1 : this.arrays.offsets[t]!;
  }

  private termIndex(key: TermKey): number {
    const { hanKeys, words } = this.arrays;
    if (typeof key === 'number') return searchSorted(hanKeys, key);
    const w = searchSorted(words, key);
    return w < 0 ? -1 : hanKeys.length + w;
  }

  private byProvince: Map<string | null, Uint32Array> | null = null;

  /** Docs tagged with `province` (null: national), ascending; built on first use. */
  provinceDocs(province: string | null): Uint32Array {
    if (!this.byProvince) {
      const lists = new Map<string | null, number[]>();
      this.articles.forEach((a, d) => {
        const list = lists.get(a.region.province);
        if (list) list.push(d);
        else lists.set(a.region.province, [d]);
      });
      this.byProvince = new Map([...lists].map(([k, v]) => [k, Uint32Array.from(v)]));
    }
    return this.byProvince.get(province) ?? new Uint32Array(0);
  }

  /** Postings of one term, or empty postings when the segment never saw it. */
  postings(key: TermKey): Postings {
    const t = this.termIndex(key);
    return t < 0 ? EMPTY : this.slice(t);
  }

  /** Every indexed word starting with `prefix` (Latin prefix search). */
  prefixWords(prefix: string): string[] {
    const { words } = this.arrays;
    const out: string[] = [];
    for (let w = lowerBound(words, prefix); w < words.length && words[w]!.startsWith(prefix); w++) out.push(words[w]!);
    return out;
  }

  private slice(t: number): Postings {
    const { offsets, docs, titleTf, summaryTf } = this.arrays;
    const from = offsets[t]!;
    const to = offsets[t + 1]!;
    return { docs: docs.subarray(from, to), titleTf: titleTf.subarray(from, to), summaryTf: summaryTf.subarray(from, to) };
  }
}
