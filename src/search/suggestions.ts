// Queries worth trying when a query found nothing: the same words without the time filter, each
// region or word on its own, a city's province, halves of a long word. Only suggestions that
// would find something are offered; the caller says which would.
//
// @example
// suggestQueries(understandQuery('成都 电子健康卡', { today }), (text) => index.search(text).total > 0)
// // → ['四川 电子健康卡', '四川', '电子健康卡'] (those that find something, at most three)
import type { UnderstoodQuery } from './search-types.ts';

/** Suggestions offered at most. */
const MAX_SUGGESTIONS = 3;

/**
 * Up to three shorter or wider queries than `query`, best first, each one that `findsSomething`
 * says finds an article; never the query itself.
 */
export function suggestQueries(query: UnderstoodQuery, findsSomething: (text: string) => boolean): string[] {
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
  const seen = new Set<string>([query.raw]);
  const useful: string[] = [];
  for (const attempt of tries) {
    const text = attempt.trim();
    if (!text || seen.has(text)) continue;
    seen.add(text);
    if (findsSomething(text)) useful.push(text);
    if (useful.length === MAX_SUGGESTIONS) break;
  }
  return useful;
}
