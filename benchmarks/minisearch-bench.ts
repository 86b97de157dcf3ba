// Why article retrieval is our bigram index and not MiniSearch, measured (src/search/DESIGN.md
// quotes these figures): on the same corpus and the same term queries, MiniSearch with a bigram
// tokenizer against our index and a linear scan — build time, heap, query p50/p99. Also what
// MiniSearch is used for, the "did you mean" vocabulary (build time, heap, what it suggests for
// the search bench's typo queries, which that bench times), and what the traditional-character
// fold costs an index build. Run by run.ts as a child process started with --expose-gc, so heap
// figures are taken after a full collection.
import MiniSearch from 'minisearch';
import type { Article } from '../src/pages/article.ts';
import { readPages } from '../src/pages/read-pages.ts';
import { buildNewsIndex } from '../src/search/news-index.ts';
import { normalizeForMatch, tokenize } from '../src/search/tokenize.ts';
import { foldTraditional } from '../src/search/traditional-fold.ts';
import { understandQuery } from '../src/search/understand-query.ts';
import { Vocabulary } from '../src/search/vocabulary.ts';
import { CORPUS_TODAY } from './generate-corpus.ts';
import { flag, numberFlag, peakRssMiB, percentiles, round, type Percentiles } from './measure.ts';
import { LinearScan, QUERY_CLASSES } from './search-bench.ts';

/** The classes MiniSearch can answer as we do (terms only: it has no region or date filter of ours). */
const TERM_CLASSES = ['one term', 'several terms'] as const;
const PAGE = 5;

export interface EngineFigures {
  buildMs: number;
  /** Memory the engine holds after a full collection (JS heap + ArrayBuffers), MiB; the articles themselves not counted. */
  heapMiB: number;
}

export interface MiniSearchBenchResult {
  articles: number;
  chars: number;
  ours: EngineFigures;
  minisearch: EngineFigures;
  scan: EngineFigures;
  classes: Array<{ name: string; iterations: number; ours: Percentiles; minisearch: Percentiles; scan: Percentiles }>;
  /** Queries where MiniSearch (bigrams AND-ed, then checked verbatim) and our index disagree on the matches. */
  mismatches: string[];
  fold: { ms: number; chars: number; foldedTexts: number };
  /** The vocabulary, and what "did you mean" offers for each typo query. */
  vocabulary: EngineFigures & { words: number; suggestions: Record<string, string[]> };
  peakRssMiB: number | null;
}

/** JS heap plus typed arrays (our index lives in ArrayBuffers, outside `heapUsed`), after a full collection. */
function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, external } = process.memoryUsage();
  return (heapUsed + external) / 2 ** 20;
}

/** Times `build` and the heap it leaves behind; returns what it built. */
function measured<T>(build: () => T): { value: T; figures: EngineFigures } {
  const before = heapMiB();
  const t = performance.now();
  const value = build();
  const buildMs = Math.round(performance.now() - t);
  return { value, figures: { buildMs, heapMiB: round(heapMiB() - before, 1) } };
}

interface Doc {
  id: number;
  title: string;
  summary: string;
}

/**
 * MiniSearch as it would have to be used for our search: our bigram tokenizer, every bigram of
 * every term required (AND), the title boosted as we boost it, and the survivors checked for each
 * term verbatim (bigrams alone would let 健康卡 match 健康…康卡).
 */
class MiniSearchRetrieval {
  readonly search: MiniSearch<Doc>;
  private readonly texts: string[];

  constructor(private readonly articles: readonly Article[]) {
    this.search = new MiniSearch<Doc>({ fields: ['title', 'summary'], tokenize, processTerm: (term) => term });
    this.search.addAll(articles.map((a, id) => ({ id, title: a.title, summary: a.summary })));
    this.texts = articles.map((a) => normalizeForMatch(`${a.title}\n${a.summary}`));
  }

  /** Ids of every match, best first. */
  match(raw: string): number[] {
    const { terms } = understandQuery(raw, { today: CORPUS_TODAY });
    const hits = this.search.search(terms.join(' '), { combineWith: 'AND', boost: { title: 3 } });
    return hits.map((h) => h.id as number).filter((id) => terms.every((t) => this.texts[id]!.includes(t)));
  }
}

