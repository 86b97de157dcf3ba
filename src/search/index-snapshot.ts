// Saves the search index to one file under DATA_DIR and puts it back at start, so a restart with
// unchanged pages maps a few typed arrays instead of re-indexing every article. Articles are not
// stored here (the page cache has them); the snapshot names them by id with a fingerprint, and
// anything that changed since is re-indexed on its own.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../atomic-file.ts';
import type { Article } from '../pages/article.ts';
import { forEachInSlices, TimeSlicer } from '../time-slices.ts';
import { IndexSegment, type SegmentArrays } from './index-segment.ts';
import { articleFingerprint } from './article-fingerprint.ts';
import { NewsIndex } from './news-index.ts';

const MAGIC = 'HNIDX\u0001';
/** Bump when the segment layout or the tokenizer changes: an old snapshot is then ignored and rebuilt. */
export const SNAPSHOT_VERSION = 7;
export const SNAPSHOT_FILE = 'search-index.bin';

type ArrayName = Exclude<keyof SegmentArrays, 'words'>;
const ARRAY_TYPES = {
  hanKeys: Float64Array,
  offsets: Uint32Array,
  docs: Uint32Array,
  impact: Uint8Array,
  first: Uint8Array,
  last: Uint8Array,
} as const satisfies Record<ArrayName, unknown>;
const ARRAY_NAMES = Object.keys(ARRAY_TYPES) as ArrayName[];

interface SegmentHeader {
  ids: string[];
  fingerprints: number[];
  words: string[];
  dead: number[];
  /** Docs whose indexed text differs from the article's (see IndexSegment.foldedDocs). */
  folded: number[];
  /** Byte offset (from the start of the data block) and element count of each array. */
  arrays: Record<ArrayName, [number, number]>;
}

interface Header {
  version: number;
  segments: SegmentHeader[];
}

const align8 = (n: number) => (n + 7) & ~7;

/**
 * Writes `index` to `dataDir/search-index.bin` atomically (a crash mid-write leaves the old file).
 * The per-article work and the header are done in slices that yield to the event loop, and the
 * arrays are written straight from memory, so saving 100,000 articles never holds up an answer.
 */
export async function saveIndexSnapshot(index: NewsIndex, dataDir: string): Promise<{ file: string; bytes: number }> {
  await mkdir(dataDir, { recursive: true });
  const slicer = new TimeSlicer();
  const buffers: Buffer[] = [];
  let offset = 0;
  const segmentJson: string[] = [];
  for (const [s, seg] of index.segments.entries()) {
    const arrays = {} as Record<ArrayName, [number, number]>;
    for (const name of ARRAY_NAMES) {
      const array = seg.arrays[name];
      const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
      arrays[name] = [offset, array.length];
      buffers.push(bytes);
      const padded = align8(bytes.length);
      if (padded > bytes.length) buffers.push(Buffer.alloc(padded - bytes.length));
      offset += padded;
    }
    const ids: string[] = new Array(seg.size);
    const fingerprints: number[] = new Array(seg.size);
    const dead: number[] = [];
    const tombstones = index.tombstones[s]!;
    await forEachInSlices(seg.size, (d) => {
      ids[d] = seg.articles[d]!.id;
      fingerprints[d] = articleFingerprint(seg.articles[d]!);
      if (tombstones[d]) dead.push(d);
    }, slicer);
    // Field by field: one JSON.stringify of a whole 100,000-article header would hold the loop ~30 ms.
    const fields: string[] = [];
    const folded = seg.foldedDocs();
    for (const [key, value] of Object.entries({ ids, fingerprints, words: seg.arrays.words, dead, folded, arrays } satisfies SegmentHeader)) {
      fields.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
      await slicer.yieldIfDue();
    }
    segmentJson.push(`{${fields.join(',')}}`);
  }
  const header = Buffer.from(`{"version":${SNAPSHOT_VERSION},"segments":[${segmentJson.join(',')}]}`);
  const prefix = Buffer.alloc(align8(MAGIC.length + 4 + header.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.length, MAGIC.length);
  header.copy(prefix, MAGIC.length + 4);

  const file = path.join(dataDir, SNAPSHOT_FILE);
  await writeFileAtomically(file, async (handle) => {
    for (const chunk of [prefix, ...buffers]) await handle.write(chunk);
  });
  return { file, bytes: prefix.length + offset };
}

export interface LoadedIndex {
  index: NewsIndex;
  /** Articles indexed anew because the snapshot did not have them as they are now. */
  reindexed: number;
  /** Snapshot articles no longer in the corpus. */
  removed: number;
}

/**
 * Restores the index saved under `dataDir` for the current `articles`: unchanged articles come
 * from the snapshot, new or changed ones are indexed now, vanished ones are hidden. Returns null
 * when there is no usable snapshot (none yet, another version, or damaged), so the caller builds.
 */
export async function loadIndexSnapshot(dataDir: string, articles: readonly Article[]): Promise<LoadedIndex | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dataDir, SNAPSHOT_FILE));
  } catch {
    return null;
  }
  try {
    if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
    const headerLength = bytes.readUInt32LE(MAGIC.length);
    const header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as Header;
    if (header.version !== SNAPSHOT_VERSION) return null;
    const dataStart = align8(MAGIC.length + 4 + headerLength);
    // Typed arrays need their element alignment; copy only when the file's buffer does not give it.
    let data = bytes.buffer as ArrayBuffer;
    let base = bytes.byteOffset + dataStart;
    if (base % 8 !== 0) {
      const aligned = new Uint8Array(bytes.length - dataStart);
      aligned.set(bytes.subarray(dataStart));
      data = aligned.buffer;
      base = 0;
    }

    const current = new Map(articles.map((a) => [a.id, a]));
    const kept = new Set<string>();
    const segments: IndexSegment[] = [];
    const tombstones: Uint8Array[] = [];
    const locations = new Map<string, { segment: number; doc: number }>();
    let removed = 0;
    header.segments.forEach((h, s) => {
      const arrays = { words: h.words } as SegmentArrays;
      for (const name of ARRAY_NAMES) {
        const [at, length] = h.arrays[name];
        (arrays as unknown as Record<string, unknown>)[name] = new ARRAY_TYPES[name](data, base + at, length);
      }
      const dead = new Uint8Array(h.ids.length);
      for (const d of h.dead) dead[d] = 1;
      const segArticles = h.ids.map((id, d) => {
        const article = current.get(id);
        if (dead[d]) return article ?? placeholder(id);
        if (!article || articleFingerprint(article) !== h.fingerprints[d] || kept.has(id)) {
          dead[d] = 1;
          if (!article) removed++;
          return article ?? placeholder(id);
        }
        kept.add(id);
        locations.set(id, { segment: s, doc: d });
        return article;
      });
      segments.push(IndexSegment.fromArrays(segArticles, arrays, h.folded));
      tombstones.push(dead);
    });
    const fresh = articles.filter((a) => !kept.has(a.id));
    const restored = new NewsIndex(segments, tombstones, locations);
    return { index: fresh.length > 0 ? restored.withChanges(fresh, []) : restored, reindexed: fresh.length, removed };
  } catch {
    return null; // damaged or truncated: rebuilding is always safe
  }
}

/** Stands in for an article the snapshot indexed but the corpus no longer has; always tombstoned. */
function placeholder(id: string): Article {
  return { id, title: '', date: null, summary: '', section: '', region: { province: null, city: null, county: null }, source: { file: '', line: 0 } };
}
