import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Article } from '../../src/pages/article.ts';
import { readPages } from '../../src/pages/read-pages.ts';
import { buildNewsIndex, type NewsIndex } from '../../src/search/news-index.ts';
import { loadJudgedQueries, scoreQuery } from '../../eval/judge.ts';

const today = '2026-11-26';
let seeds: NewsIndex;

beforeAll(async () => {
  const corpus = await readPages([path.resolve(__dirname, '../../seeds')]);
  seeds = buildNewsIndex(corpus.articles);
});

function article(id: string, title: string, summary: string, date: string, province: string | null = null): Article {
  return {
    id, title, summary, date, section: '地方新闻',
    region: { province, city: null, county: null },
    source: { file: 'made-up.txt', line: 1 },
  };
}

describe('search over the seed page, judged queries', () => {
  const { queries } = loadJudgedQueries();
  it.each(queries.map((q) => [q.query, q] as const))('%s', (_, judged) => {
    const score = scoreQuery(seeds, judged, today);
    expect({ query: score.query, missing: score.missing, unexpected: score.unexpected, inOrder: score.inOrder }).toEqual({
      query: judged.query, missing: [], unexpected: [], inOrder: true,
    });
    expect(score.recall).toBe(1);
    expect(score.precision).toBe(1);
  });
});

describe('search guarantees', () => {
  it('finds every article containing any 2–6 character Chinese substring of its title or summary', () => {
    for (const a of seeds.all()) {
      const runs = `${a.title}\n${a.summary}`.match(/\p{Script=Han}{2,}/gu) ?? [];
      for (const run of runs.slice(0, 12)) {
        const chars = Array.from(run);
        for (let len = 2; len <= Math.min(6, chars.length); len += 2) {
          const term = chars.slice(0, len).join('');
          const understood = seeds.search(term, { today, limit: 100 });
          // Only when the whole term stays a term (not read as a region or time word or filler).
          if (understood.query.terms.join() !== term) continue;
          expect(understood.hits.map((h) => h.article.id), `${term} → ${a.title}`).toContain(a.id);
        }
      }
    }
  });

  it('lists a region newest first, tagged articles before ones that merely mention it', () => {
    const index = buildNewsIndex([
      article('a', '会议在成都召开', '四川省卫生计生委出席', '2014-11-06', null),
      article('b', '四川:发布健康云', '…', '2014-10-01', '四川'),
      article('c', '四川:居民健康卡', '…', '2014-10-20', '四川'),
    ]);
    expect(index.search('四川', { today }).hits.map((h) => h.article.id)).toEqual(['c', 'b', 'a']);
  });

  it('ranks a title match above a summary match, and equal matches newest first', () => {
    const index = buildNewsIndex([
      article('summary-only', '某地会议召开', '会上介绍了电子病历建设', '2014-11-01'),
      article('title-old', '电子病历系统上线', '某医院', '2014-01-01'),
      article('title-new', '电子病历系统上线', '某医院', '2014-06-01'),
    ]);
    // Same title and summary on two dates are two articles (ids differ by date).
    expect(index.search('电子病历', { today }).hits.map((h) => h.article.id)).toEqual(['title-new', 'title-old', 'summary-only']);
  });

  it('does not match a term from scattered bigrams', () => {
    const index = buildNewsIndex([article('x', '健康服务与康卡无关', '居民', '2014-01-01')]);
    expect(index.search('居民健康卡', { today }).total).toBe(0);
  });

  it('pages through results with offset and limit, total unchanged', () => {
    const first = seeds.search('卫生信息化', { today, limit: 3 });
    const second = seeds.search('卫生信息化', { today, limit: 3, offset: 3 });
    expect(first.total).toBe(second.total);
    expect(first.hits).toHaveLength(3);
    const ids = [...first.hits, ...second.hits].map((h) => h.article.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reports the matched terms for highlighting', () => {
    const hit = seeds.search('陕西 居民健康卡', { today }).hits[0]!;
    expect(hit.matchedTerms).toEqual(expect.arrayContaining(['居民健康卡', '陕西']));
  });

  it('suggests something that works when nothing matched', () => {
    const none = seeds.search('四川 互联网医院', { today });
    expect(none.total).toBe(0);
    expect(none.suggestions).toContain('四川');
    for (const s of none.suggestions) expect(seeds.search(s, { today }).total).toBeGreaterThan(0);
    expect(seeds.search('居民健康卡 本月', { today }).suggestions).toContain('居民健康卡');
  });

  it('answers hostile queries without throwing', () => {
    for (const q of ['', '   ', '<!channel>', '*_~`', '\u0000\u200b', '🎉'.repeat(100), 'a'.repeat(10_000), '健'.repeat(10_000)]) {
      expect(() => seeds.search(q, { today })).not.toThrow();
    }
  });
});

describe('search answers from memory', () => {
  it('answers a repeated query with the same response without searching again', async () => {
    const { syntheticArticles } = await import('./synthetic-articles.ts');
    const index = buildNewsIndex(syntheticArticles(200));
    const a = index.search('居民健康卡', { limit: 5, today: '2026-11-26' });
    expect(index.search('居民健康卡', { limit: 5, today: '2026-11-26' })).toBe(a);
    expect(index.search('居民健康卡', { limit: 5, offset: 5, today: '2026-11-26' })).not.toBe(a);
    // A changed index is a new index: nothing it answers comes from the old one's memory.
    const changed = index.withChanges([], [a.hits[0]!.article.id]);
    expect(changed.search('居民健康卡', { limit: 5, today: '2026-11-26' }).total).toBe(a.total - 1);
  });

  it('remembers a query by its normalized text, however long or oddly spaced it was typed', () => {
    const spaced = seeds.search(' 居民健康卡\u200B ', { today });
    expect(seeds.search('居民健康卡', { today })).toBe(spaced);
    const long = seeds.search('健'.repeat(10_000), { today });
    expect(seeds.search('健'.repeat(10_000), { today })).toBe(long);
  });
});