export async function runMiniSearchBench(folder: string, iterations: number, log: (line: string) => void): Promise<MiniSearchBenchResult> {
  const corpus = await readPages([folder]);
  const ours = measured(() => buildNewsIndex(corpus.articles));
  const index = ours.value;
  const articles = index.all();
  const chars = articles.reduce((n, a) => n + a.title.length + a.summary.length, 0);
  log(`our index: ${articles.length} articles in ${ours.figures.buildMs} ms, ${ours.figures.heapMiB} MiB`);

  // What the fold adds to a build (and to a warm start, which folds the fields again): one pass
  // over every title and summary.
  let foldedTexts = 0;
  const foldStart = performance.now();
  for (const a of articles) {
    if (foldTraditional(a.title) !== a.title) foldedTexts++;
    if (foldTraditional(a.summary) !== a.summary) foldedTexts++;
  }
  const fold = { ms: round(performance.now() - foldStart, 1), chars, foldedTexts };
  log(`fold: ${fold.ms} ms over ${chars} chars (${foldedTexts} texts changed)`);

  const vocabulary = measured(() => Vocabulary.fromTitles(articles.map((a) => a.title)));
  log(`vocabulary: ${vocabulary.value.size} words in ${vocabulary.figures.buildMs} ms, ${vocabulary.figures.heapMiB} MiB`);

  const scan = measured(() => new LinearScan(articles));
  const mini = measured(() => new MiniSearchRetrieval(articles));
  log(`MiniSearch: built in ${mini.figures.buildMs} ms, ${mini.figures.heapMiB} MiB`);

  const queries = TERM_CLASSES.flatMap((name) => QUERY_CLASSES[name] ?? []);
  const mismatches: string[] = [];
  for (const query of queries) {
    const expected = index.search(query, { limit: 1, today: CORPUS_TODAY }).total;
    const got = mini.value.match(query).length;
    if (got !== expected) mismatches.push(`${query}: index ${expected}, MiniSearch ${got}`);
  }
  for (let round = 0; round < 3; round++) {
    for (const query of queries) {
      index.searchUncached(query, { limit: PAGE, today: CORPUS_TODAY });
      mini.value.match(query);
      scan.value.search(query, { limit: PAGE, today: CORPUS_TODAY });
    }
  }

  const classes: MiniSearchBenchResult['classes'] = [];
  for (const name of TERM_CLASSES) {
    const list = QUERY_CLASSES[name] ?? [];
    const timings = { ours: [] as number[], minisearch: [] as number[], scan: [] as number[] };
    for (let i = 0; i < iterations; i++) {
      const query = list[i % list.length]!;
      let t = performance.now();
      index.searchUncached(query, { limit: PAGE, today: CORPUS_TODAY });
      timings.ours.push(performance.now() - t);
      t = performance.now();
      mini.value.match(query).slice(0, PAGE);
      timings.minisearch.push(performance.now() - t);
      t = performance.now();
      scan.value.search(query, { limit: PAGE, today: CORPUS_TODAY });
      timings.scan.push(performance.now() - t);
    }
    const row = { name, iterations, ours: percentiles(timings.ours), minisearch: percentiles(timings.minisearch), scan: percentiles(timings.scan) };
    classes.push(row);
    log(`${name}: ours p50 ${row.ours.p50} p99 ${row.ours.p99}; MiniSearch p50 ${row.minisearch.p50} p99 ${row.minisearch.p99}; scan p50 ${row.scan.p50} p99 ${row.scan.p99} ms`);
  }

  // What the typo queries get, with the index's own vocabulary (built here on first use).
  const suggestions: Record<string, string[]> = {};
  for (const query of QUERY_CLASSES.typo ?? []) suggestions[query] = index.searchUncached(query, { limit: PAGE, today: CORPUS_TODAY }).suggestions;
  log(`did you mean: ${JSON.stringify(suggestions)}`);

  return {
    articles: articles.length,
    chars,
    ours: ours.figures,
    minisearch: mini.figures,
    scan: scan.figures,
    classes,
    mismatches,
    fold,
    vocabulary: { ...vocabulary.figures, words: vocabulary.value.size, suggestions },
    peakRssMiB: peakRssMiB(),
  };
}

// As a child of run.ts: `node --expose-gc --import tsx benchmarks/minisearch-bench.ts --corpus <folder> [--iterations 100]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const folder = flag(args, 'corpus');
  if (typeof folder !== 'string') {
    console.error('usage: node --expose-gc --import tsx benchmarks/minisearch-bench.ts --corpus <folder of pages> [--iterations 100]');
    process.exit(2);
  }
  const result = await runMiniSearchBench(folder, numberFlag(args, 'iterations', 100), (line) => console.error(`[minisearch] ${line}`));
  console.log(JSON.stringify(result));
}
