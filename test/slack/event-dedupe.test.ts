// Event dedupe: the in-memory version, and the SQLite one the bot uses, which survives a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundedSeenEvents, createMemorySeenEvents, type SeenEvents } from '../../src/slack/event-dedupe.ts';
import { createSqliteStateStore } from '../../src/store/sqlite-state-store.ts';
import { openStateDatabase } from '../../src/store/database.ts';

describe('createMemorySeenEvents', async () => {
  it('says yes once per event id', async () => {
    const seen = createMemorySeenEvents();
    expect([await seen.firstSighting('Ev1'), await seen.firstSighting('Ev1'), await seen.firstSighting('Ev2')]).toEqual([true, false, true]);
  });

  it('forgets ids after the time to live', async () => {
    let clock = 0;
    const seen = createMemorySeenEvents({ ttlMs: 1000, now: () => clock });
    await seen.firstSighting('Ev1');
    clock = 999;
    expect(await seen.firstSighting('Ev1')).toBe(false);
    clock = 2000;
    expect(await seen.firstSighting('Ev1')).toBe(true);
  });

  it('keeps at most maxEntries ids, forgetting the oldest', async () => {
    const seen = createMemorySeenEvents({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) await seen.firstSighting(id);
    expect(await seen.firstSighting('d')).toBe(false);
    expect(await seen.firstSighting('a')).toBe(true);
  });
});

describe('the SQLite state store\'s seen events', async () => {
  it('says yes once per event id, also to a new process over the same DATA_DIR', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'healthnews-seen-'));
    const before = openStateDatabase(dataDir);
    const seen = createSqliteStateStore(before).seenEvents;
    expect([await seen.firstSighting('Ev1'), await seen.firstSighting('Ev1'), await seen.firstSighting('Ev2')]).toEqual([true, false, true]);
    before.close();
    const after = openStateDatabase(dataDir);
    const again = createSqliteStateStore(after).seenEvents;
    expect([await again.firstSighting('Ev1'), await again.firstSighting('Ev2'), await again.firstSighting('Ev3')]).toEqual([false, false, true]);
    after.close();
  });

  it('forgets ids after the time to live and deletes old rows, so the table does not grow forever', async () => {
    const db = openStateDatabase(':memory:');
    let clock = 1_000_000;
    const seen = createSqliteStateStore(db, { seenEvents: { ttlMs: 1000, pruneEveryMs: 0, now: () => clock } }).seenEvents;
    for (const id of ['a', 'b', 'c']) await seen.firstSighting(id);
    clock += 999;
    expect(await seen.firstSighting('a')).toBe(false);
    clock += 2000;
    expect(await seen.firstSighting('d')).toBe(true); // prunes a, b, c
    expect(db.prepare('SELECT event_id FROM seen_events ORDER BY event_id').all()).toEqual([{ event_id: 'd' }]);
    expect(await seen.firstSighting('a')).toBe(true);
  });

  it('treats an expired id as new even before the next prune', async () => {
    const db = openStateDatabase(':memory:');
    let clock = 0;
    const seen = createSqliteStateStore(db, { seenEvents: { ttlMs: 1000, pruneEveryMs: 60_000, now: () => clock } }).seenEvents;
    await seen.firstSighting('a');
    clock = 5000;
    expect(await seen.firstSighting('a')).toBe(true);
    expect(await seen.firstSighting('a')).toBe(false);
  });
});

describe('boundedSeenEvents', () => {
  const never: SeenEvents = { firstSighting: () => new Promise(() => {}) };

  it('passes the store\'s answer through when it comes in time', async () => {
    const seen = boundedSeenEvents(createMemorySeenEvents(), { timeoutMs: 1000 });
    expect([await seen.firstSighting('Ev1'), await seen.firstSighting('Ev1')]).toEqual([true, false]);
  });

  it('answers "first" when the store does not answer in time (a database restarting), and says so', async () => {
    const warnings: string[] = [];
    const seen = boundedSeenEvents(never, { timeoutMs: 20, logger: { warn: (line: string) => warnings.push(line) } });
    expect(await seen.firstSighting('Ev1')).toBe(true);
    expect(warnings.join('\n')).toMatch(/event Ev1: the state store did not answer within 20 ms; answering/);
  });

  it('answers "first" when the store fails', async () => {
    const warnings: string[] = [];
    const failing: SeenEvents = { firstSighting: async () => Promise.reject(new Error('connection refused')) };
    const seen = boundedSeenEvents(failing, { timeoutMs: 1000, logger: { warn: (line: string) => warnings.push(line) } });
    expect(await seen.firstSighting('Ev1')).toBe(true);
    expect(warnings.join('\n')).toContain('connection refused');
  });
});
