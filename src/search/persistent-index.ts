// The running bot's index across restarts: opened from the snapshot under DATA_DIR when one fits
// (re-indexing only what changed since), kept current as pages change, and saved again in the
// background a little after each change, so the next start is quick.
//
// Nothing here holds the event loop for long at 100,000 articles: a change indexes only its own
// articles (a small segment; a big burst is built in the worker), the merge back into one segment
// is built in a worker thread while searches keep using the current index, and the result is
// swapped in whole once it is ready, with the changes made meanwhile applied on top.
import type { Logger } from '@slack/bolt';
import type { Article } from '../pages/article.ts';
import { forEachInSlices, TimeSlicer } from '../time-slices.ts';
import { articleFingerprint } from './article-fingerprint.ts';
import { buildSegmentArraysInWorker } from './build-in-worker.ts';
import { loadIndexSnapshot, saveIndexSnapshot } from './index-snapshot.ts';
import { IndexSegment, indexDate, indexFields, type SegmentArrays } from './index-segment.ts';
import { buildNewsIndex, NewsIndex } from './news-index.ts';

/** What changed in the corpus: articles new or different since the last change, and ids gone. */
export interface CorpusChange {
  upserted: readonly Article[];
  removedIds: readonly string[];
}

/** Builds a segment's arrays from its articles' index fields, off the event loop. */
export type SegmentBuilder = (fields: ReadonlyArray<{ title: string; summary: string }>, options: { signal: AbortSignal }) => Promise<SegmentArrays>;

export interface PersistentIndexOptions {
  dataDir: string;
  logger?: Logger;
  /** Wait this long after a change before saving (changes come in bursts when pages are copied in). */
  saveDelayMs?: number;
  /** Where big segments are built; the index worker by default. */
  buildSegment?: SegmentBuilder;
  /** Changes of at most this many articles are indexed on the event loop (a page's worth takes a millisecond or two). */
  inlineLimit?: number;
}

/** A change as applied to the index: the segment it added and the ids it hid. */
interface AppliedChange {
  segment: IndexSegment | null;
  removedIds: readonly string[];
}

type Job = { kind: 'change'; articles: readonly Article[]; change: CorpusChange } | { kind: 'merged'; index: NewsIndex; ms: number };

/**
 * @example
 * const persistent = new PersistentIndex({ dataDir: 'data' });
 * await persistent.open(corpus.articles());
 * corpus.onChange((articles, change) => persistent.update(articles, change));
 * persistent.current()?.search('四川');
 * await persistent.close(); // saves what is not saved yet
 */
export class PersistentIndex {
  private index: NewsIndex | null = null;
  private saved: NewsIndex | null = null;
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly jobs: Job[] = [];
  private running: Promise<void> | null = null;
  private draining = false;
  /** While a merge is being built: the changes applied since it started, to apply to it too. */
  private merging: { log: AppliedChange[]; done: Promise<void> } | null = null;
  private readonly stopping = new AbortController();
  private readonly buildSegment: SegmentBuilder;
  private readonly inlineLimit: number;

  constructor(private readonly options: PersistentIndexOptions) {
    this.buildSegment = options.buildSegment ?? buildSegmentArraysInWorker;
    this.inlineLimit = options.inlineLimit ?? 500;
  }

  /** The index to search now (null before `open`): always a whole one, never one being built. */
  current(): NewsIndex | null {
    return this.index;
  }

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

  /**
   * Counts the "did you mean" words in slices, so that the first typo never builds them on an
   * ack's path (~0.5 s at 100,000 articles); every index made from this one by changes and merges
   * shares them. The bot calls it once it is up, so it does not slow the start either.
   */
  async prepareVocabulary(): Promise<void> {
    try {
      await this.index?.prepareVocabulary();
    } catch (error) {
      this.options.logger?.warn(`could not build the did-you-mean vocabulary (typos get shorter-query suggestions only): ${String(error)}`);
    }
  }

  /**
   * Brings the index to `articles`, of which `change` is what differs from the last call (or from
   * `open`). Changes are applied in order; a small one is searchable when this returns, a big one
   * once its segment is built. See `settled`.
   */
  update(articles: readonly Article[], change: CorpusChange): void {
    if (!this.index) throw new Error('PersistentIndex.update called before open');
    if (this.stopping.signal.aborted) return;
    this.jobs.push({ kind: 'change', articles, change });
    this.drain();
  }

  /** Resolves with the index once every change so far is applied and no merge is being built. */
  async settled(): Promise<NewsIndex> {
    while (this.running || this.merging) await (this.running ?? this.merging?.done);
    return this.index!;
  }

