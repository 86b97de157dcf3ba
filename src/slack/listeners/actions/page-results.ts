// Previous / Next and the empty state's suggestion buttons: re-run the search the button carries
// and replace the message in place through the click's response_url.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerQuery, waitForAnswerTurn } from '../../answer-query.ts';
import type { SlackDeps } from '../../deps.ts';
import { readResultsButton } from './results-button.ts';

/** Builds the paging listener. */
export function pageResults(deps: SlackDeps) {
  return async ({ ack, action, body, respond }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>): Promise<void> => {
    await ack();
    await waitForAnswerTurn();
    const button = await readResultsButton(action.value, deps, respond);
    if (!button) return;
    const { position, search } = button;
    // The ephemeral answer keeps its Share button; an answer in a thread is already public.
    const mode = body.container?.is_ephemeral ? 'private' : 'thread';
    const message = answerQuery(search, { text: position.query, offset: position.offset, mode });
    await respond({ replace_original: true, ...(mode === 'private' ? { response_type: 'ephemeral' as const } : {}), ...message });
  };
}
