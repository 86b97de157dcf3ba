import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/pages/article.ts';
import { homeView } from '../../../src/slack/blocks/home-view.ts';
import { assertNoInjectedMarkup } from '../../helpers/block-kit-limits.ts';

const article = (n: number, title = `第${n}条新闻`): Article => ({
  id: `a${n}`, title, date: n % 2 ? '2014-10-20' : null, summary: '', section: '地方新闻',
  region: { province: n % 3 ? '四川' : null, city: null, county: null }, source: { file: 'p.txt', line: n },
});
const builtAt = new Date('2026-12-01T12:00:00Z');

describe('homeView', () => {
  it('says how to subscribe and how to add news when there is neither', () => {
    const text = JSON.stringify(homeView({ subscriptions: [], latest: [], schedule: '每天 09:00（Asia/Shanghai）', builtAt }).blocks);
    expect(text).toContain('/healthnews subscribe 四川 广东');
    expect(text).toContain('还没有新闻');
    expect(text).toContain('更新于 2026-12-01 12:00 UTC');
  });

  it('lists the latest articles with region (全国 for national) and date (日期不详 when none), escaped', () => {
    const view = homeView({ subscriptions: [], latest: [article(1), article(2), article(3, '<!channel> & 新闻')], schedule: '', builtAt });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('第1条新闻  四川 · 2014-10-20');
    expect(text).toContain('第2条新闻  四川 · 日期不详');
    expect(text).toContain('&lt;!channel&gt; &amp; 新闻  全国 · 2014-10-20');
    assertNoInjectedMarkup(view);
  });

  it('shows at most latestCount articles and stays within Slack\'s 100 blocks for a Home tab', () => {
    const latest = Array.from({ length: 500 }, (_, i) => article(i + 1));
    expect(JSON.stringify(homeView({ subscriptions: [], latest, latestCount: 3, schedule: '', builtAt }).blocks)).not.toContain('第4条新闻');
    expect(homeView({ subscriptions: [], latest, latestCount: 500, schedule: '', builtAt }).blocks.length).toBeLessThanOrEqual(100);
  });
});
