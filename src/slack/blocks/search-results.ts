// The search results message: what the query was understood as and how many articles matched,
// up to one page of article cards, and the buttons (Previous / Next, Share, suggestions). One
// builder for the ephemeral answer, the answer in a mention's thread and the shared copy.
import type { SearchResponse, UnderstoodQuery } from '../../search/search-types.ts';
import { answerLineText } from '../../search/answer-line.ts';
import { answerLineBlocks } from './answer-line.ts';
import { articleCard } from './article-card.ts';
import { MAX_BUTTON_TEXT, MAX_FALLBACK_TEXT, type Button, type KnownBlock, type SlackMessage } from './message.ts';
import { escapeAndTruncate, truncateGraphemes } from './mrkdwn.ts';
import { encodeResultsValue } from './results-value.ts';
import { userIdField } from '../payload-fields.ts';
import { MAX_QUERY_GRAPHEMES } from '../../search/query-text.ts';

/** Action ids of the buttons; the listeners match on these. */
export const ACTION_IDS = Object.freeze({
  previous: 'healthnews_page_previous',
  next: 'healthnews_page_next',
  share: 'healthnews_share',
  /** Followed by the suggestion's index: `healthnews_suggest_0`. */
  suggestPrefix: 'healthnews_suggest_',
});

/** Paging and suggestion clicks all re-run a search and replace the message in place. */
export const PAGE_ACTION_PATTERN = /^healthnews_(page_(previous|next)|suggest_\d+)$/;

/**
 * Where the message goes, which decides its buttons:
 * - `private`: the ephemeral answer to `/healthnews`: paging and Share;
 * - `thread`: the answer in a mention's thread, seen by everyone: paging only;
 * - `shared`: the copy a user shared to the channel: no buttons, says who shared it.
 */
export type ResultsMode = 'private' | 'thread' | 'shared';

export interface ResultsOptions {
  mode: ResultsMode;
  /** The query the buttons repeat (already cleaned and bounded by `normalizeQuery`). */
  query: string;
  offset: number;
  pageSize: number;
  /** The user's input was cut to `MAX_QUERY_GRAPHEMES`: say so. */
  shortened?: boolean;
  /** For `shared`: the user id of who shared it (the one intended mention). */
  sharedBy?: string;
}

/** How the query was understood, for people: `地区：四川　关键词：健康卡　时间：最近`. */
export function understoodText(query: UnderstoodQuery): string {
  const parts: string[] = [];
  if (query.regions.length > 0) parts.push(`地区：${query.regions.map((r) => escapeAndTruncate(r.label, 60)).join('、')}`);
  if (query.terms.length > 0) {
    const shown = query.terms.slice(0, 10).map((t) => escapeAndTruncate(t, 60));
    parts.push(`关键词：${shown.join('、')}${query.terms.length > shown.length ? ' 等' : ''}`);
  }
  // Said, so a card without the question's own words is not a puzzle.
  const related = query.related ?? [];
  if (related.length > 0) parts.push(`也找：${related.slice(0, 6).map((t) => escapeAndTruncate(t, 30)).join('、')}`);
  if (query.timeLabel) parts.push(`时间：${escapeAndTruncate(query.timeLabel, 60)}`);
  if (parts.length === 0) return `搜索：「${escapeAndTruncate(query.raw, 300)}」`;
  return parts.join('　');
}

function button(text: string, actionId: string, value: string, style?: 'primary'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncateGraphemes(text, MAX_BUTTON_TEXT), emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

function mrkdwnSection(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

function sharedByBlock(options: ResultsOptions): KnownBlock[] {
  if (options.mode !== 'shared' || !userIdField(options.sharedBy)) return [];
  return [mrkdwnSection(`<@${options.sharedBy}> 分享了这些新闻：`)];
}

function shortenedNotice(options: ResultsOptions): KnownBlock[] {
  if (!options.shortened) return [];
  return [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `你输入的内容太长，只按前 ${MAX_QUERY_GRAPHEMES} 个字搜索。`, verbatim: true }],
    },
  ];
}

/** Partial matches of a keyword query, after its verbatim matches under a 相关 line. */
function relatedBlocks(response: SearchResponse): KnownBlock[] {
  const related = response.related ?? [];
  if (related.length === 0) return [];
  const blocks: KnownBlock[] = [{ type: 'context', elements: [{ type: 'mrkdwn', text: '*相关*（含大部分字词，但不是原词）', verbatim: true }] }];
  for (const hit of related) blocks.push({ type: 'divider' }, ...articleCard(hit));
  return blocks;
}

