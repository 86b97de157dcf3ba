// `healthnews search`: the same search the bot answers with, as terminal cards or stable JSON.
import { answerLineText, widenedText } from '../search/answer-line.ts';
import { buildNewsIndex } from '../search/news-index.ts';
import { summarySnippet } from '../search/snippet.ts';
import type { SearchHit, SearchResponse, UnderstoodQuery } from '../search/search-types.ts';
import { regionLabel } from '../regions/region-filter.ts';
import { EXIT, parseCommandArgs, type CliCommand } from './cli-io.ts';
import { readCorpusOrExplain, seedsDirFor } from './seeds-option.ts';

export const SEARCH_USAGE = `Usage: healthnews search [--seeds DIR] [--limit N] [--json] <query…>

Searches the news pages the way the Slack bot does. The query may name regions (四川, 四川省,
sichuan, 廣東, 成都), time (最近, 本月, 2014-10, 10月) and terms (居民健康卡, 互联网医院). A question
(哪些医院开通了远程会诊？) is answered by ranked retrieval, with the sentence that answers it first.
Traditional characters find simplified text and the reverse (網絡醫院). A query that finds nothing
or very little gets the query with a likely typo mended (居民键康卡 → 居民健康卡,
sichaun → 四川).

Options:
  --seeds DIR   pages folder (default: SEEDS_DIR, else ./seeds)
  --limit N     how many results to show (default 10)
  --json        print {"query", "understood": {mode, chunks, …}, "total", "answer",
                "results": [{id, title, date, region, summary, score}], "related", "suggestions"}
  -h, --help    this help

Examples:
  healthnews search 四川
  healthnews search 居民健康卡
  healthnews search 陕西最近的健康卡新闻
  healthnews search 有哪些医院开通了远程会诊？`;

/** One line saying how the query was understood, e.g. `地区 四川 · 关键词 健康卡 · 时间 最近 · 最新在前`. */
export function describeQuery(query: UnderstoodQuery): string {
  const parts: string[] = [];
  if (query.regions.length > 0) parts.push(`地区 ${query.regions.map((r) => r.label).join('、')}`);
  if (query.terms.length > 0) parts.push(`${query.mode === 'question' ? '问题要点' : '关键词'} ${query.terms.join('、')}`);
  if (query.timeLabel) parts.push(`时间 ${query.timeLabel}`);
  parts.push(query.order === 'newest' ? '最新在前' : '相关度优先');
  return parts.join(' · ');
}

const resultJson = ({ article, score }: SearchHit) => ({
  id: article.id,
  title: article.title,
  date: article.date,
  region: article.region,
  summary: article.summary,
  score,
});

/** The JSON shape other tools read: keep field names stable (new fields only ever added). */
export function searchResultJson(response: SearchResponse) {
  const { query, answer } = response;
  return {
    query: query.raw,
    understood: {
      mode: query.mode,
      ...(query.mode === 'question' ? { chunks: query.terms, where: query.where } : {}),
      regions: query.regions,
      terms: query.terms,
      dateRange: query.dateRange,
      order: query.order,
      ...(response.widened ? { widened: response.widened } : {}),
    },
    total: response.total,
    answer: answer
      ? { sentence: answer.sentence, id: answer.article.id, title: answer.article.title, date: answer.article.date, region: answer.article.region, regions: answer.regions }
      : null,
    results: response.hits.map(resultJson),
    related: (response.related ?? []).map(resultJson),
    suggestions: response.suggestions,
  };
}

/** One result as terminal lines: number, title, region · date, snippet. */
function cardLines({ article, matchedTerms }: SearchHit, label: string): string[] {
  const snippet = summarySnippet(article.summary, matchedTerms, 80);
  return [
    '',
    `${label} ${article.title}`,
    `   ${regionLabel(article.region)} · ${article.date ?? '日期不详'}`,
    `   ${snippet.cutStart ? '…' : ''}${snippet.text}${snippet.cutEnd ? '…' : ''}`,
  ];
}

function relatedLines(response: SearchResponse): string[] {
  const related = response.related ?? [];
  if (related.length === 0) return [];
  return ['', '相关（含大部分字词，但不是原词）：', ...related.flatMap((hit) => cardLines(hit, '·'))];
}

function renderCards(response: SearchResponse): string {
  const lines = [`${describeQuery(response.query)} · 共 ${response.total} 篇`];
  if (response.total === 0) {
    lines.push('', '没有找到相关新闻。');
    if (response.suggestions.length > 0) lines.push(`试试：${response.suggestions.map((s) => `healthnews search ${s}`).join('  |  ')}`);
    else lines.push('试试更少的关键词，或只搜地区，例如：healthnews search 四川');
    lines.push(...relatedLines(response));
    return `${lines.join('\n')}\n`;
  }
  const widened = widenedText(response);
  if (widened) lines.unshift(widened);
  if (response.answer) lines.unshift(answerLineText(response.answer), '');
  response.hits.forEach((hit, i) => lines.push(...cardLines(hit, `${i + 1}.`)));
  if (response.total > response.hits.length) lines.push('', `（还有 ${response.total - response.hits.length} 篇，用 --limit 显示更多）`);
  lines.push(...relatedLines(response));
  // Very few matches may be a typo: the mended query, if one finds more.
  if (response.suggestions.length > 0) lines.push('', `你是不是要找：${response.suggestions.map((s) => `healthnews search ${s}`).join('  |  ')}`);
  return `${lines.join('\n')}\n`;
}

export const searchCommand: CliCommand = async (args, io) => {
  const parsed = parseCommandArgs('search', SEARCH_USAGE, {
    args,
    allowPositionals: true,
    options: {
      seeds: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }, io);
  if (!parsed) return EXIT.usage;
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${SEARCH_USAGE}\n`);
    return EXIT.ok;
  }
  const query = positionals.join(' ').trim();
  if (!query) {
    io.stderr(`healthnews search: give a query, e.g. healthnews search 四川\n\n${SEARCH_USAGE}\n`);
    return EXIT.usage;
  }
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    io.stderr(`healthnews search: --limit must be a whole number of at least 1, got "${values.limit}"\n`);
    return EXIT.usage;
  }
  const corpus = await readCorpusOrExplain([seedsDirFor(values.seeds, io)], io, 'search');
  if (!corpus) return EXIT.failed;
  if (corpus.problems.length > 0) {
    io.stderr(`healthnews search: ${corpus.problems.length} problem(s) in the pages; "healthnews parse" lists them\n`);
  }
  const response = buildNewsIndex(corpus.articles).search(query, { limit });
  io.stdout(values.json ? `${JSON.stringify(searchResultJson(response), null, 2)}\n` : renderCards(response));
  return EXIT.ok;
};
