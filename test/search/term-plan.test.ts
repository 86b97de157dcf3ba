// Planning one term: which lists to intersect, and the verbatim check that confirms a candidate.
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/pages/article.ts';
import { IndexSegment } from '../../src/search/index-segment.ts';
import { intersectDocs } from '../../src/search/postings.ts';
import { keepVerbatim, planTerm, verifiedDocs } from '../../src/search/term-plan.ts';

function article(id: string, title: string, summary: string): Article {
  return { id, title, summary, date: '2026-11-20', section: '地方新闻', region: { province: null, city: null, county: null }, source: { file: 'p.txt', line: 1 } };
}

const seg = IndexSegment.build([
  article('a', '居民健康卡发放', ''),
  article('b', '健康管理', '康卡通道，健康'), // 健康 and 康卡, never 健康卡
  article('c', 'digital health', '医院'),
  article('d', 'IC卡', '银联IC卡'),
  article('e', '卡', '医院健康卡'),
]);
const docs = (xs: ArrayLike<number>) => Array.from(xs);

describe('planTerm', () => {
  it('intersects the bigrams’ lists for candidates; only the verbatim check rules out scattered bigrams', () => {
    const plan = planTerm(seg, '健康卡');
    expect(docs(plan.candidates!)).toEqual([0, 1, 4]);
    expect(plan.verify).toBe(true);
    expect(docs(verifiedDocs(seg, '健康卡'))).toEqual([0, 4]);
  });

  it('without intersecting, leaves the rarest list as candidates and names every list to intersect', () => {
    const lazy = planTerm(seg, '健康卡', { intersect: false });
    expect(lazy.required.length).toBe(2);
    expect(lazy.candidates).toBe(lazy.required[0]);
    expect(docs(intersectDocs(lazy.required[0]!, lazy.required[1]!))).toEqual(docs(planTerm(seg, '健康卡').candidates!));
  });

  it('needs no verbatim check for a term that is one bigram', () => {
    expect(planTerm(seg, '医院').verify).toBe(false);
    expect(docs(verifiedDocs(seg, '医院'))).toEqual([2, 4]);
  });

  it('finds the longer Latin words a word of four or more letters starts', () => {
    expect(docs(planTerm(seg, 'digit').candidates!)).toEqual([2]);
    expect(docs(verifiedDocs(seg, 'digi'))).toEqual([2]);
    expect(docs(verifiedDocs(seg, 'dig'))).toEqual([]); // three letters: a word of its own
  });

  it('leaves a lone character inside a term to the verbatim check, and a one-character term to a scan', () => {
    expect(docs(verifiedDocs(seg, 'IC卡'.toLowerCase()))).toEqual([3]);
    expect(planTerm(seg, '卡').candidates).toBeNull();
    expect(docs(verifiedDocs(seg, '卡'))).toEqual([0, 1, 3, 4]);
  });
});

describe('keepVerbatim', () => {
  it('keeps the candidates holding the term and adds its key scores when weights are given', () => {
    const plan = planTerm(seg, '健康卡');
    const candidates = plan.candidates!;
    const unweighted = keepVerbatim({ docs: candidates, scores: new Float64Array(candidates.length) }, seg, plan, null);
    expect(docs(unweighted.docs)).toEqual([0, 4]);
    expect(docs(unweighted.scores)).toEqual([0, 0]);
    const weighted = keepVerbatim({ docs: candidates, scores: new Float64Array(candidates.length) }, seg, plan, plan.lists.map(() => 1));
    // The title holding (doc a) weighs more than the summary holding (doc e).
    expect(weighted.scores[0]!).toBeGreaterThan(weighted.scores[1]!);
  });

  it('works on a slice that starts deep into the lists (a probe’s later chunk)', () => {
    const plan = planTerm(seg, '健康卡');
    const tail = plan.candidates!.subarray(2);
    expect(docs(keepVerbatim({ docs: tail, scores: new Float64Array(tail.length) }, seg, plan, null).docs)).toEqual([4]);
  });
});
