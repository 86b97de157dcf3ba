// Region tagging accuracy on eval/judged-regions.json, the hand-judged titles the eval script
// also reports on; a drop below 95% exact matches fails here first.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isKnownRegion } from '../../src/regions/gazetteer.ts';
import { resolveRegion } from '../../src/regions/resolve-region.ts';
import { scoreRegionsByKind, type JudgedRegion } from '../../eval/judge.ts';

const cases: JudgedRegion[] = JSON.parse(readFileSync('eval/judged-regions.json', 'utf8'));

describe('judged titles', () => {
  it('are a real set: 50–250 titles, every expected region a known place, all provinces represented', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(cases.length).toBeLessThanOrEqual(250);
    for (const c of cases) expect(isKnownRegion(c.region), c.title).toBe(true);
    expect(new Set(cases.map((c) => c.region.province).filter(Boolean)).size).toBe(34);
    expect(cases.filter((c) => c.region.province === null).length).toBeGreaterThanOrEqual(10);
  });

  it('are tagged exactly (province, city and county) at least 95% of the time', () => {
    const wrong = cases.filter((c) => {
      const got = resolveRegion(c.title);
      return got.province !== c.region.province || got.city !== c.region.city || got.county !== c.region.county;
    });
    const accuracy = 1 - wrong.length / cases.length;
    expect(accuracy, `wrong: ${wrong.map((c) => c.title).join(' | ')}`).toBeGreaterThanOrEqual(0.95);
  });

  it('hold at least 40 titles led by hospitals, new areas and everyday-word names, each kind tagged exactly 90% of the time', () => {
    const newKinds = ['hospital', 'shared-hospital', 'new-area', 'head-word', 'word-in-text'];
    expect(cases.filter((c) => newKinds.includes(c.kind ?? '')).length).toBeGreaterThanOrEqual(40);
    for (const k of scoreRegionsByKind(cases)) {
      expect(k.exact, `${k.kind}: ${k.wrong.map((w) => w.title).join(' | ')}`).toBeGreaterThanOrEqual(0.9);
    }
  });
});
