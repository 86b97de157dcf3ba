// One article as Block Kit: a rich_text block with the bold title and a snippet of the summary
// with the matched terms in bold, then a context line with region · date.
//
// Why rich_text and not mrkdwn: Slack does not render `*粗体*` pressed against Chinese characters
// or full-width punctuation, so mrkdwn needed spaces pushed into the Chinese around every bold
// term. Rich-text `text` elements carry bold as a style, so the article's text stays exactly as
// written, and they are never parsed: `<!channel>`, `<@U…>`, `*`, `&` in an article are shown as
// typed and can fire nothing (mentions and links are separate element types we never emit).
// The context line stays mrkdwn and is escaped. Every piece is cut so a card stays far inside
// Slack's limits whatever the article holds.
import type { types } from '@slack/bolt';
import type { KnownBlock } from './message.ts';
import { regionLabel } from '../../regions/region-filter.ts';
import type { SearchHit } from '../../search/search-types.ts';
import { findTermSpans, summarySnippet } from '../../search/snippet.ts';
import { escapeAndTruncate, truncateGraphemes } from './mrkdwn.ts';

/** Longest title shown, in characters. */
export const MAX_TITLE_CHARS = 300;
/** Snippet window, in characters of the summary. */
export const SNIPPET_CHARS = 120;
/** Longest snippet, in characters; beyond it (only for pathological text) the snippet is cut and shown without bold. */
export const MAX_SNIPPET_CHARS = 1200;

type RichText = types.RichTextText;

/**
 * `text` as rich-text pieces with the matched `terms` in bold, the text itself unchanged.
 *
 * @example highlightTerms('推进居民健康卡发放', ['居民健康卡'])
 * // → [{ type: 'text', text: '推进' }, { type: 'text', text: '居民健康卡', style: { bold: true } }, { type: 'text', text: '发放' }]
 */
export function highlightTerms(text: string, terms: readonly string[]): RichText[] {
  const pieces: RichText[] = [];
  const plain = (value: string) => value && pieces.push({ type: 'text', text: value });
  let cursor = 0;
  for (const { start, end } of findTermSpans(text, terms)) {
    plain(text.slice(cursor, start));
    pieces.push({ type: 'text', text: text.slice(start, end), style: { bold: true } });
    cursor = end;
  }
  plain(text.slice(cursor));
  return pieces;
}

/** The summary snippet of a hit: a window around the first match, matched terms in bold (none for an empty summary). */
export function snippetElements(hit: SearchHit): RichText[] {
  const summary = hit.article.summary.replace(/\s+/gu, ' ').trim();
  if (!summary) return [];
  const snippet = summarySnippet(summary, hit.matchedTerms, SNIPPET_CHARS);
  // A window of 120 code points can still be huge (a letter under thousands of combining marks).
  if (snippet.text.length > MAX_SNIPPET_CHARS) return [{ type: 'text', text: truncateGraphemes(snippet.text, MAX_SNIPPET_CHARS) }];
  return [
    ...(snippet.cutStart ? [{ type: 'text' as const, text: '…' }] : []),
    ...highlightTerms(snippet.text, hit.matchedTerms),
    ...(snippet.cutEnd ? [{ type: 'text' as const, text: '…' }] : []),
  ];
}

/**
 * The blocks of one article card: rich_text (bold title, line break, snippet) and context (region · date).
 *
 * @example articleCard(hit) // → [{ type: 'rich_text', … }, { type: 'context', … }]
 */
export function articleCard(hit: SearchHit): KnownBlock[] {
  const { article } = hit;
  const title = truncateGraphemes(article.title.replace(/\s+/gu, ' ').trim() || '（无标题）', MAX_TITLE_CHARS);
  const snippet = snippetElements(hit);
  const meta = [regionLabel(article.region), article.date ?? '日期不详'].join(' · ');
  const card: types.RichTextBlock = {
    type: 'rich_text',
    elements: [
      {
        type: 'rich_text_section',
        elements: [{ type: 'text', text: title, style: { bold: true } }, ...(snippet.length > 0 ? [{ type: 'text' as const, text: '\n' }, ...snippet] : [])],
      },
    ],
  };
  return [
    card,
    {
      type: 'context',
      // verbatim: no automatic link or channel-name parsing of outside text.
      elements: [{ type: 'mrkdwn', text: escapeAndTruncate(meta, 300), verbatim: true }],
    },
  ];
}
