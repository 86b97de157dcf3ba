// Two instances of the bot in this process, each with its own pool on one PostgreSQL database, its
// own Slack app (signed requests to its own receiver) and its own digest service, as two hosts
// behind a load balancer would run: what one is told, the other knows at once, and the digests of
// a slot are shared between them and reach each channel once. (Killed instances, real processes:
// test/digest/digest-instances.test.ts.)
import nock from 'nock';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { cronSlot, instantSlot } from '../../../src/digest/digest-run.ts';
import { createDigestService, type DigestService } from '../../../src/digest/digest-service.ts';
import { createLogger } from '../../../src/log.ts';
import type { Article } from '../../../src/pages/article.ts';
import { digestMessages } from '../../../src/slack/blocks/digest-blocks.ts';
import type { SlackMessage } from '../../../src/slack/blocks/message.ts';
import { chatPostMessagePace, DigestPoster } from '../../../src/slack/post-digest.ts';
import { openPostgresStateStore } from '../../../src/store/postgres/postgres-state-store.ts';
import type { StateStore } from '../../../src/store/state-store.ts';
import { article, region } from '../../digest/articles.ts';
import { createTestDatabase, postgresSkipReason } from '../../helpers/postgres.ts';
import { API_ORIGIN, blockNetwork, recordPosts, RESPONSE_ORIGIN, startTestApp, type TestApp } from '../../helpers/slack-harness.ts';
import { appHomeOpened, postToSlackEndpoint, slashCommand } from '../../helpers/slack-requests.ts';
import { startWebApiStandIn, type StandIn } from '../../helpers/web-api-stand-in.ts';
import { digestTestClient } from '../../helpers/web-api-stand-in-tests.ts';

const cleanups: Array<() => Promise<unknown> | void> = [];
let replies = 0;

beforeAll(() => blockNetwork());
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  nock.cleanAll();
});

interface Instance {
  store: StateStore;
  digest: DigestService<SlackMessage>;
  app: TestApp | null;
}

/** One instance on `url`: its own pool, digest service (posting to `slack`) and, with `withApp`, Slack app. */
async function instance(url: string, slack: StandIn, articles: () => readonly Article[], withApp: boolean): Promise<Instance> {
  const store = await openPostgresStateStore(url);
  cleanups.push(() => store.close());
  const logger = createLogger('error', () => undefined);
  // Fast but paced through the database, as main.ts wires it.
  const poster = new DigestPoster(digestTestClient(slack), { logger, rate: { perSecond: 200, channelIntervalMs: 10 }, sharedPace: chatPostMessagePace(store.postPace) });
  const digest = await createDigestService({
    config: { digest: { cron: '0 9 * * *', timezone: 'Asia/Shanghai', graceHours: 12, channels: [] } },
    store,
    articles,
    render: digestMessages,
    poster,
    logger,
  });
  let app: TestApp | null = null;
  if (withApp) {
    app = await startTestApp({ search: null, subscriptions: digest.subscriptions, latestArticles: articles });
    cleanups.push(() => app!.stop());
  }
  return { store, digest, app };
}

async function command(app: TestApp, text: string, channel: string): Promise<Record<string, any>> {
  const path = `/commands/T0001/instances${replies++}/secret`;
  const answer = recordPosts(RESPONSE_ORIGIN, path);
  const ack = await postToSlackEndpoint(app.baseUrl, slashCommand(text, { channel_id: channel, response_url: `${RESPONSE_ORIGIN}${path}` }));
  expect(ack.status).toBe(200);
  return answer.next();
}

it.skipIf(postgresSkipReason !== null)(
  'a subscription made at one instance shows at once in the other\'s App Home and digest; an unsubscribe at the other, in the first\'s',
  async () => {
    const url = await createTestDatabase();
    const slack = await startWebApiStandIn();
    cleanups.push(() => slack.close());
    const articles = [article('四川:健康云平台上线', '2024-06-03', region('四川')), article('广东:网络医院上线', '2024-06-03', region('广东'))];
    const [one, two] = await Promise.all([instance(url, slack, () => articles, true), instance(url, slack, () => articles, true)]);
    nock(API_ORIGIN)
      .persist()
      .post('/api/conversations.info')
      .reply((_uri, body) => [200, { ok: true, channel: { id: new URLSearchParams(String(body)).get('channel'), is_private: false, is_member: true } }]);
    const published = recordPosts(API_ORIGIN, '/api/views.publish', () => [200, { ok: true, view: { id: 'V1' } }]);

    expect((await command(one.app!, 'subscribe 四川 每周', 'C0SICHUAN')).text).toMatch(/^已订阅/);
    // The other instance's App Home lists it…
    expect((await postToSlackEndpoint(two.app!.baseUrl, appHomeOpened())).status).toBe(200);
    const home = JSON.stringify((await published.next()).view);
    expect(home).toContain('C0SICHUAN');
    expect(home).toContain('四川 · 每周');
    // …and the other instance's digest serves it.
    const report = await two.digest.runNow(new Date('2024-06-04T01:00:00Z'));
    expect(report.channels.map((c) => [c.channel, c.outcome])).toEqual([['C0SICHUAN', 'sent']]);
    expect(JSON.stringify(slack.topLevel('C0SICHUAN')[0]!.blocks)).toContain('四川:健康云平台上线');

    // Unsubscribed through the second, the first knows.
    expect((await command(two.app!, 'unsubscribe', 'C0SICHUAN')).text).toMatch(/^已取消订阅/);
    expect((await command(one.app!, 'subscriptions', 'C0SICHUAN')).text).not.toContain('C0SICHUAN —');
    expect((await one.digest.runNow(new Date('2024-06-05T01:00:00Z'))).channels).toEqual([]);
  },
  30_000,
);

