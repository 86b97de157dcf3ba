// The search index over every article. Postings of character bigrams find the candidates (every
// bigram of a term must be present), each Chinese term must then occur verbatim, the region and
// date filters apply, BM25 over the bigrams scores (a title match counts three times a summary
// match), and the results come in the order the query asks for. Knows nothing of Slack.
//
// The index is a list of immutable segments plus per-segment tombstones: a changed page adds a
// small segment and hides the old copies of its articles instead of rebuilding everything, and
// segments are merged back into one when the small ones add up.
import type { Article } from '../pages/article.ts';
import { regionIncludes, regionNames } from '../regions/resolve-region.ts';
import { articleFingerprint } from './article-fingerprint.ts';
import { FIRST_UNKNOWN, IMPACT_UNIT, IndexSegment, type Postings } from './index-segment.ts';
import { OverlayMap } from './overlay-map.ts';
import type { NewsSearch, SearchHit, SearchOptions, SearchResponse, UnderstoodQuery } from './search-types.ts';
import { normalizeForMatch, termKeysAt, type TermKey } from './tokenize.ts';
import { todayInShanghai, understandQuery } from './understand-query.ts';

const DEFAULT_LIMIT = 10;
/** Merge the small segments into one when they hold this share of all articles, or number more than this. */
const MERGE_SHARE = 0.2;
const MAX_SEGMENTS = 6;
/** Answers remembered per index: people ask the same things (`四川`, paging back and forth). */
const ANSWER_CACHE_ENTRIES = 512;

/** How an article stands to the query's regions: tagged with one, merely mentions one, or neither. */
const enum RegionFit {
  None = 0,
  Mentions = 1,
  Tagged = 2,
}

/** Matches of a query as parallel arrays: segment, doc, score, region fit and date of each. */
class Matches {
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

/** One query term's matches in a segment: docs ascending, with their BM25 score for the term. */
interface TermMatches {
  docs: Uint32Array;
  scores: Float64Array;
}

const NO_MATCHES: TermMatches = { docs: new Uint32Array(0), scores: new Float64Array(0) };

export interface IndexStats {
  articles: number;
  segments: number;
  terms: number;
  postings: number;
}

/**
 * What an unchanging index answers: `search` understands the query and pages through the matches.
 * Build one with `buildNewsIndex`, change it with `withChanges` (which returns a new index).
 */
export class NewsIndex implements NewsSearch {
  private newestCache: Article[] | null = null;
  /** Recent answers by query and page; an index never changes, so they never go stale. */
  private readonly answers = new Map<string, SearchResponse>();
  private readonly liveCount: number;

  /** @internal use buildNewsIndex / withChanges / loadIndexSnapshot */
  constructor(
    readonly segments: readonly IndexSegment[],
    /** Per segment, 1 where the article was replaced or removed. */
    readonly tombstones: readonly Uint8Array[],
    /** Article id → where it lives. */
    private readonly locations: ReadonlyMap<string, { segment: number; doc: number }>,
  ) {
    this.liveCount = locations.size;
  }

  get size(): number {
    return this.liveCount;
  }

  stats(): IndexStats {
    return {
      articles: this.liveCount,
      segments: this.segments.length,
      terms: this.segments.reduce((s, g) => s + g.arrays.hanKeys.length + g.arrays.words.length, 0),
      postings: this.segments.reduce((s, g) => s + g.arrays.docs.length, 0),
    };
  }

  /** Every live article, newest first (undated last). */
  all(): readonly Article[] {
    if (!this.newestCache) {
      const live: Article[] = [];
      this.forEachLive((segment, doc) => live.push(this.segments[segment]!.articles[doc]!));
      this.newestCache = live.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
    }
    return this.newestCache;
  }

  /** The article with this id, if the index holds it. */
  get(id: string): Article | undefined {
    const at = this.locations.get(id);
    return at ? this.segments[at.segment]!.articles[at.doc] : undefined;
  }

