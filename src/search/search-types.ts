// The contract between search and its callers (CLI, Slack listeners, digest): what a query was
// understood as, and what a search returns. Nothing here knows Slack.
import type { Article } from '../pages/article.ts';
import type { RegionFilter } from '../regions/region-filter.ts';

/** Inclusive `YYYY-MM-DD` bounds. */
export interface DateRange {
  from: string;
  to: string;
}

export interface UnderstoodQuery {
  /** The query as typed (after trimming). */
  raw: string;
  /**
   * `keyword`: every term must occur verbatim (one or a few short terms). `question`: a question
   * word or a sentence; its terms are content chunks and articles are ranked by how well they
   * cover them, none having to occur whole.
   */
  mode: 'keyword' | 'question';
  /** A question asking where (哪些地方, 哪里, 哪些医院…): its answer lists the regions found. */
  where: boolean;
  /** Regions asked for (any of them matches); empty means anywhere. */
  regions: RegionFilter[];
  /** Content terms left after region, time and filler words were taken out (a question's content chunks). */
  terms: string[];
  /** A question's: words the news uses for what its terms name (网上看病 → 互联网医院), ranked beside them. */
  related?: string[];
  /** Date filter from time words (`本月`, `2014-10`), or null. */
  dateRange: DateRange | null;
  /** The time words as understood, for showing back (`最近`, `2014年10月`), or null. */
  timeLabel: string | null;
  /** `newest` for region-only queries and time words like `最近`; otherwise `relevance`. */
  order: 'relevance' | 'newest';
}

export interface SearchHit {
  article: Article;
  score: number;
  /** Query terms that occur verbatim in this article's title or summary (for highlighting). */
  matchedTerms: string[];
}

export interface SearchResponse {
  query: UnderstoodQuery;
  /** All matches, before paging. */
  total: number;
  /** The requested page of matches. */
  hits: SearchHit[];
  /** When nothing matched: short alternative queries worth trying (`四川`, fewer words). */
  suggestions: string[];
  /**
   * A keyword query whose verbatim matches do not fill the page: up to three articles holding
   * most but not all of its words, shown after the matches under 相关 (never counted in `total`).
   */
  related?: SearchHit[];
  /** A question with nothing in the time or region asked for: which of them were let go to answer it. */
  widened?: Array<'time' | 'region'>;
  /** For a question with results: the extractive answer shown above the cards (see answer-line.ts). */
  answer?: AnswerLine | null;
}

/** One sentence of an article's summary that answers a question best, word for word. */
export interface AnswerLine {
  sentence: string;
  /** The article it is taken from (the best result). */
  article: Article;
  /** For a "where" question: the provinces (or 全国) of the strong results and how many those are. */
  regions: { labels: string[]; articles: number } | null;
}

export interface SearchOptions {
  /** Page size; default 10. */
  limit?: number;
  /** Hits to skip; default 0. */
  offset?: number;
  /** `YYYY-MM-DD` that relative time words (`今天`, `本周`) count from; default today in Asia/Shanghai. */
  today?: string;
}

/** What callers search through; implemented by the bigram index in `news-index.ts`. */
export interface NewsSearch {
  search(rawQuery: string, options?: SearchOptions): SearchResponse;
  /** Every article, newest first. */
  all(): readonly Article[];
  /** How many articles it holds; cheap, unlike `all()`, which sorts them the first time it is asked. */
  readonly size: number;
}
