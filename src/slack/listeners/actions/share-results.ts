// "分享到频道": posts the cards the user is looking at into the channel, saying who shared them,
// then removes the private copy. If the bot is not in the channel, tells the user how to invite it.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerQuery } from '../../answer-query.ts';
import type { Answering, ReplyFn } from '../../answer-turns.ts';
import { notInChannelNotice, staleButtonNotice } from '../../blocks/notices.ts';
import { channelIdField, userIdField } from '../../payload-fields.ts';
import { postMessage, slackErrorCode } from '../../post-message.ts';
import { readResultsButton } from '../../results-button.ts';

/** Web API errors that mean "the bot cannot post in this conversation", which the user can fix. */
const CANNOT_POST_HERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** Builds the Share listener. */
export function shareResults(answering: Answering) {
  return async ({ ack, action, body, respond, client, logger }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>): Promise<void> => {
    await ack();
    const note: ReplyFn = (message) => respond({ response_type: 'ephemeral', replace_original: false, ...message });
    const channel = channelIdField(body.channel?.id);
    if (!channel) {
      await note(staleButtonNotice());
      return;
    }
    const position = await readResultsButton(action.value, respond);
    if (!position) return;
    // Without the clicker's id the shared copy just leaves out who shared it.
    const sharer = userIdField(body.user?.id);
    await answering.withIndex(note, async (search) => {
      const message = answerQuery(search, { text: position.query, offset: position.offset, mode: 'shared', ...(sharer ? { sharedBy: sharer } : {}) });
      try {
        await postMessage(client, { channel }, message);
      } catch (error) {
        const code = slackErrorCode(error);
        if (!code || !CANNOT_POST_HERE.has(code)) throw error;
        logger.info(`share to ${channel} refused by Slack (${code})`);
        await note(notInChannelNotice());
        return;
      }
      await respond({ delete_original: true });
    });
  };
}
