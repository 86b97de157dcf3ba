// What runDigest (src/digest/digest-run.ts) promises across instances, with real processes on one
// real PostgreSQL database: the channels of a slot are shared between the instances running it, and
// when one is killed with SIGKILL in the middle of a thread, the other (or the next start's
// catch-up) takes its channels over once their leases run out and finishes them, so every channel ends with its
// digest exactly once: no part missing, none twice, the thread whole. A scenario of the run rather
// than a module's unit test, so named for the scenario like its neighbours digest-fan-out and
// digest-postgres-restart (and as the in-process two-instance test,
// test/slack/integration/instances.test.ts, points to it). The instances are
// test/helpers/digest-instance.ts (the digest service as the bot builds it, in a process of its
// own), posting to the Web API stand-in at limits scaled up so a run takes a couple of seconds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cronSlot, planDigest } from '../../src/digest/digest-run.ts';
import type { Article } from '../../src/pages/article.ts';
import { digestMessages } from '../../src/slack/blocks/digest-blocks.ts';
import { openStateStore } from '../../src/store/open-state-store.ts';
import type { StateStore } from '../../src/store/state-store.ts';
import { allDone, startDigestInstance, type DigestInstance, type InstanceSettings } from '../helpers/digest-instance-process.ts';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.ts';
import { blockNetwork } from '../helpers/slack-harness.ts';
import { startWebApiStandIn, type StandIn } from '../helpers/web-api-stand-in.ts';
import { article, region } from './articles.ts';

const PROVINCES = ['四川', '广东', '北京', '上海', '浙江'];
const CHANNELS = 60;
/** Short leases, so a killed instance's channels are taken over within seconds (the bot's are two minutes). */
const LEASE_MS = 2_000;
/**
 * Scaled limits: 50 posts a second across the workspace, one post per 250 ms in a channel; the
 * instances pace to 40/s together and 300 ms per channel, so a five-part thread takes over a second
 * and there is a moment to kill an instance inside one.
 */
const LIMITS = { workspaceLimit: 50, workspaceWindowMs: 1_000, channelIntervalMs: 250 };
const RATE = { perSecond: 40, channelIntervalMs: 300 };
/**
 * Channels each instance serves at once. The bot's 64 would let the first instance to reach Slack
 * claim all 60 channels before the other posts once; with a thousand channels (the benchmark) the
 * 64 are a small share each, as 8 of 60 are here.
 */
const CONCURRENCY = 8;

let slack: StandIn;
/** The test's own connection to the database, closed after each test. */
let store: StateStore | undefined;
let dir: string;
const instances: DigestInstance[] = [];

beforeEach(async () => {
  if (postgresSkipReason !== null) return;
  blockNetwork();
  slack = await startWebApiStandIn({ limits: LIMITS });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-instances-'));
});

