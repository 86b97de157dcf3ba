// Where the state goes: SQLite under DATA_DIR without DATABASE_URL, PostgreSQL with it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/store/open-state-store.ts';
import type { StateStore } from '../../src/store/state-store.ts';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.ts';
import type { StateLocation } from '../../src/store/open-state-store.ts';

const cleanUp: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanUp.splice(0).reverse()) await step();
});

async function opened(store: StateStore): Promise<StateStore> {
  cleanUp.push(() => store.close());
  return store;
}

describe('openStateStore', () => {
  it('keeps the state in DATA_DIR/healthnews.sqlite when DATABASE_URL is not set', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-open-'));
    cleanUp.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const store = await opened(await openStateStore({ databaseUrl: null, dataDir }));
    await store.subscriptions.upsert('C1', [], 'command');
    expect(store.location).toBe(path.join(dataDir, 'healthnews.sqlite'));
    expect(fs.existsSync(store.location)).toBe(true);
  });

  it.skipIf(postgresSkipReason !== null)('keeps it in PostgreSQL when DATABASE_URL is set, and DATA_DIR gets no state file', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-open-'));
    cleanUp.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const url = new URL(await createTestDatabase());
    url.password = 'unused-by-trust-auth';
    const store = await opened(await openStateStore({ databaseUrl: url.toString(), dataDir }));
    await store.subscriptions.upsert('C1', [], 'command');
    expect(store.location).toBe(`postgres://postgres@127.0.0.1:${url.port}${url.pathname}`);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-open-'));
  cleanUp.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What a read-only opening must not have created: the SQLite file, or any table. */
async function leftBehind(location: StateLocation): Promise<string[]> {
  if (!location.databaseUrl) return fs.existsSync(location.dataDir) ? fs.readdirSync(location.dataDir) : [];
  const client = new pg.Client({ connectionString: location.databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
  await client.end();
  return rows.map((r) => r.table_name);
}

const backends = [
  { name: 'sqlite', skip: null, location: async (): Promise<StateLocation> => ({ databaseUrl: null, dataDir: path.join(tempDir(), 'data') }) },
  { name: 'postgres', skip: postgresSkipReason, location: async (): Promise<StateLocation> => ({ databaseUrl: await createTestDatabase(), dataDir: tempDir() }) },
];

describe.each(backends)('openStateStore read-only on $name (digest --dry-run)', ({ skip, location }) => {
  it.skipIf(skip !== null)('finds no state in a new place and creates none', async () => {
    const where = await location();
    expect(await openStateStore(where, { readonly: true })).toBeNull();
    expect(await leftBehind(where)).toEqual([]);
  });

  it.skipIf(skip !== null)('reads what an instance wrote, and refuses to write', async () => {
    const where = await location();
    const writer = await opened(await openStateStore(where));
    await writer.subscriptions.upsert('C1', [], 'command');
    const reader = await opened((await openStateStore(where, { readonly: true }))!);
    expect((await reader.subscriptions.list()).map((s) => s.channel)).toEqual(['C1']);
    await expect(reader.subscriptions.upsert('C2', [], 'command')).rejects.toThrow(/read-?only/i);
    expect((await writer.subscriptions.list()).map((s) => s.channel)).toEqual(['C1']);
  });
});
