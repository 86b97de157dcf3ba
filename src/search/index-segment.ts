// One immutable piece of the search index: for a fixed list of articles, which articles hold each
// term and how often, in flat typed arrays. Han text is indexed as character bigrams keyed by
// number (no string per term, so 100,000 articles fit in tens of megabytes and build in about a
// second); Latin words and numbers are kept as strings. A segment serialises to a few buffers,
// so a restart maps it back instead of rebuilding it.
import type { Article } from '../pages/article.ts';
import type { Region } from '../regions/region.ts';
import { regionIncludes } from '../regions/region-filter.ts';
import { KeyTable } from './key-table.ts';
import { foldForIndex, forEachTermKey, type TermKey } from './tokenize.ts';


/** Title matches count this many times a summary match: a term in the title is what the article is about. */
export const TITLE_BOOST = 3;
// BM25 constants as Lucene uses them.
const K1 = 1.2;
const B = 0.7;
/** The largest possible impact, (TITLE_BOOST + 1) × (K1 + 1); impacts are stored as 0–255 of it. */
const MAX_IMPACT = (TITLE_BOOST + 1) * (K1 + 1);
/** Multiply a stored impact by this to get BM25's term-frequency part back. */
export const IMPACT_UNIT = MAX_IMPACT / 255;

/**
 * Postings of one term in one segment: local doc numbers ascending; per posting, where the term
 * occurs and its BM25 term-frequency weight (length-normalised per field, the title boosted),
 * quantised to a byte. A query multiplies impacts by idf instead of recomputing BM25.
 */
export interface Postings {
  docs: Uint32Array;
  impact: Uint8Array;
  /** Where the term first occurs: its UTF-16 offset in the title, or past the title in the summary; FIRST_UNKNOWN beyond. */
  first: Uint8Array;
  /** Where it last occurs, the same way (FIRST_UNKNOWN when that is beyond a byte). */
  last: Uint8Array;
}

/** `first` for an occurrence too far in to record in a byte. */
export const FIRST_UNKNOWN = 255;

const EMPTY: Postings = { docs: new Uint32Array(0), impact: new Uint8Array(0), first: new Uint8Array(0), last: new Uint8Array(0) };

/** The flat arrays a segment is made of; exactly what is written to and read from a snapshot. */
export interface SegmentArrays {
  /** Sorted numeric keys (Han bigrams and lone characters). */
  hanKeys: Float64Array;
  /** Sorted Latin/digit words. */
  words: string[];
  /** Postings offsets: term t (Han keys first, then words) owns [offsets[t], offsets[t+1]). */
  offsets: Uint32Array;
  docs: Uint32Array;
  impact: Uint8Array;
  first: Uint8Array;
  last: Uint8Array;
}

/** BM25's term-frequency part: tf·(k1+1) / (tf + k1·(1 − b + b·length/average)). */
function bm25(tf: number, length: number, average: number): number {
  return tf === 0 ? 0 : (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / average));
}

/**
 * Builds the arrays for `fields` (each article's normalised title and summary). Tokenizes twice
 * instead of keeping a forward index: the first pass counts how many docs hold each term, so the
 * second writes every posting straight into its final place. That costs a second tokenization
 * (about a second at 100,000 articles) and saves the forward index (about 100 MB there).
 */
