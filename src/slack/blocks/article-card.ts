// One article as Block Kit: a section with the bold title and a snippet of the summary with the
// matched terms in bold, then a context line with region · date. Everything from the article is
// escaped; every piece is cut so a card stays far inside Slack's limits whatever the article holds.
import type { KnownBlock } from './message.ts';
import { regionLabel } from '../../regions/region-filter.ts';
import type { SearchHit } from '../../search/search-types.ts';
import { findTermSpans, summarySnippet } from '../../search/snippet.ts';
import { escapeAndTruncate, escapeMrkdwn } from './mrkdwn.ts';

/** Longest title shown, in characters after escaping. */
export const MAX_TITLE_CHARS = 300;
/** Snippet window, in characters of the summary. */
export const SNIPPET_CHARS = 120;
/** Longest snippet mrkdwn; beyond it (only for pathological text) the snippet is shown without bold. */
export const MAX_SNIPPET_CHARS = 1200;

/**
 * Escapes `text` for mrkdwn and puts the matched `terms` in bold. Slack does not render `*粗体*`
 * pressed against Chinese characters or full-width punctuation, so each bold run gets a plain
 * space on either side (unless it already sits next to whitespace or the edge of the text).
 *
 * @example highlightTerms('推进居民健康卡发放', ['居民健康卡']) // → '推进 *居民健康卡* 发放'
 */
export function highlightTerms(text: string, terms: readonly string[]): string {
  const spans = findTermSpans(text, terms);
  let out = '';
  let cursor = 0;
  for (const { start, end } of spans) {
    const bold = text.slice(start, end).trim();
    if (!bold) continue;
    out += escapeMrkdwn(text.slice(cursor, start));
    const before = out.length === 0 || /\s$/u.test(out) ? '' : ' ';
    const after = end >= text.length || /^\s/u.test(text.slice(end)) ? '' : ' ';
    // An asterisk inside the bold run would end it early; the look-alike keeps the text readable.
    out += `${before}*${escapeMrkdwn(bold).replace(/\*/g, '∗')}*${after}`;
    cursor = end;
  }
  return out + escapeMrkdwn(text.slice(cursor));
}

/** The summary snippet of a hit as mrkdwn: a window around the first match, matched terms in bold. */
export function snippetMrkdwn(hit: SearchHit): string {
  const summary = hit.article.summary.replace(/\s+/gu, ' ').trim();
  if (!summary) return '';
  const snippet = summarySnippet(summary, hit.matchedTerms, SNIPPET_CHARS);
  const body = highlightTerms(snippet.text, hit.matchedTerms);
  const text = `${snippet.cutStart ? '…' : ''}${body}${snippet.cutEnd ? '…' : ''}`;
  // A window of 120 code points can still be huge (a letter under thousands of combining marks).
  return text.length <= MAX_SNIPPET_CHARS ? text : escapeAndTruncate(snippet.text, MAX_SNIPPET_CHARS);
}

/**
 * The blocks of one article card: section (title + snippet) and context (region · date).
 *
 * @example articleCard(hit) // → [{ type: 'section', … }, { type: 'context', … }]
 */
export function articleCard(hit: SearchHit): KnownBlock[] {
  const { article } = hit;
  // An asterisk in the title would end the bold early; the look-alike reads the same.
  const title = escapeAndTruncate(article.title.replace(/\s+/gu, ' ').trim() || '（无标题）', MAX_TITLE_CHARS).replace(/\*/g, '∗');
  const snippet = snippetMrkdwn(hit);
  const meta = [regionLabel(article.region), article.date ?? '日期不详'].join(' · ');
  return [
    {
      type: 'section',
      // verbatim: no automatic link or channel-name parsing of outside text.
      text: { type: 'mrkdwn', text: snippet ? `*${title}*\n${snippet}` : `*${title}*`, verbatim: true },
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: escapeAndTruncate(meta, 300), verbatim: true }],
    },
  ];
}