it.skipIf(postgresSkipReason !== null)(
  'two instances running the same slots share the channels, and every cadence reaches each channel once',
  async () => {
    const url = await createTestDatabase();
    const slack = await startWebApiStandIn();
    cleanups.push(() => slack.close());
    const provinces = ['四川', '广东', '陕西', '浙江'];
    const articles = provinces.map((p) => article(`${p}:区域卫生信息平台上线`, '2024-10-14', region(p)));
    const [one, two] = await Promise.all([instance(url, slack, () => articles, false), instance(url, slack, () => articles, false)]);
    const cadences = ['daily', 'workdays', 'weekly', 'instant'] as const;
    const channels = Array.from({ length: 48 }, (_, i) => ({ channel: `C${String(i).padStart(6, '0')}`, cadence: cadences[i % 4]! }));
    for (const { channel, cadence } of channels) {
      await one.store.subscriptions.upsert(channel, [{ ...region(provinces[channel.length % 4]!), label: '' }], 'command', 'U1', { cadence });
    }

    // Monday 2024-10-14 09:00 in Shanghai: a working day and the week's first, so every cron cadence is due.
    const nine = new Date('2024-10-14T01:00:00Z');
    const cron = cronSlot(nine, 'scheduled');
    const cronReports = await Promise.all([one.digest.runSlot(cron), two.digest.runSlot(cron)]);
    const instant = instantSlot(new Date(nine.getTime() + 30_000));
    const instantReports = await Promise.all([one.digest.runSlot(instant), two.digest.runSlot(instant)]);

    for (const { channel, cadence } of channels) {
      const tops = slack.topLevel(channel);
      expect(tops, channel).toHaveLength(1);
      expect(tops[0]!.metadata!.event_payload.slot_id, channel).toBe(cadence === 'instant' ? instant.id : cron.id);
    }
    // Each channel was sent by exactly one of the two, and both did part of the work.
    for (const [reports, expected] of [
      [cronReports, channels.filter((c) => c.cadence !== 'instant')],
      [instantReports, channels.filter((c) => c.cadence === 'instant')],
    ] as const) {
      const sentBy = reports.map((r) => r.channels.filter((c) => c.outcome === 'sent').map((c) => c.channel));
      expect([...sentBy[0]!, ...sentBy[1]!].sort()).toEqual(expected.map((c) => c.channel).sort());
      expect(sentBy[0]!.length).toBeGreaterThan(0);
      expect(sentBy[1]!.length).toBeGreaterThan(0);
    }
    expect((await one.store.deliveries.getRun(cron.id))?.status).toBe('done');
    expect((await two.store.deliveries.getRun(instant.id))?.status).toBe('done');
  },
  30_000,
);

it.skipIf(postgresSkipReason !== null)(
  'one instance seeing a new page before the other: each article reaches each channel once, whichever instance serves it',
  async () => {
    const url = await createTestDatabase();
    const slack = await startWebApiStandIn();
    cleanups.push(() => slack.close());
    const older = [article('四川:健康云平台上线', '2024-06-03', region('四川'))];
    const dropped = article('四川:远程会诊中心启用', '2024-06-04', region('四川'));
    // `ahead` has read the new page; `behind` has not yet (its folder watcher fires a little later).
    const aheadArticles = [dropped, ...older];
    let behindArticles = older;
    const [ahead, behind] = await Promise.all([instance(url, slack, () => aheadArticles, false), instance(url, slack, () => behindArticles, false)]);
    const channels = Array.from({ length: 12 }, (_, i) => `C0SC${String(i).padStart(4, '0')}`);
    for (const channel of channels) await ahead.store.subscriptions.upsert(channel, [{ ...region('四川'), label: '四川' }], 'command', 'U1');
    // First digest (baseline: the newest day only) served by the instance that is behind.
    await behind.digest.runNow(new Date('2024-06-04T00:00:00Z'));
    // Then both serve the same slot, each seeing different pages.
    const slot = cronSlot(new Date('2024-06-04T01:00:00Z'), 'scheduled');
    await Promise.all([ahead.digest.runSlot(slot), behind.digest.runSlot(slot)]);
    // The behind instance catches up; the next slot is served by it alone.
    behindArticles = aheadArticles;
    await behind.digest.runSlot(cronSlot(new Date('2024-06-05T01:00:00Z'), 'scheduled'));
    for (const channel of channels) {
      const text = slack.posts(channel).map((m) => JSON.stringify(m.blocks)).join('\n');
      expect(text.split('四川:远程会诊中心启用').length - 1, channel).toBe(1);
      expect(text.split('四川:健康云平台上线').length - 1, channel).toBe(1);
    }
  },
  30_000,
);