afterEach(async () => {
  if (postgresSkipReason !== null) return;
  await Promise.all(instances.splice(0).map((i) => i.kill()));
  await store?.close();
  store = undefined;
  await slack.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A database with CHANNELS subscriptions (every 10th takes every region: a top message and four
 * replies; the rest one province: one message), the articles in a file, and what each channel's
 * digest must be.
 */
async function setUp(): Promise<{ settings: Omit<InstanceSettings, 'waitForGo'>; planned: Map<string, number>; slotId: string; state: StateStore }> {
  const databaseUrl = await createTestDatabase();
  const state = await openStateStore({ databaseUrl, dataDir: dir });
  store = state;
  const articles: Article[] = Array.from({ length: 200 }, (_, i) =>
    article(`第${i}条:${PROVINCES[i % 5]}卫生信息化建设`.padEnd(120, '进'), '2014-11-06', region(PROVINCES[i % 5]!)),
  );
  for (let i = 0; i < CHANNELS; i++) {
    const province = PROVINCES[i % 5]!;
    const regions = i % 10 === 0 ? [] : [{ province, city: null, county: null, label: province }];
    await state.subscriptions.upsert(`C${String(i).padStart(6, '0')}`, regions, 'command', 'U1');
  }
  const planned = new Map<string, number>();
  for (const s of await state.subscriptions.list()) planned.set(s.channel, 1 + planDigest(articles, s, new Set(), digestMessages).messages!.replies.length);
  expect(Math.max(...planned.values())).toBe(5);
  const articlesFile = path.join(dir, 'articles.json');
  fs.writeFileSync(articlesFile, JSON.stringify(articles));
  // A slot a minute ago: its digests are looked for in the channels' history from then on.
  const slotTime = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
  return { settings: { databaseUrl, apiUrl: slack.apiUrl, slotTime, articlesFile, leaseMs: LEASE_MS, rate: RATE, concurrency: CONCURRENCY }, planned, slotId: cronSlot(slotTime, 'scheduled').id, state };
}

function start(name: string, settings: InstanceSettings): DigestInstance {
  const instance = startDigestInstance(name, settings);
  instances.push(instance);
  return instance;
}

/**
 * Waits until `instance` has posted `atLeast` messages and is inside a thread (a part between the
 * first and the last of a channel's digest is the last one it posted there), then SIGKILLs it.
 * Resolves with that channel and the parts the instance had posted in it.
 */
async function killInsideThread(instance: DigestInstance, planned: ReadonlyMap<string, number>, atLeast: number): Promise<{ channel: string; parts: number[] }> {
  let inside: string | null = null;
  await instance.waitFor(`${atLeast} posts and a thread in progress`, () => {
    const posted = instance.posted();
    if (posted.length < atLeast) return false;
    const last = new Map<string, number>();
    for (const p of posted) last.set(p.channel, p.part);
    // Two parts or more still to come, so the kill cannot land after the thread's end.
    inside = [...last].find(([channel, part]) => part >= 1 && part <= planned.get(channel)! - 3)?.[0] ?? null;
    return inside !== null;
  });
  await instance.kill();
  const channel = inside!;
  return { channel, parts: instance.posted().filter((p) => p.channel === channel).map((p) => p.part) };
}

/** Makes the state a day old, as a bot's is by the time a slot is missed. */
async function backdateState(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("UPDATE meta SET value = $1 WHERE key = 'created_at'", [new Date(Date.now() - 86_400_000).toISOString()]);
  } finally {
    await client.end();
  }
}

/** Every channel holds exactly its planned parts of `slotId`, each once, the replies in the top message's thread. */
function expectEachDigestOnce(planned: ReadonlyMap<string, number>, slotId: string): void {
  const wrong: string[] = [];
  for (const [channel, parts] of planned) {
    const posts = slack.posts(channel);
    const top = posts.find((m) => m.metadata?.event_payload.part === 0);
    const found = posts.map((m) => `${m.metadata?.event_payload.slot_id === slotId ? '' : 'other slot '}${m.metadata?.event_payload.part}${m.metadata?.event_payload.part === 0 || m.thread_ts === top?.ts ? '' : ' outside the thread'}`);
    const want = Array.from({ length: parts }, (_, part) => String(part));
    if (JSON.stringify([...found].sort()) !== JSON.stringify(want)) wrong.push(`${channel}: ${found.join(', ') || 'nothing'} (want parts ${want.join(', ')})`);
  }
  expect(wrong).toEqual([]);
}

describe('a digest run shared by instances on one PostgreSQL database', () => {
  it.skipIf(postgresSkipReason !== null)(
    'two instances share the slot; one SIGKILLed inside a thread, the other takes its channels over and every channel gets its digest once',
    async () => {
      const { settings, planned, slotId, state } = await setUp();
      const a = start('instance A', { ...settings, waitForGo: true });
      const b = start('instance B', { ...settings, waitForGo: true });
      await Promise.all([a, b].map((i) => i.waitFor('ready', (events) => events.some((e) => e.event === 'ready'))));
      // B joins once A has reached Slack, as an instance starting a moment later would: A then
      // holds threads (the broadest channels go first) for it to be killed inside, whatever the
      // two processes' start-up order on a busy machine.
      a.go();
      await a.waitFor('a first post', () => a.posted().length > 0);
      b.go();

      const interrupted = await killInsideThread(a, planned, 6);
      await allDone([b]);

      expectEachDigestOnce(planned, slotId);
      expect((await state.deliveries.getRun(slotId))?.status).toBe('done');
      const report = b.report()!;
      expect(report.aborted).toBeNull();
      expect(report.channels.map((c) => c.channel).sort()).toEqual([...planned.keys()].sort());
      expect(report.channels.filter((c) => c.outcome !== 'sent' && c.outcome !== 'skipped')).toEqual([]);
      // Both did part of the run: A posted before it died, B its own channels and then A's.
      const byA = new Set(a.posted().map((p) => p.channel));
      const byB = new Set(b.posted().map((p) => p.channel));
      expect(byA.size).toBeGreaterThan(0);
      expect([...byB].filter((c) => !byA.has(c)).length).toBeGreaterThan(0);
      // The thread A was killed in was finished by B, from where A stopped.
      const finishedByB = b.posted().filter((p) => p.channel === interrupted.channel).map((p) => p.part);
      expect(finishedByB.length).toBeGreaterThan(0);
      expect(Math.min(...finishedByB)).toBeGreaterThan(Math.max(...interrupted.parts));
    },
  );

  it.skipIf(postgresSkipReason !== null)('the only instance SIGKILLed inside a thread: the next start catches the slot up, nothing lost or doubled', async () => {
    const { settings, planned, slotId, state } = await setUp();
    // The state is older than the slot, as a running bot's is (slots before it were never "missed").
    await backdateState(settings.databaseUrl);
    const a = start('instance A', settings);
    // The next start boots meanwhile (loading the bot takes a second or two) and begins once A is
    // dead: with an owner of its own and the slot's time of day as its schedule, its start-up
    // catch-up finds the slot unfinished and runs it.
    const next = start('the next start', { ...settings, waitForGo: true, run: 'catch-up' });
    await next.waitFor('ready', (events) => events.some((e) => e.event === 'ready'));
    const interrupted = await killInsideThread(a, planned, 6);
    expect(slack.posts().length).toBeLessThan([...planned.values()].reduce((x, y) => x + y, 0));
    expect((await state.deliveries.getRun(slotId))?.status).toBe('running');

    next.go();
    await allDone([next]);

    expect(next.events).toContainEqual({ event: 'caught-up', slotId });
    expectEachDigestOnce(planned, slotId);
    expect((await state.deliveries.getRun(slotId))?.status).toBe('done');
    // The interrupted thread was found in Slack and continued from where A stopped, not posted afresh.
    const continued = next.posted().filter((p) => p.channel === interrupted.channel).map((p) => p.part);
    expect(continued.length).toBeGreaterThan(0);
    expect(Math.min(...continued)).toBeGreaterThan(Math.max(...interrupted.parts));
    // What A had finished is not touched again.
    const finishedByA = [...planned].filter(([channel, parts]) => a.posted().filter((p) => p.channel === channel).length === parts).map(([c]) => c);
    expect(finishedByA.length).toBeGreaterThan(0);
    for (const channel of finishedByA) expect(next.posted().some((p) => p.channel === channel), channel).toBe(false);
  });
});
