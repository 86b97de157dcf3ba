// The region part of `npm run eval`: tagging accuracy over eval/judged-regions.json, overall and
// per kind of title (hospital, new-area, head-word…), then every title tagged wrong.
import { loadJudgedRegions, scoreRegions, scoreRegionsByKind } from './judge.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Prints the region-tagging figures to stdout. */
export function printRegionReport(): void {
  const cases = loadJudgedRegions();
  const regions = scoreRegions(cases);
  console.log(`Region tagging over eval/judged-regions.json (${regions.total} titles)`);
  console.log(`  exact (province, city, county): ${pct(regions.exact)}   province: ${pct(regions.province)}`);
  console.log(`  ${'kind'.padEnd(16)} titles   exact  province`);
  for (const k of scoreRegionsByKind(cases)) {
    console.log(`  ${k.kind.padEnd(16)} ${String(k.total).padStart(6)} ${pct(k.exact).padStart(7)} ${pct(k.province).padStart(9)}`);
  }
  for (const w of regions.wrong) console.log(`  ✗ ${w.title}\n      expected ${JSON.stringify(w.expected)}\n      got      ${JSON.stringify(w.got)}`);
}
