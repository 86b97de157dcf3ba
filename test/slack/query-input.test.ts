import { describe, expect, it } from 'vitest';
import { questionFromMention } from '../../src/slack/query-input.ts';

describe('questionFromMention', () => {
  it('strips the bot mention and other mentions, and unescapes what Slack escaped', () => {
    expect(questionFromMention('<@U0BOT> 陕西 &amp; 四川 <!here> <#C123|general> &lt;b&gt;').replace(/\s+/g, ' ').trim()).toBe(
      '陕西 & 四川 <b>',
    );
  });

  it('keeps a link label rather than the link markup', () => {
    expect(questionFromMention('<@U0BOT> <https://evil.example|健康卡>').trim()).toBe('健康卡');
  });
});
