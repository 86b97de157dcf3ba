// The usage message for `/healthnews`, `/healthnews help` and an empty mention: what the bot
// does and examples to copy, in short plain Chinese.
import type { SlackMessage } from './message.ts';

const EXAMPLES = [
  ['`/healthnews 四川`', '四川的新闻，最新的在前'],
  ['`/healthnews 居民健康卡`', '提到“居民健康卡”的新闻'],
  ['`/healthnews 陕西 居民健康卡`', '陕西关于居民健康卡的新闻'],
  ['`/healthnews 成都 最近`', '成都最近的新闻（也可以写 `本月`、`2014-10`）'],
  ['`/healthnews 哪些地方开通了远程会诊？`', '直接提问：先给出新闻原文里回答问题的一句话，再列出文章'],
] as const;

const DIGEST =
  '*摘要订阅*\n• `/healthnews subscribe 四川 广东`　这个频道每天收到这些地区的新文章（不写地区 = 全部地区）\n' +
  '• `/healthnews subscribe 电子病历 互联网医院 每周`　只要提到这些话题的文章；频率：即时、每天、工作日、每周\n' +
  '• `/healthnews settings`　用表单修改这个频道的订阅\n' +
  '• `/healthnews unsubscribe`　取消\n• `/healthnews subscriptions`　这个频道和所有频道的订阅';

/**
 * The help message. `mention` shows the @mention form first, for answers in a thread.
 *
 * @example helpMessage().text // → 'healthnews 用法：/healthnews 地区或关键词，例如 /healthnews 四川'
 */
export function helpMessage(options: { mention?: boolean } = {}): SlackMessage {
  const examples = EXAMPLES.map(([example, what]) => `• ${example}　${what}`).join('\n');
  const ask = options.mention
    ? '在频道里 @我 并写上问题，我会在这条消息的话题里回答，例如：`@healthnews 陕西最近有什么健康卡的新闻？`'
    : '也可以在频道里 @我 提问，例如：`@healthnews 陕西最近有什么健康卡的新闻？`';
  return {
    text: 'healthnews 用法：/healthnews 地区或关键词，例如 /healthnews 四川',
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*怎么用 healthnews*\n输入 `/healthnews` 加上地区、关键词或时间，我来找地方卫生信息化新闻。', verbatim: true },
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*例子*\n${examples}`, verbatim: true } },
      { type: 'section', text: { type: 'mrkdwn', text: ask, verbatim: true } },
      { type: 'section', text: { type: 'mrkdwn', text: DIGEST, verbatim: true } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: '结果只有你能看到；点“分享到频道”可以发给频道里的所有人。', verbatim: true }],
      },
    ],
  };
}
