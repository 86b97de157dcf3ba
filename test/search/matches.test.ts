// Picking the first page of matches in the order a query asks for.
import { describe, expect, it } from 'vitest';
import { Matches, RegionFit, topMatches } from '../../src/search/matches.ts';

function matches(rows: Array<[segment: number, doc: number, score: number, fit: RegionFit, date: number]>): Matches {
  const m = new Matches(rows.length);
  for (const row of rows) m.push(...row);
  return m;
}

describe('topMatches', () => {
  const m = matches([
    [0, 0, 1.0, RegionFit.Tagged, 20260101],
    [0, 1, 3.0, RegionFit.Mentions, 20261101],
    [0, 2, 2.0, RegionFit.Tagged, 20250101],
    [1, 0, 2.0, RegionFit.Tagged, 20250101],
    [0, 3, 2.0, RegionFit.Tagged, 20261120],
  ]);

  it('puts tagged matches before mentions, then the best first, newer breaking ties, then index order', () => {
    expect(topMatches(m, 'relevance', 5)).toEqual([4, 2, 3, 0, 1]);
  });

  it('puts the newest first when asked, score breaking ties', () => {
    expect(topMatches(m, 'newest', 5)).toEqual([4, 0, 2, 3, 1]);
  });

  it('gives the same first page when keeping a short list as when sorting everything', () => {
    const many = new Matches(1000);
    for (let i = 0; i < 1000; i++) many.push(i % 3, i, (i * 7919) % 101, i % 5 === 0 ? RegionFit.Mentions : RegionFit.Tagged, 20260000 + (i % 365));
    for (const order of ['relevance', 'newest'] as const) {
      const sorted = topMatches(many, order, 1000);
      expect(topMatches(many, order, 5)).toEqual(sorted.slice(0, 5));
    }
  });
});
