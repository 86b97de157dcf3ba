import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStateDatabase, StateDatabaseError } from '../../src/store/database.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { SubscriptionStore } from '../../src/store/subscription-store.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-db-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const sichuan = { province: '四川', city: null, county: null, label: '四川' };

describe('openStateDatabase', () => {
  it('creates DATA_DIR and the database on first run, in WAL mode, at the latest schema version', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const db = openStateDatabase(dataDir);
    expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('keeps subscriptions across a restart and does not re-run migrations', () => {
    const dataDir = tempDir();
    const first = openStateDatabase(dataDir);
    new SubscriptionStore(first).upsert('C0123', [sichuan], 'command', 'U1');
    first.close();
    const second = openStateDatabase(dataDir);
    expect(new SubscriptionStore(second).list().map((s) => [s.channel, s.regions[0]?.label])).toEqual([['C0123', '四川']]);
    second.close();
  });

  it('refuses a database written by a newer healthnews, saying what to do', () => {
    const dataDir = tempDir();
    const db = openStateDatabase(dataDir);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => openStateDatabase(dataDir)).toThrow(StateDatabaseError);
    expect(() => openStateDatabase(dataDir)).toThrow(/newer than this healthnews knows.*upgrade healthnews or use another DATA_DIR/);
  });

  it('read-only opening of a missing database creates nothing', () => {
    const dataDir = path.join(tempDir(), 'absent');
    expect(openStateDatabase(dataDir, { readonly: true })).toBeNull();
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('names DATA_DIR when the folder cannot be created', () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'x');
    expect(() => openStateDatabase(path.join(file, 'data'))).toThrow(/DATA_DIR: cannot create .*writable folder/);
  });
});
