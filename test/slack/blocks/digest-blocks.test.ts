import { describe, expect, it } from 'vitest';
import { DIGEST_LIMITS, digestMessages } from '../../../src/slack/blocks/digest-blocks.ts';
import type { SlackMessage } from '../../../src/slack/blocks/message.ts';
import { assertBlockKitLimits, LIMITS } from '../../helpers/block-kit-limits.ts';
import { groupByRegion } from '../../../src/digest/select-articles.ts';
import { article, region } from '../../digest/articles.ts';

const PROVINCES = ['四川', '广东', '北京', '上海', '浙江', '江苏', '陕西', '河北', '辽宁', '天津', '山西', '湖北'];

function manyArticles(count: number, titleLength: number) {
  return Array.from({ length: count }, (_, i) => {
    const province = PROVINCES[i % 3 === 0 ? 0 : i % PROVINCES.length]!;
    const title = `第${i}号${province}卫生信息化项目`.padEnd(titleLength, '建');
    return article(title, `2014-11-${String(1 + (i % 6)).padStart(2, '0')}`, region(province));
  });
}

function allText(message: SlackMessage): string {
  return message.blocks
    .map((b) =>
      b.type === 'section' ? (b.text?.text ?? '') : b.type === 'header' ? b.text.text : b.type === 'context' ? b.elements.map((e) => ('text' in e ? e.text : '')).join('\n') : '',
    )
    .join('\n');
}

describe('digestMessages', () => {
  it('shows a small digest in one message: header, counts, one heading per region', () => {
    const articles = [
      article('成都:健康卡', '2014-11-06', region('四川', '成都')),
      article('广东:网络医院', '2014-11-06', region('广东')),
      article('四川:健康云', '2014-11-06', region('四川')),
    ];
    const { top, replies } = digestMessages({ groups: groupByRegion(articles) });
    expect(replies).toEqual([]);
    expect(top.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '健康信息化地方新闻 · 2014-11-06', emoji: false } });
    const sections = top.blocks.filter((b) => b.type === 'section').map((b) => (b.type === 'section' ? b.text?.text : ''));
    expect(sections).toEqual(['*四川* 2 篇\n• 成都:健康卡  2014-11-06\n• 四川:健康云  2014-11-06', '*广东* 1 篇\n• 广东:网络医院  2014-11-06']);
    expect(top.text).toBe('健康信息化地方新闻 2014-11-06：3 篇新文章（四川 2，广东 1）');
  });

  it('escapes article text so it cannot mention or link', () => {
    const { top } = digestMessages({ groups: groupByRegion([article('<!channel> & <http://x|y>', '2014-11-06', region('四川'))]) });
    expect(allText(top)).toContain('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
    expect(allText(top)).not.toContain('<!channel>');
  });

  it.each([
    ['200 short titles', 200, 30],
    ['200 long titles', 200, 190],
    ['1000 long titles', 1000, 190],
  ])('with %s keeps every limit and loses nothing: each title exactly once across message and replies', (_name, count, length) => {
    const articles = manyArticles(count, length);
    const { top, replies } = digestMessages({ groups: groupByRegion(articles) });
    for (const message of [top, ...replies]) assertBlockKitLimits(message);
    // The builder's own budget for a message's text stays under what Slack takes.
    expect(DIGEST_LIMITS.totalBlockText).toBeLessThanOrEqual(LIMITS.totalBlockText);
    const text = [top, ...replies].map(allText).join('\n');
    for (const a of articles) expect(text.split(`• ${a.title}  `).length - 1).toBe(1);
    if (length > 100) expect(replies.length).toBeGreaterThan(0);
  });

  it('splits a region too big for one reply across replies, in order', () => {
    const articles = Array.from({ length: 300 }, (_, i) => article(`四川第${String(i).padStart(3, '0')}条`.padEnd(150, '长'), '2014-11-06', region('四川')));
    const { top, replies } = digestMessages({ groups: groupByRegion(articles) });
    expect(replies.length).toBeGreaterThan(1);
    expect(replies.every((r) => r.text.startsWith('四川'))).toBe(true);
    expect(allText(top)).toContain('更多地区在本消息的线程里：四川 300');
    const order = replies.flatMap((r) => allText(r).match(/四川第\d{3}条/g) ?? []);
    expect(order).toEqual(articles.map((a) => a.title.slice(0, 7)));
  });
});
