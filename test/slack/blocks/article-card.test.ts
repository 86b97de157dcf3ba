import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/pages/article.ts';
import { readPages } from '../../../src/pages/read-pages.ts';
import type { SearchHit } from '../../../src/search/search-types.ts';
import { findTermSpans } from '../../../src/search/snippet.ts';
import { articleCard, highlightTerms, snippetMrkdwn } from '../../../src/slack/blocks/article-card.ts';
import { assertBlockKitLimits, assertNoInjectedMarkup } from '../../helpers/block-kit-limits.ts';
import { SEEDS_DIR } from '../../helpers/paths.ts';

function article(overrides: Partial<Article> = {}): Article {
  return {
    id: 'a1',
    title: '四川:2015年所有市州将逐步实现居民健康卡发放',
    date: '2014-10-20',
    summary: '记者从省卫生计生委获悉，2015年四川所有市州将逐步实现居民健康卡发放，跨地区就医更方便。',
    section: '地方新闻',
    region: { province: '四川', city: null, county: null },
    source: { file: 'seeds/x.txt', line: 1 },
    ...overrides,
  };
}

const hit = (a: Article, matchedTerms: string[] = []): SearchHit => ({ article: a, score: 1, matchedTerms });
const asMessage = (blocks: ReturnType<typeof articleCard>) => ({ text: 'card', blocks });

describe('highlightTerms', () => {
  it('puts a space on each side of the bold markers between Chinese characters', () => {
    expect(highlightTerms('推进居民健康卡发放', ['居民健康卡'])).toBe('推进 *居民健康卡* 发放');
  });

  it('adds no space at the edges of the text or next to existing whitespace', () => {
    expect(highlightTerms('居民健康卡 发放', ['居民健康卡'])).toBe('*居民健康卡* 发放');
    expect(highlightTerms('发放居民健康卡', ['居民健康卡'])).toBe('发放 *居民健康卡*');
  });

  it('also separates the markers from full-width punctuation', () => {
    expect(highlightTerms('“居民健康卡”。', ['居民健康卡'])).toBe('“ *居民健康卡* ”。');
  });

  it('escapes the text around and inside the highlight', () => {
    expect(highlightTerms('<!channel> HIS & <@U1>', ['his'])).toBe('&lt;!channel&gt; *HIS* &amp; &lt;@U1&gt;');
  });

  it('finds terms the search folded (full-width letters, case)', () => {
    expect(highlightTerms('医院ＨＩＳ系统', ['his'])).toBe('医院 *ＨＩＳ* 系统');
  });

  it('merges overlapping terms into one bold run', () => {
    expect(findTermSpans('居民健康卡', ['居民健康', '健康卡'])).toEqual([{ start: 0, end: 5 }]);
  });
});

describe('articleCard', () => {
  it('shows title, snippet with the matched term, region and date', () => {
    const blocks = articleCard(hit(article(), ['居民健康卡']));
    const text = JSON.stringify(blocks);
    expect(text).toContain('*四川:2015年所有市州将逐步实现居民健康卡发放*');
    expect(text).toContain(' *居民健康卡* ');
    expect(text).toContain('四川 · 2014-10-20');
    assertBlockKitLimits(asMessage(blocks));
    assertNoInjectedMarkup(asMessage(blocks));
  });

  it('calls national news 全国 and an undated article 日期不详', () => {
    const blocks = articleCard(hit(article({ date: null, region: { province: null, city: null, county: null } })));
    expect(JSON.stringify(blocks)).toContain('全国 · 日期不详');
  });

  it('escapes mentions and disguised links in the article text', () => {
    const evil = article({ title: '<!channel> <@U123> <https://evil.example|ok> & co', summary: '<!here> 点 <https://evil.example|这里> & 领奖' });
    const blocks = articleCard(hit(evil, ['领奖']));
    assertNoInjectedMarkup(asMessage(blocks));
    expect(JSON.stringify(blocks)).toContain('&lt;!channel&gt;');
  });

  it('keeps the longest seed article within the limits', async () => {
    const { articles } = await readPages([SEEDS_DIR]);
    const longest = articles.reduce((a, b) => (b.title.length + b.summary.length > a.title.length + a.summary.length ? b : a));
    const blocks = articleCard(hit(longest, ['健康']));
    assertBlockKitLimits(asMessage(blocks));
    assertNoInjectedMarkup(asMessage(blocks));
  });

  it.each([
    ['10 KB of Chinese', '卫'.repeat(10_000)],
    ['10 KB of mrkdwn and mentions', '<!channel>*_~`&'.repeat(700)],
    ['one 10 KB grapheme', `a${'\u0301'.repeat(10_000)}`],
    ['10 KB of emoji', '👨‍👩‍👧‍👦'.repeat(1000)],
  ])('keeps a made-up article of %s within the limits', (_name, junk) => {
    const blocks = articleCard(hit(article({ title: junk, summary: junk }), ['卫', 'channel']));
    assertBlockKitLimits(asMessage(blocks));
    assertNoInjectedMarkup(asMessage(blocks));
  });

  it('shows the part of a long summary around the match', () => {
    const long = article({ summary: `${'前言'.repeat(200)}重点是居民健康卡${'后记'.repeat(200)}` });
    const snippet = snippetMrkdwn(hit(long, ['居民健康卡']));
    expect(snippet).toContain('*居民健康卡*');
    expect(snippet.startsWith('…')).toBe(true);
  });
});
