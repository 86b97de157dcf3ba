// A PostgreSQL restart in the middle of a digest run, on a server of this file's own (restarting
// the run's shared server would pull the database from under the other files): searches and
// mentions keep being answered while it is down, the run's state writes retry with backoff, and
// the run completes with every channel's digest posted exactly once.
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { planDigest, cronSlot } from '../../src/digest/digest-run.ts';
import { createDigestService } from '../../src/digest/digest-service.ts';
import { createLogger } from '../../src/log.ts';
import type { Article } from '../../src/pages/article.ts';
import { digestMessages } from '../../src/slack/blocks/digest-blocks.ts';
import { boundedSeenEvents } from '../../src/slack/event-dedupe.ts';
import { createStatePacedPoster } from '../../src/slack/post-digest.ts';
import { openPostgresStateStore } from '../../src/store/postgres/postgres-state-store.ts';
import type { StateStore } from '../../src/store/state-store.ts';
import { postgresSkipReason } from '../helpers/postgres.ts';
import { startPostgresServer, type PostgresServer } from '../helpers/postgres-server.ts';
import { seedIndex } from '../helpers/seed-index.ts';
import { blockNetwork, recordPostMessage, recordPosts, RESPONSE_ORIGIN, startTestApp, type TestApp } from '../helpers/slack-harness.ts';
import { appMention, postToSlackEndpoint, slashCommand } from '../helpers/slack-requests.ts';
import { startWebApiStandIn, TEST_BOT_TOKEN, type StandIn } from '../helpers/web-api-stand-in.ts';
import { article, region } from './articles.ts';

let server: PostgresServer | null = null;
let store: StateStore | null = null;
let slack: StandIn | null = null;
let app: TestApp | null = null;

beforeAll(() => blockNetwork());
afterAll(async () => {
  await app?.stop();
  await store?.close();
  await slack?.close();
  server?.stop();
  nock.cleanAll();
});

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it.skipIf(postgresSkipReason !== null)(
  'PostgreSQL restarted mid-run: answers go on, writes retry, every channel gets its digest exactly once',
  async () => {
    server = await startPostgresServer();
    const url = await server.createDatabase();
    const logLines: string[] = [];
    const logger = createLogger('info', (line) => logLines.push(line));
    // Fast retries so the run notices the server is back within a fraction of a second.
    store = await openPostgresStateStore(url, { retry: { initialDelayMs: 50, maxDelayMs: 300 }, onWarning: (line) => logger.warn(line) });
    // 20 posts a second: the run's 36 posts take about two seconds, long enough to restart under it.
    slack = await startWebApiStandIn({ limits: { workspaceLimit: 20, workspaceWindowMs: 1000, channelIntervalMs: 100 } });
    const provinces = ['四川', '广东', '陕西', '浙江'];
    const articles: Article[] = Array.from({ length: 120 }, (_, i) =>
      article(`${provinces[i % 4]}:第${i}家医院互联网诊疗上线`.padEnd(140, '进'), '2024-06-03', region(provinces[i % 4]!)),
    );
    const channels = Array.from({ length: 30 }, (_, i) => ({ channel: `C${String(i).padStart(6, '0')}`, words: i % 10 === 0 ? [] : [provinces[i % 4]!] }));
    const slackSettings = { botToken: TEST_BOT_TOKEN, appToken: null, signingSecret: null, port: 0, host: null, apiUrl: slack.apiUrl };
    const poster = createStatePacedPoster(slackSettings, store.postPace, logger, { rate: { perSecond: 19, channelIntervalMs: 100 } });
    const digest = await createDigestService({
      config: { digest: { cron: '0 9 * * *', timezone: 'Asia/Shanghai', graceHours: 12, channels } },
      store,
      articles: () => articles,
      render: digestMessages,
      poster,
      logger,
    });
    const planned = new Map<string, number>();
    for (const s of await digest.subscriptionStore.list()) planned.set(s.channel, 1 + planDigest(articles, s, new Set(), digestMessages).messages!.replies.length);
    const plannedPosts = [...planned.values()].reduce((a, b) => a + b, 0);
    expect(Math.max(...planned.values())).toBeGreaterThan(1); // some threads

    // The bot's Slack side, with the state's event dedupe bounded as main.ts wires it.
    const search = await seedIndex();
    app = await startTestApp({ search, seenEvents: boundedSeenEvents(store.seenEvents, { timeoutMs: 500, logger }) });
    const replies = recordPosts(RESPONSE_ORIGIN, '/commands/T0001/1234567890/abcdefRESPONSE');
    const threadAnswers = recordPostMessage();

    const slot = cronSlot(new Date('2024-06-04T01:00:00Z'), 'scheduled');
    const run = digest.runSlot(slot);
    await until(() => slack!.posts().length >= 8, 'the first posts');

    // Down for 3 s, as a restart or a failover would be, with the run half done.
    const restarted = server.restart({ downMs: 3000 });
    const during = Date.now();
    expect(slack.posts().length).toBeLessThan(plannedPosts);
    const command = await postToSlackEndpoint(app.baseUrl, slashCommand('四川'));
    expect(command.status).toBe(200);
    const answer = await replies.next(2000);
    expect(JSON.stringify(answer.blocks)).toContain('四川');
    expect((await postToSlackEndpoint(app.baseUrl, appMention({ text: '<@U0BOT> 广东', eventId: 'Ev0PGDOWN1' }))).status).toBe(200);
    const threaded = await threadAnswers.next(2000);
    expect(threaded.thread_ts).toBeDefined();
    // Both were answered while the server was still down.
    expect(Date.now() - during).toBeLessThan(3000);
    await restarted;

    const report = await run;
    expect(report.aborted).toBeNull();
    expect(report.channels.map((c) => c.outcome)).toEqual(channels.map(() => 'sent'));
    const accepted = slack.postsPerChannel();
    for (const [channel, count] of planned) expect(accepted.get(channel) ?? 0, channel).toBe(count);
    expect(slack.posts()).toHaveLength(plannedPosts);
    expect((await store.deliveries.getRun(slot.id))?.status).toBe('done');
    // The writes met the outage and were retried, not lost.
    expect(logLines.some((line) => / WARN .*PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+: .*retrying in \d+ ms/.test(line))).toBe(true);
    // A later run of the same slot (a catch-up at the next start) posts nothing more.
    const again = await digest.runSlot(cronSlot(slot.time, 'catch-up'));
    expect(again.channels.every((c) => c.outcome === 'skipped')).toBe(true);
    expect(slack.posts()).toHaveLength(plannedPosts);
  },
  60_000,
);
