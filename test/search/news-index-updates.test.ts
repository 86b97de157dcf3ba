import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/pages/article.ts';
import type { Region } from '../../src/regions/region.ts';
import { regionNames } from '../../src/regions/gazetteer.ts';
import { regionIncludes } from '../../src/regions/region-filter.ts';
import { loadIndexSnapshot, saveIndexSnapshot } from '../../src/search/index-snapshot.ts';
import { buildNewsIndex, type NewsIndex } from '../../src/search/news-index.ts';
import { normalizeForMatch } from '../../src/search/tokenize.ts';
import { understandQuery } from '../../src/search/understand-query.ts';
import { syntheticArticles } from './synthetic-articles.ts';

const today = '2026-11-26';
const QUERIES = ['四川', '居民健康卡', '健康卡 一卡通', '广东 互联网医院', '成都 远程医疗', '陕西最近有什么健康卡的新闻', 'his', 'app上线', '5g', '银联ic卡', '2015年 电子病历', '卡', '医疗协作'];

/** The plain answer: scan every article. The index must return exactly this set. */
function scan(articles: readonly Article[], q: string): Set<string> {
  const u = understandQuery(q, { today });
  const names = u.regions.flatMap((r) => regionNames(r as Region)).map(normalizeForMatch);
  return new Set(
    articles
      .filter((a) => {
        const text = normalizeForMatch(`${a.title}\n${a.summary}`);
        if (!u.terms.every((t) => text.includes(normalizeForMatch(t)))) return false;
        if (u.dateRange && (!a.date || a.date < u.dateRange.from || a.date > u.dateRange.to)) return false;
        if (u.regions.length === 0) return true;
        return u.regions.some((r) => regionIncludes(r, a.region)) || names.some((n) => text.includes(n));
      })
      .map((a) => a.id),
  );
}

function results(index: NewsIndex, q: string) {
  const r = index.search(q, { today, limit: 100_000 });
  return { ids: r.hits.map((h) => h.article.id), total: r.total };
}

describe('the index against a plain scan', () => {
  const articles = syntheticArticles(3000);
  const index = buildNewsIndex(articles);
  it.each(QUERIES)('%s returns exactly the articles that hold every term', (q) => {
    const { ids, total } = results(index, q);
    expect(total).toBe(ids.length);
    expect(new Set(ids)).toEqual(scan(articles, q));
  });

  it('pages are slices of the full order', () => {
    const full = results(index, '居民健康卡').ids;
    const page = index.search('居民健康卡', { today, offset: 10, limit: 5 }).hits.map((h) => h.article.id);
    expect(page).toEqual(full.slice(10, 15));
  });
});

describe('changing the index', () => {
  const articles = syntheticArticles(2000, 7);
  const base = buildNewsIndex(articles.slice(0, 1800));

  it('adds, removes and replaces articles and answers as a fresh build would', () => {
    const removed = articles.slice(0, 50).map((a) => a.id);
    const replaced = { ...articles[100]!, summary: '全新的摘要：智慧医院建设…' };
    const added = [...articles.slice(1800), replaced];
    const changed = base.withChanges(added, removed);
    const expected = [...articles.slice(50, 1800).filter((a) => a.id !== replaced.id), ...added];
    const fresh = buildNewsIndex(expected);
    expect(changed.size).toBe(expected.length);
    for (const q of [...QUERIES, '智慧医院']) expect(results(changed, q).ids.sort(), q).toEqual(results(fresh, q).ids.sort());
    expect(changed.search('智慧医院', { today }).hits.map((h) => h.article.id)).toEqual([replaced.id]);
    expect(changed.get(removed[0]!)).toBeUndefined();
  });

  it('leaves the index it came from unchanged', () => {
    const before = results(base, '居民健康卡').ids;
    base.withChanges([], articles.slice(0, 500).map((a) => a.id));
    expect(results(base, '居民健康卡').ids).toEqual(before);
  });

  it('merges segments back into one when small changes add up', () => {
    let index = base;
    for (let i = 0; i < 10; i++) index = index.withChanges([articles[1800 + i]!], []);
    expect(index.stats().segments).toBeLessThanOrEqual(7);
    index = index.withChanges([], articles.slice(0, 600).map((a) => a.id));
    expect(index.stats().segments).toBe(1);
    expect(index.size).toBe(1800 + 10 - 600);
  });
});

