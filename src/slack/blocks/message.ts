// The one message type: Block Kit blocks plus the top-level `text` Slack shows in notifications and
// to screen readers. Every builder in blocks/ returns it (the digest's too), `postMessage` and the
// digest poster send it; the digest and the store carry it without looking inside. Block types
// come through Bolt so the app has one source of Slack types (no direct @slack/types dependency).
import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;
export type Button = types.Button;

/** A message ready for `chat.postMessage` or a response_url. */
export interface SlackMessage {
  /** Always set: the notification and screen-reader fallback. Escaped mrkdwn like the blocks. */
  text: string;
  blocks: KnownBlock[];
}

/** Slack cuts top-level `text` at 40,000 characters; ours stays far below. */
export const MAX_FALLBACK_TEXT = 3000;

/** Slack's limit on a button's visible text. */
export const MAX_BUTTON_TEXT = 75;
