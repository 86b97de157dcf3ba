// The schema's migrations: each one applies on top of the ones before it, and a state folder made
// by an older healthnews is brought forward with its data kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStateDatabase } from '../../src/store/database.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { SubscriptionStore } from '../../src/store/subscription-store.ts';

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
