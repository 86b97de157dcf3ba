// Migration 3 (topics and cadence) on a real state file from before it: test/fixtures/state/
// healthnews-v2.sqlite was written by main's store code at schema version 2 (three subscriptions —
// two by command, one from DIGEST_CHANNELS — and one digest sent to C0OLDSICH on 2024-09-20).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
