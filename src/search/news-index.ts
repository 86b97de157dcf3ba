// The search index over every article. Postings of character bigrams find the candidates (every
// bigram of a term must be present), each Chinese term must then occur verbatim, the region and
// date filters apply, BM25 over the bigrams scores (a title match counts three times a summary
// match), and the results come in the order the query asks for. Knows nothing of Slack.
//
// The index is a list of immutable segments plus per-segment tombstones: a changed page adds a
// small segment and hides the old copies of its articles instead of rebuilding everything, and
// segments are merged back into one when the small ones add up.
import type { Article } from '../pages/article.ts';
import { newestFirst } from '../pages/merge-articles.ts';
import { regionNames } from '../regions/gazetteer.ts';
import { toRegionFilter } from '../regions/region-filter.ts';
import { articleFingerprint } from './article-fingerprint.ts';
import { AnswerCache } from './answer-cache.ts';
import { answerLine } from './answer-line.ts';
import { IMPACT_UNIT, IndexSegment } from './index-segment.ts';
import { Matches, RegionFit, topMatches } from './matches.ts';
import { OverlayMap } from './overlay-map.ts';
import { normalizeQuery } from './query-text.ts';
import { addScores, allDocs, intersectDocs, keepAllowed, LazyIntersection } from './postings.ts';
import type { NewsSearch, SearchHit, SearchOptions, SearchResponse, UnderstoodQuery } from './search-types.ts';
import { correctedQueries } from './did-you-mean.ts';
import { heldParts, planRanked, rankSegment, RankedTop, scanRanked, type RankedDoc, type RankedPlan } from './ranked-retrieval.ts';
import { suggestQueries } from './suggestions.ts';
import { keepVerbatim, NO_MATCHES, planTerm, verifiedDocs, type TermMatches } from './term-plan.ts';
import { normalizeForMatch, termKeys, type TermKey } from './tokenize.ts';
import { todayInShanghai, understandQuery } from './understand-query.ts';
import { Vocabulary } from './vocabulary.ts';