  /** Understands and answers a query; the same query and page again is answered from memory (do not modify the result). */
  search(rawQuery: string, options: SearchOptions = {}): SearchResponse {
    const today = options.today ?? todayInShanghai();
    const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT));
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    const key = `${today}\u0000${offset}\u0000${limit}\u0000${rawQuery}`;
    const cached = this.answers.get(key);
    if (cached) {
      this.answers.delete(key); // most recently used goes last
      this.answers.set(key, cached);
      return cached;
    }
    const response = this.searchUncached(rawQuery, { today, limit, offset });
    if (rawQuery.length <= 1_000) {
      this.answers.set(key, response);
      if (this.answers.size > ANSWER_CACHE_ENTRIES) this.answers.delete(this.answers.keys().next().value!);
    }
    return response;
  }

  /** The search itself, never from memory: what `search` does for a query it has not seen (benchmarks time this). */
  searchUncached(rawQuery: string, options: SearchOptions = {}): SearchResponse {
    const query = understandQuery(rawQuery, { today: options.today ?? todayInShanghai() });
    const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT));
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    const matches = this.collect(query);
    const page = topMatches(matches, query.order, offset + limit).slice(offset);
    return {
      query,
      total: matches.length,
      hits: page.map((i) => this.toHit(matches, i, query)),
      suggestions: matches.length === 0 ? this.suggest(query) : [],
    };
  }

  /**
   * A new index with `added` articles in and the articles with `removedIds` out (an added article
   * whose id is already indexed replaces it). Only the added articles are indexed.
   */
  withChanges(added: readonly Article[], removedIds: Iterable<string>): NewsIndex {
    // The last copy of an id in `added` is the newest news of it.
    const fresh = dedupeById([...added].reverse()).reverse();
    const next = this.withSegment(fresh.length > 0 ? IndexSegment.build(fresh) : null, removedIds);
    return next.needsMerge() ? buildNewsIndex(next.all()) : next;
  }

  /**
   * A new index with the articles of `segment` (one per id) in, replacing any with their ids, and
   * the articles with `removedIds` out. Never merges (see `needsMerge`) and copies only what
   * changed since the last merge, so it is cheap at any size; the segment may come from a worker.
   */
  withSegment(segment: IndexSegment | null, removedIds: Iterable<string>): NewsIndex {
    const tombstones = this.tombstones.map((t) => t.slice());
    const locations = OverlayMap.over(this.locations);
    const hide = (id: string) => {
      const at = locations.get(id);
      if (!at) return;
      tombstones[at.segment]![at.doc] = 1;
      locations.delete(id);
    };
    for (const id of removedIds) hide(id);
    const segments = [...this.segments];
    if (segment && segment.size > 0) {
      for (const article of segment.articles) hide(article.id);
      segment.articles.forEach((a, doc) => locations.set(a.id, { segment: segments.length, doc }));
      segments.push(segment);
      tombstones.push(new Uint8Array(segment.size));
    }
    return new NewsIndex(segments, tombstones, locations);
  }

  /** Whether the small segments and hidden articles add up to enough that one rebuilt segment would serve better. */
  needsMerge(): boolean {
    const small = this.segments.slice(1).reduce((s, g) => s + g.size, 0);
    const dead = this.tombstones.reduce((s, t) => s + t.reduce((n, x) => n + x, 0), 0);
    return this.segments.length > MAX_SEGMENTS || small + dead > MERGE_SHARE * Math.max(1, this.liveCount);
  }

  /**
   * A new index holding exactly `articles`: only new or changed articles (by fingerprint) are
   * indexed, vanished ones are hidden. Returns this index when nothing changed.
   */
  updatedTo(articles: readonly Article[]): NewsIndex {
    const ids = new Set(articles.map((a) => a.id));
    const removed = [...this.locations.keys()].filter((id) => !ids.has(id));
    const changed = articles.filter((a) => {
      const old = this.get(a.id);
      // Articles are never modified, so the same object is the same article.
      return !old || (old !== a && articleFingerprint(old) !== articleFingerprint(a));
    });
    return changed.length > 0 || removed.length > 0 ? this.withChanges(changed, removed) : this;
  }

  private forEachLive(visit: (segment: number, doc: number) => void): void {
    this.segments.forEach((seg, s) => {
      const dead = this.tombstones[s]!;
      for (let d = 0; d < seg.size; d++) if (!dead[d]) visit(s, d);
    });
  }

  private toHit(m: Matches, i: number, query: UnderstoodQuery): SearchHit {
    const seg = this.segments[m.segment[i]!]!;
    const doc = m.doc[i]!;
    const names = query.regions.flatMap((r) => regionNames(r)).map(normalizeForMatch);
    return {
      article: seg.articles[doc]!,
      score: Number(m.score[i]!.toFixed(4)),
      matchedTerms: [...query.terms, ...names].filter((t) => seg.contains(doc, normalizeForMatch(t))),
    };
  }

  /** All matches of a query, unordered, in parallel arrays (no object per match: a query may match 60,000). */
  private collect(query: UnderstoodQuery): Matches {
    const terms = query.terms.map((t) => normalizeForMatch(t));
    const parts = this.segments.map((seg, s) => {
      // Which docs the region and date filters let through (and how each fits the regions):
      // computed first, so that terms are checked verbatim and scored only where they could count.
      const fits = this.eligibility(s, query);
      const candidates = terms.length > 0 ? this.matchAllTerms(s, terms, fits) : docsOf(fits, seg.size);
      return { candidates, fits };
    });
    const out = new Matches(parts.reduce((n, p) => n + p.candidates.docs.length, 0));
    parts.forEach(({ candidates: { docs, scores }, fits }, s) => {
      const seg = this.segments[s]!;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const fit = (fits ? fits[doc]! : RegionFit.Tagged) as RegionFit;
        const score = terms.length > 0 ? scores[i]! : fit === RegionFit.Tagged ? 1 : 0.5;
        out.push(s, doc, score, fit, seg.dates[doc]!);
      }
    });
    return out;
  }

  /**
   * Per doc of segment `s`: how it fits the query's regions (Tagged for every doc when the query
   * names none), None where the date filter or a tombstone rules it out. Null when nothing is
   * ruled out, so term-only queries pay nothing for it.
   */
  private eligibility(s: number, query: UnderstoodQuery): Uint8Array | null {
    const seg = this.segments[s]!;
    const dead = this.tombstones[s]!;
    const hasDead = dead.includes(1);
    if (query.regions.length === 0 && !query.dateRange && !hasDead) return null;
    let fits: Uint8Array;
    if (query.regions.length === 0) {
      fits = new Uint8Array(seg.size).fill(RegionFit.Tagged);
    } else {
      fits = new Uint8Array(seg.size);
      const names = [...new Set(query.regions.flatMap((r) => regionNames(r)).map(normalizeForMatch))];
      for (const name of names) {
        const docs = verifiedDocs(seg, name);
        for (let i = 0; i < docs.length; i++) fits[docs[i]!] = RegionFit.Mentions;
      }
      for (const region of query.regions) {
        const docs = seg.provinceDocs(region.province);
        for (let i = 0; i < docs.length; i++) {
          const d = docs[i]!;
          if (regionIncludes(region, seg.articles[d]!.region)) fits[d] = RegionFit.Tagged;
        }
      }
    }
    if (query.dateRange) {
      const from = Number(query.dateRange.from.replaceAll('-', ''));
      const to = Number(query.dateRange.to.replaceAll('-', ''));
      for (let d = 0; d < seg.size; d++) {
        const date = seg.dates[d]!;
        if (date === 0 || date < from || date > to) fits[d] = RegionFit.None;
      }
    }
    if (hasDead) for (let d = 0; d < seg.size; d++) if (dead[d]) fits[d] = RegionFit.None;
    return fits;
  }

  /**
   * Docs of segment `s` holding every term verbatim (and let through by `fits`), with summed
   * BM25 scores. Candidates come from intersecting every term's postings; only the survivors are
   * checked verbatim, and only those that pass are scored.
   */
  private matchAllTerms(s: number, terms: readonly string[], fits: Uint8Array | null): TermMatches {
    const seg = this.segments[s]!;
    const plans = terms.map((term) => planTerm(seg, term));
    let docs: Uint32Array | null = null;
    for (const plan of plans.filter((p) => p.candidates).sort((a, b) => a.candidates!.length - b.candidates!.length)) {
      docs = docs ? intersectDocs(docs, plan.candidates!) : plan.candidates!;
      if (docs.length === 0) return NO_MATCHES;
    }
    let matches: TermMatches = { docs: keepAllowed(docs ?? allDocs(seg.size), fits), scores: new Float64Array(0) };
    matches.scores = new Float64Array(matches.docs.length);
    for (const plan of plans) {
      const weights = plan.lists.map(({ key }) => this.idf(this.documentFrequency(key)) * IMPACT_UNIT);
      if (plan.verify) {
        // Checks the term and adds its keys' scores in the same pass over their postings.
        matches = keepVerbatim(matches, seg, plan, weights);
        // A lone character has no postings of its own: it counts as present, unweighted.
        if (plan.lists.length === 0) for (let i = 0; i < matches.scores.length; i++) matches.scores[i]! += 1;
      } else {
        plan.lists.forEach(({ postings }, l) => addScores(matches.docs, matches.scores, postings, weights[l]!));
      }
    }
    return matches;
  }

  /** Inverse document frequency over every segment (BM25's, never negative). */
  private idf(df: number): number {
    return Math.log(1 + (this.liveCount - df + 0.5) / (df + 0.5));
  }

  /** Articles holding `key` across segments. */
  private documentFrequency(key: TermKey): number {
    let df = 0;
    for (const seg of this.segments) df += seg.postings(key).docs.length;
    return Math.min(df, Math.max(1, this.liveCount));
  }

  /** Queries worth trying when nothing matched; only ones that would find something. */
  private suggest(query: UnderstoodQuery): string[] {
    const tries: string[] = [];
    const labels = query.regions.map((r) => r.label);
    if (query.dateRange) tries.push([...labels, ...query.terms].join(' '));
    if (labels.length > 0 && query.terms.length > 0) tries.push(...labels, query.terms.join(' '));
    // A city or county with nothing: its province may have news.
    for (const r of query.regions) if ((r.city || r.county) && r.province) tries.push([r.province, ...query.terms].join(' '), r.province);
    if (query.terms.length > 1) tries.push(...query.terms.map((t) => [...labels, t].join(' ')), ...query.terms);
    for (const term of query.terms) {
      const chars = Array.from(term);
      if (chars.length >= 4) {
        const half = Math.ceil(chars.length / 2);
        tries.push(chars.slice(0, half).join(''), chars.slice(half).join(''));
      }
    }
    const today = todayInShanghai();
    const seen = new Set<string>([query.raw]);
    const useful: string[] = [];
    for (const attempt of tries) {
      const text = attempt.trim();
      if (!text || seen.has(text)) continue;
      seen.add(text);
      if (this.collect(understandQuery(text, { today })).length > 0) useful.push(text);
      if (useful.length === 3) break;
    }
    return useful;
  }
}

