// Scores search and region tagging against the judged sets in this folder. Shared by
// `npm run eval` (prints the figures) and the relevance tests (assert them).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../src/pages/article.ts';
import type { Region } from '../src/regions/region.ts';
import type { NewsSearch } from '../src/search/search-types.ts';
import { resolveRegion } from '../src/regions/resolve-region.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface JudgedQuery {
  query: string;
  relevant: string[];
  acceptable?: string[];
  ordered?: boolean;
}

export interface QueryScore {
  query: string;
  returned: number;
  relevant: number;
  recall: number;
  precision: number;
  /** For `ordered` queries: whether the relevant articles came in the judged order. */
  inOrder: boolean;
  missing: string[];
  unexpected: string[];
}

export function loadJudgedQueries(): { today: string; queries: JudgedQuery[] } {
  return JSON.parse(readFileSync(path.join(here, 'judged-queries.json'), 'utf8'));
}

export interface JudgedQuestion {
  kind: string;
  query: string;
  /** Articles that answer it (title prefixes); empty for a question the archive has no answer to. */
  relevant: string[];
  acceptable?: string[];
}

export interface QuestionScore {
  kind: string;
  query: string;
  returned: number;
  /** The top card answers it (for a question with no answer: nothing was returned). */
  topAnswers: boolean;
  /** Share of the relevant articles among the first five results (1 for a no-answer question answered empty). */
  recallAt5: number;
  /** Nothing came back (the empty state). */
  empty: boolean;
  /** What the bot understood (mode and chunks), for reading the misses. */
  understood: string;
  top: string | null;
  missing: string[];
}

export function loadJudgedQuestions(): { today: string; questions: JudgedQuestion[] } {
  return JSON.parse(readFileSync(path.join(here, 'judged-questions.json'), 'utf8'));
}

/** How one natural question fares: is the top card an answer, and how many answers are in the first five. */
export function scoreQuestion(search: NewsSearch, judged: JudgedQuestion, today: string): QuestionScore {
  const articles = search.all();
  const relevant = judged.relevant.map((p) => articleByPrefix(articles, p).id);
  for (const p of judged.acceptable ?? []) articleByPrefix(articles, p); // a stale prefix is a broken set
  const response = search.search(judged.query, { today, limit: 5 });
  const ids = response.hits.map((h) => h.article.id);
  const title = (id: string) => articles.find((a) => a.id === id)!.title;
  const noAnswer = relevant.length === 0;
  return {
    kind: judged.kind,
    query: judged.query,
    returned: response.total,
    topAnswers: noAnswer ? ids.length === 0 : relevant.includes(ids[0] ?? ''),
    recallAt5: noAnswer ? (ids.length === 0 ? 1 : 0) : relevant.filter((id) => ids.includes(id)).length / Math.min(5, relevant.length),
    empty: ids.length === 0,
    understood: `${response.query.mode}: ${response.query.terms.join(' | ')}`,
    top: ids[0] ? title(ids[0]) : null,
    missing: relevant.filter((id) => !ids.includes(id)).map(title),
  };
}

/** A hand-judged title, the region it is about and the kind of naming it tests (hospital, new-area…). */
export interface JudgedRegion {
  title: string;
  region: Region;
  kind?: string;
}

export function loadJudgedRegions(): JudgedRegion[] {
  const data = JSON.parse(readFileSync(path.join(here, 'judged-regions.json'), 'utf8'));
  return Array.isArray(data) ? data : data.titles ?? data.cases;
}

/** The one article whose title starts with `prefix`; a judged set naming none or two is itself wrong. */
export function articleByPrefix(articles: readonly Article[], prefix: string): Article {
  const found = articles.filter((a) => a.title.startsWith(prefix));
  if (found.length !== 1) throw new Error(`judged title prefix "${prefix}" matches ${found.length} articles; make it unique`);
  return found[0]!;
}

/** Recall and precision of one judged query, over every result (not one page). */
export function scoreQuery(search: NewsSearch, judged: JudgedQuery, today: string): QueryScore {
  const articles = search.all();
  const relevant = judged.relevant.map((p) => articleByPrefix(articles, p).id);
  const acceptable = new Set((judged.acceptable ?? []).map((p) => articleByPrefix(articles, p).id));
  const results = search.search(judged.query, { today, limit: articles.length + 1 }).hits.map((h) => h.article);
  const ids = results.map((a) => a.id);
  const found = relevant.filter((id) => ids.includes(id));
  const judgedReturned = ids.filter((id) => !acceptable.has(id));
  const order = ids.filter((id) => relevant.includes(id));
  const title = (id: string) => articles.find((a) => a.id === id)!.title;
  return {
    query: judged.query,
    returned: ids.length,
    relevant: relevant.length,
    recall: relevant.length === 0 ? (ids.length === 0 ? 1 : 0) : found.length / relevant.length,
    precision: judgedReturned.length === 0 ? 1 : judgedReturned.filter((id) => relevant.includes(id)).length / judgedReturned.length,
    inOrder: !judged.ordered || order.join() === relevant.join(),
    missing: relevant.filter((id) => !ids.includes(id)).map(title),
    unexpected: judgedReturned.filter((id) => !relevant.includes(id)).map(title),
  };
}

const sameRegion = (a: Region, b: Region) => a.province === b.province && a.city === b.city && a.county === b.county;

/** Share of judged titles tagged exactly (province, city and county), and share with the right province. */
export function scoreRegions(cases: Array<{ title: string; region: Region }>) {
  const wrong: Array<{ title: string; expected: Region; got: Region }> = [];
  let provinceRight = 0;
  for (const c of cases) {
    const got = resolveRegion(c.title);
    if (got.province === c.region.province) provinceRight++;
    if (!sameRegion(got, c.region)) wrong.push({ title: c.title, expected: c.region, got });
  }
  return { total: cases.length, exact: (cases.length - wrong.length) / cases.length, province: provinceRight / cases.length, wrong };
}

/** `scoreRegions` per kind of judged title, kinds in the order they first appear. */
export function scoreRegionsByKind(cases: readonly JudgedRegion[]) {
  const kinds = [...new Set(cases.map((c) => c.kind ?? 'other'))];
  return kinds.map((kind) => ({ kind, ...scoreRegions(cases.filter((c) => (c.kind ?? 'other') === kind)) }));
}
