// The one normaliser for what a user typed as a query (a slash command, a mention, a button's
// query, the CLI's argument): invisible and control characters out, whitespace collapsed, cut to
// one length limit by grapheme. Search, its answer cache, the Slack buttons and the CLI all see
// the same text. Pure; knows nothing of Slack.

/** Longest query kept, in graphemes (what a reader counts as characters); the Slack reply says when it was cut. */
export const MAX_QUERY_GRAPHEMES = 200;
/**
 * The same limit in UTF-16 units, for the one case graphemes do not bound: a grapheme can be
 * arbitrarily long (a letter with a thousand combining marks), and the query must still fit a
 * button value (2000 characters) after JSON encoding.
 */
export const MAX_QUERY_UNITS = 600;

export interface NormalizedQuery {
  /** The query to search for; may be empty. */
  text: string;
  /** True when the input was longer than the limit and was cut. */
  shortened: boolean;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

// Lone surrogates cannot be sent as UTF-8 and would be JSON-escaped to six characters each.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Control characters (newlines, tabs, NUL…), the zero-width space (a word break by definition)
// and private-use characters (no meaning we could search for) separate words at most.
const WORD_BREAKS = /[\p{Cc}\u200B\p{Co}]/gu;
// Other format characters (BOM, bidi overrides that could make echoed text read backwards, soft
// hyphen, ZWNJ) carry no meaning for search. ZWJ stays: it holds emoji sequences together.
const FORMAT_EXCEPT_ZWJ = /(?![\u200B\u200D])\p{Cf}/gu;

/**
 * Cleans and bounds a user's query. Idempotent: a normalized query normalizes to itself.
 *
 * @example normalizeQuery('  四川\u200B\n互联网医院 ') // → { text: '四川 互联网医院', shortened: false }
 * normalizeQuery('四'.repeat(500)) // → { text: '四'.repeat(200), shortened: true }
 */
export function normalizeQuery(raw: string): NormalizedQuery {
  const cleaned = raw
    .replace(LONE_SURROGATE, '')
    .replace(WORD_BREAKS, ' ')
    .replace(FORMAT_EXCEPT_ZWJ, '')
    .replace(/\s+/gu, ' ')
    .trim();
  if (cleaned.length <= MAX_QUERY_GRAPHEMES) return { text: cleaned, shortened: false };
  let out = '';
  let count = 0;
  let shortened = false;
  for (const { segment } of segmenter.segment(cleaned)) {
    if (count >= MAX_QUERY_GRAPHEMES || out.length + segment.length > MAX_QUERY_UNITS) {
      shortened = true;
      break;
    }
    out += segment;
    count += 1;
  }
  return { text: out.trim(), shortened };
}
