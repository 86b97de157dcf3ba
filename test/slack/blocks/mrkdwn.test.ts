import { describe, expect, it } from 'vitest';
import { escapeAndTruncate, escapeMrkdwn, truncateGraphemes } from '../../../src/slack/blocks/mrkdwn.ts';

describe('mrkdwn escaping', () => {
  it('escapes &, < and > so nothing from outside becomes a mention, link or entity', () => {
    expect(escapeMrkdwn('<!channel> & <@U123> <https://x.example|点我>')).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x.example|点我&gt;');
  });

  it('cuts by grapheme with an ellipsis, never inside an emoji', () => {
    expect(truncateGraphemes('四川省卫生健康委员会', 5)).toBe('四川省卫…');
    expect(truncateGraphemes('短', 5)).toBe('短');
    expect(truncateGraphemes('👨‍👩‍👧‍👦👨‍👩‍👧‍👦', 12)).toBe('👨‍👩‍👧‍👦…');
  });

  it('escapes before cutting and never cuts an entity in half', () => {
    const out = escapeAndTruncate('&&&&&&', 12);
    expect(out).toBe('&amp;&amp;…');
    expect(out.length).toBeLessThanOrEqual(12);
    expect(escapeAndTruncate('a<b', 10)).toBe('a&lt;b');
  });
});
