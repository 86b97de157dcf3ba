// Keeps each page's parsed articles (regions resolved) on disk under DATA_DIR, so a restart
// re-reads only the pages whose size or mtime changed. One file, one line per page, in UTF-16:
// Chinese text decodes from UTF-16 about ten times faster than from UTF-8, which makes loading
// 100,000 articles take a fraction of a second; reading it line by line keeps memory flat.
// The file names its format version: a cache written by code that reads pages differently is
// dropped and the pages read again (see PAGE_CACHE_VERSION).
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../atomic-file.ts';
import type { Article, Problem } from '../pages/article.ts';
import { canonicalRegion } from '../pages/read-pages.ts';

/** One page as it was read: its size and mtime then, and what came out of it. */
export interface CachedPage {
  mtimeMs: number;
  size: number;
  articles: Article[];
  problems: Problem[];
}

interface StoredPage extends CachedPage {
  file: string;
}

/**
 * The version of what the cache holds. Bump it with any change that can change what a page reads
 * to: the fields of `Article` or `Problem`, the page parser, region resolution, the gazetteer or
 * the landmarks. A cache of another version is ignored and rebuilt. test/corpus/page-cache.test.ts
 * records the parsed shape and the parse of the shipped and fixture pages for this version, and
 * fails when either changes without a bump. (A number rather than a hash of our sources: the
 * sources are not there once the code is bundled, and a hash misses whatever the list forgets.)
 */
export const PAGE_CACHE_VERSION = 2;
const FORMAT = `healthnews-page-cache/${PAGE_CACHE_VERSION}`;
export const PAGE_CACHE_FILE = 'page-cache.utf16';

/**
 * The page cache of one DATA_DIR. `save` and `remove` change it in memory and write the file a
 * moment later (pages come in bursts); `flush` writes now. Failures are never fatal: a missing or
 * damaged cache only means pages are parsed again.
 *
 * @example
 * const cache = new PageCache('data');
 * const pages = await cache.loadAll(); // Map of page path → CachedPage
 * cache.save('seeds/001.txt', { mtimeMs, size, articles, problems });
 * await cache.flush();
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    readonly dataDir: string,
    private readonly flushDelayMs = 2_000,
  ) {}

  get file(): string {
    return path.join(this.dataDir, PAGE_CACHE_FILE);
  }

  /** Every page cached under this {@link PAGE_CACHE_VERSION}, by page path (empty when there is no usable cache). */
  async loadAll(): Promise<Map<string, CachedPage>> {
    this.pages.clear();
    let header = true;
    try {
      for await (const line of readLines(this.file)) {
        if (header) {
          header = false;
          const meta = JSON.parse(line) as { format?: string };
          if (meta.format !== FORMAT) break;
          continue;
        }
        try {
          const { file, ...page } = JSON.parse(line) as StoredPage;
          // Shared as when the page is read (JSON.parse makes one region object per article).
          for (const article of page.articles) article.region = canonicalRegion(article.region);
          this.pages.set(file, page);
        } catch {
          // A damaged line (a crash mid-write cannot leave one, but disks can): that page is read again.
        }
      }
    } catch {
      // No cache yet, or unreadable: every page is read.
    }
    return new Map(this.pages);
  }

  /** Records one page's result; written with the next flush. */
  save(file: string, page: CachedPage): void {
    this.pages.set(file, page);
    this.scheduleFlush();
  }

  remove(file: string): void {
    if (this.pages.delete(file)) this.scheduleFlush();
  }

  /** Writes the cache now if it changed (atomically: a crash leaves the old file or the new one). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private scheduleFlush(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.flushDelayMs);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await mkdir(this.dataDir, { recursive: true });
    try {
      await writeFileAtomically(this.file, async (handle) => {
        // Line by line, so memory never holds the whole cache as one string (and the event loop runs between pages).
        const encode = (value: unknown) => Buffer.from(`${JSON.stringify(value)}\n`, 'utf16le');
        await handle.write(encode({ format: FORMAT }));
        for (const [file, page] of this.pages) await handle.write(encode({ file, ...page } satisfies StoredPage));
      });
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }
}

/** The lines of a UTF-16LE file, read in chunks. */
async function* readLines(file: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf16le', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    yield* lines;
  }
  if (rest) yield rest;
}
