// `/healthnews subscribe [regions…]`, `/healthnews unsubscribe` and `/healthnews subscriptions`:
// glue between the slash command and the subscription service. Every answer goes only to the
// person who typed the command (ephemeral).
import { cadenceLabel } from '../digest/cadence.ts';
import { SubscriptionWordsError } from '../digest/subscriptions.ts';
import type { SlackMessage } from './blocks/message.ts';
import {
  inviteBotMessage,
  subscribedMessage,
  subscribeInChannelMessage,
  subscriptionsListMessage,
  subscriptionWordsErrorMessage,
  unsubscribedMessage,
} from './blocks/subscriptions-blocks.ts';
import { channelAccess } from './channel-access.ts';
import type { SubcommandArgs, SubcommandHandler } from './subcommand-types.ts';

function reply(respond: SubcommandArgs['respond'], message: SlackMessage): Promise<unknown> {
  return respond({ response_type: 'ephemeral', ...message });
}

/**
 * The channel the command was typed in, when the bot can post there; otherwise tells the person why
 * not (a direct message, or a channel to invite the bot into) and gives null.
 */
export async function channelTheBotCanPostIn({ command, respond, client, logger }: SubcommandArgs): Promise<string | null> {
  const { channelId, channelName } = command;
  if (!channelId) {
    await reply(respond, subscribeInChannelMessage());
    return null;
  }
  const access = await channelAccess(client, { channelId, channelName }, logger);
  if (access.kind === 'not_a_channel') {
    await reply(respond, subscribeInChannelMessage());
    return null;
  }
  if (access.kind === 'not_member') {
    logger.info(`subscription change in ${channelId} refused: the bot is not in the channel`);
    await reply(respond, inviteBotMessage({ channel: channelId, private: access.private }));
    return null;
  }
  return channelId;
}

/**
 * `/healthnews subscribe 四川 广东 电子病历 每周`: subscribes the channel the command was typed in
 * (no regions = every region, no topics = every article). Refused, with how to invite the bot,
 * where the bot cannot post; refused, naming the words, when a word is neither a region, a topic
 * nor a cadence. Nothing is stored in either case.
 */
export const subscribeSubcommand: SubcommandHandler = async (args) => {
  const { rest, command, respond, logger, deps } = args;
  const { userId } = command;
  const channelId = await channelTheBotCanPostIn(args);
  if (!channelId) return;
  let result;
  try {
    result = await deps.subscriptions.subscribe(channelId, rest, userId);
  } catch (error) {
    if (!(error instanceof SubscriptionWordsError)) throw error;
    await reply(respond, subscriptionWordsErrorMessage(error.rejected, error.cadences.map(cadenceLabel)));
    return;
  }
  logger.info(
    `${channelId} ${result.outcome} a digest subscription (${result.summary.regions}; topics ${result.summary.topics ?? 'none'}; ${result.summary.cadence}) by ${userId ?? '(unknown user)'}`,
  );
  await reply(respond, subscribedMessage({ channel: channelId, summary: result.summary, outcome: result.outcome, schedule: deps.digestSchedule }));
};

/** `/healthnews unsubscribe`: the channel stops getting digests (what it already had is remembered). */
export const unsubscribeSubcommand: SubcommandHandler = async ({ command, respond, logger, deps }) => {
  const { channelId, userId } = command;
  if (!channelId) {
    await reply(respond, subscribeInChannelMessage());
    return;
  }
  const before = (await deps.subscriptions.list(channelId)).here;
  const removed = await deps.subscriptions.unsubscribe(channelId);
  if (removed) logger.info(`${channelId} unsubscribed from the digest by ${userId ?? '(unknown user)'}`);
  await reply(respond, unsubscribedMessage({ channel: channelId, removed, fromSettings: before?.fromSettings ?? false }));
};

/** `/healthnews subscriptions`: this channel's subscription, then every channel's, with delivery errors. */
export const subscriptionsSubcommand: SubcommandHandler = async ({ command, respond, deps }) => {
  const { here, all } = await deps.subscriptions.list(command.channelId ?? '');
  await reply(respond, subscriptionsListMessage({ channel: command.channelId, here, all, schedule: deps.digestSchedule }));
};
