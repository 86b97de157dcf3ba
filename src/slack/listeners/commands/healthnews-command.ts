// `/healthnews …`: acknowledges at once (an empty ack, so no search can make it late; the busy
// notice when too many answers wait), then answers through the response_url, in its turn, with a
// search or whatever the routed subcommand produces.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerQuery } from '../../answer-query.ts';
import type { Answering, ReplyFn } from '../../answer-turns.ts';
import { failureNotice } from '../../blocks/notices.ts';
import type { SlackDeps } from '../../deps.ts';
import { readCommand } from '../../payload-fields.ts';
import { routeSubcommand } from '../../subcommands.ts';

/** Builds the `/healthnews` listener. */
export function healthnewsCommand(deps: SlackDeps, answering: Answering) {
  return async ({ command, ack, respond, client, logger }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> => {
    if (!(await answering.ackCommand(ack))) return;
    const input = readCommand(command);
    // Every answer goes only to the person who typed the command.
    const reply: ReplyFn = (message) => respond({ response_type: 'ephemeral', ...message });
    const route = routeSubcommand(input.text);
    try {
      if (route.kind === 'search') {
        await answering.withIndex(reply, (search) => reply(answerQuery(search, { text: route.query, mode: 'private' })));
      } else {
        await answering.inTurn(reply, () => route.handler({ rest: route.rest, command: input, respond, client, logger, deps }));
      }
    } catch (error) {
      logger.error(`/healthnews failed for user ${input.userId ?? '(none)'} in ${input.channelId ?? '(no channel)'}:`, error);
      await reply(failureNotice()).catch((again: unknown) => {
        logger.error('could not tell the user about the failure either:', again);
      });
    }
  };
}
