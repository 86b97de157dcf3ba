// A rewrite leaves the old file or the new one, never a torn mix, and cleans up after crashed writers.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../src/atomic-file.ts';

describe('writeFileAtomically', () => {
  it('replaces the file with what was written, leaving no temporary file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hn-atomic-'));
    const file = path.join(dir, 'cache.bin');
    writeFileSync(file, 'old');
    await writeFileAtomically(file, async (handle) => {
      await handle.write('new ');
      await handle.write('content');
    });
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['cache.bin']);
  });

  it('keeps the old file whole when the writer fails halfway, and rethrows', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hn-atomic-'));
    const file = path.join(dir, 'cache.bin');
    writeFileSync(file, 'old');
    await expect(
      writeFileAtomically(file, async (handle) => {
        await handle.write('half of the new');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['cache.bin']);
  });

  it('removes the temporary file a dead process left, but not one a live process is writing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hn-atomic-'));
    const file = path.join(dir, 'cache.bin');
    const dead = `${file}.2147483646.tmp`; // no such process
    const live = `${file}.${process.ppid}.tmp`; // our parent runs
    writeFileSync(dead, 'torn');
    writeFileSync(live, 'in progress');
    await writeFileAtomically(file, async (handle) => void (await handle.write('x')));
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
