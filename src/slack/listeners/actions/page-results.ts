// Previous / Next and the empty state's suggestion buttons: re-run the search the button carries
// and replace the message in place through the click's response_url.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerQuery } from '../../answer-query.ts';
import type { Answering, ReplyFn } from '../../answer-turns.ts';
import { readResultsButton } from '../../results-button.ts';

/** Builds the paging listener. */
export function pageResults(answering: Answering) {
  return async ({ ack, action, body, respond }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>): Promise<void> => {
    await ack();
    const position = await readResultsButton(action.value, respond);
    if (!position) return;
    // Notes (still loading, busy) go to the clicker only and leave the results where they are.
    const note: ReplyFn = (message) => respond({ response_type: 'ephemeral', replace_original: false, ...message });
    // The ephemeral answer keeps its Share button; an answer in a thread is already public.
    const mode = body.container?.is_ephemeral ? 'private' : 'thread';
    await answering.withIndex(note, (search) => {
      const message = answerQuery(search, { text: position.query, offset: position.offset, mode });
      return respond({ replace_original: true, ...(mode === 'private' ? { response_type: 'ephemeral' as const } : {}), ...message });
    });
  };
}
