import * as OpenCC from 'opencc-js';
import { readPages } from '../src/pages/read-pages.ts';
import { foldTraditional } from '../src/search/traditional-fold.ts';
const corpus = await readPages(['/work/wt-8b/seeds', '/work/wt-8b/test/fixtures/pages']);
const texts = corpus.articles.flatMap((a) => [a.title, a.summary]);
console.log('articles', corpus.articles.length, 'chars', texts.join('').length);
const t2cn = { t: OpenCC.Converter({ from: 't', to: 'cn' }), tw: OpenCC.Converter({ from: 'tw', to: 'cn' }), hk: OpenCC.Converter({ from: 'hk', to: 'cn' }) };
const cn2 = { t: OpenCC.Converter({ from: 'cn', to: 't' }), tw: OpenCC.Converter({ from: 'cn', to: 'tw' }), hk: OpenCC.Converter({ from: 'cn', to: 'hk' }) };
let simpChanged = 0;
for (const x of texts) if (foldTraditional(x) !== x) { simpChanged++; const y = foldTraditional(x); for (let i=0;i<x.length;i++) if (x[i]!==y[i]) console.log('simp change', x.slice(Math.max(0,i-3),i+3), x[i], y[i]); }
for (const v of ['t','tw','hk'] as const) {
  let diff = 0, back = 0; const diffs = new Map<string, number>();
  for (const x of texts) {
    const trad = cn2[v](x);
    const mine = foldTraditional(trad), theirs = t2cn[v](trad);
    if (mine !== theirs) { diff++; for (let i=0;i<mine.length;i++) if (mine[i]!==theirs[i]) diffs.set(trad.slice(Math.max(0,i-1),i+2)+':'+mine[i]+'/'+theirs[i], 1); }
    if (mine !== x) back++;
  }
  console.log(v, 'texts differing from opencc', diff, 'not back to original', back, [...diffs.keys()].slice(0, 20).join(' '));
}
