// Picks the part of a summary worth showing: a window around the first matched term, so a card
// shows why the article matched instead of always the summary's opening words.

export interface Snippet {
  text: string;
  /** True when text was cut at the start (show a leading `…`). */
  cutStart: boolean;
  /** True when text was cut at the end (show a trailing `…`). */
  cutEnd: boolean;
}

/**
 * A window of at most `maxChars` code points of `text` around the first of `terms` found in it.
 * Matching ignores case and full-width/half-width differences.
 *
 * @example summarySnippet('……10月27日，新一批居民健康卡在锦州市正式启用', ['居民健康卡'], 12)
 * // → { text: '10月27日，新一批居民健康卡', … } (the term kept whole inside the window)
 */
export function summarySnippet(text: string, terms: readonly string[], maxChars: number): Snippet {
  const chars = Array.from(text.replace(/…+$/u, '').trim());
  const siteCut = /…$/u.test(text.trim());
  if (chars.length <= maxChars) return { text: chars.join(''), cutStart: false, cutEnd: siteCut };
  const folded = chars.map((c) => c.normalize('NFKC').toLowerCase());
  let at = -1;
  let length = 0;
  for (const term of terms) {
    const needle = Array.from(term.normalize('NFKC').toLowerCase());
    const index = indexOfSeq(folded, needle);
    if (index >= 0 && (at < 0 || index < at)) {
      at = index;
      length = needle.length;
    }
  }
  // Start a little before the term so it reads in context, but never cut the term itself.
  let start = at < 0 ? 0 : Math.max(0, Math.min(at - Math.floor((maxChars - length) / 4), chars.length - maxChars));
  if (start < 0) start = 0;
  const end = Math.min(chars.length, start + maxChars);
  return { text: chars.slice(start, end).join(''), cutStart: start > 0, cutEnd: end < chars.length || siteCut };
}

function indexOfSeq(haystack: string[], needle: string[]): number {
  if (needle.length === 0) return -1;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
