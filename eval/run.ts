// `npm run eval`: region accuracy and search recall/precision over the judged sets, as a table.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPages } from '../src/pages/read-pages.ts';
import { buildNewsIndex } from '../src/search/news-index.ts';
import { loadJudgedQueries, scoreQuery } from './judge.ts';
import { printRegionReport } from './region-report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

printRegionReport();

const corpus = await readPages([path.join(root, 'seeds')]);
const index = buildNewsIndex(corpus.articles);
const { today, queries } = loadJudgedQueries();
const scores = queries.map((q) => scoreQuery(index, q, today));
console.log(`\nSearch over seeds/ (${corpus.articles.length} articles), ${scores.length} judged queries (eval/judged-queries.json)`);
console.log(`  ${'query'.padEnd(24)} returned relevant  recall precision order`);
for (const s of scores) {
  console.log(
    `  ${s.query.padEnd(24 - [...s.query].filter((c) => c.charCodeAt(0) > 0x2e80).length)} ${String(s.returned).padStart(8)} ${String(s.relevant).padStart(8)} ${pct(s.recall).padStart(7)} ${pct(s.precision).padStart(9)} ${s.inOrder ? 'ok' : 'WRONG'}`,
  );
  for (const m of s.missing) console.log(`      missing: ${m}`);
  for (const u of s.unexpected) console.log(`      unexpected: ${u}`);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`\n  mean recall ${pct(mean(scores.map((s) => s.recall)))}   mean precision ${pct(mean(scores.map((s) => s.precision)))}   order ok ${scores.filter((s) => s.inOrder).length}/${scores.length}`);
