import { describe, expect, it } from 'vitest';
import { groupByRegion, selectSince, selectUnsent } from '../../src/digest/select-articles.ts';
import { article, region } from './articles.ts';

const sichuan = { province: '四川', city: null, county: null, label: '四川' };

describe('groupByRegion', () => {
  it('puts regions with most articles first, ties by name, national news as 全国', () => {
    const articles = [
      article('广东一', '2014-11-06', region('广东')),
      article('四川一', '2014-11-06', region('四川', '成都')),
      article('全国一', '2014-11-06', region(null)),
      article('四川二', '2014-11-05', region('四川')),
      article('北京一', '2014-11-06', region('北京')),
      article('广东二', '2014-11-05', region('广东')),
      article('四川三', '2014-11-04', region('四川')),
    ];
    const groups = groupByRegion(articles);
    expect(groups.map((g) => [g.label, g.articles.length])).toEqual([
      ['四川', 3],
      ['广东', 2],
      // one each: ordered by name (zh collation), whatever it is, stable and the same every run
      ...[['北京', 1], ['全国', 1]].sort((a, b) => (a[0] as string).localeCompare(b[0] as string, 'zh')),
    ]);
    expect(groups[0]!.articles.map((a) => a.title)).toEqual(['四川一', '四川二', '四川三']);
  });
});

describe('selectUnsent', () => {
  const corpus = [
    article('四川 11-06 甲', '2014-11-06', region('四川')),
    article('四川 11-06 乙', '2014-11-06', region('四川', '成都')),
    article('四川 10-30', '2014-10-30', region('四川')),
    article('广东 11-07', '2014-11-07', region('广东')),
    article('四川 无日期', null, region('四川')),
  ];

  it("limits a channel's first digest to the newest publication day of its regions, and skips the rest for good", () => {
    const first = selectUnsent(corpus, [sichuan], new Set(), { baseline: true });
    expect(first.articles.map((a) => a.title)).toEqual(['四川 11-06 甲', '四川 11-06 乙']);
    expect(first.baselineIds.sort()).toEqual([corpus[2]!.id, corpus[4]!.id].sort());
    const handled = new Set([...first.articles.map((a) => a.id), ...first.baselineIds]);
    expect(selectUnsent(corpus, [sichuan], handled, { baseline: false }).articles).toEqual([]);
  });

  it('afterwards sends every article of its regions it has not had, newest first', () => {
    const handled = new Set([corpus[0]!.id]);
    expect(selectUnsent(corpus, [sichuan], handled, { baseline: false }).articles.map((a) => a.title)).toEqual([
      '四川 11-06 乙',
      '四川 10-30',
      '四川 无日期',
    ]);
  });

  it('with no regions takes every region', () => {
    expect(selectUnsent(corpus, [], new Set(), { baseline: true }).articles.map((a) => a.title)).toEqual(['广东 11-07']);
  });
});

describe('selectSince', () => {
  it('takes dated articles of the regions from that day on', () => {
    const corpus = [article('a', '2014-11-06', region('四川')), article('b', '2014-10-30', region('四川')), article('c', '2014-11-07', region('广东'))];
    expect(selectSince(corpus, [sichuan], '2014-11-01').map((a) => a.title)).toEqual(['a']);
  });
});
