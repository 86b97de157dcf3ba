import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import type { Article } from '../../src/pages/article.ts';
import type { DigestDelivery } from '../../src/digest/digest-ports.ts';
import { cronSlot, manualSlot, runDigest, type DigestRunDeps } from '../../src/digest/digest-run.ts';
import { SubscriptionService } from '../../src/digest/subscription-service.ts';
import { digestMessages } from '../../src/slack/blocks/digest-blocks.ts';
import type { SlackMessage } from '../../src/slack/blocks/message.ts';
import { DigestPoster } from '../../src/slack/post-digest.ts';
import { openStateDatabase, type StateDatabase } from '../../src/store/database.ts';
import { createSqliteStateStore } from '../../src/store/sqlite-state-store.ts';
import type { DeliveryStorage } from '../../src/store/state-store.ts';
import { SubscriptionStore } from '../../src/store/subscription-store.ts';
import { article, region } from './articles.ts';
import { assertBlockKitLimits } from '../helpers/block-kit-limits.ts';
import { blockNetwork } from '../helpers/slack-harness.ts';
import { startWebApiStandIn, type StandIn } from '../helpers/web-api-stand-in.ts';
import { digestTestClient } from '../helpers/web-api-stand-in-tests.ts';

const logLines: string[] = [];
const logger = createLogger('debug', (line) => logLines.push(line));
const dirs: string[] = [];
const open: StateDatabase[] = [];

let slack: StandIn;

