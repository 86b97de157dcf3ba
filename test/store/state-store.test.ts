// The StateStore contract, run against both implementations: SQLite (a DATA_DIR shared by two
// connections) and PostgreSQL (a real server, two pools on one database). "Two instances" below is
// two store objects on the same state, each with its own connection(s).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStateStore } from '../../src/store/postgres/postgres-state-store.ts';
import { openSqliteStateStore } from '../../src/store/sqlite-state-store.ts';
import type { StateStore } from '../../src/store/state-store.ts';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.ts';

type Clock = () => Date;

interface Backend {
  name: string;
  skip: string | null;
  /** A new, empty state; returns where it is. */
  fresh(): Promise<string>;
  open(location: string, now: Clock): Promise<StateStore>;
  cleanUp(): Promise<void>;
}

const sqlite: Backend = (() => {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    skip: null,
    async fresh() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-state-'));
      dirs.push(dir);
      return dir;
    },
    async open(dir, now) {
      return openSqliteStateStore(dir, { now });
    },
    async cleanUp() {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
})();

const postgres: Backend = (() => {
  // One database for the file, emptied before each test: creating a database per test costs more than the tests.
  let url: string | null = null;
  return {
    name: 'postgres',
    skip: postgresSkipReason,
    async fresh() {
      if (!url) {
        url = await createTestDatabase();
        return url;
      }
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('TRUNCATE subscriptions, digest_runs, deliveries, channel_articles, seen_events, post_pace');
      await client.end();
      return url;
    },
    async open(location, now) {
      return openPostgresStateStore(location, { now });
    },
    async cleanUp() {},
  };
})();