/** Candidates checked at a time when a suggestion only asks whether a query would find more. */
const PROBE_CHUNK = 64;
/** What "did you mean" looks words up in while the real vocabulary is still being built. */
const NO_WORDS = Vocabulary.of([]);
const DEFAULT_LIMIT = 10;
/** Merge the small segments into one when they hold this share of all articles, or number more than this. */
const MERGE_SHARE = 0.2;
const MAX_SEGMENTS = 6;
/** A query finding this many articles or fewer may be a typo: "did you mean" is tried for it. */
const FEW_MATCHES = 2;
/** A question with a time word is ordered newest first among this many best matches (or the page, if deeper). */
const NEWEST_POOL = 20;
/** Of that pool, those scoring at least this share of the best count as strong and go newest first. */
const STRONG_SHARE = 0.5;
/** Partial matches shown after a keyword query's verbatim matches, at most. */
const RELATED_LIMIT = 3;
/** A "where" question's answer lists the regions among this many best results. */
const WHERE_POOL = 10;

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
  private readonly answers = new AnswerCache<SearchResponse>();
  private readonly liveCount: number;
  /**
   * The archive's words for "did you mean", built on first need (~0.5 s at 100,000 articles, so
   * not after every change). An index made by a change or a merge shares its parent's (see
   * withSegment, withVocabularyOf): a few pages barely change what words recur.
   */
  private vocabularyHolder: { vocabulary: Vocabulary | null; building: Promise<void> | null } = { vocabulary: null, building: null };

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
      this.newestCache = live.sort(newestFirst);
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
    // Keyed by the normalized query, which is bounded (MAX_QUERY_UNITS), so every answer can be
    // remembered and two spellings of the same query (extra spaces, a zero-width space) share one.
    const query = normalizeQuery(rawQuery).text;
    const key = `${today}\u0000${offset}\u0000${limit}\u0000${query}`;
    const cached = this.answers.recall(key);
    if (cached) return cached;
    const response = this.searchUncached(query, { today, limit, offset });
    this.answers.remember(key, response);
    return response;
  }

  /** The search itself, never from memory: what `search` does for a query it has not seen (benchmarks time this). */
  searchUncached(rawQuery: string, options: SearchOptions = {}): SearchResponse {
    return this.answer(rawQuery, options, rankSegment);
  }

  /**
   * The same answer with a question ranked by scoring every article, no bounds, no pruning: the
   * oracle the tests compare `searchUncached` with, and the benchmark's baseline for questions.
   * Keyword queries are answered as by `searchUncached`.
   */
  searchByScan(rawQuery: string, options: SearchOptions = {}): SearchResponse {
    return this.answer(rawQuery, options, scanRanked);
  }

  private answer(rawQuery: string, options: SearchOptions, rank: typeof rankSegment): SearchResponse {
    const query = understandQuery(rawQuery, { today: options.today ?? todayInShanghai() });
    const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT));
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    if (query.mode === 'question' && query.terms.length > 0) return this.answerQuestion(query, limit, offset, rank);
    const matches = this.collect(query);
    const page = topMatches(matches, query.order, offset + limit).slice(offset);
    const response: SearchResponse = {
      query,
      total: matches.length,
      hits: page.map((i) => this.toHit(matches, i, query)),
      suggestions: matches.length <= FEW_MATCHES ? this.suggest(query, matches.length) : [],
    };
    // A short last page leaves room for articles that hold most, not all, of the words.
    if (query.terms.length > 0 && matches.length < offset + limit) {
      const related = this.related(query, matches, rank);
      if (related.length > 0) response.related = related;
    }
    return response;
  }

  /**
   * A question by ranked retrieval. The region and time asked for come first: when nothing there
   * shares a meaningful word with the question, the time and then the region are let go (and the
   * response says so), so a question gets an answer whenever the archive has one.
   */
  private answerQuestion(query: UnderstoodQuery, limit: number, offset: number, rank: typeof rankSegment): SearchResponse {
    const plan = planRanked(query.terms, (key) => this.documentFrequency(key), this.liveCount, query.related);
    const attempts: Array<{ filters: UnderstoodQuery; widened: Array<'time' | 'region'> }> = [{ filters: query, widened: [] }];
    if (query.dateRange) attempts.push({ filters: { ...query, dateRange: null }, widened: ['time'] });
    const provinces = query.regions.filter((r) => (r.city || r.county) && r.province).map((r) => toRegionFilter({ province: r.province, city: null, county: null }));
    // A city with nothing on the question: its province may have it (深圳 → 广东).
    if (provinces.length > 0) attempts.push({ filters: { ...query, regions: provinces, dateRange: null }, widened: query.dateRange ? ['time', 'region'] : ['region'] });
    if (query.regions.length > 0) {
      attempts.push({ filters: { ...query, regions: [], dateRange: null }, widened: query.dateRange ? ['time', 'region'] : ['region'] });
    }
    // A pool deeper than the page: newest first is newest first among the strong matches of the
    // pool (so paging through the first pages sees one order), and a "where" answer lists the
    // regions of the pool, not only of the page.
    const k = Math.max(offset + limit, query.order === 'newest' ? NEWEST_POOL : 0, query.where ? WHERE_POOL : 0);
    for (const { filters, widened } of attempts) {
      const { ranked, total } = this.rankTiers(plan, filters, k, rank);
      if (total === 0) continue;
      const ordered = query.order === 'newest' ? newestAmongStrong(ranked) : ranked;
      const response: SearchResponse = {
        query,
        total,
        hits: ordered.slice(offset, offset + limit).map((r) => this.rankedHit(r, query)),
        suggestions: [],
        answer: answerLine(query, ranked.map((r) => ({ article: this.segments[r.segment]!.articles[r.doc]!, score: r.score }))),
      };
      if (widened.length > 0) response.widened = widened;
      return response;
    }
    return { query, total: 0, hits: [], suggestions: this.suggest(query, 0) };
  }

  /** The top `k` under `filters`: region-tagged docs first, then those merely mentioning the region. */
  private rankTiers(plan: RankedPlan, filters: UnderstoodQuery, k: number, rank: typeof rankSegment): { ranked: RankedDoc[]; total: number } {
    const fits = this.segments.map((_, s) => this.eligibility(s, filters));
    const tiers = filters.regions.length > 0 ? [RegionFit.Tagged, RegionFit.Mentions] : [null];
    const ranked: RankedDoc[] = [];
    let total = 0;
    for (const tier of tiers) {
      const top = new RankedTop(k);
      this.segments.forEach((seg, s) => rank(seg, s, plan, tierMask(fits[s]!, tier), top));
      total += top.candidates;
      ranked.push(...top.sorted().slice(0, Math.max(0, k - ranked.length)));
    }
    return { ranked, total };
  }

  /** Keyword queries: up to RELATED_LIMIT articles holding most but not all of the terms' keys, none a verbatim match. */
  private related(query: UnderstoodQuery, matches: Matches, rank: typeof rankSegment): SearchHit[] {
    const plan = planRanked(query.terms, (key) => this.documentFrequency(key), this.liveCount);
    if (plan.keys.length < 2) return [];
    const most = Math.floor(plan.keys.length / 2) + 1;
    const top = new RankedTop(RELATED_LIMIT);
    this.segments.forEach((seg, s) => {
      const allowed = this.eligibility(s, query)?.slice() ?? new Uint8Array(seg.size).fill(RegionFit.Tagged);
      for (let i = 0; i < matches.length; i++) if (matches.segment[i] === s) allowed[matches.doc[i]!] = RegionFit.None;
      rank(seg, s, plan, allowed, top, most);
    });
    return top.sorted().map((r) => this.rankedHit(r, query));
  }

  private rankedHit(r: RankedDoc, query: UnderstoodQuery): SearchHit {
    const seg = this.segments[r.segment]!;
    const names = query.regions.flatMap((region) => regionNames(region)).map(normalizeForMatch);
    return {
      article: seg.articles[r.doc]!,
      score: Number(r.score.toFixed(4)),
      matchedTerms: [
        ...heldParts(seg, r.doc, query.terms),
        // Related words only where they occur whole: a piece of one is no match for the question.
        ...(query.related ?? []).filter((w) => seg.contains(r.doc, normalizeForMatch(w))),
        ...names.filter((n) => seg.contains(r.doc, n)),
      ],
    };
  }

  /** Articles holding `key` across segments (what BM25's idf counts). */
  documentFrequency(key: TermKey): number {
    let df = 0;
    for (const seg of this.segments) df += seg.postings(key).docs.length;
    return Math.min(df, Math.max(1, this.liveCount));
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
    const next = new NewsIndex(segments, tombstones, locations);
    // A few pages barely change what words recur: the did-you-mean vocabulary carries over until a merge.
    next.vocabularyHolder = this.vocabularyHolder;
    return next;
  }

  /**
   * This index, sharing `previous`'s did-you-mean vocabulary: a merge swapped in for an index
   * over nearly the same articles would otherwise rebuild it on the event loop at the next typo.
   */
  withVocabularyOf(previous: NewsIndex | null): NewsIndex {
    if (previous) this.vocabularyHolder = previous.vocabularyHolder;
    return this;
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
        const docs = seg.regionDocs(region);
        for (let i = 0; i < docs.length; i++) fits[docs[i]!] = RegionFit.Tagged;
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


  /**
   * Queries worth trying when `found` (at most FEW_MATCHES) articles matched: the query with a
   * typo mended; failing that, when nothing matched, shorter or wider queries. Only ones that
   * would find more.
   */
  private suggest(query: UnderstoodQuery, found: number): string[] {
    const today = todayInShanghai();
    const findsMoreThan = (text: string, n: number) => this.findsMoreThan(understandQuery(text, { today }), n);
    const bigramDocs = (bigram: string) => this.documentFrequency(termKeys(bigram)[0]!);
    // While the bot builds the vocabulary in the background, typos wait for it rather than build it again here.
    const vocabulary = this.vocabularyHolder.building ? NO_WORDS : this.vocabulary();
    const corrected = correctedQueries(query, vocabulary, { findsMoreThan, bigramDocs }, found);
    // A mended query is what the user meant; shorter ones would only cost searches and crowd it.
    return found === 0 && corrected.length === 0 ? suggestQueries(query, (text) => findsMoreThan(text, 0)) : corrected;
  }

  /**
   * Whether `query` finds more than `n` articles: the same answer as counting its matches, but
   * candidates are checked verbatim a chunk at a time, unscored, stopping at the (n+1)th.
   * Suggestions only ask "would this find more?", and a mended common word (居民健康卡, in half
   * the archive) would otherwise cost a whole search.
   *
   * @example index.findsMoreThan(understandQuery('居民健康卡', { today }), 2) // → true
   */
  findsMoreThan(query: UnderstoodQuery, n: number): boolean {
    const terms = query.terms.map((t) => normalizeForMatch(t));
    if (terms.length === 0) return this.collect(query).length > n;
    let found = 0;
    for (let s = 0; s < this.segments.length; s++) {
      const seg = this.segments[s]!;
      const plans = terms.map((term) => planTerm(seg, term, { intersect: false }));
      const lists = [...new Set(plans.flatMap((plan) => plan.required))];
      if (lists.some((list) => list.length === 0)) continue;
      const candidates = new LazyIntersection(lists, seg.size);
      const fits = this.eligibility(s, query);
      for (let slice = candidates.next(PROBE_CHUNK); slice.length > 0; slice = candidates.next(PROBE_CHUNK)) {
        const allowed = keepAllowed(slice, fits);
        let chunk: TermMatches = { docs: allowed, scores: new Float64Array(allowed.length) };
        for (const plan of plans) if (plan.verify && chunk.docs.length > 0) chunk = keepVerbatim(chunk, seg, plan, null);
        found += chunk.docs.length;
        if (found > n) return true;
      }
    }
    return false;
  }

  /** The archive's words (see vocabulary.ts), from the newest titles; built on first use. */
  vocabulary(): Vocabulary {
    this.vocabularyHolder.vocabulary ??= Vocabulary.fromTitles(this.all().map((a) => a.title));
    return this.vocabularyHolder.vocabulary;
  }

  /**
   * Builds the vocabulary in slices that give the event loop back (the running bot calls it once
   * after start; indexes made from this one by changes and merges share the result). Until it is
   * done, "did you mean" offers no mended words rather than build them synchronously.
   *
   * @example await index.prepareVocabulary(); index.vocabulary() // → ready, no build on the query path
   */
  prepareVocabulary(): Promise<void> {
    const holder = this.vocabularyHolder;
    if (holder.vocabulary) return Promise.resolve();
    holder.building ??= Vocabulary.fromTitlesInSlices(this.all().map((a) => a.title))
      .then((vocabulary) => {
        holder.vocabulary ??= vocabulary; // a synchronous vocabulary() call may have built it meanwhile
      })
      .finally(() => {
        holder.building = null;
      });
    return holder.building;
  }
}

