// Turns Chinese and mixed text into index terms: overlapping character bigrams for runs of Han
// characters (what Lucene's CJK analyzer does), lower-cased words for Latin letters and digits.
// A tokenizer that keeps a whole run of Chinese as one term (MiniSearch's default does) would never
// match `居民健康卡` inside `2012版居民健康卡宣告作废`; bigrams make every two-character substring a term.
import { foldTraditional } from './traditional-fold.ts';

/**
 * Folds text the way both the index and the queries see it: NFKC (full-width → ASCII), lower
 * case, and traditional Chinese to simplified (`醫療` → `医疗`), so either script finds the other.
 * Changing what this does changes the index's terms: bump SNAPSHOT_VERSION in index-snapshot.ts.
 *
 * @example normalizeForMatch('ＨＩＳ 網絡醫院') // → 'his 网络医院'
 */
export function normalizeForMatch(text: string): string {
  return foldTraditional(text.normalize('NFKC').toLowerCase());
}

// Characters whose folding can change a letter, digit or Han character: capitals, full-width
// letters and digits (and ＋＃－．), compatibility ideographs and radicals, enclosed and circled forms, ligatures, super- and
// subscripts, Roman numerals, and anything outside the BMP. Elsewhere NFKC only changes
// punctuation and spaces, which are never part of a term.
const FOLDS_A_TERM_CHARACTER =
  /[A-Z\u00AA-\u00BA\u00BC-\u00DE\u0100-\u024F\u1E00-\u1EFF\u2070-\u209F\u2150-\u218F\u2460-\u24FF\u2E80-\u2FDF\u3200-\u33FF\uF900-\uFAFF\uFB00-\uFB4F\uFF03\uFF0B\uFF0D\uFF0E\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uD800-\uDFFF]/;

/**
 * Article text as the index stores it: folded like `normalizeForMatch` where that could change a
 * term character, and otherwise the very same string. Simplified Chinese news text rarely needs
 * folding, so the index keeps no second copy of most articles; a term (letters, digits, Han,
 * `.+#-`) is found in this text exactly when it is found in the fully normalised text.
 *
 * @example foldForIndex('居民健康卡，发放') // → the same string object (the comma never matters)
 * @example foldForIndex('網絡醫院') // → '网络医院'
 */
export function foldForIndex(text: string): string {
  return FOLDS_A_TERM_CHARACTER.test(text) ? normalizeForMatch(text) : foldTraditional(text);
}

/** Unicode code points fit in 21 bits, so `first * CP_RANGE + second` is an exact double for any bigram. */
const CP_RANGE = 0x110000;

/** A term to look up: a Han bigram or lone Han character as a number, or a Latin/digit word. */
export type TermKey = number | string;

const isHanCp = (cp: number) =>
  (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x323af) || (cp >= 0xf900 && cp <= 0xfaff);
const isWordCp = (cp: number) =>
  (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff);

/**
 * Calls `emit` with every index term of already-normalised text and where it starts, in order: Han runs as
 * overlapping bigram keys (a lone character as its code point), Latin/digit runs as strings.
 * The index uses this directly: no string is allocated per Han term.
 */
export function forEachTermKey(text: string, emit: (key: TermKey, at: number) => void): void {
  let prevHan = -1; // previous code point when inside a Han run
  let prevAt = 0; // where it starts (UTF-16 index)
  let runLength = 0;
  let word = '';
  let wordAt = 0;
  const endHanRun = () => {
    if (runLength === 1) emit(prevHan, prevAt);
    prevHan = -1;
    runLength = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const at = i;
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = text.codePointAt(i)!;
      i++;
    }
    if (isHanCp(cp)) {
      if (word) {
        emit(word, wordAt);
        word = '';
      }
      if (runLength > 0) emit(prevHan * CP_RANGE + cp, prevAt);
      prevHan = cp;
      prevAt = at;
      runLength++;
    } else if (isWordCp(cp)) {
      if (runLength > 0) endHanRun();
      if (!word) wordAt = at;
      word += String.fromCodePoint(cp);
    } else {
      if (runLength > 0) endHanRun();
      if (word) {
        emit(word, wordAt);
        word = '';
      }
    }
  }
  if (runLength > 0) endHanRun();
  if (word) emit(word, wordAt);
}

/** The term keys of a query term, in order (duplicates kept). */
export function termKeys(term: string): TermKey[] {
  return termKeysAt(term).map(([key]) => key);
}

/** The term keys of a query term with where each starts in the normalised term. */
export function termKeysAt(term: string): Array<[TermKey, number]> {
  const keys: Array<[TermKey, number]> = [];
  forEachTermKey(normalizeForMatch(term), (key, at) => keys.push([key, at]));
  return keys;
}

/** The numeric key of a Han bigram or lone character, spelled out again. */
function keyText(key: TermKey): string {
  if (typeof key === 'string') return key;
  return key < CP_RANGE ? String.fromCodePoint(key) : String.fromCodePoint(Math.floor(key / CP_RANGE), key % CP_RANGE);
}

/**
 * The index terms of a text, as strings (for tests and for reading; the index uses the keys).
 *
 * @example tokenize('居民健康卡 App') // → ['居民', '民健', '健康', '康卡', 'app']
 */
export function tokenize(text: string): string[] {
  return termKeys(text).map(keyText);
}
