// Turns Chinese and mixed text into index terms: overlapping character bigrams for runs of Han
// characters (what Lucene's CJK analyzer does), lower-cased words for Latin letters and digits.
// MiniSearch's default tokenizer keeps a whole run of Chinese as one term, so `居民健康卡` would
// never match inside `2012版居民健康卡宣告作废`; bigrams make every two-character substring a term.

const HAN = /\p{Script=Han}/u;
// A run of Han characters, or a run of Latin letters/digits (after NFKC folds full-width forms).
const RUN = /\p{Script=Han}+|[\p{Script=Latin}\p{Nd}]+/gu;

/** Folds text the way both the index and the queries see it: NFKC (full-width → ASCII) and lower case. */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function isHanRun(text: string): boolean {
  return HAN.test(text);
}

/**
 * Splits text into runs: each a run of Han characters or of Latin letters/digits, normalised.
 *
 * @example textRuns('2012版居民健康卡 HIS系统') // → ['2012', '版居民健康卡', 'his', '系统']
 */
export function textRuns(text: string): string[] {
  return normalizeForMatch(text).match(RUN) ?? [];
}

/** Overlapping bigrams of a Han run; a lone character stays a unigram so it is still findable. */
export function hanBigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  return grams;
}

/**
 * The index terms of a text.
 *
 * @example tokenize('居民健康卡 App') // → ['居民', '民健', '健康', '康卡', 'app']
 */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const run of textRuns(text)) {
    if (isHanRun(run)) terms.push(...hanBigrams(run));
    else terms.push(run);
  }
  return terms;
}
