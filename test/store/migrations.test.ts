// The schema's migrations: each one applies on top of the ones before it, and a state folder made
// by an older healthnews is brought forward with its data kept. Migration 3 (topics and cadence) is
// also run on a real state file from before it: test/fixtures/state/healthnews-v2.sqlite was written
// by main's store code at schema version 2 (three subscriptions — two by command, one from
// DIGEST_CHANNELS — and one digest sent to C0OLDSICH on 2024-09-20).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStateDatabase } from '../../src/store/database.ts';
import { DeliveryStore } from '../../src/store/delivery-store.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { SubscriptionStore } from '../../src/store/subscription-store.ts';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'state', 'healthnews-v2.sqlite');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('MIGRATIONS', () => {
  it('apply in order, each adding to what the ones before it made', () => {
    const db = new Database(':memory:');
    let before: string[] = [];
    for (const migrate of MIGRATIONS) {
      migrate(db);
      const after = tables(db);
      expect(after.length).toBeGreaterThanOrEqual(before.length);
      for (const table of before) expect(after).toContain(table);
      before = after;
    }
    expect(before).toEqual(expect.arrayContaining(['subscriptions', 'digest_runs', 'deliveries', 'channel_articles', 'seen_events']));
    db.close();
  });

  it('bring a state folder from the first schema to the latest, keeping its subscriptions', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-migrate-'));
    dirs.push(dataDir);
    const old = new Database(path.join(dataDir, DATABASE_FILE));
    MIGRATIONS[0]!(old);
    old.pragma('user_version = 1');
    old
      .prepare('INSERT INTO subscriptions (channel, regions, source, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run('C0OLD', JSON.stringify([{ province: '四川', city: null, county: null, label: '四川' }]), 'command', 'U1', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');
    old.close();
    const db = openStateDatabase(dataDir);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(tables(db)).toContain('seen_events');
    expect(new SubscriptionStore(db).list().map((s) => [s.channel, s.regions[0]?.label])).toEqual([['C0OLD', '四川']]);
    db.close();
  });
});

function oldDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-migrate-'));
  dirs.push(dir);
  fs.copyFileSync(FIXTURE, path.join(dir, DATABASE_FILE));
  return dir;
}

describe('migration 3: topics and cadence', () => {
  it('opens a version-2 database without loss: every subscription kept, daily, no topics', () => {
    const dataDir = oldDataDir();
    const db = openStateDatabase(dataDir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const subs = new SubscriptionStore(db).list();
      expect(
        subs.map((s) => ({
          channel: s.channel,
          regions: s.regions.map((r) => r.label),
          topics: s.topics,
          cadence: s.cadence,
          source: s.source,
          createdBy: s.createdBy,
          baselinePending: s.baselinePending,
        })),
      ).toEqual([
        { channel: 'C0OLDALL', regions: [], topics: [], cadence: 'daily', source: 'env', createdBy: null, baselinePending: true },
        { channel: 'C0OLDCITY', regions: ['成都'], topics: [], cadence: 'daily', source: 'command', createdBy: 'U0BOB', baselinePending: true },
        { channel: 'C0OLDSICH', regions: ['四川', '广东'], topics: [], cadence: 'daily', source: 'command', createdBy: 'U0ALICE', baselinePending: false },
      ]);
      // What was sent stays sent: the next digest repeats none of it.
      const deliveries = new DeliveryStore(db);
      expect([...deliveries.handledArticles('C0OLDSICH')].sort()).toEqual(['old-article-0', 'old-article-1', 'old-article-2']);
      expect(deliveries.getRun('cron:2024-09-20T01:00:00.000Z')?.status).toBe('done');
      expect(subs.find((s) => s.channel === 'C0OLDSICH')?.lastSentAt).not.toBeNull();
    } finally {
      db.close();
    }
  });

  it('a migrated subscription changes like a new one, and the file opens again unchanged', () => {
    const dataDir = oldDataDir();
    const db = openStateDatabase(dataDir);
    const store = new SubscriptionStore(db);
    expect(store.upsert('C0OLDSICH', store.get('C0OLDSICH')!.regions, 'command', 'U0ALICE', { topics: ['电子病历'], cadence: 'weekly' })).toBe('updated');
    db.close();
    const again = openStateDatabase(dataDir);
    try {
      const sub = new SubscriptionStore(again).get('C0OLDSICH')!;
      expect([sub.topics, sub.cadence, sub.baselinePending]).toEqual([['电子病历'], 'weekly', true]);
    } finally {
      again.close();
    }
  });
});