const f = (province: string) => ({ province, city: null, county: null, label: province });
const plan = {
  messages: [
    { text: '四川 · 2 条', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*四川* &lt;新闻&gt;' } }] },
    { text: 'reply', blocks: [] },
  ],
  articleIds: ['a1', 'a2', 'a1'],
  baselineIds: ['old1'],
};

describe.each([sqlite, postgres])('StateStore on $name', (backend) => {
  let now: Date;
  const clock: Clock = () => now;
  const open: StateStore[] = [];
  let location: string;
  /** Another instance on the same state. */
  const instance = async () => {
    const store = await backend.open(location, clock);
    open.push(store);
    return store;
  };

  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    now = new Date('2024-05-01T01:00:00.000Z');
    location = await backend.fresh();
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  afterAll(() => backend.cleanUp());

  describe('subscriptions', () => {
    it('reports created, unchanged (same regions in any order) and updated', async () => {
      const { subscriptions } = await instance();
      expect(await subscriptions.upsert('C1', [f('四川'), f('广东')], 'command', 'U1')).toBe('created');
      expect(await subscriptions.upsert('C1', [f('广东'), f('四川')], 'command', 'U2')).toBe('unchanged');
      expect(await subscriptions.upsert('C1', [f('广东')], 'command', 'U2')).toBe('updated');
      expect(await subscriptions.get('C1')).toMatchObject({
        channel: 'C1',
        regions: [f('广东')],
        source: 'command',
        createdBy: 'U2',
        createdAt: '2024-05-01T01:00:00.000Z',
        baselinePending: true,
        lastError: null,
        lastSentAt: null,
      });
      expect(await subscriptions.get('C404')).toBeNull();
    });

    it('starts a new baseline when the regions change, not when they stay the same', async () => {
      const { subscriptions, deliveries } = await instance();
      await subscriptions.upsert('C1', [f('四川')], 'command');
      await deliveries.claim('cron:a', 'C1', 'me', 60_000);
      await deliveries.completeEmpty('cron:a', 'C1', []);
      expect((await subscriptions.get('C1'))!.baselinePending).toBe(false);
      await subscriptions.upsert('C1', [f('四川')], 'env');
      expect((await subscriptions.get('C1'))!.baselinePending).toBe(false);
      await subscriptions.upsert('C1', [f('四川'), f('广东')], 'command');
      expect((await subscriptions.get('C1'))!.baselinePending).toBe(true);
    });

    it('keeps topics and cadence; new topics start a new baseline, a new cadence alone does not', async () => {
      const { subscriptions, deliveries } = await instance();
      expect(await subscriptions.upsert('C1', [f('四川')], 'command', 'U1')).toBe('created');
      expect(await subscriptions.get('C1')).toMatchObject({ topics: [], cadence: 'daily' });
      await deliveries.claim('cron:a', 'C1', 'me', 60_000);
      await deliveries.completeEmpty('cron:a', 'C1', []);
      expect(await subscriptions.upsert('C1', [f('四川')], 'command', 'U1', { cadence: 'weekly' })).toBe('updated');
      expect(await subscriptions.get('C1')).toMatchObject({ topics: [], cadence: 'weekly', baselinePending: false });
      expect(await subscriptions.upsert('C1', [f('四川')], 'command', 'U1', { cadence: 'weekly', topics: ['电子病历', 'his'] })).toBe('updated');
      expect(await subscriptions.get('C1')).toMatchObject({ topics: ['电子病历', 'his'], cadence: 'weekly', baselinePending: true });
      expect(await subscriptions.upsert('C1', [f('四川')], 'command', 'U1', { cadence: 'weekly', topics: ['his', '电子病历'] })).toBe('unchanged');
      await subscriptions.syncSeeded([{ channel: 'CENV', regions: [], topics: ['互联网医院'], cadence: 'instant' }]);
      expect(await subscriptions.get('CENV')).toMatchObject({ source: 'env', topics: ['互联网医院'], cadence: 'instant' });
    });

    it('syncs DIGEST_CHANNELS: adds, updates and removes env channels, leaves command ones alone', async () => {
      const { subscriptions } = await instance();
      await subscriptions.upsert('CCMD', [f('四川')], 'command', 'U1');
      expect(
        await subscriptions.syncSeeded([
          { channel: 'C1', regions: [f('广东')] },
          { channel: 'C2', regions: [] },
          { channel: 'CCMD', regions: [] },
        ]),
      ).toEqual({ added: ['C1', 'C2'], updated: [], removed: [] });
      expect((await subscriptions.get('CCMD'))!.regions).toEqual([f('四川')]);
      expect(await subscriptions.syncSeeded([{ channel: 'C1', regions: [f('四川')] }])).toEqual({ added: [], updated: ['C1'], removed: ['C2'] });
      expect((await subscriptions.list()).map((s) => s.channel)).toEqual(['C1', 'CCMD']);
    });

    it('lists channels in byte order and removes one, saying whether there was one', async () => {
      const { subscriptions } = await instance();
      for (const channel of ['Cb', 'CB', 'C_', 'Ca']) await subscriptions.upsert(channel, [], 'command');
      expect((await subscriptions.list()).map((s) => s.channel)).toEqual(['CB', 'C_', 'Ca', 'Cb']);
      expect(await subscriptions.remove('Ca')).toBe(true);
      expect(await subscriptions.remove('Ca')).toBe(false);
      expect((await subscriptions.list()).map((s) => s.channel)).toEqual(['CB', 'C_', 'Cb']);
    });

    it('a subscription made through one instance is seen by the other at once', async () => {
      const one = await instance();
      const two = await instance();
      await one.subscriptions.upsert('C1', [f('陕西')], 'command', 'U1');
      expect((await two.subscriptions.list()).map((s) => [s.channel, s.regions[0]?.label])).toEqual([['C1', '陕西']]);
      await two.subscriptions.remove('C1');
      expect(await one.subscriptions.get('C1')).toBeNull();
    });

    it('two instances subscribing the same new channel at once: one creates it, the other finds it', async () => {
      const one = await instance();
      const two = await instance();
      const outcomes = await Promise.all([one.subscriptions.upsert('C1', [f('四川')], 'command'), two.subscriptions.upsert('C1', [f('四川')], 'command')]);
      expect(outcomes.sort()).toEqual(['created', 'unchanged']);
    });
  });

  describe('deliveries and runs', () => {
    it('lets exactly one of two instances claim a (slot, channel)', async () => {
      const one = await instance();
      const two = await instance();
      expect((await one.deliveries.claim('cron:x', 'C1', 'instance-1', 60_000)).claimed).toBe(true);
      expect(await two.deliveries.claim('cron:x', 'C1', 'instance-2', 60_000)).toMatchObject({ claimed: false, reason: 'leased' });
    });

    it('two instances racing for the same 40 slots: every channel is claimed exactly once', async () => {
      const one = await instance();
      const two = await instance();
      const channels = Array.from({ length: 40 }, (_, i) => `C${String(i).padStart(2, '0')}`);
      const race = (store: StateStore, owner: string) =>
        Promise.all(channels.map(async (channel) => ((await store.deliveries.claim('cron:x', channel, owner, 60_000)).claimed ? channel : null)));
      const [won1, won2] = await Promise.all([race(one, 'instance-1'), race(two, 'instance-2')]);
      const winners = [...won1, ...won2].filter((c): c is string => c !== null);
      expect(winners.sort()).toEqual(channels);
      for (const channel of channels) {
        const delivery = await one.deliveries.getDelivery('cron:x', channel);
        expect(delivery!.leaseOwner).toBe(won1.includes(channel) ? 'instance-1' : 'instance-2');
      }
    });

    it('hands a delivery over when the holder crashed and its lease ran out, to exactly one of two instances', async () => {
      const one = await instance();
      const two = await instance();
      await one.deliveries.claim('cron:x', 'C1', 'crashed', 60_000);
      expect((await two.deliveries.claim('cron:x', 'C1', 'next', 60_000)).claimed).toBe(false);
      now = new Date(now.getTime() + 61_000);
      const takers = await Promise.all([one.deliveries.claim('cron:x', 'C1', 'one', 60_000), two.deliveries.claim('cron:x', 'C1', 'two', 60_000)]);
      expect(takers.filter((t) => t.claimed)).toHaveLength(1);
      expect(takers.find((t) => t.claimed)).toMatchObject({ previous: { leaseOwner: 'crashed', status: 'claimed' } });
    });

    it('renews only a lease it holds', async () => {
      const { deliveries } = await instance();
      await deliveries.claim('cron:x', 'C1', 'me', 60_000);
      expect(await deliveries.renewLease('cron:x', 'C1', 'me', 120_000)).toBe(true);
      expect((await deliveries.getDelivery('cron:x', 'C1'))!.leaseUntil).toBe(now.getTime() + 120_000);
      expect(await deliveries.renewLease('cron:x', 'C1', 'someone-else', 60_000)).toBe(false);
    });

    it('the heartbeat extends every unfinished lease of its owner, none of another owner and none of a finished delivery', async () => {
      const { deliveries } = await instance();
      await deliveries.claim('cron:x', 'C1', 'me', 60_000);
      await deliveries.claim('cron:x', 'C2', 'me', 60_000);
      await deliveries.startPosting('cron:x', 'C2', plan);
      await deliveries.claim('cron:x', 'C3', 'me', 60_000);
      await deliveries.completeEmpty('cron:x', 'C3', []);
      await deliveries.claim('cron:x', 'C4', 'other', 60_000);
      now = new Date(now.getTime() + 30_000);
      expect(await deliveries.renewLeases('me', 60_000)).toBe(2);
      for (const channel of ['C1', 'C2']) expect((await deliveries.getDelivery('cron:x', channel))!.leaseUntil).toBe(now.getTime() + 60_000);
      expect((await deliveries.getDelivery('cron:x', 'C4'))!.leaseUntil).toBe(now.getTime() - 30_000 + 60_000);
      expect((await deliveries.getDelivery('cron:x', 'C3'))!.leaseUntil).toBeNull();
      // Once renewed, another instance cannot take the delivery over when the first lease would have run out.
      const two = await instance();
      now = new Date(now.getTime() + 45_000);
      expect(await two.deliveries.claim('cron:x', 'C1', 'other', 60_000)).toMatchObject({ claimed: false, reason: 'leased' });
    });

    it('never claims a delivery again once it was sent, and records articles, progress and the cleared error', async () => {
      const one = await instance();
      const two = await instance();
      await one.subscriptions.upsert('C1', [], 'command');
      await one.deliveries.claim('cron:a', 'C1', 'me', 60_000);
      await one.deliveries.startPosting('cron:a', 'C1', plan);
      await one.deliveries.recordFailure('cron:a', 'C1', 'chat.postMessage in C1: not_in_channel — invite it', true);
      expect((await two.subscriptions.get('C1'))!).toMatchObject({ lastError: expect.stringMatching(/not_in_channel/), lastErrorAt: now.toISOString() });
      expect(await two.deliveries.claim('cron:a', 'C1', 'other', 60_000)).toMatchObject({ claimed: false, reason: 'done' });

      now = new Date(now.getTime() + 1000);
      await one.deliveries.claim('cron:b', 'C1', 'me', 60_000);
      await one.deliveries.startPosting('cron:b', 'C1', plan);
      await one.deliveries.recordProgress('cron:b', 'C1', 1, '1.1');
      expect(await two.deliveries.getDelivery('cron:b', 'C1')).toMatchObject({ status: 'posting', partsPosted: 1, messageTs: '1.1', attempts: 1, plan });
      await one.deliveries.completeSent('cron:b', 'C1', plan, '1.1');
      expect([...(await two.deliveries.handledArticles('C1'))].sort()).toEqual(['a1', 'a2', 'old1']);
      expect(await two.subscriptions.get('C1')).toMatchObject({ lastError: null, lastErrorAt: null, baselinePending: false, lastSentAt: now.toISOString() });
      expect(await two.deliveries.getDelivery('cron:b', 'C1')).toMatchObject({
        status: 'sent',
        messageTs: '1.1',
        partsPosted: 2,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: now.toISOString(),
      });
      expect(await two.deliveries.claim('cron:b', 'C1', 'other', 60_000)).toMatchObject({ claimed: false, reason: 'done' });
    });

    it('a sent article stays sent when a later digest lists it as baseline; a baseline one becomes sent', async () => {
      const { deliveries } = await instance();
      await deliveries.claim('cron:a', 'C1', 'me', 60_000);
      await deliveries.completeEmpty('cron:a', 'C1', ['b1']);
      await deliveries.claim('cron:b', 'C1', 'me', 60_000);
      await deliveries.completeSent('cron:b', 'C1', { messages: [plan.messages[0]!], articleIds: ['b1', 's1'], baselineIds: [] }, '2.2');
      await deliveries.claim('cron:c', 'C1', 'me', 60_000);
      await deliveries.completeEmpty('cron:c', 'C1', ['s1', 'b2']);
      expect([...(await deliveries.handledArticles('C1'))].sort()).toEqual(['b1', 'b2', 's1']);
      expect(await deliveries.getDelivery('cron:c', 'C1')).toMatchObject({ status: 'empty', leaseOwner: null });
    });

    it('lists attempts that may be in Slack unrecorded, and not those another live run holds', async () => {
      const { deliveries } = await instance();
      await deliveries.claim('cron:a', 'C1', 'other', 60_000);
      await deliveries.startPosting('cron:a', 'C1', plan);
      await deliveries.claim('cron:0', 'C1', 'me', 60_000);
      await deliveries.startPosting('cron:0', 'C1', plan);
      await deliveries.recordFailure('cron:0', 'C1', 'timeout', false);
      expect(await deliveries.unresolved('C1', 'me')).toMatchObject({ resolvable: [{ slotId: 'cron:0', status: 'failed' }], leasedElsewhere: [{ slotId: 'cron:a' }] });
      now = new Date(now.getTime() + 120_000);
      expect(await deliveries.unresolved('C1', 'me')).toMatchObject({
        resolvable: [
          { slotId: 'cron:0', status: 'failed' },
          { slotId: 'cron:a', status: 'posting' },
        ],
        leasedElsewhere: [],
      });
      await deliveries.markAbandoned('cron:a', 'C1');
      expect((await deliveries.unresolved('C1', 'me')).resolvable.map((d) => d.slotId)).toEqual(['cron:0']);
    });

    it('records runs: the first kind and start are kept on a restart, newest slot first', async () => {
      const one = await instance();
      const two = await instance();
      await one.deliveries.startRun('cron:2024-05-01T01:00:00.000Z', 'scheduled', new Date('2024-05-01T01:00:00Z'));
      await one.deliveries.finishRun('cron:2024-05-01T01:00:00.000Z', 'failed', 'sent 1; stopped: invalid_auth');
      now = new Date(now.getTime() + 5000);
      await two.deliveries.startRun('cron:2024-05-01T01:00:00.000Z', 'catch-up', new Date('2024-05-01T01:00:00Z'));
      expect(await one.deliveries.getRun('cron:2024-05-01T01:00:00.000Z')).toEqual({
        slotId: 'cron:2024-05-01T01:00:00.000Z',
        kind: 'scheduled',
        slotTime: '2024-05-01T01:00:00.000Z',
        startedAt: '2024-05-01T01:00:00.000Z',
        finishedAt: null,
        status: 'running',
        summary: 'sent 1; stopped: invalid_auth',
      });
      await two.deliveries.finishRun('cron:2024-05-01T01:00:00.000Z', 'done', 'sent 2');
      await two.deliveries.startRun('manual:2024-05-02T03:00:00.000Z', 'manual', new Date('2024-05-02T03:00:00Z'));
      await two.deliveries.startRun('cron:2024-04-30T01:00:00.000Z', 'catch-up', new Date('2024-04-30T01:00:00Z'));
      expect((await one.deliveries.recentRuns()).map((r) => [r.slotId, r.status])).toEqual([
        ['manual:2024-05-02T03:00:00.000Z', 'running'],
        ['cron:2024-05-01T01:00:00.000Z', 'done'],
        ['cron:2024-04-30T01:00:00.000Z', 'running'],
      ]);
      expect(await one.deliveries.recentRuns(1)).toHaveLength(1);
      expect(await one.deliveries.getRun('cron:none')).toBeNull();
    });

    it('knows when the state was created, the same for every instance', async () => {
      const before = Date.now();
      const one = await instance();
      const two = await instance();
      const created = await one.deliveries.createdAt();
      expect(created.getTime()).toBeGreaterThanOrEqual(before - 60_000);
      expect(await two.deliveries.createdAt()).toEqual(created);
    });
  });

  describe('post pace', () => {
    it('hands out post times an interval apart, never in the past, across two instances', async () => {
      const one = await instance();
      const two = await instance();
      expect(await one.postPace.reserve('chat.postMessage', 200)).toBe(0);
      expect(await two.postPace.reserve('chat.postMessage', 200)).toBe(200);
      expect(await one.postPace.reserve('chat.postMessage', 300)).toBe(400);
      // Another limit has its own pace.
      expect(await two.postPace.reserve('other', 200)).toBe(0);
      // After a quiet spell the next post may go at once: unused time is not saved up as a burst.
      now = new Date(now.getTime() + 10_000);
      expect(await two.postPace.reserve('chat.postMessage', 200)).toBe(0);
      expect(await one.postPace.reserve('chat.postMessage', 200)).toBe(200);
    });

    it('gives each of many concurrent reservations its own time', async () => {
      const one = await instance();
      const two = await instance();
      const waits = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).postPace.reserve('chat.postMessage', 100)));
      expect([...waits].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i * 100));
    });
  });

  describe('seen events', () => {
    it('answers "first" once per event id, across two instances', async () => {
      const one = await instance();
      const two = await instance();
      expect(await one.seenEvents.firstSighting('Ev1')).toBe(true);
      expect(await two.seenEvents.firstSighting('Ev1')).toBe(false);
      expect(await one.seenEvents.firstSighting('Ev1')).toBe(false);
      expect(await two.seenEvents.firstSighting('Ev2')).toBe(true);
    });

    it('of many retries of one event racing through two instances, exactly one is answered', async () => {
      const one = await instance();
      const two = await instance();
      const offers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).seenEvents.firstSighting('EvRace')));
      expect(offers.filter(Boolean)).toHaveLength(1);
    });

    it('counts an id as new again once the dedupe window has passed', async () => {
      const { seenEvents } = await instance();
      expect(await seenEvents.firstSighting('Ev1')).toBe(true);
      now = new Date(now.getTime() + 23 * 60 * 60 * 1000);
      expect(await seenEvents.firstSighting('Ev1')).toBe(false);
      now = new Date(now.getTime() + 2 * 24 * 60 * 60 * 1000);
      expect(await seenEvents.firstSighting('Ev1')).toBe(true);
      expect(await seenEvents.firstSighting('Ev1')).toBe(false);
    });
  });
});
