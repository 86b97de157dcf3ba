// `/healthnews settings`: opens the subscription form for the channel the command was typed in,
// when the bot can post there (otherwise says how to invite it, as `subscribe` does).
import { settingsUnavailableMessage } from './blocks/subscriptions-blocks.ts';
import { openSettings } from './open-settings.ts';
import type { SubcommandHandler } from './subcommand-types.ts';
import { channelTheBotCanPostIn } from './subscription-subcommands.ts';

/** `/healthnews settings` (or `设置`). */
export const settingsSubcommand: SubcommandHandler = async (args) => {
  const { command, respond, client, deps } = args;
  const channel = await channelTheBotCanPostIn(args);
  if (!channel) return;
  if (!command.triggerId) {
    // Without a trigger Slack lets no modal open; the command form does the same job.
    await respond({ response_type: 'ephemeral', ...settingsUnavailableMessage() });
    return;
  }
  await openSettings(client, { triggerId: command.triggerId, channel }, deps);
};