function emptyState(response: SearchResponse, options: ResultsOptions): SlackMessage {
  const raw = escapeAndTruncate(response.query.raw || options.query, 300);
  const blocks: KnownBlock[] = [...sharedByBlock(options), mrkdwnSection(`没有找到和「${raw}」有关的新闻。`), ...shortenedNotice(options)];
  const suggestions = offeredSuggestions(response);
  if (suggestions.length > 0) {
    const list = suggestions.map((s) => `• \`/healthnews ${escapeAndTruncate(s, 100)}\``).join('\n');
    blocks.push(mrkdwnSection(`可以试试：\n${list}`));
    if (options.mode !== 'shared') blocks.push(suggestionButtons(suggestions));
  } else {
    blocks.push(
      mrkdwnSection('换个说法试试：只写地区（如 `四川`），或只写一个关键词（如 `居民健康卡`）。输入 `/healthnews help` 查看用法。'),
    );
  }
  blocks.push(...relatedBlocks(response));
  return { text: `没有找到和「${raw}」有关的新闻。`, blocks };
}

/** Very few matches may be a typo: the mended queries (see did-you-mean.ts) as buttons, under the cards. */
function didYouMean(response: SearchResponse, options: ResultsOptions): KnownBlock[] {
  const suggestions = offeredSuggestions(response);
  if (suggestions.length === 0 || options.mode === 'shared') return [];
  return [
    { type: 'context', elements: [{ type: 'mrkdwn', text: `你是不是要找：${suggestions.map((s) => `「${escapeAndTruncate(s, 100)}」`).join(' ')}`, verbatim: true }] },
    suggestionButtons(suggestions),
  ];
}

/** The suggestions a message offers: at most five, none blank. */
function offeredSuggestions(response: SearchResponse): string[] {
  return response.suggestions.slice(0, 5).filter((s) => s.trim());
}

/** One button per suggestion, each running it as a new search (the paging listener handles them). */
function suggestionButtons(suggestions: readonly string[]): KnownBlock {
  return {
    type: 'actions',
    elements: suggestions.map((s, i) => button(`搜「${s}」`, `${ACTION_IDS.suggestPrefix}${i}`, encodeResultsValue({ query: s, offset: 0 }))),
  };
}

/**
 * Builds the results message for one page of a search.
 *
 * @example resultsMessage(index.search('四川', { limit: 5 }), { mode: 'private', query: '四川', offset: 0, pageSize: 5 })
 * // → { text: '地区：四川 — 共找到 4 条新闻…', blocks: [summary, cards…, actions] }
 */
export function resultsMessage(response: SearchResponse, options: ResultsOptions): SlackMessage {
  if (response.total === 0 || response.hits.length === 0) return emptyState(response, options);
  const { total, hits } = response;
  const first = options.offset + 1;
  const last = options.offset + hits.length;
  const understood = understoodText(response.query);
  const count = total <= hits.length && options.offset === 0 ? `共找到 ${total} 条新闻。` : `共找到 ${total} 条新闻，这是第 ${first}–${last} 条。`;

  const blocks: KnownBlock[] = [
    ...sharedByBlock(options),
    ...answerLineBlocks(response),
    mrkdwnSection(`${understood}\n${count}`),
    ...shortenedNotice(options),
  ];
  for (const hit of hits) blocks.push({ type: 'divider' }, ...articleCard(hit));
  blocks.push(...relatedBlocks(response));

  const elements: Button[] = [];
  if (options.mode !== 'shared') {
    if (options.offset > 0) {
      const previous = Math.max(0, options.offset - options.pageSize);
      elements.push(button('上一页', ACTION_IDS.previous, encodeResultsValue({ query: options.query, offset: previous })));
    }
    if (last < total) {
      elements.push(button('下一页', ACTION_IDS.next, encodeResultsValue({ query: options.query, offset: last })));
    }
  }
  if (options.mode === 'private') {
    elements.push(button('分享到频道', ACTION_IDS.share, encodeResultsValue({ query: options.query, offset: options.offset }), 'primary'));
  }
  if (elements.length > 0) blocks.push({ type: 'actions', elements });
  blocks.push(...didYouMean(response, options));

  const sharer = sharedByBlock(options).length > 0 ? `<@${options.sharedBy}> 分享了：` : '';
  const titles = hits.map((h) => `• ${escapeAndTruncate(h.article.title, 100)}`).join('\n');
  // Built from pieces escaped and cut above (at most ~1,000 characters); the cut is a backstop only.
  const answer = response.answer ? `${escapeAndTruncate(answerLineText(response.answer), 600)}\n` : '';
  const text = truncateGraphemes(`${sharer}${answer}${understood} — ${count}\n${titles}`, MAX_FALLBACK_TEXT);
  return { text, blocks };
}
