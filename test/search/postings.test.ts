import { describe, expect, it } from 'vitest';
import { addScores, intersectDocs, keepAllowed, LazyIntersection, unionDocs } from '../../src/search/postings.ts';

describe('postings operations', () => {
  it('intersects ascending lists, also when one is far longer (galloping)', () => {
    const long = Uint32Array.from({ length: 10_000 }, (_, i) => i * 3);
    expect([...intersectDocs(Uint32Array.of(3, 4, 2999 * 3, 40_000), long)]).toEqual([3, 2999 * 3]);
    expect([...intersectDocs(Uint32Array.of(1, 4, 9), Uint32Array.of(4, 5, 9))]).toEqual([4, 9]);
  });

  it('hands out the intersection a few docs at a time, the same docs as intersecting at once', () => {
    // Lists of different densities from a fixed pseudo-random sequence, so a failure reproduces.
    let x = 12345;
    const random = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const list = (share: number) => Uint32Array.from({ length: 5_000 }, (_, d) => d).filter(() => random() < share);
    for (const shares of [[0.5], [0.5, 0.5], [0.9, 0.05, 0.6], [0.01, 0.99], [0.3, 0.3, 0.3, 0.3]]) {
      const lists = shares.map(list);
      const whole = lists.reduce<Uint32Array>((a, b) => intersectDocs(a, b), lists[0]!);
      for (const step of [1, 7, 64, 10_000]) {
        const lazy = new LazyIntersection(lists, 5_000);
        const got: number[] = [];
        for (let slice = lazy.next(step); slice.length > 0; slice = lazy.next(step)) {
          expect(slice.length).toBeLessThanOrEqual(step);
          got.push(...slice);
        }
        expect(got, `shares ${shares} step ${step}`).toEqual([...whole]);
      }
    }
    expect([...new LazyIntersection([], 4).next(10)]).toEqual([0, 1, 2, 3]);
    expect([...new LazyIntersection([Uint32Array.of(1, 2), new Uint32Array(0)], 4).next(10)]).toEqual([]);
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
