import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../../src/pages/article.ts';
import type { NewsSearch, SearchResponse } from '../../../src/search/search-types.ts';
import { understandQuery } from '../../../src/search/understand-query.ts';
import { answerLineBlocks } from '../../../src/slack/blocks/answer-line.ts';
import { resultsMessage } from '../../../src/slack/blocks/search-results.ts';
import { assertBlockKitLimits, assertNoInjectedMarkup, mrkdwnTexts } from '../../helpers/block-kit-limits.ts';
import { seedIndex } from '../../helpers/seed-index.ts';

const today = '2026-11-26';
let seeds: NewsSearch;
beforeAll(async () => {
  seeds = await seedIndex();
});

const options = (query: string) => ({ mode: 'thread' as const, query, offset: 0, pageSize: 5 });

describe('answer line blocks', () => {
  it('is the first block of a question, quoting the answer and naming its article; cards follow', () => {
    const q = '哪些地方发放了居民健康卡？';
    const message = resultsMessage(seeds.search(q, { today, limit: 5 }), options(q));
    const first = mrkdwnTexts({ blocks: [message.blocks![0]] })[0]!;
    expect(first).toMatch(/^\*答：\* .*居民健康卡/);
    expect(first).toContain('《陕西:将于11月20日发放首批居民健康卡》');
    expect(first).toContain('陕西 · 四川 · 辽宁，共 4 篇');
    expect(message.blocks!.filter((b) => b.type === 'divider')).toHaveLength(5);
    expect(message.text).toMatch(/^答：/);
  });

  it('keyword results start as before, with partial matches after the matches under 相关', () => {
    const message = resultsMessage(seeds.search('互联网医院', { today, limit: 5 }), options('互联网医院'));
    const texts = mrkdwnTexts(message);
    expect(texts[0]).toMatch(/^没有找到/);
    expect(texts.findIndex((t) => t.startsWith('*相关*'))).toBeGreaterThan(0);
    const keyword = resultsMessage(seeds.search('居民健康卡', { today, limit: 5 }), options('居民健康卡'));
    expect(mrkdwnTexts(keyword)[0]).not.toMatch(/答：/);
  });

  it('says when the city asked for had nothing and its province answered', () => {
    const message = resultsMessage(seeds.search('深圳的互联网医院怎么样了', { today, limit: 5 }), options('深圳的互联网医院怎么样了'));
    expect(mrkdwnTexts(message)).toContain('广东 · 深圳 没有相关新闻，以下放宽了地区。');
  });

  it('escapes everything taken from the article', () => {
    const junk = '<!channel>*卫&'.repeat(300);
    const article: Article = {
      id: 'x', title: junk, summary: junk, date: null, section: '地方新闻',
      region: { province: null, city: null, county: null }, source: { file: 'x', line: 1 },
    };
    const response: SearchResponse = {
      query: understandQuery('哪里有卫生信息化？', { today }), total: 1, suggestions: [],
      hits: [{ article, score: 1, matchedTerms: [] }],
      answer: { sentence: junk, article, regions: { labels: [junk], articles: 1 } },
    };
    const message = resultsMessage(response, options('哪里有卫生信息化？'));
    assertNoInjectedMarkup(message);
    assertBlockKitLimits(message);
    expect(answerLineBlocks({ ...response, answer: null })).toEqual([]);
  });
});