describe('the index snapshot', () => {
  const articles = syntheticArticles(1500, 3);

  it('restores an index that answers exactly like the one saved', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hn-snap-'));
    const index = buildNewsIndex(articles).withChanges([], [articles[0]!.id]);
    const { bytes } = await saveIndexSnapshot(index, dir);
    expect(bytes).toBeGreaterThan(0);
    const loaded = await loadIndexSnapshot(dir, articles.slice(1));
    expect(loaded).toMatchObject({ reindexed: 0, removed: 0 });
    for (const q of QUERIES) expect(results(loaded!.index, q), q).toEqual(results(index, q));
  });

  it('re-indexes only what changed since it was saved', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hn-snap-'));
    await saveIndexSnapshot(buildNewsIndex(articles), dir);
    const changed = { ...articles[5]!, summary: `${articles[5]!.summary}新增智慧医院内容` };
    const now = [...articles.slice(10).filter((a) => a.id !== changed.id), changed, ...syntheticArticles(3, 99)];
    const loaded = await loadIndexSnapshot(dir, now);
    // Articles 0–9 are gone but 5 came back changed: 9 removed, 5 and three new ones re-indexed.
    expect(loaded).toMatchObject({ reindexed: 4, removed: 9 });
    const fresh = buildNewsIndex(now);
    for (const q of [...QUERIES, '智慧医院']) expect(results(loaded!.index, q).ids.sort(), q).toEqual(results(fresh, q).ids.sort());
  });

  it('is ignored when missing or damaged, so the caller rebuilds', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hn-snap-'));
    expect(await loadIndexSnapshot(dir, articles)).toBeNull();
    const { file } = await saveIndexSnapshot(buildNewsIndex(articles), dir);
    const { truncate } = await import('node:fs/promises');
    await truncate(file, 100);
    expect(await loadIndexSnapshot(dir, articles)).toBeNull();
  });
});

describe('updatedTo', () => {
  it('re-indexes only new and changed articles and drops vanished ones', () => {
    const articles = syntheticArticles(1000, 11);
    const index = buildNewsIndex(articles);
    expect(index.updatedTo(articles)).toBe(index);
    const changed = { ...articles[3]!, summary: '远程心电诊断中心投入使用…' };
    const next = [...articles.slice(10).filter((a) => a.id !== changed.id), changed];
    const updated = index.updatedTo(next);
    expect(updated.stats().segments).toBe(2);
    expect(updated.size).toBe(next.length);
    expect(updated.search('远程心电', { today }).hits.map((h) => h.article.id)).toEqual([changed.id]);
    for (const q of QUERIES) expect(results(updated, q).ids.sort(), q).toEqual(results(buildNewsIndex(next), q).ids.sort());
  });
});

describe('verbatim matching without a string search', () => {
  it('never takes bigrams that are merely near each other, or split between title and summary, for the term', () => {
    const make = (id: string, title: string, summary: string) => ({
      id, title, summary, date: '2014-10-01', section: '地方新闻', region: { province: null, city: null, county: null }, source: { file: 'x.txt', line: 1 },
    });
    const articles = [
      make('split', '推进居民', '健康卡发放'), // title ends 居民, summary starts 健康卡
      make('scattered', '健康卡居民', '居民健康，民健康卡'), // every bigram, never the whole term
      make('later', '健康与卡', '居民们，居民健康卡发放'), // the term, after earlier partial matches
      make('title', '居民健康卡上线', '无'),
      make('far', '标题', `${'长'.repeat(300)}居民健康卡`), // beyond the positions a byte records
    ];
    const ids = buildNewsIndex(articles).search('居民健康卡', { today, limit: 10 }).hits.map((h) => h.article.id).sort();
    expect(ids).toEqual(['far', 'later', 'title']);
  });
});
