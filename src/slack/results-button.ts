// What the results buttons (paging, suggestions, Share) share: reading the search position the
// button carries — or a private note to the clicker when it is stale or damaged.
import type { RespondFn } from '@slack/bolt';
import { staleButtonNotice } from './blocks/notices.ts';
import { decodeResultsValue, type ResultsPosition } from './blocks/results-value.ts';

/**
 * The button's query and offset. When the value is stale or damaged, tells the clicker (only
 * them) and returns null.
 *
 * @example await readResultsButton('{"q":"四川","o":5}', respond) // → { query: '四川', offset: 5 }
 */
export async function readResultsButton(value: string | undefined, respond: RespondFn): Promise<ResultsPosition | null> {
  const position = decodeResultsValue(value);
  if (!position) await respond({ response_type: 'ephemeral', replace_original: false, ...staleButtonNotice() });
  return position;
}
