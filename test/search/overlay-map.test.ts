import { describe, expect, it } from 'vitest';
import { OverlayMap } from '../../src/search/overlay-map.ts';

describe('OverlayMap', () => {
  it('reads through to the base, with its own changes on top, and leaves the base untouched', () => {
    const base = new Map([['a', 1], ['b', 2]]);
    const over = OverlayMap.over(base);
    over.set('b', 20).set('c', 3);
    expect(over.delete('a')).toBe(true);
    expect(over.delete('missing')).toBe(false);
    expect([...over.entries()].sort()).toEqual([['b', 20], ['c', 3]]);
    expect(over.size).toBe(2);
    expect(over.has('a')).toBe(false);
    expect(base).toEqual(new Map([['a', 1], ['b', 2]]));
  });

  it('copies only the changes when layered again, so earlier overlays keep their view', () => {
    const first = OverlayMap.over(new Map([['a', 1]]));
    first.set('b', 2);
    const second = OverlayMap.over(first);
    second.delete('b');
    second.set('c', 3);
    expect([...first.keys()]).toEqual(['a', 'b']);
    expect([...second.keys()]).toEqual(['a', 'c']);
    expect(second.size).toBe(2);
    const seen: string[] = [];
    second.forEach((value, key) => seen.push(`${key}=${value}`));
    expect(seen).toEqual(['a=1', 'c=3']);
  });
});
