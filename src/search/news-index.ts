// The search index over every article: MiniSearch over character bigrams finds and scores the
// candidates, then every Chinese term must occur verbatim, the region and date filters apply, and
// the results are ordered as the query asks. Knows nothing of Slack.
import MiniSearch, { type Query } from 'minisearch';
import type { Article } from '../pages/article.ts';
import { regionIncludes, regionNames } from '../regions/resolve-region.ts';
import type { NewsSearch, SearchHit, SearchOptions, SearchResponse, UnderstoodQuery } from './search-types.ts';
import { normalizeForMatch, tokenize } from './tokenize.ts';
import { todayInShanghai, understandQuery } from './understand-query.ts';

/** Title matches count this many times a summary match: a term in the title is what the article is about. */
const TITLE_BOOST = 3;
const DEFAULT_LIMIT = 10;

/** How an article stands to the query's regions: tagged with one, merely mentions one, or neither. */
const enum RegionFit {
  None = 0,
  Mentions = 1,
  Tagged = 2,
}

const byNewest = (a: Article, b: Article) => (b.date ?? '').localeCompare(a.date ?? '');

interface Candidate {
  article: Article;
  score: number;
  fit: RegionFit;
}

export class NewsIndex implements NewsSearch {
  private readonly mini: MiniSearch;
  private readonly byId = new Map<string, Article>();
  private readonly matchText = new Map<string, string>();
  private readonly newestFirst: Article[];

  constructor(articles: readonly Article[]) {
    this.mini = new MiniSearch({
      idField: 'id',
      fields: ['title', 'summary'],
      tokenize,
      // tokenize already normalises; MiniSearch's default would lower-case again for nothing.
      processTerm: (term) => term,
      searchOptions: { tokenize, processTerm: (term) => term },
    });
    const unique: Article[] = [];
    for (const article of articles) {
      if (this.byId.has(article.id)) continue;
      this.byId.set(article.id, article);
      this.matchText.set(article.id, normalizeForMatch(`${article.title}\n${article.summary}`));
      unique.push(article);
    }
    this.mini.addAll(unique.map(({ id, title, summary }) => ({ id, title, summary })));
    this.newestFirst = unique.sort(byNewest);
  }

  all(): readonly Article[] {
    return this.newestFirst;
  }

  search(rawQuery: string, options: SearchOptions = {}): SearchResponse {
    const query = understandQuery(rawQuery, { today: options.today ?? todayInShanghai() });
    const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT));
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    const hits = this.match(query);
    return {
      query,
      total: hits.length,
      hits: hits.slice(offset, offset + limit),
      suggestions: hits.length === 0 ? this.suggest(query) : [],
    };
  }

  /** Every article that answers the query, in the order the query asks for. */
  match(query: UnderstoodQuery): SearchHit[] {
    const candidates = this.candidates(query);
    const newest = query.order === 'newest';
    candidates.sort(
      (a, b) =>
        b.fit - a.fit ||
        (newest ? byNewest(a.article, b.article) || b.score - a.score : b.score - a.score || byNewest(a.article, b.article)),
    );
    const names = query.regions.flatMap((r) => regionNames(r)).map(normalizeForMatch);
    return candidates.map(({ article, score }) => {
      const text = this.matchText.get(article.id)!;
      const matchedTerms = [...query.terms, ...names].filter((t) => text.includes(t));
      return { article, score: Number(score.toFixed(4)), matchedTerms };
    });
  }

  private candidates(query: UnderstoodQuery): Candidate[] {
    const { terms, dateRange } = query;
    const indexable = terms.filter((t) => tokenize(t).length > 0 && !(isHan(t) && Array.from(t).length === 1));
    let scored: Array<{ article: Article; score: number }>;
    if (indexable.length > 0) {
      // Each term's bigrams must all be present (AND), and every term must be present (AND).
      const tree: Query = {
        combineWith: 'AND',
        queries: indexable.map((term) => ({ combineWith: 'AND', queries: tokenize(term) })),
      };
      scored = this.mini
        .search(tree, {
          boost: { title: TITLE_BOOST },
          fuzzy: false,
          // Prefix matching only for Latin words of some length (`his` → `hisystem` is not wanted).
          prefix: (term) => /^[a-z]{4,}$/.test(term),
        })
        .map((r) => ({ article: this.byId.get(String(r.id))!, score: r.score }));
    } else {
      scored = this.newestFirst.map((article) => ({ article, score: 0 }));
    }
    const out: Candidate[] = [];
    for (const { article, score } of scored) {
      if (dateRange && (!article.date || article.date < dateRange.from || article.date > dateRange.to)) continue;
      const text = this.matchText.get(article.id)!;
      // Bigram AND is a superset; the verbatim check makes `健康卡` mean the word, not 健康…康卡.
      if (!terms.every((t) => text.includes(t))) continue;
      const fit = this.regionFit(query, article, text);
      if (fit === RegionFit.None) continue;
      out.push({ article, score: indexable.length > 0 ? score : fit === RegionFit.Tagged ? 1 : 0.5, fit });
    }
    return out;
  }

  private regionFit(query: UnderstoodQuery, article: Article, text: string): RegionFit {
    if (query.regions.length === 0) return RegionFit.Tagged;
    if (query.regions.some((r) => regionIncludes(r, article.region))) return RegionFit.Tagged;
    if (query.regions.some((r) => regionNames(r).some((name) => text.includes(normalizeForMatch(name))))) return RegionFit.Mentions;
    return RegionFit.None;
  }

  /** Queries worth trying when nothing matched; only ones that would find something. */
  private suggest(query: UnderstoodQuery): string[] {
    const tries: string[] = [];
    const labels = query.regions.map((r) => r.label);
    if (query.dateRange) tries.push([...labels, ...query.terms].join(' '));
    if (labels.length > 0 && query.terms.length > 0) {
      tries.push(...labels, query.terms.join(' '));
    }
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
      if (this.match(understandQuery(text, { today })).length > 0) useful.push(text);
      if (useful.length === 3) break;
    }
    return useful;
  }
}

function isHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/**
 * Builds the index over a corpus (duplicates by `id` are kept once).
 *
 * @example buildNewsIndex(articles).search('四川', { limit: 5 }).hits.map((h) => h.article.title)
 */
export function buildNewsIndex(articles: readonly Article[]): NewsIndex {
  return new NewsIndex(articles);
}
