// Related words for questions: what a question's chunks bring in, and what ranking does with them.
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/pages/article.ts';
import { buildNewsIndex } from '../../src/search/news-index.ts';
import { relatedWords } from '../../src/search/synonyms.ts';

const today = '2026-11-26';

function news(id: string, title: string, summary: string): Article {
  return { id, title, date: '2024-06-01', summary, section: '地方新闻', region: { province: null, city: null, county: null }, source: { file: 't.txt', line: 1 } };
}

describe('relatedWords', () => {
  it('gives the other words of a group a chunk holds, not those already in the question', () => {
    expect(relatedWords(['片子', '医院'])).toEqual(['拍片', '胶片', '医学影像', '影像']);
    expect(relatedWords(['慢性病'])).toEqual(['慢病']);
    // 居民健康卡 already holds 健康卡: only 电子健康卡 is new.
    expect(relatedWords(['居民健康卡'])).toEqual(['电子健康卡']);
  });

  it('gives nothing for words outside every group, and at most six', () => {
    expect(relatedWords(['区域卫生', '招标'])).toEqual([]);
    expect(relatedWords(['网上看病']).length).toBeLessThanOrEqual(6);
  });
});

describe('a question with related words', () => {
  const index = buildNewsIndex([
    // b first: on the question's own words alone (网上) b and a tie, and the tie goes to b.
    news('b', '某市:网上招标平台启用', '医疗器械采购改在网上进行。'),
    news('a', '银川:互联网医院上线', '患者可在网上复诊，药品配送到家。'),
    news('c', '某县:医院信息系统升级', '全县医院完成改造。'),
  ]);

  it('ranks the article that says the same thing in other words first', () => {
    const response = index.search('有没有网上看病的新闻', { today, limit: 5 });
    expect(response.query.related).toContain('互联网医院');
    expect(response.hits.map((h) => h.article.id)).toEqual(['a', 'b']);
    expect(response.hits[0]!.matchedTerms).toContain('互联网医院');
  });

  it('brings in no article that shares nothing with the question but a piece of a related word', () => {
    // c holds 医院 (a piece of 互联网医院) and nothing of 网上看病: not an answer.
    expect(index.search('有没有网上看病的新闻', { today, limit: 5 }).hits.map((h) => h.article.id)).not.toContain('c');
  });

  it('leaves keyword searches literal', () => {
    const response = index.search('网上看病', { today, limit: 5 });
    expect(response.query.mode).toBe('keyword');
    expect(response.total).toBe(0);
  });

  it('lifts no article for holding pieces of a related word: 电子健康档案 is not 电子健康卡', async () => {
    const cards = buildNewsIndex([
      news('plain', '乙地:居民健康卡开始发放', '首批居民健康卡发放到位。'),
      news('pieces', '甲地:居民健康卡开始发放', '首批居民健康卡发放到位，电子健康档案同步建立。'),
      news('whole', '丙地:居民健康卡开始发放', '首批居民健康卡发放到位，电子健康卡同步上线。'),
    ]);
    const hits = cards.search('哪里在发放居民健康卡', { today, limit: 5 }).hits;
    expect(hits[0]!.article.id).toBe('whole');
    expect(hits.find((h) => h.article.id === 'pieces')!.score).toBeLessThanOrEqual(hits.find((h) => h.article.id === 'plain')!.score);
  });
});
