import * as OpenCC from 'opencc-js';
import HKVariantsRevPhrases from 'opencc-js/dict/HKVariantsRevPhrases';
import TSPhrases from 'opencc-js/dict/TSPhrases';
import TWVariantsRevPhrases from 'opencc-js/dict/TWVariantsRevPhrases';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/pages/article.ts';
import { readPages } from '../../src/pages/read-pages.ts';
import { CANONICAL_NAMES } from '../../src/regions/gazetteer.ts';
import { buildNewsIndex } from '../../src/search/news-index.ts';
import { findTermSpans } from '../../src/search/snippet.ts';
import { foldedCharacterCount, foldTraditional } from '../../src/search/traditional-fold.ts';
import { understandQuery } from '../../src/search/understand-query.ts';
import { REPO_ROOT, SEEDS_DIR } from '../helpers/paths.ts';

const today = '2026-11-26';
const toTraditional = {
  t: OpenCC.Converter({ from: 'cn', to: 't' }),
  tw: OpenCC.Converter({ from: 'cn', to: 'tw' }),
  hk: OpenCC.Converter({ from: 'cn', to: 'hk' }),
};
const toSimplified = {
  t: OpenCC.Converter({ from: 't', to: 'cn' }),
  tw: OpenCC.Converter({ from: 'tw', to: 'cn' }),
  hk: OpenCC.Converter({ from: 'hk', to: 'cn' }),
};

let articles: Article[] = [];
beforeAll(async () => {
  articles = (await readPages([SEEDS_DIR, `${REPO_ROOT}/test/fixtures/pages`])).articles;
});

describe('foldTraditional', () => {
  it('folds traditional characters to simplified and leaves simplified text as the same string', () => {
    expect(foldTraditional('網絡醫院')).toBe('网络医院');
    expect(foldTraditional('醫療衛生')).toBe('医疗卫生');
    expect(foldTraditional('裡面')).toBe('里面'); // a Taiwan variant
    const simplified = '居民健康卡，什么、怎么、才'; // 么 and 才 are variants in the Taiwan table, not here
    expect(foldTraditional(simplified)).toBe(simplified);
    expect(foldedCharacterCount()).toBeGreaterThan(2500);
  });

  it('never changes a length, so offsets in the folded text are offsets in the text', () => {
    for (const article of articles) {
      const traditional = toTraditional.tw(article.summary);
      expect(foldTraditional(traditional).length).toBe(traditional.length);
    }
  });

  it('keeps every region name as the gazetteer writes it (乾安, 乾县)', () => {
    expect(CANONICAL_NAMES.filter((name) => foldTraditional(name) !== name)).toEqual([]);
    expect(understandQuery('乾縣 醫院', { today }).regions.map((r) => r.label)).toEqual([understandQuery('乾县', { today }).regions[0]!.label]);
    expect(understandQuery('廣東 網絡醫院', { today })).toMatchObject({ terms: ['网络医院'], regions: [{ province: '广东' }] });
  });

  it('agrees with OpenCC on the shipped pages written in traditional characters, except inside a phrase OpenCC converts as a whole', () => {
    const phrases = new Set([TSPhrases, TWVariantsRevPhrases, HKVariantsRevPhrases].flatMap((d) => d.split('|').map((e) => e.split(' ')[0]!)));
    const longest = Math.max(...[...phrases].map((p) => p.length));
    const inPhrase = (text: string, at: number) => {
      for (let start = Math.max(0, at - longest + 1); start <= at; start++) {
        for (let end = at + 1; end <= Math.min(text.length, start + longest); end++) if (phrases.has(text.slice(start, end))) return true;
      }
      return false;
    };
    let compared = 0;
    const outsidePhrases: string[] = [];
    for (const script of ['t', 'tw', 'hk'] as const) {
      for (const article of articles) {
        for (const text of [article.title, article.summary]) {
          const traditional = toTraditional[script](text);
          const ours = foldTraditional(traditional);
          const openCC = toSimplified[script](traditional);
          compared += traditional.length;
          if (ours.length !== openCC.length) continue; // OpenCC wrote a character beyond the BMP; the fold never does
          for (let i = 0; i < ours.length; i++) if (ours[i] !== openCC[i] && !inPhrase(traditional, i)) outsidePhrases.push(`${script}: ${traditional.slice(i - 2, i + 3)}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(outsidePhrases).toEqual([]);
  });
});

describe('search with traditional characters', () => {
  const queries = ['居民健康卡', '网络医院', '医疗', '信息化', '卫生计生委', '四川'];
  const ids = (index: ReturnType<typeof buildNewsIndex>, query: string) =>
    index.search(query, { today, limit: 100 }).hits.map((h) => h.article.id).sort();

  it('finds the same articles for a query in either script, over articles in either script', () => {
    const simplifiedIndex = buildNewsIndex(articles);
    const traditionalArticles = articles.map((a) => ({ ...a, title: toTraditional.tw(a.title), summary: toTraditional.tw(a.summary) }));
    const traditionalIndex = buildNewsIndex(traditionalArticles);
    for (const query of queries) {
      const expected = ids(simplifiedIndex, query);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(ids(simplifiedIndex, toTraditional.tw(query)), query).toEqual(expected);
      expect(ids(traditionalIndex, query), query).toEqual(expected);
      expect(ids(traditionalIndex, toTraditional.hk(query)), query).toEqual(expected);
    }
  });

  it('shows the article as written and highlights the traditional text a simplified query matched', () => {
    const traditionalArticles = articles.map((a) => ({ ...a, title: toTraditional.tw(a.title) }));
    const hit = buildNewsIndex(traditionalArticles).search('网络医院', { today }).hits[0]!;
    expect(hit.article.title).toBe(traditionalArticles.find((a) => a.id === hit.article.id)!.title);
    expect(hit.article.title).toContain('網絡醫院');
    const [span] = findTermSpans(hit.article.title, hit.matchedTerms);
    expect(hit.article.title.slice(span!.start, span!.end)).toBe('網絡醫院');
  });
});
