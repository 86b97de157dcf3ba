// What the results buttons (paging, suggestions, Share) share: the search position the button
// carries and an index to answer from — or a private note when either is missing.
import type { RespondFn } from '@slack/bolt';
import type { NewsSearch } from '../../../search/search-types.ts';
import { loadingNotice, staleButtonNotice } from '../../blocks/notices.ts';
import { decodeResultsValue, type ResultsPosition } from '../../blocks/results-value.ts';
import type { SlackDeps } from '../../deps.ts';

/**
 * The button's query and offset and the current index. When the value is stale or damaged, or the
 * pages are still loading, tells the clicker (only them) and returns null.
 */
export async function readResultsButton(
  value: string | undefined,
  deps: SlackDeps,
  respond: RespondFn,
): Promise<{ position: ResultsPosition; search: NewsSearch } | null> {
  const position = decodeResultsValue(value);
  if (!position) {
    await respond({ response_type: 'ephemeral', replace_original: false, ...staleButtonNotice() });
    return null;
  }
  const search = deps.getSearch();
  if (!search) {
    await respond({ response_type: 'ephemeral', replace_original: false, ...loadingNotice() });
    return null;
  }
  return { position, search };
}
