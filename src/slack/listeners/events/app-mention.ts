// `@healthnews <question>` in a channel: answered with cards in the question's thread. Each
// event id is answered once, however often Slack retries it.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerQuery, waitForAnswerTurn } from '../../answer-query.ts';
import { loadingNotice } from '../../blocks/notices.ts';
import type { SlackDeps } from '../../deps.ts';
import { channelIdField, stringField } from '../../payload-fields.ts';
import { postMessage } from '../../post-message.ts';
import { questionFromMention } from '../../query-input.ts';

/** Builds the `app_mention` listener. */
export function appMention(deps: SlackDeps) {
  return async ({ event, body, client, context, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>): Promise<void> => {
    const channel = channelIdField(event.channel);
    if (!channel) {
      logger.warn(`app_mention ${stringField(body.event_id) ?? '(no event id)'} names no channel to answer in; ignored`);
      return;
    }
    // Without an event id a retry cannot be recognised; answering twice beats not answering.
    const eventId = stringField(body.event_id);
    if (eventId && !(await deps.seenEvents.firstSighting(eventId))) {
      logger.info(`app_mention ${eventId} already answered; ignoring retry ${context.retryNum ?? ''}`.trim());
      return;
    }
    await waitForAnswerTurn();
    const question = questionFromMention(stringField(event.text) ?? '').trim();
    const search = deps.getSearch();
    const asksHelp = /^(help|帮助)$/iu.test(question);
    const message = !search ? loadingNotice() : answerQuery(search, { text: asksHelp ? '' : question, mode: 'thread' });
    // No ts to thread under: answer in the channel rather than not at all.
    const threadTs = stringField(event.thread_ts) ?? stringField(event.ts);
    await postMessage(client, { channel, ...(threadTs ? { threadTs } : {}) }, message);
  };
}
