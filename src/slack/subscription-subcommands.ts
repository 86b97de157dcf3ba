// `/healthnews subscribe [regions…]`, `/healthnews unsubscribe` and `/healthnews subscriptions`:
// glue between the slash command and the subscription service. Every answer goes only to the
// person who typed the command (ephemeral).
import { RegionNameError } from '../digest/subscriptions.ts';
import type { SlackMessage } from './blocks/message.ts';
import {
  inviteBotMessage,
  regionNamesErrorMessage,
  subscribedMessage,
  subscribeInChannelMessage,
  subscriptionsListMessage,
  unsubscribedMessage,
} from './blocks/subscriptions-blocks.ts';
import { channelAccess } from './channel-access.ts';
import type { SubcommandArgs, SubcommandHandler } from './subcommand-types.ts';

function reply(respond: SubcommandArgs['respond'], message: SlackMessage): Promise<unknown> {
  return respond({ response_type: 'ephemeral', ...message });
}

/**
 * `/healthnews subscribe 四川 广东`: subscribes the channel the command was typed in (no names =
 * every region). Refused, with how to invite the bot, where the bot cannot post; refused, naming
 * the words, when a name is not a region. Nothing is stored in either case.
 */
export const subscribeSubcommand: SubcommandHandler = async ({ rest, command, respond, client, logger, deps }) => {
  const { channelId, channelName, userId } = command;
  if (!channelId) {
    await reply(respond, subscribeInChannelMessage());
    return;
  }
  const access = await channelAccess(client, { channelId, channelName }, logger);
  if (access.kind === 'not_a_channel') {
    await reply(respond, subscribeInChannelMessage());
    return;
  }
  if (access.kind === 'not_member') {
    logger.info(`subscribe in ${channelId} refused: the bot is not in the channel`);
    await reply(respond, inviteBotMessage({ channel: channelId, private: access.private }));
    return;
  }
  let result;
  try {
    result = deps.subscriptions.subscribe(channelId, rest, userId);
  } catch (error) {
    if (!(error instanceof RegionNameError)) throw error;
    await reply(respond, regionNamesErrorMessage(error.unknown));
    return;
  }
  logger.info(`${channelId} ${result.outcome} a digest subscription (${result.summary.regions}) by ${userId ?? '(unknown user)'}`);
  await reply(respond, subscribedMessage({ channel: channelId, regions: result.summary.regions, outcome: result.outcome, schedule: deps.digestSchedule }));
};

/** `/healthnews unsubscribe`: the channel stops getting digests (what it already had is remembered). */
export const unsubscribeSubcommand: SubcommandHandler = async ({ command, respond, logger, deps }) => {
  const { channelId, userId } = command;
  if (!channelId) {
    await reply(respond, subscribeInChannelMessage());
    return;
  }
  const before = deps.subscriptions.list(channelId).here;
  const removed = deps.subscriptions.unsubscribe(channelId);
  if (removed) logger.info(`${channelId} unsubscribed from the digest by ${userId ?? '(unknown user)'}`);
  await reply(respond, unsubscribedMessage({ channel: channelId, removed, fromSettings: before?.fromSettings ?? false }));
};

/** `/healthnews subscriptions`: this channel's subscription, then every channel's, with delivery errors. */
export const subscriptionsSubcommand: SubcommandHandler = async ({ command, respond, deps }) => {
  const { here, all } = deps.subscriptions.list(command.channelId ?? '');
  await reply(respond, subscriptionsListMessage({ channel: command.channelId, here, all, schedule: deps.digestSchedule }));
};
