// The index worker: builds a segment's arrays off the bot's main thread, so re-indexing 100,000
// articles (seconds of tokenizing) never holds up an answer. Started per job by
// `buildSegmentArraysInWorker`; receives the articles' index fields in chunks, builds, sends the
// typed arrays back by transfer (no copy), and is terminated.
import { parentPort } from 'node:worker_threads';
import { buildSegmentArrays, type SegmentArrays } from './index-segment.ts';

/** Main thread → worker: some more fields, in doc order; then `build`. */
export type ToSegmentWorker = { kind: 'fields'; fields: Array<{ title: string; summary: string }> } | { kind: 'build' };

/** Worker → main thread: the arrays, or why there are none. */
export type FromSegmentWorker = { kind: 'built'; arrays: SegmentArrays } | { kind: 'failed'; message: string };

if (parentPort) {
  const port = parentPort;
  const fields: Array<{ title: string; summary: string }> = [];
  port.on('message', (message: ToSegmentWorker) => {
    if (message.kind === 'fields') {
      for (const field of message.fields) fields.push(field);
      return;
    }
    try {
      const arrays = buildSegmentArrays(fields);
      const { hanKeys, offsets, docs, impact, first, last } = arrays;
      port.postMessage({ kind: 'built', arrays } satisfies FromSegmentWorker, [hanKeys, offsets, docs, impact, first, last].map((a) => a.buffer as ArrayBuffer));
    } catch (error) {
      port.postMessage({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromSegmentWorker);
    }
  });
}
