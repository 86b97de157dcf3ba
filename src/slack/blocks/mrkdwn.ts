// The one place that makes outside text safe for Slack mrkdwn and cuts text to Block Kit limits.
// Article text and user queries are untrusted: escaped, nothing in them can fire a mention or
// disguise a link.

/**
 * Escapes `&`, `<`, `>` (in that order, as Slack documents), so `<!channel>`, `<@U123>` and
 * `<http://evil|ok>` arrive as plain text.
 *
 * @example escapeMrkdwn('<!channel> & co') // → '&lt;!channel&gt; &amp; co'
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/**
 * Cuts `text` to at most `max` UTF-16 units (Slack counts characters that way), never inside a
 * grapheme (emoji, combining marks), ending with `…` when cut.
 *
 * @example truncateGraphemes('居民健康卡将于11月发放', 6) // → '居民健康卡…'
 */
export function truncateGraphemes(text: string, max: number): string {
  if (text.length <= max) return text;
  const budget = max - 1; // room for the ellipsis
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > budget) break;
    out += segment;
  }
  return `${out}…`;
}

/**
 * Escapes untrusted text and cuts it so the *escaped* result fits in `max` characters — cutting
 * after escaping could split `&amp;` and cutting before could overflow.
 *
 * @example escapeAndTruncate('a<b', 5) // → 'a&lt;…'  ('a&lt;b' would be 6)
 */
export function escapeAndTruncate(text: string, max: number): string {
  const whole = escapeMrkdwn(text);
  if (whole.length <= max) return whole;
  const budget = max - 1;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    const escaped = escapeMrkdwn(segment);
    if (out.length + escaped.length > budget) break;
    out += escaped;
  }
  return `${out}…`;
}
