// Article cards: rich_text with bold as a style (the text as written), checked against the
// Block Kit types of @slack/types and Slack's limits.
import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/pages/article.ts';
import { readPages } from '../../../src/pages/read-pages.ts';
import type { SearchHit } from '../../../src/search/search-types.ts';
import { findTermSpans } from '../../../src/search/snippet.ts';
import { articleCard, highlightTerms, snippetElements } from '../../../src/slack/blocks/article-card.ts';
import { assertBlockKitLimits, assertNoInjectedMarkup, richTexts } from '../../helpers/block-kit-limits.ts';
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
  it('bolds the term as a style, leaving the Chinese around it exactly as written', () => {
    const expected = [
      { type: 'text', text: '推进' },
      { type: 'text', text: '居民健康卡', style: { bold: true } },
      { type: 'text', text: '发放' },
    ] satisfies types.RichTextText[];
    expect(highlightTerms('推进居民健康卡发放', ['居民健康卡'])).toEqual(expected);
  });

  it('adds nothing at the edges or next to full-width punctuation', () => {
    expect(highlightTerms('“居民健康卡”。', ['居民健康卡']).map((p) => p.text)).toEqual(['“', '居民健康卡', '”。']);
    expect(highlightTerms('居民健康卡', ['居民健康卡'])).toEqual([{ type: 'text', text: '居民健康卡', style: { bold: true } }]);
  });

  it('keeps markup in the article as literal text: nothing is escaped or interpreted', () => {
    const pieces = highlightTerms('<!channel> HIS & <@U1> *粗*', ['his']);
    expect(pieces.map((p) => p.text).join('')).toBe('<!channel> HIS & <@U1> *粗*');
    expect(pieces.filter((p) => p.style?.bold).map((p) => p.text)).toEqual(['HIS']);
  });

  it('finds terms the search folded (full-width letters, case)', () => {
    expect(highlightTerms('医院ＨＩＳ系统', ['his']).filter((p) => p.style?.bold).map((p) => p.text)).toEqual(['ＨＩＳ']);
  });

  it('merges overlapping terms into one bold run', () => {
    expect(findTermSpans('居民健康卡', ['居民健康', '健康卡'])).toEqual([{ start: 0, end: 5 }]);
  });
});

describe('articleCard', () => {
  it('is a rich_text block (bold title, line break, snippet with the term in bold) and a region · date context', () => {
    const blocks = articleCard(hit(article(), ['居民健康卡']));
    // Typed against @slack/types (tsc runs in npm test): the shape Slack accepts.
    const expected = [
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: '四川:2015年所有市州将逐步实现居民健康卡发放', style: { bold: true } },
              { type: 'text', text: '\n' },
              { type: 'text', text: '记者从省卫生计生委获悉，2015年四川所有市州将逐步实现' },
              { type: 'text', text: '居民健康卡', style: { bold: true } },
              { type: 'text', text: '发放，跨地区就医更方便。' },
            ],
          },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '四川 · 2014-10-20', verbatim: true }] },
    ] satisfies types.KnownBlock[];
    expect(blocks).toEqual(expected);
    assertBlockKitLimits(asMessage(blocks));
    assertNoInjectedMarkup(asMessage(blocks));
  });

  it('calls national news 全国 and an undated article 日期不详', () => {
    const blocks = articleCard(hit(article({ date: null, region: { province: null, city: null, county: null } })));
    expect(JSON.stringify(blocks)).toContain('全国 · 日期不详');
  });

  it('shows mentions and disguised links in the article as the text they are, in text elements only', () => {
    const evil = article({ title: '<!channel> <@U123> <https://evil.example|ok> & co', summary: '<!here> 点 <https://evil.example|这里> & 领奖' });
    const blocks = articleCard(hit(evil, ['领奖']));
    assertBlockKitLimits(asMessage(blocks));
    assertNoInjectedMarkup(asMessage(blocks));
    expect(richTexts(asMessage(blocks))[0]).toBe('<!channel> <@U123> <https://evil.example|ok> & co\n<!here> 点 <https://evil.example|这里> & 领奖');
  });

  it('escapes what stays mrkdwn (the region · date line)', () => {
    const blocks = articleCard(hit(article({ date: '<!channel>&' })));
    expect(JSON.stringify(blocks[1])).toContain('&lt;!channel&gt;&amp;');
    assertNoInjectedMarkup(asMessage(blocks));
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
    const snippet = snippetElements(hit(long, ['居民健康卡']));
    expect(snippet[0]).toEqual({ type: 'text', text: '…' });
    expect(snippet.filter((p) => p.style?.bold).map((p) => p.text)).toEqual(['居民健康卡']);
    expect(snippet.at(-1)).toEqual({ type: 'text', text: '…' });
  });
});
