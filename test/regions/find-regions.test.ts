// findRegionMentions: the regions a user's query names, in Chinese, traditional characters or
// pinyin, with spans the caller can cut out — and the words that only look like places.
import { describe, expect, it } from 'vitest';
import { findRegionMentions, scanPlaceNames } from '../../src/regions/find-regions.ts';

const mentions = (query: string) => findRegionMentions(query).map((m) => ({ label: m.filter.label, start: m.start, end: m.end, text: m.text }));

describe('findRegionMentions', () => {
  it('finds a province by short name, full name, pinyin and traditional characters', () => {
    expect(mentions('四川')).toEqual([{ label: '四川', start: 0, end: 2, text: '四川' }]);
    expect(mentions('四川省')).toEqual([{ label: '四川', start: 0, end: 3, text: '四川省' }]);
    expect(mentions('sichuan')).toEqual([{ label: '四川', start: 0, end: 7, text: 'sichuan' }]);
    expect(mentions('廣東')).toEqual([{ label: '广东', start: 0, end: 2, text: '廣東' }]);
    expect(mentions('陝西')).toEqual([{ label: '陕西', start: 0, end: 2, text: '陝西' }]);
  });

  it('gives the filter the region fields and a label', () => {
    expect(findRegionMentions('成都')[0]!.filter).toEqual({ province: '四川', city: '成都', county: null, label: '四川 · 成都' });
  });

  it('matches pinyin case-insensitively and only as a whole word', () => {
    expect(mentions('SiChuan 互联网医院')).toEqual([{ label: '四川', start: 0, end: 7, text: 'SiChuan' }]);
    expect(mentions('guangdong')[0]?.label).toBe('广东');
    expect(mentions('chengdu')[0]?.label).toBe('四川 · 成都');
    expect(mentions('sichuanese food')).toEqual([]);
    expect(mentions('xsichuan')).toEqual([]);
  });

  it('tells 陕西 (shaanxi) from 山西 (shanxi) and knows other common romanisations', () => {
    expect(mentions('shaanxi')[0]?.label).toBe('陕西');
    expect(mentions('shanxi')[0]?.label).toBe('山西');
    for (const [word, province] of <[string, string][]>[
      ['neimenggu', '内蒙古'],
      ['xizang', '西藏'],
      ['hongkong', '香港'],
      ['xianggang', '香港'],
      ['hong kong', '香港'],
      ['macau', '澳门'],
    ]) {
      expect(mentions(word)[0]?.label, word).toBe(province);
    }
  });

  it('drops a romanisation two cities share (苏州/宿州 are both suzhou)', () => {
    expect(mentions('suzhou')).toEqual([]);
  });

  it('separates the region from the rest of the query', () => {
    const query = '广东 互联网医院';
    const [m] = findRegionMentions(query);
    expect(m).toMatchObject({ start: 0, end: 2 });
    expect((query.slice(0, m!.start) + query.slice(m!.end)).trim()).toBe('互联网医院');
    expect(mentions('陕西最近有什么健康卡的新闻？')).toEqual([{ label: '陕西', start: 0, end: 2, text: '陕西' }]);
  });

  it('finds every region a query names', () => {
    expect(mentions('四川 广东 健康卡').map((m) => m.label)).toEqual(['四川', '广东']);
  });

  it('joins a province and its city or county into one mention', () => {
    expect(mentions('辽宁锦州 健康卡')).toEqual([{ label: '辽宁 · 锦州', start: 0, end: 4, text: '辽宁锦州' }]);
    expect(mentions('江苏 沭阳')).toEqual([{ label: '江苏 · 宿迁 · 沭阳', start: 0, end: 5, text: '江苏 沭阳' }]);
  });

  it('finds a county typed as its own word, not one run into other words', () => {
    expect(mentions('沭阳 健康卡')).toEqual([{ label: '江苏 · 宿迁 · 沭阳', start: 0, end: 2, text: '沭阳' }]);
    expect(mentions('示范县建设')).toEqual([]);
  });

  it.each(['健康卡', '互联网医院', '阿里健康', '平安', '公安', '新兴技术', '远程会诊', '区域卫生信息平台', '信息平台中心', '家庭医生签约'])(
    'finds no region in %s',
    (query) => {
      expect(findRegionMentions(query)).toEqual([]);
    },
  );

  it('needs context for names several places share', () => {
    expect(mentions('朝阳')).toEqual([]);
    expect(mentions('通州 医院')).toEqual([]);
    expect(mentions('北京朝阳')).toEqual([{ label: '北京 · 朝阳', start: 0, end: 4, text: '北京朝阳' }]);
    expect(mentions('广东 中山')).toEqual([{ label: '广东 · 中山', start: 0, end: 5, text: '广东 中山' }]);
  });

  it('resolves former names to today’s divisions', () => {
    expect(mentions('襄樊')[0]?.label).toBe('湖北 · 襄阳');
  });
});

describe('scanPlaceNames with landmarks', () => {
  it('finds a landmark and hides the place names inside it', () => {
    const found = scanPlaceNames('香港大学深圳医院:上线', { landmarks: true });
    expect(found.map((m) => [m.text, m.landmark])).toEqual([['香港大学深圳医院', true]]);
    expect(found[0]!.places.map((p) => p.region)).toEqual([{ province: '广东', city: '深圳', county: null }]);
  });

  it('leaves landmarks out unless asked, so queries keep hospital names as search terms', () => {
    expect(scanPlaceNames('香港大学深圳医院').map((m) => m.text)).toEqual(['香港', '深圳']);
    expect(findRegionMentions('西京医院 健康卡')).toEqual([]);
  });
});

