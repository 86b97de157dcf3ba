// The rules for combining articles from several pages into one list: one article per id, and the
// order every caller shows them in. Pure, so the one-shot reader and a live-reloading corpus agree.
import type { Article } from './article.ts';
import type { PageArticle } from './parse-page.ts';

/**
 * One article per id, in first-seen order. Pass articles in page-path order: the first copy keeps
 * its title, date and source; the longest summary any copy had wins, because listing pages cut
 * summaries at different lengths and the longer one loses nothing. Inputs are not modified.
 * A `region` computed before merging is kept as is — resolve regions after merging.
 *
 * @example
 * const merged = mergeArticles([...pageOne.articles, ...pageTwo.articles]);
 * merged.length; // distinct ids only
 */
export function mergeArticles<T extends PageArticle>(articles: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const article of articles) {
    const kept = byId.get(article.id);
    // Articles are shared, never changed: a longer summary makes a new object (copy on write),
    // so 100,000 merged articles cost no second copy of each.
    if (!kept) byId.set(article.id, article);
    else if (article.summary.length > kept.summary.length) byId.set(article.id, { ...kept, summary: article.summary });
  }
  return [...byId.values()];
}

/**
 * Sort comparator for showing articles: newest date first, undated last, then by source file
 * (code-unit order, the same on every machine) and line.
 *
 * @example
 * articles.sort(newestFirst);
 */
export function newestFirst(a: Pick<Article, 'date' | 'source'>, b: Pick<Article, 'date' | 'source'>): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? 1 : -1;
  }
  if (a.source.file !== b.source.file) return a.source.file < b.source.file ? -1 : 1;
  return a.source.line - b.source.line;
}
