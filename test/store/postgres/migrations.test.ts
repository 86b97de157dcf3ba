// PostgreSQL migrations: once under a lock when instances start together, a newer schema refused
// with a line saying so, and the tables kept in step with the SQLite schema.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDatabase, StateDatabaseError } from '../../../src/store/database.ts';
import { POSTGRES_MIGRATIONS } from '../../../src/store/postgres/migrations.ts';
import { openPostgresStateStore } from '../../../src/store/postgres/postgres-state-store.ts';
import type { StateStore } from '../../../src/store/state-store.ts';
import { createTestDatabase, postgresSkipReason } from '../../helpers/postgres.ts';


const stores: StateStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function sql<Row extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Columns PostgreSQL has that SQLite has not, each with the reason. */
const POSTGRES_ONLY = new Set([
  'schema_migrations.version', // SQLite keeps its version in PRAGMA user_version
  'schema_migrations.applied_at',
  'seen_events.claim_token', // lets a retried insert recognise its own first try
]);

describe.skipIf(postgresSkipReason !== null)('PostgreSQL migrations', () => {
  it('run exactly once when four instances start against an empty database at the same moment', async () => {
    const url = await createTestDatabase();
    const opened = await Promise.all(Array.from({ length: 4 }, () => openPostgresStateStore(url)));
    stores.push(...opened);
    const versions = await sql<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => v.version)).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1));
    // Every instance works on the one schema.
    await opened[0]!.subscriptions.upsert('C1', [], 'command');
    expect((await opened[3]!.subscriptions.list()).map((s) => s.channel)).toEqual(['C1']);
  });

  it('leave an up-to-date database as it is on the next start', async () => {
    const url = await createTestDatabase();
    const first = await openPostgresStateStore(url);
    await first.subscriptions.upsert('C1', [], 'command');
    await first.close();
    stores.push(await openPostgresStateStore(url));
    expect((await stores[0]!.subscriptions.list()).map((s) => s.channel)).toEqual(['C1']);
    expect(await sql(url, 'SELECT version FROM schema_migrations')).toHaveLength(POSTGRES_MIGRATIONS.length);
  });

  it('refuse a schema written by a newer healthnews, with one line saying what to do', async () => {
    const url = await createTestDatabase();
    await (await openPostgresStateStore(url)).close();
    await sql(url, 'INSERT INTO schema_migrations (version) VALUES ($1)', [POSTGRES_MIGRATIONS.length + 3]);
    const opening = openPostgresStateStore(url);
    await expect(opening).rejects.toThrow(StateDatabaseError);
    await expect(openPostgresStateStore(url, { readonly: true })).rejects.toThrow(/newer than this healthnews knows/);
    await expect(opening).rejects.toThrow(
      new RegExp(`^DATABASE_URL: the schema at postgres://postgres@127\\.0\\.0\\.1:\\d+/\\w+ is version ${POSTGRES_MIGRATIONS.length + 3}, newer than this healthnews knows \\(${POSTGRES_MIGRATIONS.length}\\); upgrade healthnews or point DATABASE_URL at another database$`),
    );
  });

  it('give PostgreSQL the same tables and columns as the SQLite schema', async () => {
    const url = await createTestDatabase();
    stores.push(await openPostgresStateStore(url));
    const pgColumns = (
      await sql<{ table_name: string; column_name: string }>(
        url,
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
      )
    )
      .map((c) => `${c.table_name}.${c.column_name}`)
      .filter((c) => !POSTGRES_ONLY.has(c))
      .sort();
    const db = openStateDatabase(':memory:');
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    const sqliteColumns = tables
      .flatMap(({ name }) => (db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((c) => `${name}.${c.name}`))
      .sort();
    db.close();
    expect(pgColumns).toEqual(sqliteColumns);
  });
});
