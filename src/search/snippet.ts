// Where matched terms stand in a text, and the part of a summary worth showing: a window around
// the first match, so a card shows why the article matched instead of the summary's opening words.
import { normalizeForMatch } from './tokenize.ts';

export interface Snippet {
  text: string;
  /** True when text was cut at the start (show a leading `…`). */
  cutStart: boolean;
  /** True when text was cut at the end (show a trailing `…`). */
  cutEnd: boolean;
}

/** A range of UTF-16 offsets, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where `terms` occur in `text`, as merged UTF-16 ranges of the original text. Matching folds
 * case, full-width forms and traditional characters the way the search does (normalizeForMatch),
 * so a term the search reports as matched is found even when the article writes it as `ＨＩＳ` or
 * `醫療`; the ranges are of the text as written.
 */
export function findTermSpans(text: string, terms: readonly string[]): Span[] {
  // Fold code point by code point, remembering where each folded piece came from.
  let folded = '';
  const origin: number[] = []; // folded offset → original offset of its code point
  const originEnd: number[] = []; // folded offset → original offset just after its code point
  let offset = 0;
  for (const char of text) {
    const piece = normalizeForMatch(char);
    for (let i = 0; i < piece.length; i++) {
      origin.push(offset);
      originEnd.push(offset + char.length);
    }
    folded += piece;
    offset += char.length;
  }
  const spans: Span[] = [];
  for (const term of terms) {
    const needle = normalizeForMatch(term.trim());
    if (!needle) continue;
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) {
      spans.push({ start: origin[at]!, end: originEnd[at + needle.length - 1]! });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * A window of at most `maxChars` code points of `text` around the first of `terms` found in it.
 * Matching ignores case and full-width/half-width differences.
 *
 * @example summarySnippet('……10月27日，新一批居民健康卡在锦州市正式启用', ['居民健康卡'], 12)
 * // → { text: '10月27日，新一批居民健康卡', … } (the term kept whole inside the window)
 */
export function summarySnippet(text: string, terms: readonly string[], maxChars: number): Snippet {
  const body = text.replace(/…+$/u, '').trim();
  const chars = Array.from(body);
  const siteCut = /…$/u.test(text.trim());
  if (chars.length <= maxChars) return { text: body, cutStart: false, cutEnd: siteCut };
  // The first match, in code points (the window is counted in code points).
  const first = findTermSpans(body, terms)[0];
  const at = first ? Array.from(body.slice(0, first.start)).length : -1;
  const length = first ? Array.from(body.slice(first.start, first.end)).length : 0;
  // Start a little before the term so it reads in context, but never cut the term itself.
  let start = at < 0 ? 0 : Math.max(0, Math.min(at - Math.floor((maxChars - length) / 4), chars.length - maxChars));
  if (start < 0) start = 0;
  const end = Math.min(chars.length, start + maxChars);
  return { text: chars.slice(start, end).join(''), cutStart: start > 0, cutEnd: end < chars.length || siteCut };
}
