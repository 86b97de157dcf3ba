import { describe, expect, it } from 'vitest';
import { buildSegmentArraysInWorker } from '../../src/search/build-in-worker.ts';
import { buildSegmentArrays, indexFields } from '../../src/search/index-segment.ts';
import { syntheticArticles } from './synthetic-articles.ts';

describe('buildSegmentArraysInWorker', () => {
  it('builds in a worker thread (under tsx and vitest alike) exactly the arrays the main thread would', async () => {
    // More fields than one message carries, so the chunks must arrive in order.
    const fields = syntheticArticles(2500, 3).map(indexFields);
    const fromWorker = await buildSegmentArraysInWorker(fields);
    const inThread = buildSegmentArrays(fields);
    expect(fromWorker.words).toEqual(inThread.words);
    for (const name of ['hanKeys', 'offsets', 'docs', 'impact', 'first', 'last'] as const) {
      const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      expect(bytes(fromWorker[name]).equals(bytes(inThread[name])), name).toBe(true);
      expect(fromWorker[name].constructor).toBe(inThread[name].constructor);
    }
  });

  it('stops the worker and rejects when aborted', async () => {
    const controller = new AbortController();
    const building = buildSegmentArraysInWorker(syntheticArticles(200).map(indexFields), { signal: controller.signal });
    controller.abort(new Error('shutting down'));
    await expect(building).rejects.toThrow('shutting down');
  });
});
