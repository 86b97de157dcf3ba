// Can the bot post the digest where a slash command was typed? Slash commands reach the app from
// any conversation, but `chat:write` only posts where the bot is a member, and for a private
// channel it is not in, `conversations.info` answers `channel_not_found` (the bot cannot see it).
// This asks Slack once, before a subscription is stored, so the person gets the fix right away
// rather than a silent delivery error the next morning.
import type { Logger, webApi } from '@slack/bolt';
import { slackErrorCode } from './post-message.ts';

export type ChannelAccess =
  /** The bot is in the channel: digests can be posted. */
  | { kind: 'member' }
  /** The bot is not in it (`private`: Slack hides the channel from it entirely). Invite it first. */
  | { kind: 'not_member'; private: boolean }
  /** A direct message or group DM: digests are for channels. */
  | { kind: 'not_a_channel' }
  /** Slack could not say (missing scope, outage); the caller goes ahead and the digest reports problems. */
  | { kind: 'unknown'; reason: string };

/** Where a slash command came from, as its payload says (`readCommand`); the name may be missing. */
export interface CommandChannel {
  channelId: string;
  channelName: string | null;
}

/**
 * Finds out whether the bot can post in the command's channel.
 *
 * @example await channelAccess(client, { channelId: 'G0PRIV', channelName: 'privategroup' }) // → { kind: 'not_member', private: true }
 */
export async function channelAccess(client: webApi.WebClient, where: CommandChannel, logger?: Logger): Promise<ChannelAccess> {
  // The payload already tells DMs apart (`directmessage`, `mpdm-…`); conversations.info could not
  // without the im:read / mpim:read scopes the bot does not ask for. Without a name, the id and
  // conversations.info still tell.
  const name = where.channelName ?? '';
  if (where.channelId.startsWith('D') || name === 'directmessage' || name.startsWith('mpdm-')) {
    return { kind: 'not_a_channel' };
  }
  let channel: { is_member?: boolean; is_private?: boolean; is_im?: boolean; is_mpim?: boolean } | undefined;
  try {
    ({ channel } = await client.conversations.info({ channel: where.channelId }));
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'channel_not_found') return { kind: 'not_member', private: true };
    const reason = code ?? (error instanceof Error ? error.message : String(error));
    logger?.warn(
      `conversations.info for ${where.channelId} failed (${reason}); subscribing without checking the bot is in the channel` +
        (code === 'missing_scope' ? ' — add the channels:read and groups:read scopes and reinstall the app' : ''),
    );
    return { kind: 'unknown', reason };
  }
  if (channel?.is_im || channel?.is_mpim) return { kind: 'not_a_channel' };
  if (channel?.is_member === true) return { kind: 'member' };
  if (channel?.is_member === false) return { kind: 'not_member', private: channel.is_private === true };
  return { kind: 'unknown', reason: 'conversations.info did not say whether the bot is a member' };
}
