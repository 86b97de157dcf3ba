// The answer line on top of a question's results: one sentence taken word for word from the best
// article's summary (the one that covers the question best; nothing is generated), the article
// it comes from, and for a "where" question the regions among the strong results. Knows nothing
// of Slack; the Slack and terminal renderings build on it.
//
// @example
// answerLine(query, [{ article, score: 12 }, …])
// // → { sentence: '陕西省将于11月20日发放首批居民健康卡…', article, regions: null }
import type { Article } from '../pages/article.ts';
import { regionLabel } from '../regions/region-filter.ts';
import type { AnswerLine, SearchResponse, UnderstoodQuery } from './search-types.ts';
import { normalizeForMatch } from './tokenize.ts';

/** Results scoring at least this share of the best one count as strong: their regions answer "where". */
const STRONG_SHARE = 0.5;
/** Longest sentence shown, in characters; a longer one is cut around its best part. */
export const MAX_SENTENCE_CHARS = 120;
const NATIONAL = regionLabel({ province: null, city: null, county: null });

/** Splits a summary into sentences, each keeping its closing mark. */
export function summarySentences(summary: string): string[] {
  const text = summary.replace(/\s+/gu, ' ').trim();
  return (text.match(/[^。！？!?；;…]+[。！？!?；;…]*/gu) ?? []).map((s) => s.trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** The distinct two-character pieces of the chunks (what a sentence is scored by). */
function chunkBigrams(chunks: readonly string[]): string[] {
  const out = new Set<string>();
  for (const chunk of chunks) {
    const chars = Array.from(normalizeForMatch(chunk));
    if (chars.length === 1) out.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return [...out];
}

/**
 * The sentence of `summary` that covers `chunks` best: most of their bigrams, a whole chunk
 * counting extra, the earlier sentence on a tie (the lead of a news summary says most). Null when
 * no sentence holds any of them.
 */
export function bestSentence(summary: string, chunks: readonly string[]): string | null {
  const bigrams = chunkBigrams(chunks);
  const whole = chunks.map(normalizeForMatch).filter((c) => Array.from(c).length > 2);
  let best: string | null = null;
  let bestScore = 0;
  for (const sentence of summarySentences(summary)) {
    const text = normalizeForMatch(sentence);
    const score = bigrams.filter((b) => text.includes(b)).length + 2 * whole.filter((c) => text.includes(c)).length;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best === null ? null : cutAround(best, bigrams);
}

/** Cuts a long sentence to MAX_SENTENCE_CHARS around its first matched bigram, marking the cuts with `…`. */
function cutAround(sentence: string, bigrams: readonly string[]): string {
  const chars = Array.from(sentence);
  if (chars.length <= MAX_SENTENCE_CHARS) return sentence;
  const text = normalizeForMatch(sentence);
  const hits = bigrams.map((b) => text.indexOf(b)).filter((i) => i >= 0);
  const first = hits.length > 0 ? Array.from(text.slice(0, Math.min(...hits))).length : 0;
  const start = Math.max(0, Math.min(first - 20, chars.length - MAX_SENTENCE_CHARS));
  const end = start + MAX_SENTENCE_CHARS;
  return `${start > 0 ? '…' : ''}${chars.slice(start, end).join('')}${end < chars.length ? '…' : ''}`;
}

/**
 * The answer line of a question from its ranked results (best first, more than a page is fine):
 * null for keyword queries, when there are no results, or when the best article's summary has
 * no sentence sharing a word with the question. A "where" question also gets the regions of the
 * strong results, in the order they first come, and how many results those are.
 */
export function answerLine(query: UnderstoodQuery, ranked: ReadonlyArray<{ article: Article; score: number }>): AnswerLine | null {
  if (query.mode !== 'question' || ranked.length === 0) return null;
  const top = ranked[0]!;
  const sentence = bestSentence(top.article.summary, query.terms) ?? bestSentence(top.article.title, query.terms);
  if (!sentence) return null;
  let regions: AnswerLine['regions'] = null;
  if (query.where) {
    const strong = ranked.filter((r) => r.score >= STRONG_SHARE * top.score);
    const labels: string[] = [];
    for (const r of strong) {
      const label = regionLabel({ province: r.article.region.province, city: null, county: null });
      if (!labels.includes(label)) labels.push(label);
    }
    // National news answers "where" last: it is everywhere and nowhere in particular.
    labels.sort((a, b) => Number(a === NATIONAL) - Number(b === NATIONAL));
    regions = { labels, articles: strong.length };
  }
  return { sentence, article: top.article, regions };
}

/** Regions listed at most; more are summed up as `等`. */
const MAX_REGIONS = 8;

/** The answer line's text for people, without markup: `答：… ——《title》（region · date）`. */
export function answerLineText(answer: AnswerLine): string {
  const { article } = answer;
  const source = `——《${article.title}》（${[regionLabel(article.region), article.date ?? '日期不详'].join(' · ')}）`;
  const regions = answer.regions && answer.regions.labels.length > 0 ? `\n${regionsText(answer.regions)}` : '';
  return `答：${answer.sentence}\n${source}${regions}`;
}

/** `西藏 · 宁夏 · 广东 · 全国，共 5 篇`. */
export function regionsText(regions: NonNullable<AnswerLine['regions']>): string {
  const shown = regions.labels.slice(0, MAX_REGIONS);
  return `${shown.join(' · ')}${regions.labels.length > shown.length ? ' 等' : ''}，共 ${regions.articles} 篇`;
}

/** Says which of the region and time asked for had nothing and was let go, or null: `陕西 本月 没有相关新闻，以下不限地区和时间。`. */
export function widenedText(response: SearchResponse): string | null {
  const widened = response.widened ?? [];
  if (widened.length === 0) return null;
  const { query } = response;
  const asked = [...(widened.includes('region') ? query.regions.map((r) => r.label) : []), ...(widened.includes('time') && query.timeLabel ? [query.timeLabel] : [])];
  const cities = widened.includes('region') && query.regions.some((r) => r.city || r.county);
  const scope = widened.includes('region') && widened.includes('time') ? '地区和时间' : widened.includes('region') ? '地区' : '时间';
  return `${asked.join(' ')} 没有相关新闻，以下${cities && !widened.includes('time') ? '放宽了' : '不限'}${scope}。`;
}