/** The docs of one region tier (every doc the filter lets through when `tier` is null). */
function tierMask(fits: Uint8Array | null, tier: RegionFit | null): Uint8Array | null {
  if (tier === null || !fits) return fits;
  const mask = new Uint8Array(fits.length);
  for (let d = 0; d < fits.length; d++) mask[d] = fits[d] === tier ? 1 : 0;
  return mask;
}

/** Strong matches (at least STRONG_SHARE of the best score) newest first, then the rest as ranked. */
function newestAmongStrong(ranked: readonly RankedDoc[]): RankedDoc[] {
  const best = ranked[0]?.score ?? 0;
  const strong = ranked.filter((r) => r.score >= STRONG_SHARE * best);
  const rest = ranked.filter((r) => r.score < STRONG_SHARE * best);
  return [...strong.sort((a, b) => b.date - a.date || b.score - a.score), ...rest];
}

/** Every doc a filter lets through (every doc without one), unscored: region- and time-only queries. */
function docsOf(fits: Uint8Array | null, size: number): TermMatches {
  const docs = fits ? keepAllowed(allDocs(size), fits) : allDocs(size);
  return { docs, scores: new Float64Array(docs.length) };
}

function dedupeById(articles: readonly Article[]): Article[] {
  const seen = new Map<string, Article>();
  for (const a of articles) if (!seen.has(a.id)) seen.set(a.id, a);
  return [...seen.values()];
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
