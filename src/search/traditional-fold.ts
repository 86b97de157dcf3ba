// Traditional → simplified Chinese, one character at a time, from OpenCC's own tables (opencc-js):
// the search folds queries and article text with it, so `網絡醫院` finds `网络医院` and the reverse.
// A per-character table rather than OpenCC's converter: the index folds ~14M characters at
// 100,000 articles, and one array look-up per character is many times cheaper than the converter's
// trie walk per string (see DESIGN.md); it also keeps every character in place, so positions in the
// folded text are positions in the original (snippets and highlights depend on that).
//
// What a table cannot do is context: OpenCC keeps `乾隆` but turns `乾淨` into `干净`. Both sides
// are folded alike, so matching does not suffer; only a region name must stay as the gazetteer
// writes it (`乾安`, `乾县`), so characters of region names never fold. A test checks the fold
// against OpenCC's converter over the shipped pages written in traditional characters.
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import STCharacters from 'opencc-js/dict/STCharacters';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import { CANONICAL_NAMES } from '../regions/gazetteer.ts';

/** OpenCC's dictionary format: `source target [more targets]` entries joined by `|`. */
function entries(dict: string): Array<[string, string]> {
  return dict.split('|').map((entry) => {
    const [source = '', target = ''] = entry.split(' ');
    return [source, target];
  });
}

/**
 * The table: UTF-16 code unit → its simplified code unit (0 where a character stays). Only BMP
 * characters whose simplified form is one BMP character are folded, so the fold never changes
 * a string's length.
 */
function buildTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  const single = (s: string) => s.length === 1 && s.charCodeAt(0) < 0xd800;
  const toSimplified = new Map<string, string>();
  for (const [source, target] of entries(TSCharacters)) if (single(source) && single(target)) toSimplified.set(source, target);
  // Characters that already are simplified: what OpenCC converts to, and what it converts from
  // when going the other way. A Taiwan or Hong Kong variant table maps some of them (`么`, `才`),
  // which would corrupt simplified text; they never fold.
  const simplified = new Set<string>([...toSimplified.values()]);
  for (const [source] of entries(STCharacters)) simplified.add(source);
  // Regional variants (`裡`, `着`) go to OpenCC's standard form first, then to simplified.
  for (const [variant, standard] of [...entries(TWVariantsRev), ...entries(HKVariantsRev)]) {
    if (!single(variant) || simplified.has(variant) || toSimplified.has(variant)) continue;
    const target = toSimplified.get(standard) ?? standard;
    if (single(target) && target !== variant) toSimplified.set(variant, target);
  }
  // Region names are simplified already; a character of one that OpenCC would fold (`乾`) stays.
  for (const name of CANONICAL_NAMES) for (const char of name) toSimplified.delete(char);
  for (const [source, target] of toSimplified) if (source !== target && !simplified.has(source)) table[source.charCodeAt(0)] = target.charCodeAt(0);
  return table;
}

const TABLE = buildTable();

/**
 * Turns code units back into a string, several times faster than String.fromCharCode over them.
 * A lone surrogate (never part of a term) becomes U+FFFD, one unit for one, so lengths still agree.
 */
const UTF16 = new TextDecoder('utf-16le');

/**
 * `text` with traditional characters made simplified, character by character; the same string
 * when nothing changes. Every other character (simplified Chinese, Latin, punctuation) stays, and
 * the result has the same length, so an offset in it is an offset in `text`.
 *
 * @example foldTraditional('網絡醫院') // → '网络医院'
 * @example foldTraditional('居民健康卡') // → '居民健康卡' (the same string)
 */
export function foldTraditional(text: string): string {
  let i = 0;
  while (i < text.length && TABLE[text.charCodeAt(i)] === 0) i++;
  if (i === text.length) return text;
  const units = new Uint16Array(text.length);
  for (let j = 0; j < i; j++) units[j] = text.charCodeAt(j);
  for (let j = i; j < text.length; j++) {
    const unit = text.charCodeAt(j);
    units[j] = TABLE[unit] || unit;
  }
  return UTF16.decode(units);
}

/** How many characters the fold changes (for tests and DESIGN.md). */
export function foldedCharacterCount(): number {
  return TABLE.reduce((n, unit) => n + (unit !== 0 ? 1 : 0), 0);
}
