// A digest to 1,000 channels through the real run, poster and WebClient against a loopback
// stand-in that enforces posting limits and answers 429 beyond them (and on a few calls on purpose):
// every channel gets its planned posts exactly once, and the limits are never exceeded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { cronSlot, planDigest, runDigest } from '../../src/digest/digest-run.ts';
import { digestMessages } from '../../src/slack/blocks/digest-blocks.ts';
import { DigestPoster } from '../../src/slack/post-digest.ts';
import { openStateDatabase, type StateDatabase } from '../../src/store/database.ts';
import { createSqliteStateStore } from '../../src/store/sqlite-state-store.ts';
import { SubscriptionStore } from '../../src/store/subscription-store.ts';
import { article, region } from './articles.ts';
import { blockNetwork } from '../helpers/slack-harness.ts';
import { startWebApiStandIn, type StandIn } from '../helpers/web-api-stand-in.ts';
import { digestTestClient } from '../helpers/web-api-stand-in-tests.ts';

let slack: StandIn | undefined;
let db: StateDatabase | undefined;
let dir: string | undefined;
afterEach(async () => {
  await slack?.close();
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('digest fan-out under rate limits', () => {
  it('1,000 channels, some with threads: each gets its planned posts exactly once, no window over the limit', async () => {
    // Limits scaled up (500/s overall, 10/s per channel) so the test takes seconds; the benchmark
    // runs the same against Slack's published limits.
    blockNetwork();
    slack = await startWebApiStandIn({
      limits: { workspaceLimit: 500, workspaceWindowMs: 1000, channelIntervalMs: 100, forced429: new Set([7, 300, 301, 800]) },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-fanout-'));
    db = openStateDatabase(dir);
    const subscriptions = new SubscriptionStore(db);
    const provinces = ['四川', '广东', '北京', '上海', '浙江'];
    const articles = Array.from({ length: 200 }, (_, i) =>
      article(`第${i}条:${provinces[i % 5]}卫生信息化建设`.padEnd(120, '进'), '2014-11-06', region(provinces[i % 5]!)),
    );
    const channels = Array.from({ length: 1000 }, (_, i) => `C${String(i).padStart(6, '0')}`);
    channels.forEach((channel, i) => {
      // Every 100th channel takes every region: 200 articles, so a top message and thread replies.
      const regions = i % 100 === 0 ? [] : [{ province: provinces[i % 5]!, city: null, county: null, label: provinces[i % 5]! }];
      subscriptions.upsert(channel, regions, 'command', 'U1');
    });
    const planned = new Map(subscriptions.list().map((s) => [s.channel, 1 + planDigest(articles, s, new Set(), digestMessages).messages!.replies.length]));
    expect(Math.max(...planned.values())).toBeGreaterThan(1);

    const poster = new DigestPoster(digestTestClient(slack), { rate: { perSecond: 500, channelIntervalMs: 100 } });
    const logger = createLogger('error', () => undefined);
    const report = await runDigest(cronSlot(new Date(Date.now() - 60_000), 'scheduled'), {
      subscriptions: createSqliteStateStore(db).subscriptions,
      deliveries: createSqliteStateStore(db).deliveries,
      articles: () => articles,
      render: digestMessages,
      poster,
      logger,
    });

    expect(report.aborted).toBeNull();
    expect(report.channels.map((c) => c.channel)).toEqual([...channels].sort());
    expect(report.channels.every((c) => c.outcome === 'sent')).toBe(true);
    const posted = slack.postsPerChannel();
    for (const channel of channels) expect(posted.get(channel), channel).toBe(planned.get(channel));
    expect(slack.rateLimited()).toBeGreaterThanOrEqual(4); // the forced ones were retried, not lost
    expect(slack.busiestWindow()).toBeLessThanOrEqual(500);
  });
});
