// Measures the search index against the simplest thing that could work: the same understood query
// answered by scanning every article with `includes`. Also times the cold build (read pages +
// index) and reports this process's peak RSS, so run.ts starts it as a child process of its own.
import { readPages } from '../src/pages/read-pages.ts';
import type { Article } from '../src/pages/article.ts';
import { regionNames } from '../src/regions/gazetteer.ts';
import { regionIncludes } from '../src/regions/region-filter.ts';
import { buildNewsIndex } from '../src/search/news-index.ts';
import type { UnderstoodQuery } from '../src/search/search-types.ts';
import { normalizeForMatch, tokenize } from '../src/search/tokenize.ts';
import { understandQuery } from '../src/search/understand-query.ts';
import { CORPUS_TODAY } from './generate-corpus.ts';
import { flag, numberFlag, peakRssMiB, percentiles, round, type Percentiles } from './measure.ts';

/** The query mix, by class. Common terms (信息化, 医院) match a large share of the archive on purpose. */
export const QUERY_CLASSES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  region: ['四川', '广东', 'sichuan', '成都', '河南', '江苏省', '锦州'],
  'one term': ['居民健康卡', '信息化', '医院', '电子病历', '健康档案', '远程会诊', '云平台', '预约挂号'],
  'several terms': ['远程 会诊', '健康卡 一卡通', '区域卫生 平台', '医院 信息化', '电子病历 医院', '互联网医院 预约挂号'],
  'region + term': ['四川 居民健康卡', '广东 互联网医院', '河南 信息化', '成都 医院', '山东 电子病历', '江苏 健康档案'],
  question: ['陕西最近有什么健康卡的新闻？', '四川有没有远程会诊的消息', '广东省2024年的互联网医院新闻', '最近医院的信息化有哪些动态', '告诉我河南的电子病历报道'],
  // Questions as people type them: ranked retrieval over content chunks, nothing has to occur whole.
  'natural question': [
    '有哪些医院开通了远程会诊？', '健康卡现在能在哪些地方用', '最近有没有关于电子病历的政策', '深圳的互联网医院怎么样了',
    '四川的居民健康卡发放了多少张', '哪些省份在建设区域卫生信息平台', '分级诊疗和慢性病管理有什么进展', '了解一下预约挂号的情况',
  ],
  // Typos: nothing matches, so the time includes "did you mean" (vocabulary look-ups and a search
  // per mended query). A homophone, a wrong character, misspelt regions.
  typo: ['居民键康卡', '互连网医院', '远程会珍', '电子病例', 'sichaun', 'guang dong 互联网医院'],
});

/** What the Slack answers ask for: one page of five cards. */
const PAGE = 5;

/**
 * The linear-scan baseline: every article checked with `includes` for each term, then the same
 * date and region rules as the index, then sorted for the page. Minimal but honest: it returns
 * the same matches as the index (checked before timing). Its relevance order is a plain count of
 * term occurrences (title ×3), not the index's BM25, so the order within a page may differ.
 * A question is answered by scoring every article: each of its chunks' bigrams counted in the
 * title (×3) and summary, articles holding none dropped, the region and date rules applied. Its
 * order is not the index's; that the index's top results equal scoring every article by its own
 * formula is checked against NewsIndex.searchByScan before timing.
 */
export class LinearScan {
  private readonly texts: string[];
  private readonly titles: string[];

  constructor(private readonly articles: readonly Article[]) {
    // Normalising once up front is what any scan would do; the index does the same.
    this.texts = articles.map((a) => normalizeForMatch(`${a.title}\n${a.summary}`));
    this.titles = articles.map((a) => normalizeForMatch(a.title));
  }

  search(raw: string, options: { limit: number; offset?: number; today: string }): { query: UnderstoodQuery; total: number; ids: string[] } {
    const query = understandQuery(raw, { today: options.today });
    const matches = query.mode === 'question' && query.terms.length > 0 ? this.rank(query) : this.match(query);
    const offset = options.offset ?? 0;
    return { query, total: matches.length, ids: matches.slice(offset, offset + options.limit).map((m) => this.articles[m.at]!.id) };
  }

