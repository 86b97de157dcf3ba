// The one path from a question to a results message, shared by the slash command, mentions,
// paging, suggestions and sharing: clean the query, search one page, build the blocks.
import { normalizeQuery } from '../search/query-text.ts';
import type { NewsSearch } from '../search/search-types.ts';
import { helpMessage } from './blocks/help.ts';
import type { SlackMessage } from './blocks/message.ts';
import { resultsMessage, type ResultsMode } from './blocks/search-results.ts';

/** Article cards per message: five keeps a message readable and far under the 50-block limit. */
export const PAGE_SIZE = 5;

export interface AnswerRequest {
  /** What the user typed, or the query a button carried. */
  text: string;
  offset?: number;
  mode: ResultsMode;
  /** Who shared it (mode `shared`). */
  sharedBy?: string;
}

/**
 * Answers a question with one page of article cards (or the empty state, or help when the
 * question is empty).
 *
 * @example answerQuery(index, { text: '四川', mode: 'private' }).blocks.length // → summary + 4 cards + buttons
 */
export function answerQuery(search: NewsSearch, request: AnswerRequest): SlackMessage {
  const { text: query, shortened } = normalizeQuery(request.text);
  if (!query) return helpMessage({ mention: request.mode === 'thread' });
  let offset = Math.max(0, Math.floor(request.offset ?? 0));
  let response = search.search(query, { limit: PAGE_SIZE, offset });
  if (response.hits.length === 0 && response.total > 0) {
    // A stale Next button (the corpus shrank): show the last page rather than an empty one.
    offset = Math.floor((response.total - 1) / PAGE_SIZE) * PAGE_SIZE;
    response = search.search(query, { limit: PAGE_SIZE, offset });
  }
  return resultsMessage(response, {
    mode: request.mode,
    query,
    offset,
    pageSize: PAGE_SIZE,
    shortened,
    ...(request.sharedBy ? { sharedBy: request.sharedBy } : {}),
  });
}
