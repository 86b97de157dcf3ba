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
import { AnswerCache } from './answer-cache.ts';
import { IMPACT_UNIT, IndexSegment } from './index-segment.ts';
import { Matches, RegionFit, topMatches } from './matches.ts';
import { addScores, allDocs, intersectDocs, keepAllowed } from './postings.ts';
import type { NewsSearch, SearchHit, SearchOptions, SearchResponse, UnderstoodQuery } from './search-types.ts';
import { correctedQueries } from './did-you-mean.ts';
import { suggestQueries } from './suggestions.ts';
import { keepVerbatim, NO_MATCHES, planTerm, verifiedDocs, type TermMatches } from './term-plan.ts';
import { normalizeForMatch, termKeys, type TermKey } from './tokenize.ts';
import { todayInShanghai, understandQuery } from './understand-query.ts';
import { Vocabulary } from './vocabulary.ts';

const DEFAULT_LIMIT = 10;
/** Merge the small segments into one when they hold this share of all articles, or number more than this. */
const MERGE_SHARE = 0.2;
const MAX_SEGMENTS = 6;
/** A query finding this many articles or fewer may be a typo: "did you mean" is tried for it. */
const FEW_MATCHES = 2;

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
   * The archive's words for "did you mean", built on first need. An index made by a small change
   * shares its parent's (see withChanges): a few pages barely change what words recur.
   */
  private vocabularyHolder: { vocabulary: Vocabulary | null } = { vocabulary: null };

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
    const cached = this.answers.recall(key);
    if (cached) return cached;
    const response = this.searchUncached(rawQuery, { today, limit, offset });
    // A very long query is never asked twice: answered, not remembered.
    if (rawQuery.length <= 1_000) this.answers.remember(key, response);
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
      suggestions: matches.length <= FEW_MATCHES ? this.suggest(query, matches.length) : [],
    };
  }

  /**
   * A new index with `added` articles in and the articles with `removedIds` out (an added article
   * whose id is already indexed replaces it). Only the added articles are indexed.
   */
  withChanges(added: readonly Article[], removedIds: Iterable<string>): NewsIndex {
    const tombstones = this.tombstones.map((t) => t.slice());
    const locations = new Map(this.locations);
    const hide = (id: string) => {
      const at = locations.get(id);
      if (!at) return;
      tombstones[at.segment]![at.doc] = 1;
      locations.delete(id);
    };
    for (const id of removedIds) hide(id);
    // The last copy of an id in `added` is the newest news of it.
    const fresh = dedupeById([...added].reverse()).reverse();
    for (const article of fresh) hide(article.id);
    const segments = [...this.segments];
    if (fresh.length > 0) {
      const segment = IndexSegment.build(fresh);
      fresh.forEach((a, doc) => locations.set(a.id, { segment: segments.length, doc }));
      segments.push(segment);
      tombstones.push(new Uint8Array(fresh.length));
    }
    const next = new NewsIndex(segments, tombstones, locations);
    const small = segments.slice(1).reduce((s, g) => s + g.size, 0);
    const dead = tombstones.reduce((s, t) => s + t.reduce((n, x) => n + x, 0), 0);
    if (segments.length > MAX_SEGMENTS || small + dead > MERGE_SHARE * Math.max(1, locations.size)) {
      return buildNewsIndex(next.all());
    }
    next.vocabularyHolder = this.vocabularyHolder;
    return next;
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
      return !old || articleFingerprint(old) !== articleFingerprint(a);
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

  /**
   * Queries worth trying when `found` (at most FEW_MATCHES) articles matched: the query with a
   * typo mended first, then (when nothing matched) shorter or wider queries; only ones that
   * would find more.
   */
  private suggest(query: UnderstoodQuery, found: number): string[] {
    const today = todayInShanghai();
    const matches = (text: string) => this.collect(understandQuery(text, { today })).length;
    const bigramDocs = (bigram: string) => this.documentFrequency(termKeys(bigram)[0]!);
    const corrected = correctedQueries(query, this.vocabulary(), { matches, bigramDocs }, found);
    return found === 0 ? suggestQueries(query, (text) => matches(text) > 0, corrected) : corrected;
  }

  /** The archive's words (see vocabulary.ts), from the newest titles; built on first use. */
  vocabulary(): Vocabulary {
    this.vocabularyHolder.vocabulary ??= Vocabulary.fromTitles(this.all().map((a) => a.title));
    return this.vocabularyHolder.vocabulary;
  }
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
