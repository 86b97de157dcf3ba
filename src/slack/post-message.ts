// The single place the app posts a message to a channel: unfurling is always off and
// `link_names` is never set, so nothing in a message can expand a link or turn a name into a mention.
import type { webApi } from '@slack/bolt';
import type { SlackMessage } from './blocks/message.ts';

export interface PostTarget {
  channel: string;
  /** Reply in this thread. */
  threadTs?: string;
}

/**
 * Posts `message` with `chat.postMessage`; rejects with the Web API error (e.g. `not_in_channel`).
 *
 * @example await postMessage(client, { channel: 'C123', threadTs: '1700000000.000100' }, helpMessage())
 */
export async function postMessage(client: webApi.WebClient, target: PostTarget, message: SlackMessage): Promise<void> {
  await client.chat.postMessage({
    channel: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
}

/** The Web API error code of a failed call (`not_in_channel`), or undefined for other failures. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
