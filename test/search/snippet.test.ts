import { describe, expect, it } from 'vitest';
import { findTermSpans, summarySnippet } from '../../src/search/snippet.ts';

describe('findTermSpans', () => {
  it('finds terms as written, folding full-width forms and case as the search does, and merges overlaps', () => {
    const text = '医院ＨＩＳ系统与his接口';
    expect(findTermSpans(text, ['his'])).toEqual([{ start: 2, end: 5 }, { start: 8, end: 11 }]);
    expect(findTermSpans('居民健康卡发卡', ['居民健康', '健康卡'])).toEqual([{ start: 0, end: 5 }]);
    expect(findTermSpans('四川', ['广东'])).toEqual([]);
  });
});

describe('summarySnippet', () => {
  it('keeps a short summary whole, noting the cut the site made', () => {
    expect(summarySnippet('新一批居民健康卡启用…', ['健康卡'], 40)).toEqual({ text: '新一批居民健康卡启用', cutStart: false, cutEnd: true });
  });

  it('shows a window around the first match, the term whole, instead of the opening words', () => {
    const text = `${'开头的话'.repeat(10)}，10月27日，新一批居民健康卡在锦州市正式启用，${'结尾的话'.repeat(10)}`;
    const snippet = summarySnippet(text, ['居民健康卡'], 12);
    expect(snippet.text).toContain('居民健康卡');
    expect(Array.from(snippet.text)).toHaveLength(12);
    expect(snippet).toMatchObject({ cutStart: true, cutEnd: true });
  });

  it('starts at the beginning when no term is found', () => {
    expect(summarySnippet('甲乙丙丁戊己庚辛', ['无'], 4)).toEqual({ text: '甲乙丙丁', cutStart: false, cutEnd: true });
  });
});