/** How to find one term in a segment. */
interface TermPlan {
  term: string;
  /** Docs holding every bigram/word of the term (a superset), or null when only a scan can tell. */
  candidates: Uint32Array | null;
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
function planTerm(seg: IndexSegment, term: string): TermPlan {
  const keyed = termKeysAt(term);
  const allKeys = uniqueKeys(keyed.map(([key]) => key));
  const keys = allKeys.filter((k) => !isLoneHanKey(k));
  if (keys.length === 0) return { term, candidates: null, lists: [], verify: true, spacing: null };
  if (allKeys.length === 1 && typeof keys[0] === 'string' && /^[a-z]{4,}$/.test(term)) {
    // A Latin word of some length also finds the longer words it starts (`digit` → `digital`).
    const lists = seg.prefixWords(term).map((word) => ({ key: word as TermKey, postings: seg.postings(word) }));
    return { term, candidates: unionDocs(lists.map((l) => l.postings.docs)), lists, verify: false, spacing: null };
  }
  const lists = keys.map((key) => ({ key, postings: seg.postings(key) })).sort((a, b) => a.postings.docs.length - b.postings.docs.length);
  let candidates = lists[0]!.postings.docs;
  for (let l = 1; l < lists.length && candidates.length > 0; l++) candidates = intersectDocs(candidates, lists[l]!.postings.docs);
  // A bigram or a whole word is the term itself; anything longer needs the verbatim check, so
  // that 健康卡 does not match 健康…康卡 scattered through an article.
  const exact = allKeys.length === 1 && (typeof keys[0] === 'number' || keys[0] === term);
  const start = new Map(keyed.map(([key, at]) => [key, at]));
  const spacing = keys.length === keyed.length && keys.length > 1 ? lists.map(({ key }) => start.get(key)!) : null;
  return { term, candidates, lists, verify: !exact, spacing };
}

/** Docs of `seg` holding `term` (normalised) verbatim, unscored: region names in article text. */
function verifiedDocs(seg: IndexSegment, term: string): Uint32Array {
  const plan = planTerm(seg, term);
  const docs = plan.candidates ?? allDocs(seg.size);
  return plan.verify ? keepVerbatim({ docs, scores: new Float64Array(docs.length) }, seg, plan, null).docs : docs;
}

/** Docs of `docs` that `fits` lets through (all of them when there is no filter). */
function keepAllowed(docs: Uint32Array, fits: Uint8Array | null): Uint32Array {
  if (!fits) return docs;
  const out = new Uint32Array(docs.length);
  let k = 0;
  for (let i = 0; i < docs.length; i++) if (fits[docs[i]!]) out[k++] = docs[i]!;
  return out.subarray(0, k);
}

/** Every doc a filter lets through (every doc without one), unscored: region- and time-only queries. */
function docsOf(fits: Uint8Array | null, size: number): TermMatches {
  const docs = fits ? keepAllowed(allDocs(size), fits) : allDocs(size);
  return { docs, scores: new Float64Array(docs.length) };
}

/** Ascending union of ascending lists. */
function unionDocs(lists: Uint32Array[]): Uint32Array {
  if (lists.length === 1) return lists[0]!;
  const all = new Set<number>();
  for (const list of lists) for (let i = 0; i < list.length; i++) all.add(list[i]!);
  return Uint32Array.from([...all].sort((a, b) => a - b));
}

/** Numeric keys below the code point range are lone characters; bigram keys are above it. */
function isLoneHanKey(key: TermKey): boolean {
  return typeof key === 'number' && key < 0x110000;
}

function uniqueKeys(keys: TermKey[]): TermKey[] {
  return [...new Set(keys)];
}

function dedupeById(articles: readonly Article[]): Article[] {
  const seen = new Map<string, Article>();
  for (const a of articles) if (!seen.has(a.id)) seen.set(a.id, a);
  return [...seen.values()];
}

/** 0, 1, …, size − 1. */
function allDocs(size: number): Uint32Array {
  const docs = new Uint32Array(size);
  for (let d = 0; d < size; d++) docs[d] = d;
  return docs;
}

/** Docs in both ascending lists; gallops through the longer one when the shorter is much shorter. */
function intersectDocs(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let k = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const x = a[i]!;
    if (b[j]! < x) {
      // Exponential then binary search for the first b[j] >= x.
      let step = 1;
      let hi = j + 1;
      while (hi < b.length && b[hi]! < x) {
        j = hi;
        step *= 2;
        hi = j + step;
      }
      hi = Math.min(hi, b.length);
      while (j < hi) {
        const mid = (j + hi) >>> 1;
        if (b[mid]! < x) j = mid + 1;
        else hi = mid;
      }
    }
    if (j < b.length && b[j] === x) out[k++] = x;
  }
  return out.subarray(0, k);
}

