// The PostgreSQL connection: start-up failures as one line naming DATABASE_URL (never the
// password), and statements that survive a dropped connection and a server restart.
import net from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StateDatabaseError } from '../../../src/store/database.ts';
import { connectPostgres, type PostgresDatabase } from '../../../src/store/postgres/connection.ts';
import { openPostgresStateStore } from '../../../src/store/postgres/postgres-state-store.ts';
import type { StateStore } from '../../../src/store/state-store.ts';
import { createTestDatabase, postgresServerUrl, postgresSkipReason } from '../../helpers/postgres.ts';
import { startPostgresServer, type PostgresServer } from '../../helpers/postgres-server.ts';


/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startFailure(url: string): Promise<Error> {
  try {
    await openPostgresStateStore(url);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the start to fail');
}

describe('DATABASE_URL at start', () => {
  it('names DATABASE_URL and where it points when the server is unreachable, and never prints the password', async () => {
    const port = await closedPort();
    const error = await startFailure(`postgres://bot:s3cr%40t-P4ss@127.0.0.1:${port}/healthnews`);
    expect(error).toBeInstanceOf(StateDatabaseError);
    expect(error.message).toMatch(new RegExp(`^DATABASE_URL: cannot use PostgreSQL at postgres://bot@127\\.0\\.0\\.1:${port}/healthnews: .*ECONNREFUSED.*; check that the server is running`));
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).not.toContain('s3cr');
    expect(error.message).not.toContain('P4ss');
  });

  it('says how to write the URL when it is not one, without repeating it', async () => {
    // libpq's keyword form is a common paste; the URL form is what we take.
    const error = await startFailure('host=db.internal user=bot password=s3cret-pass dbname=healthnews');
    expect(error.message).toMatch(/^DATABASE_URL: is not a URL; write it as postgres:\/\/user:password@host:5432\/database/);
    expect(error.message).not.toContain('s3cret');
    const wrongScheme = await startFailure('mysql://bot:s3cret-pass@db/healthnews');
    expect(wrongScheme.message).toMatch(/^DATABASE_URL: must start with postgres:\/\/ \(it starts with mysql:\/\/\)/);
    expect(wrongScheme.message).not.toContain('s3cret');
  });

  it.skipIf(postgresSkipReason !== null)('says to create the database when it does not exist', async () => {
    const url = new URL(postgresServerUrl());
    url.pathname = '/no_such_database';
    expect((await startFailure(url.toString())).message).toMatch(/^DATABASE_URL: cannot use PostgreSQL at .*\/no_such_database: database "no_such_database" does not exist.*; create the database/);
  });
});

describe.skipIf(postgresSkipReason !== null)('a lost connection', () => {
  const opened: Array<PostgresDatabase | StateStore> = [];
  afterEach(async () => {
    for (const item of opened.splice(0)) await item.close();
  });

  /** Ends, from outside, the server process running the first statement that matches `marker`, once it runs. */
  async function killWhenRunning(url: string, marker: string): Promise<void> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      for (;;) {
        const { rows } = await admin.query<{ killed: boolean }>(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()`,
          [`%${marker}%`],
        );
        if (rows.some((r) => r.killed)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await admin.end();
    }
  }

  it('retries a transaction whose connection was killed mid-way, from the start, and it commits once', async () => {
    const url = await createTestDatabase();
    const warnings: string[] = [];
    const db = await connectPostgres(url, { onWarning: (w) => warnings.push(w), retry: { initialDelayMs: 20 } });
    opened.push(db);
    await db.query('CREATE TABLE notes (n integer)');
    let tries = 0;
    const writing = db.transaction(async (client) => {
      tries++;
      await client.query('INSERT INTO notes VALUES (1)');
      if (tries === 1) await client.query('SELECT pg_sleep(30) /* kill-me */');
    });
    await killWhenRunning(url, 'kill-me');
    await writing;
    expect(tries).toBe(2);
    expect((await db.query('SELECT count(*)::integer AS n FROM notes')).rows).toEqual([{ n: 1 }]);
    expect(warnings.some((w) => /terminating connection.*retrying in \d+ ms/.test(w))).toBe(true);
  });

  it('does not retry a statement that is wrong, only one whose connection failed', async () => {
    const db = await connectPostgres(await createTestDatabase(), { retry: { initialDelayMs: 20 } });
    opened.push(db);
    await expect(db.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
  });

  describe('a PostgreSQL restart in the middle of writes', () => {
    let server: PostgresServer;
    afterAll(() => server?.stop());

    it('holds the writes made while the server is down and completes them, once, when it is back', async () => {
      server = await startPostgresServer();
      const url = await server.createDatabase();
      const warnings: string[] = [];
      const store = await openPostgresStateStore(url, { onWarning: (w) => warnings.push(w) });
      opened.push(store);
      await store.subscriptions.upsert('C1', [], 'command');
      await store.deliveries.claim('cron:x', 'C1', 'me', 60_000);
      const restarting = server.restart({ downMs: 700 }); // stopped (immediate, as a crash) before this returns
      const writes = Promise.all([
        store.deliveries.completeEmpty('cron:x', 'C1', ['a1']),
        store.seenEvents.firstSighting('Ev1'),
        store.subscriptions.upsert('C2', [], 'command'),
      ]);
      await restarting;
      const [, first, created] = await writes;
      expect([first, created]).toEqual([true, 'created']);
      expect(await store.deliveries.getDelivery('cron:x', 'C1')).toMatchObject({ status: 'empty' });
      expect([...(await store.deliveries.handledArticles('C1'))]).toEqual(['a1']);
      expect(await store.seenEvents.firstSighting('Ev1')).toBe(false);
      expect(warnings.some((w) => /retrying in \d+ ms/.test(w))).toBe(true);
    });
  });
});
