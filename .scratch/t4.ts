import * as OpenCC from 'opencc-js';
import { readPages } from '../src/pages/read-pages.ts';
import { foldTraditional } from '../src/search/traditional-fold.ts';
const corpus = await readPages(['seeds']);
const texts = corpus.articles.flatMap((a) => [a.title, a.summary]);
const big: string[] = []; let n = 0; while (n < 14_000_000) { for (const t of texts) { big.push(t + String(n)); n += t.length; } }
console.log('strings', big.length, 'chars', n);
const conv = OpenCC.Converter({ from: 't', to: 'cn' });
let t0 = performance.now(); let c = 0; for (const s of big) if (foldTraditional(s) !== s) c++; console.log('table fold', (performance.now() - t0).toFixed(0), 'ms', c);
t0 = performance.now(); for (const s of big) { const x = s.normalize('NFKC'); } console.log('nfkc only', (performance.now() - t0).toFixed(0), 'ms');
t0 = performance.now(); c = 0; for (const s of big) if (conv(s) !== s) c++; console.log('opencc converter', (performance.now() - t0).toFixed(0), 'ms', c);
const trad = big.slice(0, 20000).map(OpenCC.Converter({ from: 'cn', to: 't' }));
t0 = performance.now(); for (const s of trad) foldTraditional(s); console.log('table fold of 20k traditional strings', (performance.now() - t0).toFixed(0), 'ms');
t0 = performance.now(); for (const s of trad) conv(s); console.log('opencc of 20k traditional strings', (performance.now() - t0).toFixed(0), 'ms');