/** Docs of `docs` whose text holds `term` verbatim. */
/**
 * The matches (all holding every key of the plan) that hold its term verbatim, with the plan's
 * key scores added when `weights` (idf × impact unit per key) are given. Most are confirmed from
 * the keys' first or last positions alone (see TermPlan.spacing); the rest are searched, only in
 * the fields that hold every key, and only from where the term could first start.
 */
function keepVerbatim(matches: TermMatches, seg: IndexSegment, plan: TermPlan, weights: readonly number[] | null): TermMatches {
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
    // Every list holds d (docs is within their intersection): move each cursor onto it.
    for (let l = 0; l < n; l++) {
      const list = listDocs[l]!;
      let j = at[l]!;
      while (list[j]! < d) j++;
      at[l] = j;
    }
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

/**
 * Adds the key's BM25 score (`weight` = idf × impact unit, times the posting's stored impact) to `scores` for each of `docs`
 * that its postings hold. A plain merge when the lists are of similar length, galloping otherwise.
 */
function addScores(docs: Uint32Array, scores: Float64Array, p: Postings, weight: number): void {
  const postingDocs = p.docs;
  const sparse = docs.length * 16 < postingDocs.length;
  let j = 0;
  for (let i = 0; i < docs.length && j < postingDocs.length; i++) {
    const d = docs[i]!;
    if (sparse && postingDocs[j]! < d) {
      let lo = j + 1;
      let step = 1;
      while (lo + step < postingDocs.length && postingDocs[lo + step]! < d) step *= 2;
      let hi = Math.min(postingDocs.length, lo + step + 1);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (postingDocs[mid]! < d) lo = mid + 1;
        else hi = mid;
      }
      j = lo;
    } else {
      while (j < postingDocs.length && postingDocs[j]! < d) j++;
    }
    if (postingDocs[j] === d) scores[i]! += weight * p.impact[j]!;
  }
}

/**
 * Indices of the first `k` matches in order: tagged before mentions, then newest first or best
 * first (the other breaks ties), then index order so equal matches always come out the same way.
 * Keeps a small sorted list instead of sorting everything: a page of 5 out of 60,000 matches
 * costs one comparison for most of them.
 */
function topMatches(m: Matches, order: UnderstoodQuery['order'], k: number): number[] {
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

/**
 * Builds the index over a corpus (duplicates by `id` are kept once).
 *
 * @example buildNewsIndex(articles).search('四川', { limit: 5 }).hits.map((h) => h.article.title)
 */
export function buildNewsIndex(articles: readonly Article[]): NewsIndex {
  const unique = dedupeById(articles);
  const segment = IndexSegment.build(unique);
  const locations = new Map(unique.map((a, doc) => [a.id, { segment: 0, doc }] as const));
  return new NewsIndex([segment], [new Uint8Array(unique.length)], locations);
}