  /** A question: every article scored by its chunks' bigrams, in page order. */
  rank(query: UnderstoodQuery): Array<{ at: number; fit: number; score: number }> {
    const bigrams = [...new Set(query.terms.flatMap((t) => tokenize(t)))];
    const { dateRange, regions } = query;
    const names = regions.map((r) => regionNames(r).map(normalizeForMatch));
    const out: Array<{ at: number; fit: number; score: number }> = [];
    for (let at = 0; at < this.articles.length; at++) {
      const article = this.articles[at]!;
      if (dateRange && (!article.date || article.date < dateRange.from || article.date > dateRange.to)) continue;
      const text = this.texts[at]!;
      let fit = 2;
      if (regions.length > 0 && !regions.some((r) => regionIncludes(r, article.region))) {
        fit = names.some((list) => list.some((name) => text.includes(name))) ? 1 : 0;
        if (fit === 0) continue;
      }
      const title = this.titles[at]!;
      let score = 0;
      let held = 0;
      for (const bigram of bigrams) {
        const count = 3 * occurrences(title, bigram) + occurrences(text, bigram);
        if (count > 0) held++;
        score += count;
      }
      if (held > 0) out.push({ at, fit, score: score * held });
    }
    out.sort((a, b) => b.fit - a.fit || b.score - a.score || a.at - b.at);
    return out;
  }

  /** Every matching article position, in page order. */
  match(query: UnderstoodQuery): Array<{ at: number; fit: number; score: number }> {
    const { terms, dateRange, regions } = query;
    const names = regions.map((r) => regionNames(r).map(normalizeForMatch));
    const out: Array<{ at: number; fit: number; score: number }> = [];
    for (let at = 0; at < this.articles.length; at++) {
      const text = this.texts[at]!;
      if (!terms.every((t) => text.includes(t))) continue;
      const article = this.articles[at]!;
      if (dateRange && (!article.date || article.date < dateRange.from || article.date > dateRange.to)) continue;
      let fit = 2;
      if (regions.length > 0 && !regions.some((r) => regionIncludes(r, article.region))) {
        fit = names.some((list) => list.some((name) => text.includes(name))) ? 1 : 0;
        if (fit === 0) continue;
      }
      let score = 0;
      if (query.order === 'relevance') {
        const title = this.titles[at]!;
        for (const term of terms) score += 3 * occurrences(title, term) + occurrences(text, term);
      }
      out.push({ at, fit, score });
    }
    // `articles` is newest first, so position breaks ties by date without comparing strings.
    out.sort((a, b) => b.fit - a.fit || b.score - a.score || a.at - b.at);
    return out;
  }
}

function occurrences(text: string, term: string): number {
  let count = 0;
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + term.length)) count++;
  return count;
}

export interface ClassResult {
  name: string;
  queries: number;
  iterations: number;
  index: Percentiles;
  scan: Percentiles;
  /** scan ÷ index: above 1 means the index is faster. */
  speedupP50: number;
  speedupP99: number;
  /** Matches per query (from the index), to show which classes are broad. */
  totals: Record<string, number>;
}

export interface SearchBenchResult {
  folder: string;
  articles: number;
  problems: number;
  readPagesMs: number;
  buildIndexMs: number;
  coldBuildMs: number;
  classes: ClassResult[];
  /** p99 over every query of every class, index only. */
  overall: Percentiles;
  /** Queries where the baseline and the index disagree on the matches; should be empty. */
  mismatches: string[];
  heapUsedMiB: number;
  peakRssMiB: number | null;
}

export interface SearchBenchOptions {
  folder: string;
  /** Timed searches per class and engine. */
  iterations?: number;
  /** Stop a class early after this long (both engines together), so 100,000 articles stay in minutes. */
  classBudgetMs?: number;
  log?: (line: string) => void;
}

/**
 * Reads the pages, builds the index (timed: the cold build), checks the baseline agrees with it on
 * every query, then times both engines over the query mix.
 *
 * @example const result = await runSearchBench({ folder: 'benchmarks/out/corpus-1000-seed1' });
 */
