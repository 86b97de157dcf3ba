// Sorts what went wrong in a Slack Web API call into the digest's failure kinds: retry it, give up
// on this channel until someone acts (with the fix in the message), or stop the whole run because
// the token or the app is at fault. Pure: no calls, no clock.
import { webApi } from '@slack/bolt';
import { DeliveryError, type DeliveryFailureKind } from '../digest/digest-ports.ts';

/**
 * A Slack call that failed, sorted into the digest's failure kinds (`transient`: retry, with
 * `maybeDelivered` when Slack may have taken the post anyway; `channel`; `global`), with Slack's
 * error code, how long Slack asked us to wait, and a message safe to log that says how to fix it.
 */
export class SlackDeliveryError extends DeliveryError {
  constructor(
    kind: DeliveryFailureKind,
    readonly code: string,
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly maybeDelivered = false,
  ) {
    super(kind, message);
    this.name = 'SlackDeliveryError';
  }

  /** Slack said 429 (through the WebClient's rate-limit error or a bare HTTP 429). */
  get rateLimited(): boolean {
    return this.code === 'ratelimited' || this.code === 'http_429';
  }
}

const GLOBAL_CODES: Record<string, string> = {
  invalid_auth: 'the bot token is not valid; copy the current Bot User OAuth Token into SLACK_BOT_TOKEN',
  not_authed: 'no bot token was sent; set SLACK_BOT_TOKEN',
  account_inactive: 'the bot user or workspace is deactivated; reinstall the app',
  token_revoked: 'the bot token was revoked; reinstall the app and update SLACK_BOT_TOKEN',
  token_expired: 'the bot token expired; reinstall the app and update SLACK_BOT_TOKEN',
  missing_scope: 'the app lacks a scope (chat:write, channels:history, groups:history); add it and reinstall',
  no_permission: 'the app is not allowed to do this here; check its scopes and reinstall',
  team_access_not_granted: 'the app is not granted access to this workspace; reinstall it',
};

const CHANNEL_CODES: Record<string, string> = {
  not_in_channel: 'the bot is not in this channel; invite it with /invite @healthnews',
  channel_not_found:
    'the channel does not exist or is private and the bot is not in it; invite the bot with /invite @healthnews, or /healthnews unsubscribe',
  is_archived: 'the channel is archived; unarchive it or /healthnews unsubscribe',
  restricted_action: 'posting in this channel is restricted (announcement-only or a workspace policy); allow the bot to post or unsubscribe',
  restricted_action_read_only_channel: 'the channel is read-only for the bot; allow it to post or unsubscribe',
  restricted_action_thread_only_channel: 'the channel only allows thread replies; allow the bot to post or unsubscribe',
  restricted_action_non_threadable_channel: 'the channel does not allow threads; pick another channel for the digest',
  ekm_access_denied: 'the channel is locked by Enterprise Key Management; ask an admin',
  msg_blocks_too_long: 'Slack rejected the digest as too long; this is a healthnews bug, please report it',
  invalid_blocks: 'Slack rejected the digest layout; this is a healthnews bug, please report it',
  message_limit_exceeded: 'the workspace is over its message limit',
};

const TRANSIENT_CODES = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * Sorts a WebClient error into transient / channel / global with a one-line explanation.
 *
 * @example classifySlackError(platformError('not_in_channel')).kind // → 'channel'
 */
export function classifySlackError(error: unknown, what: string): SlackDeliveryError {
  if (error instanceof SlackDeliveryError) return error;
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new SlackDeliveryError('transient', 'ratelimited', `${what}: rate limited, retry after ${error.retryAfter} s`, error.retryAfter * 1000, false);
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    const retryAfter = Number.parseInt(error.headers['retry-after'] ?? '', 10);
    const transient = error.statusCode >= 500 || error.statusCode === 408;
    return new SlackDeliveryError(
      transient ? 'transient' : 'channel',
      `http_${error.statusCode}`,
      `${what}: Slack answered HTTP ${error.statusCode} ${error.statusMessage}`,
      Number.isFinite(retryAfter) ? retryAfter * 1000 : null,
      transient,
    );
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (code in GLOBAL_CODES) return new SlackDeliveryError('global', code, `${what}: ${code} — ${GLOBAL_CODES[code]}`);
    if (code in CHANNEL_CODES) return new SlackDeliveryError('channel', code, `${what}: ${code} — ${CHANNEL_CODES[code]}`);
    if (TRANSIENT_CODES.has(code)) return new SlackDeliveryError('transient', code, `${what}: ${code} (Slack-side, will retry)`, null, true);
    return new SlackDeliveryError('channel', code, `${what}: Slack refused with "${code}"`);
  }
  if (error instanceof webApi.WebAPIRequestError) {
    return new SlackDeliveryError('transient', 'network', `${what}: could not reach Slack (${error.original.message})`, null, true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SlackDeliveryError('transient', 'unknown', `${what}: ${message}`, null, true);
}
