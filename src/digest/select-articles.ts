// Decides what a channel's digest contains: its regions' articles it has not had yet, a first digest
// limited to the newest publication day, grouped by province with the biggest groups first. Pure.
import type { Article } from '../pages/article.ts';
import { newestFirst } from '../pages/merge-articles.ts';
import { regionIncludes, regionLabel, type RegionFilter } from '../regions/region-filter.ts';
import { matchesTopics } from './topics.ts';

/** Articles of one region, in the order they should be shown. */
export interface DigestGroup {
  /** `四川`, `全国`. */
  label: string;
  articles: readonly Article[];
}

/** True when `article` belongs to a channel subscribed to `filters` (empty = every region, national news included). */
export function matchesRegions(article: Article, filters: readonly RegionFilter[]): boolean {
  return filters.length === 0 || filters.some((f) => regionIncludes(f, article.region));
}

export interface DigestSelection {
  /** What to send, newest first. */
  articles: Article[];
  /** What a first digest skips on purpose (older than its newest day); never sent later either. */
  baselineIds: string[];
}

/**
 * The articles of `filters` (and, when given, about one of `topics`) that are not in `handled`.
 * For a first digest (`baseline`), only the newest publication day among them; the rest become
 * `baselineIds`.
 *
 * @example selectUnsent(corpus, [sichuan], new Set(), { baseline: true }).articles // → Sichuan's newest day only
 */
export function selectUnsent(
  articles: readonly Article[],
  filters: readonly RegionFilter[],
  handled: ReadonlySet<string>,
  options: { baseline: boolean; topics?: readonly string[] },
): DigestSelection {
  const topics = options.topics ?? [];
  const candidates = articles.filter((a) => !handled.has(a.id) && matchesRegions(a, filters) && matchesTopics(a, topics)).sort(newestFirst);
  if (!options.baseline) return { articles: candidates, baselineIds: [] };
  const newestDay = candidates.find((a) => a.date !== null)?.date ?? null;
  if (newestDay === null) return { articles: candidates, baselineIds: [] };
  return {
    articles: candidates.filter((a) => a.date === newestDay),
    baselineIds: candidates.filter((a) => a.date !== newestDay).map((a) => a.id),
  };
}

/**
 * The articles of `filters` dated `since` or later (for previews with `--since`).
 *
 * @example selectSince(corpus, [], '2014-11-01').length // → articles of November 2014
 */
export function selectSince(articles: readonly Article[], filters: readonly RegionFilter[], since: string): Article[] {
  return articles.filter((a) => a.date !== null && a.date >= since && matchesRegions(a, filters)).sort(newestFirst);
}

/**
 * Groups articles by province (national news as `全国`): most articles first, ties by name.
 *
 * @example groupByRegion(articles).map((g) => g.label) // → ['四川', '广东', '全国']
 */
export function groupByRegion(articles: readonly Article[]): DigestGroup[] {
  const groups = new Map<string, Article[]>();
  for (const article of articles) {
    const label = regionLabel({ province: article.region.province, city: null, county: null });
    const list = groups.get(label) ?? [];
    list.push(article);
    groups.set(label, list);
  }
  return [...groups.entries()]
    .map(([label, list]) => ({ label, articles: list }))
    .sort((a, b) => b.articles.length - a.articles.length || a.label.localeCompare(b.label, 'zh'));
}
