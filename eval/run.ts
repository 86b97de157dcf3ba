// `npm run eval`: region accuracy, keyword search recall/precision and how natural questions are
// answered, over the judged sets, as tables.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPages } from '../src/pages/read-pages.ts';
import { buildNewsIndex } from '../src/search/news-index.ts';
import { loadJudgedQueries, loadJudgedQuestions, loadJudgedRegions, scoreQuery, scoreQuestion, scoreRegions } from './judge.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const regions = scoreRegions(loadJudgedRegions());
console.log(`Region tagging over eval/judged-regions.json (${regions.total} titles)`);
console.log(`  exact (province, city, county): ${pct(regions.exact)}   province: ${pct(regions.province)}`);
for (const w of regions.wrong) console.log(`  ✗ ${w.title}\n      expected ${JSON.stringify(w.expected)}\n      got      ${JSON.stringify(w.got)}`);

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

// Natural questions over the seeds plus the made-up articles of eval/pages/.
const questionCorpus = await readPages([path.join(root, 'seeds'), path.join(root, 'eval', 'pages')]);
const questionIndex = buildNewsIndex(questionCorpus.articles);
const judgedQuestions = loadJudgedQuestions();
const answers = judgedQuestions.questions.map((q) => scoreQuestion(questionIndex, q, judgedQuestions.today));
console.log(`\nQuestions over seeds/ + eval/pages/ (${questionCorpus.articles.length} articles), ${answers.length} judged questions (eval/judged-questions.json)`);
console.log(`  ${'kind'.padEnd(15)} top recall@5 returned  question → top card`);
for (const a of answers) {
  console.log(`  ${a.kind.padEnd(15)} ${(a.topAnswers ? 'ok' : '✗').padEnd(3)} ${pct(a.recallAt5).padStart(8)} ${String(a.returned).padStart(8)}  ${a.query} → ${a.top ?? '（空）'}`);
  if (!a.topAnswers || a.recallAt5 < 1) console.log(`      understood ${a.understood}${a.missing.length > 0 ? `; missing: ${a.missing.join(' / ')}` : ''}`);
}
const withAnswer = answers.filter((a) => judgedQuestions.questions.find((q) => q.query === a.query)!.relevant.length > 0);
const noAnswer = answers.filter((a) => !withAnswer.includes(a));
console.log(
  `\n  answered by the top card ${pct(mean(answers.map((a) => (a.topAnswers ? 1 : 0))))}   mean recall@5 ${pct(mean(withAnswer.map((a) => a.recallAt5)))}` +
    `   empty state ${pct(mean(withAnswer.map((a) => (a.empty ? 1 : 0))))} of questions with an answer, ${noAnswer.filter((a) => a.empty).length}/${noAnswer.length} of those without`,
);
const kinds = [...new Set(answers.map((a) => a.kind))];
console.log(`  by kind: ${kinds.map((k) => { const of = answers.filter((a) => a.kind === k); return `${k} ${of.filter((a) => a.topAnswers).length}/${of.length}`; }).join(' · ')}`);
