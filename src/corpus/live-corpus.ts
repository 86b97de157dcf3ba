// The articles the running bot works from, kept current while it runs: pages dropped into (or
// changed in, or removed from) the seeds folder are picked up within seconds, without a restart.
// fs.watch triggers a debounced rescan; a periodic rescan covers filesystems where fs.watch stays
// silent (network mounts, some containers). Only files whose mtime or size changed are read again.
import fs from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@slack/bolt';
import type { Article, Problem } from '../pages/article.ts';
import { mergeArticles, newestFirst } from '../pages/merge-articles.ts';
import { readPages } from '../pages/read-pages.ts';
import type { CorpusChange } from '../search/persistent-index.ts';
import { TimeSlicer } from '../time-slices.ts';
import type { CachedPage, PageCache } from './page-cache.ts';

export interface LiveCorpusOptions {
  /** The seeds folder (its `.txt` pages, not subfolders, as `readPages` reads a folder). */
  folder: string;
  /** Wait this long after the last fs.watch event before rescanning (pages are often written in pieces). */
  debounceMs?: number;
  /** Rescan this often even without fs.watch events; 0 turns it off. */
  pollMs?: number;
  logger?: Logger;
  /** Reads page files; defaults to `readPages`. */
  read?: (files: string[]) => Promise<{ articles: Article[]; problems: Problem[] }>;
  /** Parsed pages kept across restarts: unchanged pages are not read again at start. */
  cache?: PageCache;
}

/** Called with the new articles and what differs from the articles of the call before. */
type ChangeListener = (articles: readonly Article[], change: CorpusChange) => void;

const PAGE_FILE = /\.txt$/i;
const STAT_BATCH = 64;

/**
 * Holds the current articles of a seeds folder and tells subscribers when they change.
 *
 * @example
 * const corpus = new LiveCorpus({ folder: 'seeds' });
 * await corpus.start();
 * corpus.onChange((articles, change) => index.update(articles, change));
 * corpus.articles(); // newest first, one per id, like readPages
 */
export class LiveCorpus {
  private readonly folder: string;
  private readonly debounceMs: number;
  private readonly pollMs: number;
  private readonly logger: Logger | undefined;
  private readonly read: NonNullable<LiveCorpusOptions['read']>;
  private readonly cache: PageCache | undefined;
  private readonly pages = new Map<string, CachedPage>();
  private readonly listeners = new Set<ChangeListener>();
  private current: Article[] = [];
  private merged = false;
  private watcher: fs.FSWatcher | null = null;
  private debounceTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private scanning: Promise<boolean> | null = null;
  private rescanAgain = false;

  constructor(options: LiveCorpusOptions) {
    this.folder = options.folder;
    this.debounceMs = options.debounceMs ?? 300;
    this.pollMs = options.pollMs ?? 5_000;
    this.logger = options.logger;
    this.read = options.read ?? readPages;
    this.cache = options.cache;
  }

  /** The current articles, newest first, one per id. */
  articles(): readonly Article[] {
    return this.current;
  }

  /** Problems found in the current pages, for logs and `parse`. */
  problems(): Problem[] {
    return [...this.pages.values()].flatMap((p) => p.problems);
  }

  /** Calls `listener` with the new articles after every change. Returns a function that unsubscribes. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads the folder, then watches it. Throws when the folder does not exist, so start-up says so.
   */
  async start(): Promise<void> {
    const info = await stat(this.folder).catch(() => null);
    if (!info?.isDirectory()) {
      throw new Error(`SEEDS_DIR: ${this.folder} is not a folder; create it or point SEEDS_DIR at the folder of .txt news pages`);
    }
    if (this.cache) {
      // Pages from the last run: the first scan keeps those whose size and mtime still match.
      for (const [file, page] of await this.cache.loadAll()) this.pages.set(file, page);
    }
    await this.rescan();
    try {
      this.watcher = fs.watch(this.folder, { persistent: false }, () => this.scheduleRescan());
      this.watcher.on('error', (error) => {
        this.logger?.warn(`watching ${this.folder} failed (${error.message}); relying on the periodic rescan`);
        this.watcher?.close();
        this.watcher = null;
      });
    } catch (error) {
      this.logger?.warn(`cannot watch ${this.folder} (${(error as Error).message}); relying on the periodic rescan`);
    }
    if (this.pollMs > 0) {
      this.pollTimer = setInterval(() => void this.rescan(), this.pollMs);
      this.pollTimer.unref();
    }
  }

  /** Stops watching and polling; waits for a rescan in progress and writes the page cache. */
  async stop(): Promise<void> {
    this.watcher?.close();
    this.watcher = null;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.debounceTimer = null;
    this.pollTimer = null;
    await this.scanning;
    await this.cache?.flush().catch((error: unknown) => this.logger?.warn(`could not write the page cache: ${(error as Error).message}`));
  }

