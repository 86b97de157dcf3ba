// The App Home tab: an `app_home_opened` event (signed, in Slack's payload shape) makes the app
// publish a fresh view with every subscription and the latest news, within App Home limits.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SubscriptionService } from '../../../src/digest/subscription-service.ts';
import type { Article } from '../../../src/pages/article.ts';
import { readPages } from '../../../src/pages/read-pages.ts';
import { openStateDatabase, type StateDatabase } from '../../../src/store/database.ts';
import { SubscriptionStore } from '../../../src/store/subscription-store.ts';
import { assertBlockKitLimits, assertNoInjectedMarkup, mrkdwnTexts } from '../../helpers/block-kit-limits.ts';
import { SEEDS_DIR } from '../../helpers/paths.ts';
import { API_ORIGIN, blockNetwork, recordPosts, settle, startTestApp, type TestApp } from '../../helpers/slack-harness.ts';
import { appHomeOpened, postToSlackEndpoint } from '../../helpers/slack-requests.ts';
import { createSqliteStateStore } from '../../../src/store/sqlite-state-store.ts';

let seeds: Article[];
let db: StateDatabase;
let subscriptions: SubscriptionService;
let latest: Article[];
let app: TestApp;

/** The text a person reads in the view: headers, sections and context. */
function visibleText(view: Record<string, any>): string {
  const headers = (view.blocks as Array<Record<string, any>>).filter((b) => b.type === 'header').map((b) => b.text.text as string);
  return [...headers, ...mrkdwnTexts({ blocks: view.blocks })].join('\n');
}

/** Records views.publish calls (one recorder per test: nock serves the first interceptor registered). */
function recordPublished() {
  return recordPosts(API_ORIGIN, '/api/views.publish', () => [200, { ok: true, view: { id: 'V1' } }]);
}

async function openHome(options: Parameters<typeof appHomeOpened>[0] = {}): Promise<void> {
  const ack = await postToSlackEndpoint(app.baseUrl, appHomeOpened(options));
  expect(ack.status).toBe(200);
}

beforeAll(async () => {
  seeds = (await readPages([SEEDS_DIR])).articles;
  blockNetwork();
});

beforeEach(async () => {
  db = openStateDatabase(':memory:');
  subscriptions = new SubscriptionService(createSqliteStateStore(db).subscriptions);
  latest = seeds;
  app = await startTestApp({ search: null, subscriptions, latestArticles: () => latest });
});

afterEach(async () => {
  await app.stop();
  db.close();
  nock.cleanAll();
});

afterAll(() => nock.enableNetConnect());

describe('App Home', () => {
  it('publishes every subscription and the newest articles for the person who opened it', async () => {
    await subscriptions.subscribe('C0AAA', '四川 广东', 'U1');
    subscriptions.seed([{ channel: 'C0BBB', words: [] }]);
    const published = recordPublished();
    await openHome({ user: 'U0READER' });
    const call = await published.next();
    expect(call.user_id).toBe('U0READER');
    const view = JSON.parse(call.view);
    assertBlockKitLimits(view, { surface: 'home' });
    assertNoInjectedMarkup({ blocks: view.blocks }, undefined, ['C0AAA', 'C0BBB']);
    const text = visibleText(view);
    expect(text).toContain('<#C0AAA> — 四川、广东');
    expect(text).toContain('<#C0BBB> — 全部地区 · 每天 (DIGEST_CHANNELS)');
    expect(text).toContain('2 个频道 · 定时摘要 每天 09:00（Asia/Shanghai）');
    // The newest article is listed (escaped), and the order is newest first.
    const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(text).toContain(escape(seeds[0]!.title));
    expect(text.indexOf('摘要订阅')).toBeLessThan(text.indexOf('最新新闻'));
  });

  it('is rebuilt on every open: a new subscription and a new article show up the next time', async () => {
    const published = recordPublished();
    await openHome();
    const first = JSON.parse((await published.next()).view);
    expect(visibleText(first)).toContain('还没有频道订阅');

    await subscriptions.subscribe('C0NEW', '陕西', 'U1');
    const fresh: Article = { ...seeds[0]!, id: 'fresh-1', title: '新放进来的文章 <!here>', date: '2099-01-01' };
    latest = [fresh, ...seeds];
    await openHome({ eventId: 'Ev0HOME0002' });
    const second = JSON.parse((await published.next()).view);
    const text = visibleText(second);
    expect(text).toContain('<#C0NEW> — 陕西');
    expect(text).toContain('新放进来的文章 &lt;!here&gt;');
    assertNoInjectedMarkup({ blocks: second.blocks }, undefined, ['C0NEW']);
  });

  it('stays within 100 blocks with many subscriptions and a large archive', async () => {
    for (let i = 0; i < 150; i++) await subscriptions.subscribe(`C${String(i).padStart(6, '0')}`, i % 2 ? '四川' : '', 'U1');
    latest = Array.from({ length: 500 }, (_, i) => ({ ...seeds[i % seeds.length]!, id: `bulk-${i}`, title: `${'很长的标题'.repeat(40)}${i}` }));
    const published = recordPublished();
    await openHome();
    const view = JSON.parse((await published.next()).view);
    assertBlockKitLimits(view, { surface: 'home' });
    expect(visibleText(view)).toContain('150 个频道');
    expect(visibleText(view)).toContain('还有 110 个频道');
  });

  it('does nothing when the Messages tab is opened', async () => {
    const published = recordPublished();
    await openHome({ tab: 'messages' });
    await settle();
    expect(published.all).toEqual([]);
  });
});
