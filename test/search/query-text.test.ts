import { describe, expect, it } from 'vitest';
import { MAX_QUERY_GRAPHEMES, MAX_QUERY_UNITS, normalizeQuery } from '../../src/search/query-text.ts';

const graphemes = (text: string) => [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].length;

describe('normalizeQuery', () => {
  it('keeps an ordinary query as typed', () => {
    expect(normalizeQuery('广东 互联网医院')).toEqual({ text: '广东 互联网医院', shortened: false });
  });

  it('drops zero-width and bidi characters and turns control characters into spaces', () => {
    const typed = '\u202E四川\u200B\u2066\n\t\u0000居民健康卡\uFEFF';
    expect(normalizeQuery(typed)).toEqual({ text: '四川 居民健康卡', shortened: false });
  });

  it('reads a zero-width space and a control character as word breaks', () => {
    expect(normalizeQuery('健\u200b康\u0007卡').text).toBe('健 康 卡');
  });

  it('keeps emoji sequences joined by ZWJ whole', () => {
    expect(normalizeQuery('👩‍⚕️ 医生').text).toBe('👩‍⚕️ 医生');
  });

  it(`cuts a 10,000-character query to ${MAX_QUERY_GRAPHEMES} graphemes and says so`, () => {
    const result = normalizeQuery('四'.repeat(10_000));
    expect(result.shortened).toBe(true);
    expect(graphemes(result.text)).toBe(MAX_QUERY_GRAPHEMES);
  });

  it('never cuts inside an emoji and bounds the length in UTF-16 units', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 UTF-16 units, one grapheme
    const result = normalizeQuery(family.repeat(1000));
    expect(result.shortened).toBe(true);
    expect(result.text.length).toBeLessThanOrEqual(MAX_QUERY_UNITS);
    expect(result.text.length % family.length).toBe(0);
  });

  it('bounds a single grapheme made of thousands of combining marks', () => {
    const result = normalizeQuery(`四川 a${'\u0301'.repeat(5000)}`);
    expect(result.text).toBe('四川');
    expect(result.shortened).toBe(true);
  });

  it('removes lone surrogates', () => {
    expect(normalizeQuery('四川\uD800广东').text).toBe('四川广东');
  });

  it('leaves a normalized query as it is, so the search and its answer cache see what Slack showed', () => {
    for (const typed of ['  四川\u200B\n互联网医院 ', '四'.repeat(10_000), `四川 a${'\u0301'.repeat(5000)}`, '👨‍👩‍👧‍👦'.repeat(1000)]) {
      const once = normalizeQuery(typed).text;
      expect(normalizeQuery(once)).toEqual({ text: once, shortened: false });
    }
  });
});
