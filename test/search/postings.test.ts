import { describe, expect, it } from 'vitest';
import { addScores, intersectDocs, keepAllowed, unionDocs } from '../../src/search/postings.ts';

describe('postings operations', () => {
  it('intersects ascending lists, also when one is far longer (galloping)', () => {
    const long = Uint32Array.from({ length: 10_000 }, (_, i) => i * 3);
    expect([...intersectDocs(Uint32Array.of(3, 4, 2999 * 3, 40_000), long)]).toEqual([3, 2999 * 3]);
    expect([...intersectDocs(Uint32Array.of(1, 4, 9), Uint32Array.of(4, 5, 9))]).toEqual([4, 9]);
  });

  it('unites lists in ascending order without duplicates', () => {
    expect([...unionDocs([Uint32Array.of(5, 9), Uint32Array.of(1, 5)])]).toEqual([1, 5, 9]);
  });

  it('keeps only the docs a filter lets through', () => {
    expect([...keepAllowed(Uint32Array.of(0, 1, 2), Uint8Array.of(1, 0, 2))]).toEqual([0, 2]);
  });

  it('adds a weighted impact to the docs the postings hold', () => {
    const scores = new Float64Array(3);
    addScores(Uint32Array.of(1, 4, 7), scores, { docs: Uint32Array.of(4, 7), impact: Uint8Array.of(10, 20), first: new Uint8Array(2), last: new Uint8Array(2) }, 0.5);
    expect([...scores]).toEqual([0, 5, 10]);
  });
});