export async function runSearchBench(options: SearchBenchOptions): Promise<SearchBenchResult> {
  const log = options.log ?? (() => undefined);
  const iterations = options.iterations ?? 200;
  const budget = options.classBudgetMs ?? 20_000;
  const today = CORPUS_TODAY;

  const t0 = performance.now();
  const corpus = await readPages([options.folder]);
  const t1 = performance.now();
  // Timed without the answer cache: the same query 200 times would otherwise measure a Map lookup.
  const index = buildNewsIndex(corpus.articles);
  const t2 = performance.now();
  log(`read ${corpus.articles.length} articles in ${Math.round(t1 - t0)} ms, indexed in ${Math.round(t2 - t1)} ms`);
  const scan = new LinearScan(index.all());

  const mismatches: string[] = [];
  for (const query of Object.values(QUERY_CLASSES).flat()) {
    if (understandQuery(query, { today }).mode === 'question') {
      // Ranked: the first pages must be the very same docs as scoring every article.
      const fast = index.searchUncached(query, { limit: 20, today });
      const slow = index.searchByScan(query, { limit: 20, today });
      const same = fast.total === slow.total && fast.hits.map((h) => h.article.id).join() === slow.hits.map((h) => h.article.id).join();
      if (!same) mismatches.push(`${query}: index ${fast.total} candidates, scan ${slow.total}, or a different top 20`);
      continue;
    }
    const fromIndex = index.search(query, { limit: 1_000_000, today });
    const fromScan = scan.match(fromIndex.query);
    const indexIds = new Set(fromIndex.hits.map((h) => h.article.id));
    const same = fromScan.length === fromIndex.total && fromScan.every((m) => indexIds.has(index.all()[m.at]!.id));
    if (!same) mismatches.push(`${query}: index ${fromIndex.total} matches, scan ${fromScan.length}`);
  }
  for (const line of mismatches) log(`WARNING baseline differs from the index — ${line}`);

  // Warm-up: JIT both paths on every query before anything is timed.
  for (let round = 0; round < 3; round++) {
    for (const query of Object.values(QUERY_CLASSES).flat()) {
      index.searchUncached(query, { limit: PAGE, today });
      scan.search(query, { limit: PAGE, today });
    }
  }

  const classes: ClassResult[] = [];
  const everyIndexTiming: number[] = [];
  for (const [name, queries] of Object.entries(QUERY_CLASSES)) {
    const indexMs: number[] = [];
    const scanMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < iterations; i++) {
      const query = queries[i % queries.length]!;
      // Interleaved, so both engines see the same GC pressure and machine noise.
      let t = performance.now();
      index.searchUncached(query, { limit: PAGE, today });
      indexMs.push(performance.now() - t);
      t = performance.now();
      scan.search(query, { limit: PAGE, today });
      scanMs.push(performance.now() - t);
      if (performance.now() - started > budget && i + 1 >= queries.length * 3) break;
    }
    everyIndexTiming.push(...indexMs);
    const totals: Record<string, number> = {};
    for (const query of queries) totals[query] = index.search(query, { limit: 1, today }).total;
    const ip = percentiles(indexMs);
    const sp = percentiles(scanMs);
    classes.push({
      name,
      queries: queries.length,
      iterations: indexMs.length,
      index: ip,
      scan: sp,
      speedupP50: round(sp.p50 / ip.p50, 2),
      speedupP99: round(sp.p99 / ip.p99, 2),
      totals,
    });
    log(`${name}: index p50 ${ip.p50} p99 ${ip.p99} ms; scan p50 ${sp.p50} p99 ${sp.p99} ms (${indexMs.length} iterations)`);
  }

  return {
    folder: options.folder,
    articles: corpus.articles.length,
    problems: corpus.problems.length,
    readPagesMs: Math.round(t1 - t0),
    buildIndexMs: Math.round(t2 - t1),
    coldBuildMs: Math.round(t2 - t0),
    classes,
    overall: percentiles(everyIndexTiming),
    mismatches,
    heapUsedMiB: round(process.memoryUsage().heapUsed / 2 ** 20, 1),
    peakRssMiB: peakRssMiB(),
  };
}

// As a child of run.ts: `node --import tsx benchmarks/search-bench.ts --corpus <folder> [--iterations 200]`
// prints progress on stderr and the result as one JSON line on stdout.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const folder = flag(args, 'corpus');
  if (typeof folder !== 'string') {
    console.error('usage: node --import tsx benchmarks/search-bench.ts --corpus <folder of pages> [--iterations 200] [--budget-ms 20000]');
    process.exit(2);
  }
  const result = await runSearchBench({
    folder,
    iterations: numberFlag(args, 'iterations', 200),
    classBudgetMs: numberFlag(args, 'budget-ms', 20_000),
    log: (line) => console.error(`[search] ${line}`),
  });
  console.log(JSON.stringify(result));
}
