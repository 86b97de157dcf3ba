import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.ts';
import type { Article } from '../../src/pages/article.ts';
import { buildSegmentArraysInWorker } from '../../src/search/build-in-worker.ts';
import { buildNewsIndex, type NewsIndex } from '../../src/search/news-index.ts';
import { PersistentIndex, type SegmentBuilder } from '../../src/search/persistent-index.ts';
import { syntheticArticles } from './synthetic-articles.ts';

const today = '2026-11-26';

function recordingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger('info', (line) => lines.push(line)) };
}

describe('PersistentIndex', () => {
  it('builds on the first start, loads on the next, and keeps changes across restarts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hn-persist-'));
    const articles = syntheticArticles(800, 5);

    const first = recordingLogger();
    const run1 = new PersistentIndex({ dataDir, logger: first.logger, saveDelayMs: 60_000 });
    const built = await run1.open(articles);
    await run1.close();
    expect(first.lines.join('\n')).toMatch(/index built/);

    const second = recordingLogger();
    const run2 = new PersistentIndex({ dataDir, logger: second.logger, saveDelayMs: 60_000 });
    const loaded = await run2.open(articles);
    expect(second.lines.join('\n')).toMatch(/loaded from .* \(0 article\(s\) re-indexed, 0 dropped\)/);
    expect(loaded.search('居民健康卡', { today, limit: 50 }).hits.map((h) => h.article.id)).toEqual(
      built.search('居民健康卡', { today, limit: 50 }).hits.map((h) => h.article.id),
    );

    const added = syntheticArticles(1, 77).map((a) => ({ ...a, title: `${a.title}远程心电中心` }));
    run2.update([...articles.slice(1), ...added], { upserted: added, removedIds: [articles[0]!.id] });
    const updated = await run2.settled();
    expect(updated.search('远程心电中心', { today }).total).toBe(1);
    await run2.close();

    const third = recordingLogger();
    const run3 = new PersistentIndex({ dataDir, logger: third.logger, saveDelayMs: 60_000 });
    const reopened = await run3.open([...articles.slice(1), ...added]);
    expect(third.lines.join('\n')).toMatch(/0 article\(s\) re-indexed, 0 dropped/);
    expect(reopened.search('远程心电中心', { today }).total).toBe(1);
    expect(reopened.size).toBe(800);
  });
});

/** A segment builder that waits until `release` before building (in the real index worker). */
function gatedWorker() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const calls: number[] = [];
  const build: SegmentBuilder = async (fields, options) => {
    calls.push(fields.length);
    await gate;
    return buildSegmentArraysInWorker(fields, options);
  };
  return { build, calls, release };
}

const ids = (index: NewsIndex | null, query: string) => index!.search(query, { today, limit: 1000 }).hits.map((h) => h.article.id);
const QUERIES = ['居民健康卡', '四川', '广东 互联网医院', '远程心电中心'];

