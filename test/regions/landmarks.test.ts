// The committed landmark table: generated from landmarks.txt, every place a real division, and
// the lookups region resolution reads from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isKnownRegion } from '../../src/regions/gazetteer.ts';
import { buildLandmarks } from '../../src/regions/generate-landmarks.ts';
import { isHeadWordNotPlace, landmarkPlaces, type LandmarksFile } from '../../src/regions/landmarks.ts';

const committed: LandmarksFile = JSON.parse(readFileSync('src/regions/landmarks.json', 'utf8'));
const regionsOf = (form: string) => landmarkPlaces(form).map((p) => p.region);

describe('the landmark table', () => {
  it('is what the generator makes of landmarks.txt (run npx tsx src/regions/generate-landmarks.ts after editing it)', () => {
    expect(committed).toEqual(buildLandmarks(readFileSync('src/regions/landmarks.txt', 'utf8')));
  });

  it('says where every entry comes from and puts each in a known region', () => {
    for (const l of committed.landmarks) {
      expect(committed.sources[l.source], l.name).toBeTruthy();
      expect(isKnownRegion({ province: l.province, city: l.city, county: null }), l.name).toBe(true);
    }
  });

  it('covers the national top hospitals and every state-level new area that is not a district', () => {
    for (const name of ['北京协和医院', '解放军总医院', '北大医院', '瑞金医院', '华西医院', '中山一院', '华山医院', '西京医院', '湘雅医院', '齐鲁医院']) {
      expect(landmarkPlaces(name).length, name).toBeGreaterThan(0);
    }
    const newAreas = committed.landmarks.filter((l) => l.kind === 'new-area');
    // 19 approved, less 浦东新区 and 滨海新区, which are districts in the gazetteer.
    expect(newAreas).toHaveLength(17);
  });

  it('gives a landmark its province and city', () => {
    expect(regionsOf('西京医院')).toEqual([{ province: '陕西', city: '西安', county: null }]);
    expect(regionsOf('盛京医院')).toEqual([{ province: '辽宁', city: '沈阳', county: null }]);
    expect(regionsOf('天坛医院')).toEqual([{ province: '北京', city: null, county: null }]);
    expect(regionsOf('西咸新区')).toEqual([{ province: '陕西', city: null, county: null }]);
  });

  it('keeps every place of a shared name', () => {
    expect(regionsOf('协和医院').map((r) => r.city ?? r.province)).toEqual(['北京', '武汉', '福州']);
    expect(regionsOf('同济医院').map((r) => r.city ?? r.province)).toEqual(['上海', '武汉']);
  });

  it('marks the everyday-word names that mean a company at the head of a title', () => {
    expect(isHeadWordNotPlace('阿里')).toBe(true);
    expect(isHeadWordNotPlace('合作')).toBe(false);
  });
});
