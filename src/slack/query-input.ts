// Turns what a user typed (a slash command's text or an @mention) into a query the search and a
// button's 2000-character `value` can carry: invisible and control characters out, whitespace
// collapsed, cut to a sane length by grapheme. Pure; knows nothing of the search itself.

/** Longest query kept, in graphemes (what a reader counts as characters). */
export const MAX_QUERY_GRAPHEMES = 200;
/**
 * Longest query kept, in UTF-16 units: one grapheme can be arbitrarily long (a letter with a
 * thousand combining marks), and the query must still fit a button value after JSON encoding.
 */
export const MAX_QUERY_UNITS = 600;

export interface PreparedQuery {
  /** The query to search for; may be empty. */
  text: string;
  /** True when the input was longer than the limits and was cut. */
  shortened: boolean;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

// Lone surrogates cannot be sent as UTF-8 and would be JSON-escaped to six characters each.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Control characters (newlines, tabs, NUL…) separate words at most.
const CONTROL = /\p{Cc}/gu;
// Format characters (zero-width space, BOM, bidi overrides that could make echoed text read
// backwards, soft hyphen) carry no meaning for search. ZWJ stays: it holds emoji sequences together.
const FORMAT_EXCEPT_ZWJ = /(?!\u200D)\p{Cf}/gu;

/**
 * Cleans and bounds a user's query.
 *
 * @example prepareQuery('  四川\u200B\n互联网医院 ') // → { text: '四川 互联网医院', shortened: false }
 */
export function prepareQuery(raw: string): PreparedQuery {
  const cleaned = raw
    .replace(LONE_SURROGATE, '')
    .replace(CONTROL, ' ')
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

/**
 * Turns the text of an `app_mention` event into a plain question: drops the bot's own mention and
 * any other user, channel or special mention (they are not search words), unwraps links to their
 * label, and undoes the `&amp;`/`&lt;`/`&gt;` escaping Slack applies to message text.
 *
 * @example questionFromMention('<@U0BOT> 四川 &amp; 广东') // → '四川 & 广东'
 */
export function questionFromMention(text: string): string {
  return text
    .replace(/<[@#!][^>]*>/g, ' ')
    .replace(/<([^>|]*)\|([^>]*)>/g, '$2')
    .replace(/<([^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