describe('PersistentIndex while pages change', () => {
  it('merges in the worker while searches answer from the whole current index, then swaps in the merge with later changes on top', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hn-persist-'));
    const articles = syntheticArticles(1000, 5);
    const worker = gatedWorker();
    const persistent = new PersistentIndex({ dataDir, saveDelayMs: 60_000, buildSegment: worker.build });
    await persistent.open(articles);

    // 300 of 1000 removed: more than a fifth hidden, so this change sets off a merge.
    let corpus: Article[] = articles.slice(300);
    persistent.update(corpus, { upserted: [], removedIds: articles.slice(0, 300).map((a) => a.id) });
    // The merge hands its articles over in time slices, so on a busy machine it reaches the worker a few turns later.
    await vi.waitFor(() => expect(worker.calls).toEqual([700]));
    const during = persistent.current()!;
    expect(during.size).toBe(700);
    const vocabulary = during.vocabulary();
    for (const q of QUERIES) expect(new Set(ids(during, q)), q).toEqual(new Set(ids(buildNewsIndex(corpus), q)));

    // A page changes while the merge is being built: searchable at once, and kept by the merge.
    const added = syntheticArticles(1, 77).map((a) => ({ ...a, title: `${a.title}远程心电中心` }));
    corpus = [...corpus.slice(1), ...added];
    persistent.update(corpus, { upserted: added, removedIds: [articles[300]!.id] });
    expect(ids(persistent.current(), '远程心电中心')).toEqual([added[0]!.id]);
    expect(persistent.current()!.stats().segments).toBeGreaterThan(1);

    worker.release();
    const merged = await persistent.settled();
    expect(merged.size).toBe(700);
    expect(merged.stats().segments).toBeLessThanOrEqual(2);
    // The did-you-mean vocabulary is not rebuilt on the event loop after a merge.
    expect(merged.vocabulary()).toBe(vocabulary);
    for (const q of QUERIES) expect(new Set(ids(merged, q)), q).toEqual(new Set(ids(buildNewsIndex(corpus), q)));
    await persistent.close();
  });

  it('keeps serving the current index, with every change, when the worker fails; says so in the log; tries again at the next change', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hn-persist-'));
    const articles = syntheticArticles(600, 9);
    const { lines, logger } = recordingLogger();
    let failures = 1;
    const persistent = new PersistentIndex({
      dataDir,
      logger,
      saveDelayMs: 60_000,
      buildSegment: async (fields, options) => {
        if (failures-- > 0) throw new Error('index worker: exited with code 1 before sending the index');
        return buildSegmentArraysInWorker(fields, options);
      },
    });
    await persistent.open(articles);
    const corpus = articles.slice(200);
    persistent.update(corpus, { upserted: [], removedIds: articles.slice(0, 200).map((a) => a.id) });
    const after = await persistent.settled();
    expect(lines.join('\n')).toMatch(/merging the search index in the worker failed; searches keep the current index.*exited with code 1/s);
    expect(after.size).toBe(400);
    expect(new Set(ids(after, "四川"))).toEqual(new Set(ids(buildNewsIndex(corpus), "四川")));

    const next = corpus.slice(1);
    persistent.update(next, { upserted: [], removedIds: [corpus[0]!.id] });
    const retried = await persistent.settled();
    expect(retried.stats().segments).toBe(1);
    expect(new Set(ids(retried, '四川'))).toEqual(new Set(ids(buildNewsIndex(next), '四川')));
    await persistent.close();
  });

  it('builds a big change in the worker, and saves every change when closed in the middle of a merge', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hn-persist-'));
    const articles = syntheticArticles(1000, 11);
    const calls: number[] = [];
    let mergeStarted!: () => void;
    const merging = new Promise<void>((resolve) => (mergeStarted = resolve));
    const buildSegment: SegmentBuilder = (fields, options) => {
      calls.push(fields.length);
      if (calls.length === 1) return buildSegmentArraysInWorker(fields, options);
      // The merge: still in the worker when the bot stops.
      mergeStarted();
      return new Promise((_, reject) => options.signal.addEventListener('abort', () => reject(options.signal.reason as Error)));
    };
    const persistent = new PersistentIndex({ dataDir, saveDelayMs: 60_000, buildSegment, inlineLimit: 100 });
    await persistent.open(articles.slice(0, 700));
    // 300 new articles: more than inlineLimit, so built in the worker; and enough to set off a merge.
    persistent.update(articles, { upserted: articles.slice(700), removedIds: [] });
    expect(persistent.current()!.size).toBe(700);
    await merging;
    expect(calls).toEqual([300, 1000]);
    expect(persistent.current()!.size).toBe(1000);
    await persistent.close();

    const { lines, logger } = recordingLogger();
    const again = new PersistentIndex({ dataDir, logger, saveDelayMs: 60_000 });
    const index = await again.open(articles);
    expect(lines.join('\n')).toMatch(/0 article\(s\) re-indexed, 0 dropped/);
    expect(new Set(ids(index, '居民健康卡'))).toEqual(new Set(ids(buildNewsIndex(articles), '居民健康卡')));
    await again.close();
  });
});