  /** Stops a merge being built, saves now if the current index is not saved yet, and stops saving later. */
  async close(): Promise<void> {
    this.stopping.abort(new Error('the index is closing'));
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.merging?.done;
    await this.saving;
    await this.saveNow();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const done = (async () => {
      try {
        for (let job = this.jobs.shift(); job; job = this.jobs.shift()) {
          try {
            if (job.kind === 'change') await this.applyChange(job.articles, job.change);
            else this.adoptMerged(job.index, job.ms);
          } catch (error) {
            if (!this.stopping.signal.aborted) this.options.logger?.error('updating the search index failed; searches keep the index from before the change', error);
          }
        }
      } finally {
        this.draining = false;
      }
    })();
    // A change applied without waiting for the worker has finished already: nothing to wait for.
    if (!this.draining) return;
    const running: Promise<void> = done.then(() => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
  }

  private async applyChange(articles: readonly Article[], change: CorpusChange): Promise<void> {
    const index = this.index!;
    // A re-read page yields new objects for unchanged articles: only real changes are indexed.
    const seen = new Set<string>();
    const fresh: Article[] = [];
    for (let i = change.upserted.length - 1; i >= 0; i--) {
      const article = change.upserted[i]!;
      if (seen.has(article.id)) continue;
      seen.add(article.id);
      const old = index.get(article.id);
      if (!old || (old !== article && articleFingerprint(old) !== articleFingerprint(article))) fresh.push(article);
    }
    fresh.reverse();
    const removedIds = change.removedIds.filter((id) => index.get(id) !== undefined);
    if (fresh.length === 0 && removedIds.length === 0) return;
    let segment: IndexSegment | null = null;
    if (fresh.length > this.inlineLimit) segment = await this.prebuiltSegment(fresh);
    else if (fresh.length > 0) segment = IndexSegment.build(fresh);
    if (this.stopping.signal.aborted) return;
    this.index = this.index!.withSegment(segment, removedIds);
    this.merging?.log.push({ segment, removedIds });
    this.options.logger?.info(`re-indexed: ${fresh.length} new or changed article(s), ${removedIds.length} removed; ${this.index.size} in the index`);
    this.scheduleSave();
    if (!this.merging && this.index.needsMerge()) this.startMerge(articles);
  }

  /** Rebuilds the index over `articles` in the worker; the result joins the job queue when ready. */
  private startMerge(articles: readonly Article[]): void {
    const started = performance.now();
    const merging = { log: [] as AppliedChange[], done: Promise.resolve() };
    this.merging = merging;
    merging.done = (async () => {
      try {
        const segment = await this.prebuiltSegment(articles);
        const locations = new Map<string, { segment: number; doc: number }>();
        await forEachInSlices(segment.size, (doc) => locations.set(segment.articles[doc]!.id, { segment: 0, doc }));
        const index = new NewsIndex([segment], [new Uint8Array(segment.size)], locations);
        this.jobs.push({ kind: 'merged', index, ms: Math.round(performance.now() - started) });
        this.drain();
      } catch (error) {
        if (this.merging === merging) this.merging = null;
        if (this.stopping.signal.aborted) return;
        this.options.logger?.error(
          'merging the search index in the worker failed; searches keep the current index, and the merge is tried again at the next change',
          error,
        );
      }
    })();
  }

  /** Swaps in a merged index, with every change applied since its merge began. */
  private adoptMerged(merged: NewsIndex, ms: number): void {
    const log = this.merging?.log ?? [];
    this.merging = null;
    if (this.stopping.signal.aborted) return;
    let index = merged.withVocabularyOf(this.index);
    for (const { segment, removedIds } of log) index = index.withSegment(segment, removedIds);
    this.index = index;
    this.scheduleSave();
    this.options.logger?.info(`search index merged into one segment in ${ms} ms (${index.size} articles, built in the index worker)`);
  }

  /** One segment over `articles` (first copy of each id), built by the worker; the event loop only prepares and adopts it, in slices. */
  private async prebuiltSegment(articles: readonly Article[]): Promise<IndexSegment> {
    const slicer = new TimeSlicer();
    const seen = new Set<string>();
    const unique: Article[] = [];
    const fields: Array<{ title: string; summary: string }> = [];
    const dates: number[] = [];
    for (let i = 0; i < articles.length; i++) {
      const article = articles[i]!;
      if (!seen.has(article.id)) {
        seen.add(article.id);
        unique.push(article);
        fields.push(indexFields(article));
        dates.push(indexDate(article));
      }
      if ((i & 255) === 255) await slicer.yieldIfDue();
    }
    const arrays = await this.buildSegment(fields, { signal: this.stopping.signal });
    return IndexSegment.prebuilt(unique, arrays, fields, Int32Array.from(dates));
  }

  private scheduleSave(): void {
    if (this.index === this.saved || this.timer || this.stopping.signal.aborted) return;
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
