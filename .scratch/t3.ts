import { readFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js';
const t2cn = OpenCC.Converter({ from: 't', to: 'cn' });
const g = JSON.parse(readFileSync('src/regions/gazetteer.json', 'utf8'));
const names: string[] = [];
for (const p of g.provinces) { names.push(p.name, p.full); for (const c of p.cities) { names.push(c.name, c.full); for (const k of c.counties) names.push(k[0]); } for (const k of p.counties) names.push(k[0]); }
for (const a of g.aliases) names.push(a.name);
const bad = new Map<string, string[]>();
for (const n of names) for (const ch of n) { const s = t2cn(ch); if (s !== ch) { const l = bad.get(ch) ?? []; l.push(n); bad.set(ch, l); } }
for (const [ch, ns] of bad) console.log(ch, '→', t2cn(ch), ns.slice(0, 6).join(' '), ns.length);
console.log(names.length);
