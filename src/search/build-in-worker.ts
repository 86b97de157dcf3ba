// Runs `buildSegmentArrays` in a worker thread (see segment-worker.ts) for the running bot. The
// fields go over in chunks, between which the event loop runs, and the arrays come back by
// transfer, so the main thread never spends more than a few milliseconds at a time on the job.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TimeSlicer } from '../time-slices.ts';
import type { SegmentArrays } from './index-segment.ts';
import type { FromSegmentWorker, ToSegmentWorker } from './segment-worker.ts';

const WORKER_ENTRY = new URL(`./segment-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
/** Fields per message: small enough that cloning one chunk takes a millisecond or two. */
const CHUNK = 2_000;

/**
 * What starts the worker. Worker threads do not inherit the tsx loader the bot (or vitest) runs
 * under, so a `.ts` entry registers tsx first, from this package's own copy.
 */
function startWorker(): Worker {
  if (!WORKER_ENTRY.pathname.endsWith('.ts')) return new Worker(WORKER_ENTRY);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_ENTRY.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

/**
 * `buildSegmentArrays(fields)`, computed in a worker thread. Rejects with a message naming the
 * worker when it fails or exits early, and with an AbortError when `signal` aborts (the worker is
 * terminated then).
 *
 * @example const arrays = await buildSegmentArraysInWorker(articles.map(indexFields));
 */
export function buildSegmentArraysInWorker(
  fields: ReadonlyArray<{ title: string; summary: string }>,
  options: { signal?: AbortSignal } = {},
): Promise<SegmentArrays> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason as Error);
    const worker = startWorker();
    let done = false;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      options.signal?.removeEventListener('abort', abort);
      void worker.terminate();
      outcome();
    };
    const abort = () => finish(() => reject(options.signal!.reason as Error));
    options.signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: FromSegmentWorker) => {
      if (message.kind === 'built') finish(() => resolve(message.arrays));
      else finish(() => reject(new Error(`index worker: building the segment failed: ${message.message}`)));
    });
    worker.on('error', (error) => finish(() => reject(new Error(`index worker: ${error.message}`, { cause: error }))));
    worker.on('exit', (code) => finish(() => reject(new Error(`index worker: exited with code ${code} before sending the index`))));
    void (async () => {
      const slicer = new TimeSlicer();
      for (let at = 0; at < fields.length && !done; at += CHUNK) {
        worker.postMessage({ kind: 'fields', fields: fields.slice(at, at + CHUNK) } satisfies ToSegmentWorker);
        await slicer.yieldIfDue();
      }
      if (!done) worker.postMessage({ kind: 'build' } satisfies ToSegmentWorker);
    })();
  });
}
