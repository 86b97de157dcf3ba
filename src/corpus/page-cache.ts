// Keeps each page's parsed articles (regions resolved) on disk under DATA_DIR, one small file per
// page, so a restart re-reads only the pages whose size or mtime changed. Entries carry a
// fingerprint of the code that produced them: changing the parser or the gazetteer invalidates
// every entry by itself, with nothing to remember to bump.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article, Problem } from '../pages/article.ts';

/** One page as it was read: its size and mtime then, and what came out of it. */
export interface CachedPage {
  mtimeMs: number;
  size: number;
  articles: Article[];
  problems: Problem[];
}

interface StoredPage extends CachedPage {
  producer: string;
  file: string;
}

// Every source whose change can change what a page parses to.
const PRODUCER_SOURCES = [
  '../pages/parse-page.ts',
  '../pages/read-pages.ts',
  '../regions/resolve-region.ts',
  '../regions/find-regions.ts',
  '../regions/gazetteer.ts',
  '../regions/region-filter.ts',
  '../regions/gazetteer.json',
];
const READ_CONCURRENCY = 32;

let producerCache: string | null = null;

/** A hash of the page reader's and gazetteer's sources: entries made by other code are not trusted. */
export function producerFingerprint(): string {
  if (!producerCache) {
    const hash = createHash('sha256');
    for (const source of PRODUCER_SOURCES) {
      try {
        hash.update(readFileSync(fileURLToPath(new URL(source, import.meta.url))));
      } catch {
        hash.update(`missing:${source}`);
      }
    }
    producerCache = hash.digest('hex').slice(0, 16);
  }
  return producerCache;
}

/**
 * The page cache in a folder. Failures to read or write it are never fatal: a missing or damaged
 * entry only means that page is parsed again.
 *
 * @example
 * const cache = new PageCache('data/page-cache');
 * const pages = await cache.loadAll(); // Map of page path → CachedPage
 * await cache.save('seeds/001.txt', { mtimeMs, size, articles, problems });
 */
export class PageCache {
  constructor(readonly folder: string) {}

  private entryPath(file: string): string {
    const name = createHash('sha1').update(path.resolve(file)).digest('hex').slice(0, 20);
    return path.join(this.folder, `${name}.json`);
  }

  /** Every entry made by the current code, by page path. */
  async loadAll(): Promise<Map<string, CachedPage>> {
    const pages = new Map<string, CachedPage>();
    let names: string[];
    try {
      names = (await readdir(this.folder)).filter((n) => n.endsWith('.json'));
    } catch {
      return pages;
    }
    const producer = producerFingerprint();
    let next = 0;
    const worker = async () => {
      while (next < names.length) {
        const name = names[next++]!;
        try {
          const stored = JSON.parse(await readFile(path.join(this.folder, name), 'utf8')) as StoredPage;
          if (stored.producer === producer) {
            pages.set(stored.file, { mtimeMs: stored.mtimeMs, size: stored.size, articles: stored.articles, problems: stored.problems });
          }
        } catch {
          // Damaged entry: the page is simply read again.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, worker));
    return pages;
  }

  /** Stores one page's result (atomically: a crash leaves the old entry or none). */
  async save(file: string, page: CachedPage): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const target = this.entryPath(file);
    const temp = `${target}.${process.pid}.tmp`;
    const stored: StoredPage = { producer: producerFingerprint(), file, ...page };
    await writeFile(temp, JSON.stringify(stored));
    await rename(temp, target);
  }

  async remove(file: string): Promise<void> {
    await rm(this.entryPath(file), { force: true });
  }
}
