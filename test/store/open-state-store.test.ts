// Where the state goes: SQLite under DATA_DIR without DATABASE_URL, PostgreSQL with it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/store/open-state-store.ts';
import type { StateStore } from '../../src/store/state-store.ts';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.ts';

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