export function buildSegmentArrays(fields: ReadonlyArray<{ title: string; summary: string }>): SegmentArrays {
  // Term ids in first-seen order. Han keys go through a typed hash table and the per-term facts
  // into typed arrays grown by doubling: a real vocabulary has over a million distinct bigrams.
  const idOfHan = new KeyTable();
  const idOfWord = new Map<string, number>();
  let hanOfId = new Float64Array(1024); // the Han key of each id; -1 for a word
  let docFreq = new Int32Array(1024);
  let lastDoc = new Int32Array(1024);
  let termCount = 0;
  const titleLength = new Uint16Array(fields.length);
  const summaryLength = new Uint16Array(fields.length);
  const newId = (han: number): number => {
    if (termCount === hanOfId.length) {
      const grow = <T extends Float64Array | Int32Array>(old: T): T => {
        const next = new (old.constructor as new (n: number) => T)(old.length * 2);
        next.set(old);
        return next;
      };
      hanOfId = grow(hanOfId);
      docFreq = grow(docFreq);
      lastDoc = grow(lastDoc);
    }
    hanOfId[termCount] = han;
    docFreq[termCount] = 0;
    lastDoc[termCount] = -1;
    return termCount++;
  };
  const idFor = (key: TermKey): number => {
    if (typeof key === 'number') {
      let id = idOfHan.get(key);
      if (id < 0) idOfHan.set(key, (id = newId(key)));
      return id;
    }
    let id = idOfWord.get(key);
    if (id === undefined) idOfWord.set(key, (id = newId(-1)));
    return id;
  };

  // Pass 1: term ids, how many docs hold each, field lengths.
  let doc = 0;
  let fieldTerms = 0;
  const seen = (key: TermKey) => {
    const id = idFor(key);
    if (lastDoc[id] !== doc) {
      lastDoc[id] = doc;
      docFreq[id]!++;
    }
    fieldTerms++;
  };
  for (doc = 0; doc < fields.length; doc++) {
    fieldTerms = 0;
    forEachTermKey(fields[doc]!.title, seen);
    titleLength[doc] = Math.min(fieldTerms, 65535);
    fieldTerms = 0;
    forEachTermKey(fields[doc]!.summary, seen);
    summaryLength[doc] = Math.min(fieldTerms, 65535);
  }

  // Order terms: Han keys ascending, then words ascending (code units), so lookups can binary-search.
  const hanTerms = idOfHan.size;
  const hanKeys = new Float64Array(hanTerms);
  for (let id = 0, h = 0; id < termCount; id++) if (hanOfId[id]! >= 0) hanKeys[h++] = hanOfId[id]!;
  hanKeys.sort();
  const words = [...idOfWord.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Uint32Array(termCount);
  const idAt = new Uint32Array(termCount);
  for (let r = 0; r < hanTerms; r++) idAt[r] = idOfHan.get(hanKeys[r]!);
  words.forEach((word, w) => (idAt[hanTerms + w] = idOfWord.get(word)!));
  const offsets = new Uint32Array(termCount + 1);
  for (let r = 0; r < termCount; r++) {
    rank[idAt[r]!] = r;
    offsets[r + 1] = offsets[r]! + docFreq[idAt[r]!]!;
  }

  // Pass 2: each doc's terms with their per-field counts, written in place. Docs are visited in
  // order, so every postings list comes out ascending.
  const total = offsets[termCount]!;
  const cursor = offsets.slice(0, termCount);
  const docs = new Uint32Array(total);
  const impact = new Uint8Array(total);
  const first = new Uint8Array(total);
  const last = new Uint8Array(total);
  const mean = (xs: Uint16Array) => (xs.length === 0 ? 1 : Math.max(1, xs.reduce((sum, x) => sum + x, 0) / xs.length));
  const avgTitle = mean(titleLength);
  const avgSummary = mean(summaryLength);
  // Per-doc counts in arrays indexed by term rank, reset through the list of ranks the doc
  // touched: no allocation per doc, so building 100,000 articles does not balloon the heap.
  const titleCount = new Uint16Array(termCount);
  const summaryCount = new Uint16Array(termCount);
  const firstAt = new Uint8Array(termCount);
  const lastAt = new Uint8Array(termCount);
  const stamp = new Int32Array(termCount).fill(-1);
  let touched = new Uint32Array(1024);
  let touchedCount = 0;
  let inTitle = true;
  let base = 0; // where the current field starts in title-then-summary coordinates
  let d = 0;
  const count = (key: TermKey, at: number) => {
    const r = rank[typeof key === 'number' ? idOfHan.get(key) : idOfWord.get(key)!]!;
    if (stamp[r] !== d) {
      stamp[r] = d;
      titleCount[r] = 0;
      summaryCount[r] = 0;
      firstAt[r] = Math.min(FIRST_UNKNOWN, base + at);
      if (touchedCount === touched.length) {
        const grown = new Uint32Array(touched.length * 2);
        grown.set(touched);
        touched = grown;
      }
      touched[touchedCount++] = r;
    }
    lastAt[r] = Math.min(FIRST_UNKNOWN, base + at);
    if (inTitle) titleCount[r] = Math.min(65535, titleCount[r]! + 1);
    else summaryCount[r] = Math.min(65535, summaryCount[r]! + 1);
  };
  for (d = 0; d < fields.length; d++) {
    touchedCount = 0;
    inTitle = true;
    base = 0;
    forEachTermKey(fields[d]!.title, count);
    inTitle = false;
    // One past the end: a term never runs from the title into the summary.
    base = fields[d]!.title.length + 1;
    forEachTermKey(fields[d]!.summary, count);
    for (let t = 0; t < touchedCount; t++) {
      const r = touched[t]!;
      const at = cursor[r]!++;
      const tt = titleCount[r]!;
      const st = summaryCount[r]!;
      first[at] = firstAt[r]!;
      last[at] = lastAt[r]!;
      docs[at] = d;
      const weight = TITLE_BOOST * bm25(tt, titleLength[d]!, avgTitle) + bm25(st, summaryLength[d]!, avgSummary);
      // At least 1 for any occurrence, so a match never weighs nothing.
      impact[at] = Math.max(1, Math.min(255, Math.round(weight / IMPACT_UNIT)));
    }
  }
  return { hanKeys, words, offsets, docs, impact, first, last };
}

/** An article's title and summary as the index sees them (usually the article's own strings: see foldForIndex). */
export function indexFields(article: Article): { title: string; summary: string } {
  return { title: foldForIndex(article.title), summary: foldForIndex(article.summary) };
}

/** An article's publication date as the index keeps it: yyyymmdd, 0 when unknown. */
export function indexDate(article: Article): number {
  return article.date ? Number(article.date.replaceAll('-', '')) : 0;
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
  /** Normalised title and summary per doc, for verbatim checks (see `contains`). */
  private readonly fields: ReadonlyArray<{ title: string; summary: string }>;
  /** Publication date as yyyymmdd (0 when unknown), for date filters and newest-first order. */
  readonly dates: Int32Array;
  readonly arrays: SegmentArrays;

  private constructor(
    articles: readonly Article[],
    arrays: SegmentArrays,
    fields: ReadonlyArray<{ title: string; summary: string }>,
    dates: Int32Array = Int32Array.from(articles, indexDate),
  ) {
    this.articles = articles;
    this.arrays = arrays;
    this.fields = fields;
    this.dates = dates;
  }

  /** Indexes `articles` from scratch. */
  static build(articles: readonly Article[]): IndexSegment {
    const fields = articles.map(indexFields);
    return new IndexSegment(articles, buildSegmentArrays(fields), fields);
  }

  /**
   * A segment whose arrays were built elsewhere (the index worker) by `buildSegmentArrays(fields)`,
   * with `fields` and `dates` from `indexFields` and `indexDate` of each article: nothing is
   * recomputed, so adopting a 100,000-article segment takes no time on the event loop.
   */
  static prebuilt(
    articles: readonly Article[],
    arrays: SegmentArrays,
    fields: ReadonlyArray<{ title: string; summary: string }>,
    dates: Int32Array,
  ): IndexSegment {
    return new IndexSegment(articles, arrays, fields, dates);
  }

  /**
   * Puts a segment back together from its articles and the arrays a snapshot kept. `folded`, when
   * the snapshot kept it (see `foldedDocs`), names the only docs whose fields differ from their
   * article's text: the rest take the article's own strings, so a restart does not fold all the
   * text again (~0.3 s at 100,000 articles).
   */
  static fromArrays(articles: readonly Article[], arrays: SegmentArrays, folded?: readonly number[]): IndexSegment {
    const maxDoc = arrays.docs.reduce((m, d) => (d > m ? d : m), -1);
    if (maxDoc >= articles.length) throw new Error(`index snapshot refers to article ${maxDoc} but ${articles.length} were given`);
    if (!folded) return new IndexSegment(articles, arrays, articles.map(indexFields));
    const fields = articles.map((a) => ({ title: a.title, summary: a.summary }));
    for (const d of folded) if (d < articles.length) fields[d] = indexFields(articles[d]!);
    return new IndexSegment(articles, arrays, fields);
  }

  /** Docs whose title or summary the index folded (traditional characters, full-width letters…): what a snapshot keeps. */
  foldedDocs(): number[] {
    const out: number[] = [];
    for (let d = 0; d < this.articles.length; d++) {
      const a = this.articles[d]!;
      const f = this.fields[d]!;
      if (f.title !== a.title || f.summary !== a.summary) out.push(d);
    }
    return out;
  }

  get size(): number {
    return this.articles.length;
  }

  /** Length of doc `d`'s title as indexed: positions below it are in the title, above it in the summary. */
  titleLength(d: number): number {
    return this.fields[d]!.title.length;
  }

  /**
   * Whether doc `d`'s title or summary holds `term` (normalised) verbatim; a term never spans the
   * two. A caller that knows a field cannot hold it says so and saves the look.
   */
  contains(d: number, term: string, inTitle = true, inSummary = true, from = 0): boolean {
    const f = this.fields[d]!;
    // `from` is in title-then-summary coordinates (the summary starts one past the title).
    const summaryFrom = Math.max(0, from - f.title.length - 1);
    return (inTitle && from < f.title.length && f.title.includes(term, from)) || (inSummary && f.summary.includes(term, summaryFrom));
  }

  private termIndex(key: TermKey): number {
    const { hanKeys, words } = this.arrays;
    if (typeof key === 'number') return searchSorted(hanKeys, key);
    const w = searchSorted(words, key);
    return w < 0 ? -1 : hanKeys.length + w;
  }

  private byProvince: Map<string | null, Uint32Array> | null = null;

  /** Docs tagged with `province` (null: national), ascending; built on first use (`regionDocs` narrows it). */
  private provinceDocs(province: string | null): Uint32Array {
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

  private byRegion = new Map<string, Uint32Array>();

  /**
   * Docs tagged with `filter`'s region or a place inside it, ascending; built on first use per
   * region (a question names the same few regions again and again, and checking every tagged
   * article's region object each time cost more than ranking them).
   */
  regionDocs(filter: Region): Uint32Array {
    const inProvince = this.provinceDocs(filter.province);
    if (filter.city === null && filter.county === null) return inProvince;
    const key = `${filter.province}\u0000${filter.city}\u0000${filter.county}`;
    let docs = this.byRegion.get(key);
    if (!docs) {
      docs = inProvince.filter((d) => regionIncludes(filter, this.articles[d]!.region));
      this.byRegion.set(key, docs);
    }
    return docs;
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
    const { offsets, docs, impact, first, last } = this.arrays;
    const from = offsets[t]!;
    const to = offsets[t + 1]!;
    return {
      docs: docs.subarray(from, to),
      impact: impact.subarray(from, to),
      first: first.subarray(from, to),
      last: last.subarray(from, to),
    };
  }
}
