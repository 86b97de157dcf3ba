// `/healthnews subscribe [regions…]`, `/healthnews unsubscribe` and `/healthnews subscriptions`:
// glue between the slash command and the subscription service. Every answer goes only to the
// person who typed the command (ephemeral).
import { RegionNameError } from '../../../digest/subscriptions.ts';
import type { SlackMessage } from '../../blocks/message.ts';
import {
  inviteBotMessage,
  regionNamesErrorMessage,
  subscribedMessage,
  subscribeInChannelMessage,
  subscriptionsListMessage,
  unsubscribedMessage,
} from '../../blocks/subscriptions-blocks.ts';
import { channelAccess } from '../../channel-access.ts';
import type { SubcommandArgs, SubcommandHandler } from './subcommands.ts';

function reply(respond: SubcommandArgs['respond'], message: SlackMessage): Promise<unknown> {
  return respond({ response_type: 'ephemeral', ...message });
}

/**
 * `/healthnews subscribe 四川 广东`: subscribes the channel the command was typed in (no names =
 * every region). Refused, with how to invite the bot, where the bot cannot post; refused, naming
 * the words, when a name is not a region. Nothing is stored in either case.
 */
export const subscribeSubcommand: SubcommandHandler = async ({ rest, command, respond, client, logger, deps }) => {
  const access = await channelAccess(client, command, logger);
  if (access.kind === 'not_a_channel') {
    await reply(respond, subscribeInChannelMessage());
    return;
  }
  if (access.kind === 'not_member') {
    logger.info(`subscribe in ${command.channel_id} refused: the bot is not in the channel`);
    await reply(respond, inviteBotMessage({ channel: command.channel_id, private: access.private }));
    return;
  }
  let result;
  try {
    result = deps.subscriptions.subscribe(command.channel_id, rest, command.user_id);
  } catch (error) {
    if (!(error instanceof RegionNameError)) throw error;
    await reply(respond, regionNamesErrorMessage(error.unknown));
    return;
  }
  logger.info(`${command.channel_id} ${result.outcome} a digest subscription (${result.summary.regions}) by ${command.user_id}`);
  await reply(
    respond,
    subscribedMessage({ channel: command.channel_id, regions: result.summary.regions, outcome: result.outcome, schedule: deps.digestSchedule }),
  );
};

/** `/healthnews unsubscribe`: the channel stops getting digests (what it already had is remembered). */
export const unsubscribeSubcommand: SubcommandHandler = async ({ command, respond, logger, deps }) => {
  const before = deps.subscriptions.list(command.channel_id).here;
  const removed = deps.subscriptions.unsubscribe(command.channel_id);
  if (removed) logger.info(`${command.channel_id} unsubscribed from the digest by ${command.user_id}`);
  await reply(respond, unsubscribedMessage({ channel: command.channel_id, removed, fromSettings: before?.fromSettings ?? false }));
};

/** `/healthnews subscriptions`: this channel's subscription, then every channel's, with delivery errors. */
export const subscriptionsSubcommand: SubcommandHandler = async ({ command, respond, deps }) => {
  const { here, all } = deps.subscriptions.list(command.channel_id);
  await reply(respond, subscriptionsListMessage({ channel: command.channel_id, here, all, schedule: deps.digestSchedule }));
};
