// Event dedupe: the in-memory version, and the SQLite one the bot uses, which survives a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemorySeenEvents, createSqliteSeenEvents } from '../../src/slack/event-dedupe.ts';
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

describe('createSqliteSeenEvents', async () => {
  it('says yes once per event id, also to a new process over the same DATA_DIR', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'healthnews-seen-'));
    const before = openStateDatabase(dataDir);
    const seen = createSqliteSeenEvents(before);
    expect([await seen.firstSighting('Ev1'), await seen.firstSighting('Ev1'), await seen.firstSighting('Ev2')]).toEqual([true, false, true]);
    before.close();
    const after = openStateDatabase(dataDir);
    const again = createSqliteSeenEvents(after);
    expect([await again.firstSighting('Ev1'), await again.firstSighting('Ev2'), await again.firstSighting('Ev3')]).toEqual([false, false, true]);
    after.close();
  });

  it('forgets ids after the time to live and deletes old rows, so the table does not grow forever', async () => {
    const db = openStateDatabase(':memory:');
    let clock = 1_000_000;
    const seen = createSqliteSeenEvents(db, { ttlMs: 1000, pruneEveryMs: 0, now: () => clock });
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
    const seen = createSqliteSeenEvents(db, { ttlMs: 1000, pruneEveryMs: 60_000, now: () => clock });
    await seen.firstSighting('a');
    clock = 5000;
    expect(await seen.firstSighting('a')).toBe(true);
    expect(await seen.firstSighting('a')).toBe(false);
  });
});