beforeEach(async () => {
  blockNetwork();
  logLines.length = 0;
  slack = await startWebApiStandIn();
});
afterEach(async () => {
  await slack.close();
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-run-'));
  dirs.push(dir);
  return dir;
}

/** One "process": its own connection to the state in `dataDir`, and a poster that records its waits. */
function instance(dataDir: string, articles: () => readonly Article[], extra: Partial<DigestRunDeps<SlackMessage>> = {}, now?: () => Date) {
  const db = openStateDatabase(dataDir);
  open.push(db);
  const waits: number[] = [];
  const poster = new DigestPoster(digestTestClient(slack), {
    logger,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  const store = createSqliteStateStore(db, now ? { now } : {});
  // Set-up writes go straight to the SQLite store; the run sees the state through the async interface, as the bot does.
  const subscriptions = new SubscriptionStore(db);
  const deliveries = store.deliveries as DeliveryStorage<SlackMessage>;
  const deps: DigestRunDeps<SlackMessage> = { subscriptions: store.subscriptions, deliveries, articles, render: digestMessages, poster, logger, ...extra };
  return { db, deps, waits, subscriptions, deliveries, service: new SubscriptionService(store.subscriptions) };
}

const corpus: Article[] = [
  article('四川:健康云平台上线', '2014-11-06', region('四川')),
  article('成都:居民健康卡发放', '2014-11-06', region('四川', '成都')),
  article('广东:网络医院上线', '2014-11-06', region('广东')),
  article('四川:旧闻', '2014-10-30', region('四川')),
];

/** Subscribes without going through name parsing (tested on its own in subscriptions.test.ts). */
function subscribe(store: SubscriptionStore, channel: string, ...provinces: string[]): void {
  store.upsert(channel, provinces.map((p) => ({ province: p, city: null, county: null, label: p })), 'command', 'U1');
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const slot = () => cronSlot(new Date(Date.now() - 60_000), 'scheduled');

function titles(channel: string): string[] {
  return slack.posts(channel).flatMap((m) => JSON.stringify(m.blocks).match(/• [^\\]+?  \d{4}-\d{2}-\d{2}/g) ?? []);
}

describe('runDigest', () => {
  it('sends each channel its regions, first digest limited to the newest day, and nothing on a second run', async () => {
    const { deps, service, subscriptions } = instance(tempDir(), () => corpus);
    subscribe(subscriptions, 'C0SICHUAN', '四川');
    subscribe(subscriptions, 'C0ALL');
    const report = await runDigest(slot(), deps);
    expect(report.channels.map((c) => [c.channel, c.outcome, c.articles])).toEqual([
      ['C0ALL', 'sent', 3],
      ['C0SICHUAN', 'sent', 2],
    ]);
    expect(titles('C0SICHUAN')).toEqual(['• 四川:健康云平台上线  2014-11-06', '• 成都:居民健康卡发放  2014-11-06']);
    const top = slack.topLevel('C0SICHUAN')[0]!;
    expect(top.metadata).toEqual({ event_type: 'healthnews_digest', event_payload: { slot_id: report.slotId, channel: 'C0SICHUAN', part: 0 } });
    assertBlockKitLimits({ text: top.text, blocks: top.blocks });

    const again = await runDigest(manualSlot(new Date()), deps);
    expect(again.channels.map((c) => c.outcome)).toEqual(['empty', 'empty']);
    expect(slack.posts()).toHaveLength(2);
  });

  it('sends only the new article, under its region, once a new one appears', async () => {
    const articles = [...corpus];
    const { deps, service, subscriptions } = instance(tempDir(), () => articles);
    subscribe(subscriptions, 'C0SICHUAN', '四川');
    await runDigest(slot(), deps);
    articles.unshift(article('绵阳:区域卫生平台招标', '2014-11-07', region('四川', '绵阳')));
    await runDigest(manualSlot(new Date()), deps);
    const second = slack.topLevel('C0SICHUAN')[1]!;
    expect(JSON.stringify(second.blocks)).toContain('*四川* 1 篇\\n• 绵阳:区域卫生平台招标  2014-11-07');
    expect(JSON.stringify(second.blocks)).not.toContain('旧闻');
  });

  it('an unsubscribed channel gets nothing', async () => {
    const { deps, service, subscriptions } = instance(tempDir(), () => corpus);
    subscribe(subscriptions, 'C0GONE');
    subscribe(subscriptions, 'C0STAYS');
    expect(await service.unsubscribe('C0GONE')).toBe(true);
    await runDigest(slot(), deps);
    expect(slack.posts('C0GONE')).toEqual([]);
    expect(slack.posts('C0STAYS')).toHaveLength(1);
  });

  it('429 with Retry-After, then 500, then success: exactly one post, Retry-After honoured, history checked after the 5xx', async () => {
    slack.fail('chat.postMessage', { status: 429, headers: { 'retry-after': '7' } }, { status: 500, body: 'oops' });
    const { deps, service, waits, subscriptions } = instance(tempDir(), () => corpus);
    subscribe(subscriptions, 'C0ONE');
    const report = await runDigest(slot(), deps);
    expect(report.channels[0]!.outcome).toBe('sent');
    expect(slack.count('chat.postMessage')).toBe(3);
    expect(slack.posts('C0ONE')).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(7000);
    // A 429 means "not taken", so no look; a 500 might have been taken, so look before re-posting.
    expect(slack.count('conversations.history')).toBe(1);
  });

  it('after a 5xx that Slack actually accepted, records the post instead of posting again', async () => {
    const { deps, service, subscriptions } = instance(tempDir(), () => corpus);
    subscribe(subscriptions, 'C0ONE');
    // Slack stores the message but the answer is lost.
    slack.fail('chat.postMessage', { status: 502, body: 'bad gateway', accepted: true });
    const report = await runDigest(slot(), deps);
    expect(report.channels[0]!.outcome).toBe('sent');
    expect(slack.posts('C0ONE')).toHaveLength(1);
  });

  it('a crash between Slack accepting the post and recording it gives no second post on the next run', async () => {
    const dataDir = tempDir();
    const s = slot();
    const crashing = instance(dataDir, () => corpus);
    // Killed right after Slack took the post: recording it is the first thing that fails.
    crashing.deliveries.recordProgress = () => {
      throw new Error('process killed');
    };
    subscribe(crashing.subscriptions, 'C0ONE');
    await runDigest(s, crashing.deps);
    expect(slack.posts('C0ONE')).toHaveLength(1);
    expect((await crashing.deliveries.handledArticles('C0ONE')).size).toBe(0); // not recorded

    const restarted = instance(dataDir, () => corpus);
    const report = await runDigest(cronSlot(s.time, 'catch-up'), restarted.deps);
    expect(report.channels[0]).toMatchObject({ outcome: 'sent', detail: 'found in Slack after an interrupted run' });
    expect(slack.posts('C0ONE')).toHaveLength(1);
    expect(slack.calls.find((c) => c.method === 'conversations.history')!.body.include_all_metadata).toBe('true');
    expect((await restarted.deliveries.handledArticles('C0ONE')).size).toBe(4); // 3 sent + the older one its first digest skipped
    // and the next day's run does not send those articles again
    await runDigest(manualSlot(new Date()), restarted.deps);
    expect(slack.posts('C0ONE')).toHaveLength(1);
  });

  it('a killed process (lease left behind) is settled from history by the next run, even for a later slot', async () => {
    const dataDir = tempDir();
    const dead = instance(dataDir, () => corpus, { leaseMs: 1, owner: 'dead' });
    subscribe(dead.subscriptions, 'C0ONE', '四川');
    const s = slot();
    // Simulate death: leave the delivery in `posting` by failing the recording step from the inside.
    const original = dead.deliveries.recordProgress.bind(dead.deliveries);
    dead.deliveries.recordProgress = () => {
      dead.deliveries.recordProgress = original;
      throw new Error('killed');
    };
    const statusBefore = (await runDigest(s, dead.deps)).channels[0]!.outcome;
    expect(statusBefore).toBe('failed');
    // The next run comes after the dead one's lease (1 ms) ran out.
    const next = instance(dataDir, () => corpus, {}, () => new Date(Date.now() + 60_000));
    const report = await runDigest(manualSlot(new Date()), next.deps);
    expect(report.channels[0]!.outcome).toBe('empty');
    expect(slack.posts('C0ONE')).toHaveLength(1);
    expect((await next.deliveries.getDelivery(s.id, 'C0ONE'))!.status).toBe('sent');
  });

  it('a permanent error on one channel is recorded with its fix and does not stop the next channel', async () => {
    slack.channelErrors.set('C0AAA', 'not_in_channel');
    const { deps, service, subscriptions } = instance(tempDir(), () => corpus);
    subscribe(subscriptions, 'C0AAA');
    subscribe(subscriptions, 'C0BBB');
    const report = await runDigest(slot(), deps);
    expect(report.channels.map((c) => [c.channel, c.outcome])).toEqual([
      ['C0AAA', 'failed_permanent'],
      ['C0BBB', 'sent'],
    ]);
    expect((await service.list('C0AAA')).here!.lastError).toMatch(/not_in_channel — the bot is not in this channel; invite it with \/invite @healthnews/);
    expect(logLines.some((l) => l.includes('C0AAA') && l.includes('not_in_channel'))).toBe(true);
    // Permanent for this slot: a catch-up of the same slot does not try again.
    await runDigest(cronSlot(new Date(report.slotId.slice(5)), 'catch-up'), deps);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0AAA')).toHaveLength(1);
  });

  it('transient failures that outlast the retries are recorded and the articles go out next run', async () => {
    slack.fail('chat.postMessage', ...Array.from({ length: 5 }, () => ({ status: 503 })));
    const { deps, service, subscriptions } = instance(tempDir(), () => corpus);
    subscribe(subscriptions, 'C0ONE');
    const first = await runDigest(slot(), deps);
    expect(first.channels[0]!.outcome).toBe('failed');
    expect((await service.list('C0ONE')).here!.lastError).toMatch(/HTTP 503/);
    const second = await runDigest(manualSlot(new Date()), deps);
    expect(second.channels[0]).toMatchObject({ outcome: 'sent', articles: 3 });
    expect(slack.posts('C0ONE')).toHaveLength(1);
    expect((await service.list('C0ONE')).here!.lastError).toBeNull();
  });

  it('an invalid token stops the run (every channel would fail) and is logged without the token', async () => {
    slack.channelErrors.set('C0AAA', 'invalid_auth');
    const { deps, service, subscriptions } = instance(tempDir(), () => corpus);
    subscribe(subscriptions, 'C0AAA');
    subscribe(subscriptions, 'C0BBB');
    const report = await runDigest(slot(), deps);
    expect(report.aborted).toMatch(/invalid_auth — the bot token is not valid/);
    expect(report.channels).toHaveLength(1);
    expect(logLines.join('\n')).not.toContain('xoxb-111');
  });

  it('two runs at once (two instances on the same state) post once per channel', async () => {
    const dataDir = tempDir();
    const a = instance(dataDir, () => corpus);
    const b = instance(dataDir, () => corpus);
    subscribe(a.subscriptions, 'C0ONE');
    subscribe(a.subscriptions, 'C0TWO', '四川');
    const s = slot();
    const [ra, rb] = await Promise.all([runDigest(s, a.deps), runDigest(s, b.deps)]);
    expect(slack.topLevel('C0ONE')).toHaveLength(1);
    expect(slack.topLevel('C0TWO')).toHaveLength(1);
    const outcomes = [...ra.channels, ...rb.channels].map((c) => c.outcome).sort();
    expect(outcomes).toEqual(['sent', 'sent', 'skipped', 'skipped']);
  });

  it('200 new articles: every limit holds and every title arrives exactly once across the message and its thread', async () => {
    const provinces = ['四川', '广东', '北京', '上海', '浙江', '江苏', '陕西', '河北', '辽宁', '天津'];
    const many = Array.from({ length: 200 }, (_, i) =>
      article(`第${i}条:${provinces[i % 10]}卫生信息化建设`.padEnd(120, '进'), '2014-11-06', region(provinces[(i * 7) % 10]!)),
    );
    const { deps, service, subscriptions } = instance(tempDir(), () => many);
    subscribe(subscriptions, 'C0ALL');
    await runDigest(slot(), deps);
    const posts = slack.posts('C0ALL');
    const top = posts.filter((p) => !p.thread_ts);
    expect(top).toHaveLength(1);
    expect(posts.length).toBeGreaterThan(1);
    for (const reply of posts.slice(1)) {
      expect(reply.thread_ts).toBe(top[0]!.ts);
      expect(reply.metadata!.event_payload.part).toBe(posts.indexOf(reply));
    }
    for (const p of posts) assertBlockKitLimits({ text: p.text, blocks: p.blocks });
    const everything = posts.map((p) => JSON.stringify(p.blocks)).join('\n');
    for (const a of many) expect(everything.split(`• ${a.title}  `).length - 1).toBe(1);
  });

  it('serves one channel at a time until Slack has taken a post, then up to `concurrency` at once', async () => {
    // The delivery port on its own (no HTTP): count the posts in flight.
    let inFlight = 0;
    let most = 0;
    let beforeFirstTaken = 0;
    let firstTaken = false;
    const delivery: DigestDelivery<SlackMessage> = {
      async postPart(part) {
        inFlight++;
        most = Math.max(most, inFlight);
        if (!firstTaken) beforeFirstTaken = Math.max(beforeFirstTaken, inFlight);
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        firstTaken = true;
        return `${part.channel}.${part.part}`;
      },
      findPosted: async () => null,
    };
    const { deps, subscriptions } = instance(tempDir(), () => corpus, { concurrency: 4 });
    for (let i = 0; i < 10; i++) subscribe(subscriptions, `C0CH${i}`);
    const report = await runDigest(slot(), { ...deps, poster: delivery });
    expect(report.channels.every((c) => c.outcome === 'sent')).toBe(true);
    expect(beforeFirstTaken).toBe(1);
    expect(most).toBe(4);
  });

  describe('a channel another instance holds', () => {
    it('is waited for: the run records the slot done only once the other instance finished it', async () => {
      const { deps, subscriptions, deliveries } = instance(tempDir(), () => corpus, { pollMs: 20 });
      subscribe(subscriptions, 'C0MINE');
      subscribe(subscriptions, 'C0HELD');
      const s = slot();
      // Another instance, alive, is in the middle of C0HELD.
      expect((await deliveries.claim(s.id, 'C0HELD', 'other-instance', 60_000)).claimed).toBe(true);
      let finished = false;
      const run = runDigest(s, deps).finally(() => (finished = true));
      await until(() => slack.topLevel('C0MINE').length === 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(finished).toBe(false);
      expect((await deliveries.getRun(s.id))?.status).toBe('running');
      await deliveries.completeEmpty(s.id, 'C0HELD', []);
      const report = await run;
      expect(report.channels.map((c) => [c.channel, c.outcome, c.detail])).toEqual([
        ['C0HELD', 'skipped', 'already empty'],
        ['C0MINE', 'sent', null],
      ]);
      expect((await deliveries.getRun(s.id))?.status).toBe('done');
      expect(slack.topLevel('C0HELD')).toHaveLength(0);
    });

    it('is taken over when that instance stops renewing its lease (it was killed), and posted once', async () => {
      const { deps, subscriptions, deliveries } = instance(tempDir(), () => corpus, { pollMs: 20 });
      subscribe(subscriptions, 'C0HELD');
      const s = slot();
      // A lease of 300 ms that nobody renews: its holder is gone.
      await deliveries.claim(s.id, 'C0HELD', 'killed-instance', 300);
      const report = await runDigest(s, deps);
      expect(report.channels).toEqual([expect.objectContaining({ channel: 'C0HELD', outcome: 'sent' })]);
      expect(slack.topLevel('C0HELD')).toHaveLength(1);
      expect((await deliveries.getRun(s.id))?.status).toBe('done');
    });

    it('is waited for when another instance took it over while this one was cut off (a lost lease), never posted twice', async () => {
      const { db, deps, subscriptions, deliveries } = instance(tempDir(), () => corpus, { pollMs: 20 });
      subscribe(subscriptions, 'C0ONE');
      const s = slot();
      let attempts = 0;
      const hijacked: DigestDelivery<SlackMessage> = {
        async postPart(part) {
          attempts++;
          // While this instance waited, the other decided it was gone and took the delivery.
          db.prepare("UPDATE deliveries SET lease_owner = 'other-instance', lease_until = ? WHERE channel = 'C0ONE'").run(Date.now() + 60_000);
          await part.beforeAttempt?.();
          return 'never';
        },
        findPosted: async () => null,
      };
      let finished = false;
      const run = runDigest(s, { ...deps, poster: hijacked }).finally(() => (finished = true));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(finished).toBe(false);
      // The other instance posts and records it.
      const plan = (await deliveries.getDelivery(s.id, 'C0ONE'))!.plan!;
      await deliveries.completeSent(s.id, 'C0ONE', plan, '1700000000.000001');
      const report = await run;
      expect(report.channels).toEqual([expect.objectContaining({ channel: 'C0ONE', outcome: 'skipped', detail: 'already sent' })]);
      expect(attempts).toBe(1);
      expect((await deliveries.getRun(s.id))?.status).toBe('done');
    });

    it('stops being waited for when the bot stops, leaving the slot unfinished for that instance or the next start', async () => {
      const { deps, subscriptions, deliveries } = instance(tempDir(), () => corpus, { pollMs: 20 });
      subscribe(subscriptions, 'C0HELD');
      const s = slot();
      await deliveries.claim(s.id, 'C0HELD', 'other-instance', 60_000);
      const stopping = new AbortController();
      const run = runDigest(s, { ...deps, signal: stopping.signal });
      await new Promise((resolve) => setTimeout(resolve, 100));
      stopping.abort();
      const report = await run;
      expect(report.channels).toEqual([expect.objectContaining({ channel: 'C0HELD', outcome: 'skipped', detail: 'another instance holds it' })]);
      expect((await deliveries.getRun(s.id))?.status).toBe('running');
      expect(logLines.join('\n')).toMatch(/left 1 channel\(s\) to the instance holding them/);
    });
  });

  it('keeps its leases alive while it works, so a lease shorter than the run is never taken over', async () => {
    const dataDir = tempDir();
    // Every post takes 2 s; the lease is 1 s: only the heartbeat (every 250 ms) keeps it. (Wide
    // margins: a loaded machine can stall the event loop for a few hundred milliseconds.)
    const slow: DigestDelivery<SlackMessage> = {
      async postPart(part) {
        await part.beforeAttempt?.();
        await new Promise((resolve) => setTimeout(resolve, 2000));
        return `${part.channel}.${part.part}`;
      },
      findPosted: async () => null,
    };
    const a = instance(dataDir, () => corpus, { leaseMs: 1000, owner: 'a' });
    const b = instance(dataDir, () => corpus, { leaseMs: 1000, owner: 'b', pollMs: 50 });
    subscribe(a.subscriptions, 'C0ONE');
    const s = slot();
    const first = runDigest(s, { ...a.deps, poster: slow });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await runDigest(s, { ...b.deps, poster: slow });
    expect((await first).channels[0]!.outcome).toBe('sent');
    expect(second.channels[0]).toMatchObject({ outcome: 'skipped', detail: 'already sent' });
  });
});
