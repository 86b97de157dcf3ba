// regionIncludes, regionLabel, regionNames and PROVINCES: how regions are compared, shown and
// spelt out for search ranking.
import { describe, expect, it } from 'vitest';
import { PROVINCES, regionNames } from '../../src/regions/gazetteer.ts';
import type { Region } from '../../src/regions/region.ts';
import { regionIncludes, regionLabel } from '../../src/regions/region-filter.ts';

const r = (province: string | null, city: string | null = null, county: string | null = null): Region => ({ province, city, county });

describe('regionIncludes', () => {
  it('takes a province’s cities and counties into the province', () => {
    expect(regionIncludes(r('四川'), r('四川'))).toBe(true);
    expect(regionIncludes(r('四川'), r('四川', '成都'))).toBe(true);
    expect(regionIncludes(r('江苏'), r('江苏', '宿迁', '沭阳'))).toBe(true);
  });

  it('keeps other provinces, other cities and national news out', () => {
    expect(regionIncludes(r('四川'), r('广东', '珠海'))).toBe(false);
    expect(regionIncludes(r('四川', '成都'), r('四川', '广元'))).toBe(false);
    expect(regionIncludes(r('四川', '成都'), r('四川'))).toBe(false);
    expect(regionIncludes(r('四川'), r(null))).toBe(false);
  });

  it('lets an all-null filter take in everything', () => {
    expect(regionIncludes(r(null), r('四川', '成都'))).toBe(true);
    expect(regionIncludes(r(null), r(null))).toBe(true);
  });
});

describe('regionLabel', () => {
  it('joins the named levels, most general first', () => {
    expect(regionLabel(r('四川'))).toBe('四川');
    expect(regionLabel(r('四川', '成都'))).toBe('四川 · 成都');
    expect(regionLabel(r('江苏', '宿迁', '沭阳'))).toBe('江苏 · 宿迁 · 沭阳');
    expect(regionLabel(r('北京', null, '朝阳'))).toBe('北京 · 朝阳');
  });

  it('calls national news 全国', () => {
    expect(regionLabel(r(null))).toBe('全国');
  });
});

describe('regionNames', () => {
  it('gives the name of the most specific level', () => {
    expect(regionNames(r('四川'))).toEqual(['四川']);
    expect(regionNames(r('四川', '成都'))).toEqual(['成都']);
    expect(regionNames(r('江苏', '宿迁', '沭阳'))).toEqual(['沭阳']);
  });

  it('adds former names older articles still use', () => {
    expect(regionNames(r('湖北', '襄阳'))).toEqual(['襄阳', '襄樊']);
  });

  it('has no names for national news', () => {
    expect(regionNames(r(null))).toEqual([]);
  });
});

describe('PROVINCES', () => {
  it('lists the 34 provincial-level divisions by short name, in the conventional order', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(PROVINCES.slice(0, 5)).toEqual(['北京', '天津', '河北', '山西', '内蒙古']);
    expect(PROVINCES.slice(-3)).toEqual(['台湾', '香港', '澳门']);
    for (const name of ['广西', '新疆', '宁夏', '西藏', '重庆', '海南']) expect(PROVINCES).toContain(name);
    expect(PROVINCES.some((p) => /省|市|自治区/.test(p))).toBe(false);
  });
});
