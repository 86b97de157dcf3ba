import { describe, expect, it } from 'vitest';
import { helpMessage } from '../../../src/slack/blocks/help.ts';
import { assertBlockKitLimits, mrkdwnTexts } from '../../helpers/block-kit-limits.ts';

describe('helpMessage', () => {
  it('shows examples to copy and the digest commands, within Block Kit limits', () => {
    const message = helpMessage();
    assertBlockKitLimits(message);
    const text = mrkdwnTexts(message).join('\n');
    expect(text).toContain('`/healthnews 四川`');
    expect(text).toContain('`/healthnews subscribe 四川 广东`');
    expect(text).toContain('`@healthnews 陕西最近有什么健康卡的新闻？`');
  });

  it('leads with how to ask by mention when answering in a thread', () => {
    const ask = (mention: boolean) => mrkdwnTexts(helpMessage({ mention })).find((t) => t.includes('@我'));
    expect(ask(true)).toMatch(/^在频道里 @我 并写上问题/);
    expect(ask(false)).toMatch(/^也可以在频道里 @我 提问/);
  });
});
