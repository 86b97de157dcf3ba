// The segment: postings with impacts and positions, verbatim look-ups, region lists, folded text.
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/pages/article.ts';
import type { Region } from '../../src/regions/region.ts';
import { FIRST_UNKNOWN, IndexSegment } from '../../src/search/index-segment.ts';
import { termKeys } from '../../src/search/tokenize.ts';

const NATIONAL: Region = { province: null, city: null, county: null };
function article(id: string, title: string, summary: string, region: Region = NATIONAL, date: string | null = '2026-11-20'): Article {
  return { id, title, summary, date, section: '地方新闻', region, source: { file: 'p.txt', line: 1 } };
}
const key = (text: string) => termKeys(text)[0]!;

describe('IndexSegment', () => {
  const seg = IndexSegment.build([
    article('a', '居民健康卡发放', '四川全省启动', { province: '四川', city: '成都', county: null }),
    article('b', '医院信息化', '推进居民健康卡应用，居民健康卡一卡通', { province: '四川', city: null, county: null }),
    article('c', '網絡醫院上線', '廣東首家', { province: '广东', city: '珠海', county: null }),
    article('d', 'ＨＩＳ升级', `${'医'.repeat(300)}健康`),
  ]);

  it('lists each key’s docs ascending, a title occurrence weighing more than a summary one', () => {
    const health = seg.postings(key('健康'));
    expect([...health.docs]).toEqual([0, 1, 3]);
    const inTitle = health.impact[0]!;
    const inSummary = health.impact[1]!;
    expect(inTitle).toBeGreaterThan(inSummary);
    expect(seg.postings(key('火星')).docs.length).toBe(0);
  });

  it('records first and last positions in title-then-summary coordinates, unknown past 254', () => {
    const health = seg.postings(key('健康'));
    // Doc b: title 医院信息化 (5) + 1, then 推进居民健康卡… — 健康 first at 6 + 4, last at the second 居民健康卡.
    expect(health.first[1]).toBe(6 + 4);
    expect(health.last[1]).toBe(6 + '推进居民健康卡应用，居民'.length);
    expect(health.first[2]).toBe(FIRST_UNKNOWN); // doc d: far past 255
  });

  it('finds a term verbatim in the title or the summary, never across the two', () => {
    expect(seg.contains(0, '居民健康卡')).toBe(true);
    expect(seg.contains(0, '发放四川')).toBe(false);
    expect(seg.contains(1, '居民健康卡', false, true)).toBe(true);
    expect(seg.contains(1, '医院信息化', false, true)).toBe(false);
  });

  it('indexes traditional characters and full-width letters folded, and says which docs it folded', () => {
    expect(seg.contains(2, '网络医院')).toBe(true);
    expect([...seg.postings(key('网络')).docs]).toEqual([2]);
    expect([...seg.postings('his').docs]).toEqual([3]);
    expect(seg.foldedDocs()).toEqual([2, 3]);
  });

  it('lists the docs of a region asked for: a province, or a city within it', () => {
    expect([...seg.regionDocs({ province: '四川', city: null, county: null })]).toEqual([0, 1]);
    expect([...seg.regionDocs({ province: '四川', city: '成都', county: null })]).toEqual([0]);
    expect([...seg.regionDocs({ province: '广东', city: '深圳', county: null })]).toEqual([]);
    // Built once per region: the same list again.
    expect(seg.regionDocs({ province: '四川', city: '成都', county: null })).toBe(seg.regionDocs({ province: '四川', city: '成都', county: null }));
  });

  it('puts a snapshot’s segment back with only the folded docs folded again', () => {
    const again = IndexSegment.fromArrays(seg.articles, seg.arrays, seg.foldedDocs());
    for (let d = 0; d < seg.size; d++) expect(again.contains(d, d === 2 ? '网络医院' : seg.articles[d]!.title.slice(0, 2).normalize('NFKC').toLowerCase())).toBe(true);
    expect(() => IndexSegment.fromArrays(seg.articles.slice(0, 2), seg.arrays)).toThrow(/refers to article 3 but 2 were given/);
  });
});
