// The build's hash table of Han term keys: every key set is found with its value, absent keys are not.
import { describe, expect, it } from 'vitest';
import { KeyTable } from '../../src/search/key-table.ts';
import { termKeys } from '../../src/search/tokenize.ts';

describe('KeyTable', () => {
  it('finds every key it was given through many growths, and none it was not', () => {
    const table = new KeyTable(4);
    const CP = 0x110000;
    const keys: number[] = [];
    // Bigram-shaped keys (first × 0x110000 + second), dense and with large first characters.
    for (let i = 0; i < 50_000; i++) keys.push((0x4e00 + (i % 300)) * CP + 0x4e00 + Math.floor(i / 300), 0x20000 * CP + i);
    keys.forEach((key, i) => table.set(key, i));
    expect(table.size).toBe(keys.length);
    expect(keys.every((key, i) => table.get(key) === i)).toBe(true);
    expect(table.get(0x9fff * CP + 0x9fff)).toBe(-1);
    expect(table.get(0)).toBe(-1);
  });

  it('gives a key held a new value without counting it twice', () => {
    const table = new KeyTable();
    const key = termKeys('健康')[0] as number;
    table.set(key, 1);
    table.set(key, 2);
    expect([table.get(key), table.size]).toEqual([2, 1]);
  });
});
