import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/pages/article.ts';
import type { SearchResponse, UnderstoodQuery } from '../../../src/search/search-types.ts';
import { resultsMessage, type ResultsOptions } from '../../../src/slack/blocks/search-results.ts';
import { assertBlockKitLimits, assertNoInjectedMarkup, mrkdwnTexts } from '../../helpers/block-kit-limits.ts';

const junk = '<!channel>卫*&'.repeat(800); // ~10 KB of text Slack would act on if it were not escaped

function query(overrides: Partial<UnderstoodQuery> = {}): UnderstoodQuery {
  return { raw: junk.slice(0, 500), mode: 'keyword', where: false, regions: [], terms: [], dateRange: null, timeLabel: null, order: 'relevance', ...overrides };
}

function bigArticle(i: number): Article {
  return {
    id: `big${i}`,
    title: junk,
    date: '2014-10-30',
    summary: junk,
    section: '地方新闻',
    region: { province: '四川', city: '成都', county: '武侯区' },
    source: { file: 'x.txt', line: i },
  };
}

const worstCase: SearchResponse = {
  query: query({
    regions: [{ province: '四川', city: null, county: null, label: junk.slice(0, 400) }],
    terms: Array.from({ length: 50 }, () => junk.slice(0, 300)),
    related: Array.from({ length: 6 }, () => junk.slice(0, 100)),
    timeLabel: junk.slice(0, 200),
  }),
  total: 100_000,
  hits: Array.from({ length: 5 }, (_, i) => ({ article: bigArticle(i), score: 1, matchedTerms: ['卫', '<!channel>', '&'] })),
  suggestions: [],
};

const options = (overrides: Partial<ResultsOptions> = {}): ResultsOptions => ({ mode: 'private', query: junk.slice(0, 200), offset: 5, pageSize: 5, shortened: true, ...overrides });

describe('resultsMessage', () => {
  it.each(['private', 'thread', 'shared'] as const)('keeps five 10 KB articles and a hostile query within the limits (%s)', (mode) => {
    const message = resultsMessage(worstCase, options({ mode, sharedBy: 'U2147483697' }));
    assertBlockKitLimits(message);
    assertNoInjectedMarkup(message, mode === 'shared' ? 'U2147483697' : undefined);
  });

  it('says which related words a question was also searched by', () => {
    const card = { ...bigArticle(0), title: '银川:互联网医院上线', summary: '在线复诊。' };
    const response: SearchResponse = {
      query: query({ mode: 'question', raw: '有没有网上看病的新闻', terms: ['网上看病'], related: ['互联网医院', '网络医院'] }),
      total: 1,
      hits: [{ article: card, score: 1, matchedTerms: ['互联网医院'] }],
      suggestions: [],
    };
    expect(mrkdwnTexts(resultsMessage(response, options())).join('\n')).toContain('关键词：网上看病　也找：互联网医院、网络医院');
  });

  it('mentions only a well-formed sharer id', () => {
    const message = resultsMessage(worstCase, options({ mode: 'shared', sharedBy: 'U123> <!channel' }));
    assertNoInjectedMarkup(message);
    expect(mrkdwnTexts(message).join('\n')).not.toContain('分享了');
  });

  it('keeps a hostile suggestion escaped in the empty state and its button text within 75 characters', () => {
    const empty: SearchResponse = { query: query(), total: 0, hits: [], suggestions: [junk.slice(0, 300), '四川'] };
    const message = resultsMessage(empty, options({ offset: 0 }));
    assertBlockKitLimits(message);
    assertNoInjectedMarkup(message);
    expect(JSON.stringify(message.blocks)).toContain('搜「四川」');
  });

  it('offers a mended query under the cards when very little matched, escaped, and not in a shared message', () => {
    const few: SearchResponse = { ...worstCase, total: 1, hits: worstCase.hits.slice(0, 1), suggestions: ['居民健康卡', junk.slice(0, 300)] };
    const message = resultsMessage(few, options({ offset: 0 }));
    assertBlockKitLimits(message);
    assertNoInjectedMarkup(message);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('你是不是要找');
    expect(json).toContain('搜「居民健康卡」');
    expect(JSON.stringify(resultsMessage(few, options({ offset: 0, mode: 'shared' })).blocks)).not.toContain('你是不是要找');
  });
});
