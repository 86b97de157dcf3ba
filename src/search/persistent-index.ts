// The running bot's index across restarts: opened from the snapshot under DATA_DIR when one fits
// (re-indexing only what changed since), kept current as pages change, and saved again in the
// background a little after each change, so the next start is quick.
import type { Logger } from '@slack/bolt';
import type { Article } from '../pages/article.ts';
import { loadIndexSnapshot, saveIndexSnapshot } from './index-snapshot.ts';
import { buildNewsIndex, type NewsIndex } from './news-index.ts';

export interface PersistentIndexOptions {
  dataDir: string;
  logger?: Logger;
  /** Wait this long after a change before saving (changes come in bursts when pages are copied in). */
  saveDelayMs?: number;
}

/**
 * @example
 * const persistent = new PersistentIndex({ dataDir: 'data' });
 * let index = await persistent.open(corpus.articles());
 * corpus.onChange((articles) => (index = persistent.update(articles)));
 * await persistent.close(); // saves what is not saved yet
 */
export class PersistentIndex {
  private index: NewsIndex | null = null;
  private saved: NewsIndex | null = null;
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: PersistentIndexOptions) {}

  /** The index for `articles`: from the snapshot when there is one, else built now. */
  async open(articles: readonly Article[]): Promise<NewsIndex> {
    const started = performance.now();
    const loaded = await loadIndexSnapshot(this.options.dataDir, articles);
    const ms = () => Math.round(performance.now() - started);
    if (loaded) {
      this.index = loaded.index;
      if (loaded.reindexed === 0 && loaded.removed === 0) this.saved = loaded.index;
      this.options.logger?.info(
        `search index loaded from ${this.options.dataDir} in ${ms()} ms (${loaded.reindexed} article(s) re-indexed, ${loaded.removed} dropped)`,
      );
    } else {
      this.index = buildNewsIndex(articles);
      this.options.logger?.info(`search index built in ${ms()} ms (no usable snapshot in ${this.options.dataDir})`);
    }
    this.scheduleSave();
    return this.index;
  }

  /** The index for the new `articles`, re-indexing only what changed. */
  update(articles: readonly Article[]): NewsIndex {
    if (!this.index) throw new Error('PersistentIndex.update called before open');
    this.index = this.index.updatedTo(articles);
    this.scheduleSave();
    return this.index;
  }

  /** Saves now if the current index is not saved yet, and stops saving later. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.saving;
    await this.saveNow();
  }

  private scheduleSave(): void {
    if (this.index === this.saved || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.saving = this.saving.then(() => this.saveNow());
    }, this.options.saveDelayMs ?? 5_000);
    this.timer.unref();
  }

  private async saveNow(): Promise<void> {
    const index = this.index;
    if (!index || index === this.saved) return;
    try {
      await saveIndexSnapshot(index, this.options.dataDir);
      this.saved = index;
    } catch (error) {
      // Not fatal: the next start rebuilds what the snapshot lacks.
      this.options.logger?.warn(`could not save the search index to ${this.options.dataDir}: ${(error as Error).message}`);
    }
  }
}