  private scheduleRescan(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      void this.rescan();
    }, this.debounceMs);
    this.debounceTimer.unref();
  }

  /**
   * Looks at the folder now and reads the pages that are new or changed (by mtime and size),
   * drops the removed ones, and notifies subscribers when the articles changed. Returns whether
   * they did. Concurrent calls share one scan (and one more after it, so no change is missed).
   */
  async rescan(): Promise<boolean> {
    if (this.scanning) {
      this.rescanAgain = true;
      return this.scanning.catch(() => false);
    }
    this.scanning = (async () => {
      let changed = false;
      do {
        this.rescanAgain = false;
        changed = (await this.scanOnce()) || changed;
      } while (this.rescanAgain);
      return changed;
    })();
    try {
      return await this.scanning;
    } catch (error) {
      this.logger?.error(`rescanning ${this.folder} failed; keeping the articles read before`, error);
      return false;
    } finally {
      this.scanning = null;
    }
  }

  private async scanOnce(): Promise<boolean> {
    const entries = await readdir(this.folder, { withFileTypes: true });
    const files = entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && PAGE_FILE.test(e.name) && !e.name.startsWith('.'))
      .map((e) => path.join(this.folder, e.name));
    // Stat in parallel batches: thousands of pages one after another would take most of a second.
    const infos: Array<Awaited<ReturnType<typeof stat>> | null> = [];
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      infos.push(...(await Promise.all(files.slice(i, i + STAT_BATCH).map((f) => stat(f).catch(() => null)))));
    }
    const seen = new Set<string>();
    let changed = false;
    const firstScan = !this.merged;
    // Ids on the pages that changed, before and after: only their merged articles can differ.
    const affected = new Set<string>();
    const touch = (page: CachedPage | undefined) => page?.articles.forEach((a) => affected.add(a.id));
    // Handed to the cache once the scan is over: the cache writes itself whole a moment after a
    // save, so saving as the pages come in rewrote it twice more during a cold read of 5,050 pages.
    const reread: [string, CachedPage][] = [];
    for (const [i, file] of files.entries()) {
      const info = infos[i];
      if (!info?.isFile()) continue;
      seen.add(file);
      const cached = this.pages.get(file);
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) continue;
      const { articles, problems } = await this.read([file]).catch((error: unknown) => ({
        articles: [] as Article[],
        problems: [{ file, line: 0, message: `cannot read: ${(error as Error).message}` }],
      }));
      const page: CachedPage = { mtimeMs: Number(info.mtimeMs), size: Number(info.size), articles, problems };
      touch(cached);
      touch(page);
      this.pages.set(file, page);
      reread.push([file, page]);
      // At start the caller reports the count (problems()); later, a page dropped in is news worth a line each.
      if (!firstScan) for (const p of problems) this.logger?.warn(`${p.file}:${p.line}: ${p.message}`);
      changed = true;
    }
    for (const [file, page] of reread) this.cache?.save(file, page);
    for (const file of [...this.pages.keys()]) {
      if (!seen.has(file)) {
        touch(this.pages.get(file));
        this.pages.delete(file);
        this.cache?.remove(file);
        changed = true;
      }
    }
    // The first scan merges even when every page came from the cache unchanged.
    if (!changed && this.merged) return false;
    let change: CorpusChange;
    if (firstScan) {
      this.current = this.merge();
      change = { upserted: this.current, removedIds: [] };
    } else {
      change = await this.mergeChanged(affected);
    }
    this.merged = true;
    this.logger?.info(`news pages changed: ${this.current.length} article(s) in ${this.pages.size} page(s)`);
    for (const listener of this.listeners) {
      try {
        listener(this.current, change);
      } catch (error) {
        this.logger?.error('a corpus change listener failed', error);
      }
    }
    return true;
  }

  /** One article per id across pages, by the same rules (and order) as readPages. */
  private merge(): Article[] {
    return mergeArticles(this.sortedPages().flatMap((file) => this.pages.get(file)!.articles)).sort(newestFirst);
  }

  /**
   * What `merge` would give, recomputing only the `affected` ids: each one's copies on the pages
   * now, merged by the same rules, put in place in the newest-first list. The few passes over
   * every article are cheap and yield between slices, so a page change at 100,000 articles never
   * holds the event loop; `current` changes in one step at the end.
   */
  private async mergeChanged(affected: ReadonlySet<string>): Promise<CorpusChange> {
    const slicer = new TimeSlicer();
    const copies = new Map<string, Article[]>();
    for (const file of this.sortedPages()) {
      for (const article of this.pages.get(file)!.articles) {
        if (!affected.has(article.id)) continue;
        const list = copies.get(article.id);
        if (list) list.push(article);
        else copies.set(article.id, [article]);
      }
      await slicer.yieldIfDue();
    }
    const before = new Map<string, Article>();
    const kept: Article[] = [];
    for (let i = 0; i < this.current.length; i++) {
      const article = this.current[i]!;
      if (affected.has(article.id)) before.set(article.id, article);
      else kept.push(article);
      if ((i & 1023) === 1023) await slicer.yieldIfDue();
    }
    const merged = [...copies.values()].map((list) => mergeArticles(list)[0]!).sort(newestFirst);
    this.current = insertSorted(kept, merged, newestFirst);
    return {
      upserted: merged.filter((a) => before.get(a.id) !== a),
      removedIds: [...before.keys()].filter((id) => !copies.has(id)),
    };
  }

  /** Page paths in code-unit order ("first page wins" is the same on every machine). */
  private sortedPages(): string[] {
    return [...this.pages.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** `sorted` with `items` (sorted the same way) put in place; each item after any equal ones. */
function insertSorted<T>(sorted: readonly T[], items: readonly T[], compare: (a: T, b: T) => number): T[] {
  const out = new Array<T>(sorted.length + items.length);
  let from = 0;
  let k = 0;
  for (const item of items) {
    let lo = from;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(sorted[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    while (from < lo) out[k++] = sorted[from++]!;
    out[k++] = item;
  }
  while (from < sorted.length) out[k++] = sorted[from++]!;
  return out;
}
