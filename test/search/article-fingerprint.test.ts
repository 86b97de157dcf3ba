import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/pages/article.ts';
import { articleFingerprint } from '../../src/search/article-fingerprint.ts';

const article: Article = {
  id: 'a1', title: '四川省居民健康卡发卡突破千万张', date: '2014-10-20', summary: '四川省卫生计生委……', section: '地方新闻',
  region: { province: '四川', city: null, county: null }, source: { file: 'page-1.txt', line: 3 },
};

describe('articleFingerprint', () => {
  it('is the same for the same text, wherever the article was read from', () => {
    expect(articleFingerprint({ ...article, source: { file: 'page-9.txt', line: 40 } })).toBe(articleFingerprint(article));
  });

  it('changes when anything shown or searched changes: title, summary, date, region', () => {
    const base = articleFingerprint(article);
    for (const changed of [
      { ...article, title: `${article.title}！` },
      { ...article, summary: `${article.summary}更长` },
      { ...article, date: null },
      { ...article, region: { province: '四川', city: '成都', county: null } },
    ]) expect(articleFingerprint(changed)).not.toBe(base);
  });
});
