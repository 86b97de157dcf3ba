import { describe, expect, it } from 'vitest';
import { MAX_QUERY_GRAPHEMES, MAX_QUERY_UNITS, prepareQuery, questionFromMention } from '../../src/slack/query-input.ts';

const graphemes = (text: string) => [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].length;

describe('prepareQuery', () => {
  it('keeps an ordinary query as typed', () => {
    expect(prepareQuery('广东 互联网医院')).toEqual({ text: '广东 互联网医院', shortened: false });
  });

  it('drops zero-width and bidi characters and turns control characters into spaces', () => {
    const typed = '\u202E四川\u200B\u2066\n\t\u0000居民健康卡\uFEFF';
    expect(prepareQuery(typed)).toEqual({ text: '四川 居民健康卡', shortened: false });
  });

  it('keeps emoji sequences joined by ZWJ whole', () => {
    expect(prepareQuery('👩‍⚕️ 医生').text).toBe('👩‍⚕️ 医生');
  });

  it(`cuts a 10,000-character query to ${MAX_QUERY_GRAPHEMES} graphemes and says so`, () => {
    const result = prepareQuery('四'.repeat(10_000));
    expect(result.shortened).toBe(true);
    expect(graphemes(result.text)).toBe(MAX_QUERY_GRAPHEMES);
  });

  it('never cuts inside an emoji and bounds the length in UTF-16 units', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 UTF-16 units, one grapheme
    const result = prepareQuery(family.repeat(1000));
    expect(result.shortened).toBe(true);
    expect(result.text.length).toBeLessThanOrEqual(MAX_QUERY_UNITS);
    expect(result.text.length % family.length).toBe(0);
  });

  it('bounds a single grapheme made of thousands of combining marks', () => {
    const result = prepareQuery(`四川 a${'\u0301'.repeat(5000)}`);
    expect(result.text).toBe('四川');
    expect(result.shortened).toBe(true);
  });

  it('removes lone surrogates', () => {
    expect(prepareQuery('四川\uD800广东').text).toBe('四川广东');
  });
});

describe('questionFromMention', () => {
  it('strips the bot mention and other mentions, and unescapes what Slack escaped', () => {
    expect(questionFromMention('<@U0BOT> 陕西 &amp; 四川 <!here> <#C123|general> &lt;b&gt;').replace(/\s+/g, ' ').trim()).toBe(
      '陕西 & 四川 <b>',
    );
  });

  it('keeps a link label rather than the link markup', () => {
    expect(questionFromMention('<@U0BOT> <https://evil.example|健康卡>').trim()).toBe('健康卡');
  });
});
