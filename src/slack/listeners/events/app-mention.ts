// `@healthnews <question>` in a channel: answered with cards in the question's thread. Each
// event id is answered once, however often Slack retries it.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerQuery, waitForAnswerTurn } from '../../answer-query.ts';
import { loadingNotice } from '../../blocks/notices.ts';
import type { SlackDeps } from '../../deps.ts';
import { postMessage } from '../../post-message.ts';
import { questionFromMention } from '../../query-input.ts';

/** Builds the `app_mention` listener. */
export function appMention(deps: SlackDeps) {
  return async ({ event, body, client, context, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>): Promise<void> => {
    if (!(await deps.seenEvents.firstSighting(body.event_id))) {
      logger.info(`app_mention ${body.event_id} already answered; ignoring retry ${context.retryNum ?? ''}`.trim());
      return;
    }
    await waitForAnswerTurn();
    const question = questionFromMention(event.text).trim();
    const search = deps.getSearch();
    const asksHelp = /^(help|帮助)$/iu.test(question);
    const message = !search ? loadingNotice() : answerQuery(search, { text: asksHelp ? '' : question, mode: 'thread' });
    await postMessage(client, { channel: event.channel, threadTs: event.thread_ts ?? event.ts }, message);
  };
}
