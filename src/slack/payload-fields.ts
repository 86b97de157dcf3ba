// Reading Slack payloads defensively. Bolt's types mark most fields as always present, but Slack
// leaves some out depending on where a command or click came from (no `channel_name` in some
// conversations, no enterprise fields outside Enterprise Grid, …), and a listener that trusts the
// types crashes with a TypeError and the person gets a generic error. Every listener reads the
// fields it needs through here.
import { CHANNEL_ID } from '../config.ts';

/** What a Slack user id looks like; with CHANNEL_ID, what we may put into `<@…>`/`<#…>` markup. */
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** `value` when it is a non-empty string, else null. */
export function stringField(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** `value` when it is a channel id (`C…`, `G…`, `D…`), else null. */
export function channelIdField(value: unknown): string | null {
  const id = stringField(value);
  return id && CHANNEL_ID.test(id) ? id : null;
}

/** `value` when it is a user id (`U…`, `W…`), else null. */
export function userIdField(value: unknown): string | null {
  const id = stringField(value);
  return id && USER_ID.test(id) ? id : null;
}

/** What the `/healthnews` subcommands use from a slash command, each field possibly missing. */
export interface CommandInput {
  /** The text after `/healthnews` ('' when absent). */
  text: string;
  userId: string | null;
  channelId: string | null;
  /** `directmessage`, `mpdm-…` or the channel's name, when Slack sent it. */
  channelName: string | null;
  /** What `views.open` needs to open a modal for this command (valid for 3 s). */
  triggerId: string | null;
}

/**
 * The fields of a slash-command payload the subcommands use, read defensively.
 *
 * @example readCommand({ text: 'subscribe 四川', channel_id: 'C0123' })
 * // → { text: 'subscribe 四川', userId: null, channelId: 'C0123', channelName: null, triggerId: null }
 */
export function readCommand(payload: object): CommandInput {
  const fields = payload as Record<string, unknown>;
  return {
    text: stringField(fields.text) ?? '',
    userId: userIdField(fields.user_id),
    channelId: channelIdField(fields.channel_id),
    channelName: stringField(fields.channel_name),
    triggerId: stringField(fields.trigger_id),
  };
}
