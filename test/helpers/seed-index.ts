// The real search index over the shipped seeds/ pages, built once per test file.
import { readPages } from '../../src/pages/read-pages.ts';
import { buildNewsIndex } from '../../src/search/news-index.ts';
import type { NewsSearch } from '../../src/search/search-types.ts';
import { SEEDS_DIR } from './paths.ts';

let cached: Promise<NewsSearch> | undefined;

/** The index built from seeds/ with the project's own reader and index. */
export function seedIndex(): Promise<NewsSearch> {
  cached ??= readPages([SEEDS_DIR]).then((corpus) => buildNewsIndex(corpus.articles));
  return cached;
}
