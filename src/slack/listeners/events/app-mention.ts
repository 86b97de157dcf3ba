// `@healthnews <question>` in a channel: answered with cards in the question's thread. Each
// event id is answered once, however often Slack retries it.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerQuery } from '../../answer-query.ts';
import type { Answering, ReplyFn } from '../../answer-turns.ts';
import type { SlackDeps } from '../../deps.ts';
import { channelIdField, stringField } from '../../payload-fields.ts';
import { postMessage } from '../../post-message.ts';
import { questionFromMention } from '../../query-input.ts';
import { asksForHelp } from '../../subcommands.ts';

/** Builds the `app_mention` listener. */
export function appMention(deps: SlackDeps, answering: Answering) {
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
    const question = questionFromMention(stringField(event.text) ?? '').trim();
    // No ts to thread under: answer in the channel rather than not at all.
    const threadTs = stringField(event.thread_ts) ?? stringField(event.ts);
    const reply: ReplyFn = (message) => postMessage(client, { channel, ...(threadTs ? { threadTs } : {}) }, message);
    await answering.withIndex(reply, (search) => reply(answerQuery(search, { text: asksForHelp(question) ? '' : question, mode: 'thread' })));
  };
}
