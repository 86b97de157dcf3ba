import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsSearch } from '../../src/search/search-types.ts';
import { answerLine, bestSentence, summarySentences } from '../../src/search/answer-line.ts';
import { understandQuery } from '../../src/search/understand-query.ts';
import { seedIndex } from '../helpers/seed-index.ts';

const today = '2026-11-26';
let seeds: NewsSearch;
beforeAll(async () => {
  seeds = await seedIndex();
});

describe('the answer line', () => {
  it('quotes the summary sentence that covers the question best, word for word', () => {
    const summary = '近日，某市召开会议。首批居民健康卡将于11月20日在5家医院试点发放！其他工作同步推进。';
    expect(summarySentences(summary)).toEqual(['近日，某市召开会议。', '首批居民健康卡将于11月20日在5家医院试点发放！', '其他工作同步推进。']);
    expect(bestSentence(summary, ['居民健康卡', '发放'])).toBe('首批居民健康卡将于11月20日在5家医院试点发放！');
    expect(bestSentence(summary, ['量子'])).toBeNull();
  });

  it('answers a seed question from the best article and names it', () => {
    const response = seeds.search('有哪些医院开通了远程会诊？', { today, limit: 5 });
    const answer = response.answer!;
    expect(answer.article.id).toBe(response.hits[0]!.article.id);
    expect(answer.article.summary).toContain(answer.sentence);
  });

  it('lists the regions among the strong results for a "where" question', () => {
    const answer = seeds.search('哪些地方发放了居民健康卡？', { today, limit: 5 }).answer!;
    expect(answer.regions).toEqual({ labels: ['陕西', '四川', '辽宁'], articles: 4 });
  });

  it('puts national news last among the regions', () => {
    const query = understandQuery('哪里在推进智慧医疗', { today });
    const article = (province: string | null, summary: string) => ({
      id: province ?? 'cn', title: '标题', summary, date: '2014-10-01', section: '地方新闻',
      region: { province, city: null, county: null }, source: { file: 'x', line: 1 },
    });
    const line = answerLine(query, [
      { article: article(null, '全国推进智慧医疗。'), score: 10 },
      { article: article('广东', '广东推进智慧医疗。'), score: 9 },
    ]);
    expect(line!.regions).toEqual({ labels: ['广东', '全国'], articles: 2 });
  });

  it('gives keyword queries no answer line', () => {
    expect(seeds.search('居民健康卡', { today }).answer).toBeUndefined();
  });
});
