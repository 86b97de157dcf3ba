// Short one-line messages the bot sends when it cannot answer with results: still loading, too
// busy, a failure, a share that could not be posted. Fixed text only; nothing from outside goes in.
import type { SlackMessage } from './message.ts';

function notice(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }] };
}

/** The articles are still being read at start-up. */
export function loadingNotice(): SlackMessage {
  return notice('新闻还在加载，请过几秒再试。');
}

/** Too many questions wait already; this one is not queued behind them. */
export function busyNotice(): SlackMessage {
  return notice('现在提问的人太多，请过几秒再试。');
}

/** Something failed while answering; the details are in the log, not in Slack. */
export function failureNotice(): SlackMessage {
  return notice('抱歉，这次没能完成，请稍后再试。');
}

/** A button click whose value we cannot read (an old or altered message). */
export function staleButtonNotice(): SlackMessage {
  return notice('这个按钮已经失效了，请重新输入 `/healthnews` 搜索。');
}

/** Sharing failed because the bot is not in the channel (or cannot post there). */
export function notInChannelNotice(): SlackMessage {
  return notice('我还不在这个频道，没法分享。请先在频道里输入 `/invite @healthnews`，再点一次“分享到频道”。');
}
