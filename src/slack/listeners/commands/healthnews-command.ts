// `/healthnews …`: acknowledges at once (an empty ack, so no search can make it late), then
// answers through the response_url with whatever the routed subcommand produces.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { waitForAnswerTurn } from '../../answer-query.ts';
import { failureNotice } from '../../blocks/notices.ts';
import type { SlackDeps } from '../../deps.ts';
import { readCommand } from '../../payload-fields.ts';
import { routeSubcommand, SUBCOMMANDS, type SubcommandHandler } from './subcommands.ts';

/** Builds the `/healthnews` listener; `subcommands` defaults to the shipped table. */
export function healthnewsCommand(deps: SlackDeps, subcommands: ReadonlyMap<string, SubcommandHandler> = SUBCOMMANDS) {
  return async ({ command, ack, respond, client, logger }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> => {
    await ack();
    await waitForAnswerTurn();
    const input = readCommand(command);
    const { handler, rest } = routeSubcommand(input.text, subcommands);
    try {
      await handler({ rest, command: input, respond, client, logger, deps });
    } catch (error) {
      logger.error(`/healthnews failed for user ${input.userId ?? '(none)'} in ${input.channelId ?? '(no channel)'}:`, error);
      await respond({ response_type: 'ephemeral', ...failureNotice() }).catch((again: unknown) => {
        logger.error('could not tell the user about the failure either:', again);
      });
    }
  };
}
