// mergeArticles and newestFirst: the rules that make a list of pages one list of articles.
import { describe, expect, it } from 'vitest';
import { mergeArticles, newestFirst } from '../../src/pages/merge-articles.ts';
import { articleId, type PageArticle } from '../../src/pages/parse-page.ts';

function article(title: string, date: string | null, file: string, line: number, summary = ''): PageArticle {
  return { id: articleId(title, date), title, date, summary, section: '地方新闻', source: { file, line } };
}

describe('mergeArticles', () => {
  it('keeps the first copy\'s title and source and the longest summary, without touching its inputs', () => {
    const first = article('四川：首发', '2014-10-30', 'a.txt', 3, '短摘要…');
    const second = article('四川:首发', '2014-10-30', 'b.txt', 9, '更长的一段摘要…');
    const third = article('四川：首发', '2014-10-30', 'c.txt', 5, '中等摘要…');
    const merged = mergeArticles([first, second, third]);
    expect(merged).toEqual([{ ...first, summary: '更长的一段摘要…' }]);
    expect(first.summary).toBe('短摘要…');
  });

  it('keeps articles that share a title but not a date', () => {
    expect(mergeArticles([article('同题', '2014-10-30', 'a.txt', 3), article('同题', null, 'a.txt', 6)])).toHaveLength(2);
  });
});

describe('newestFirst', () => {
  it('orders by date descending, undated last, then file and line', () => {
    const list = [
      article('无日期', null, 'a.txt', 3),
      article('旧', '2014-10-01', 'a.txt', 9),
      article('新 b', '2014-11-06', 'b.txt', 3),
      article('新 a 后', '2014-11-06', 'a.txt', 12),
      article('新 a 前', '2014-11-06', 'a.txt', 6),
    ];
    expect([...list].sort(newestFirst).map((a) => a.title)).toEqual(['新 a 前', '新 a 后', '新 b', '旧', '无日期']);
  });
});
