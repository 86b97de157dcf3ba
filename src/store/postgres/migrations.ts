// The PostgreSQL state schema, as an ordered list of migrations (the PostgreSQL twin of
// ../migrations.ts, whose tables and columns it mirrors; test/store/postgres/migrations.test.ts
// fails when the two drift apart). Never edit a shipped migration: append one. Applied versions are
// rows of `schema_migrations`; two instances starting at once take turns on an advisory lock, so
// each migration runs exactly once.
import { StateDatabaseError } from '../database.ts';
import type { PostgresDatabase, Queryable } from './connection.ts';

type Migration = (client: Queryable) => Promise<void>;

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  // 1: everything SQLite has at its version 2: subscriptions, runs, deliveries, what each channel
  // has had, and the Events API deliveries already answered. `seen_events.claim_token` is
  // PostgreSQL's own: it lets a retried insert recognise its own first try (see seen-event-store.ts).
  async (client) => {
    await client.query(`
      CREATE TABLE meta (
        key   text PRIMARY KEY,
        value text NOT NULL
      );
      CREATE TABLE subscriptions (
        channel          text PRIMARY KEY,
        regions          jsonb NOT NULL,                -- RegionFilter[]; [] means every region
        source           text NOT NULL CHECK (source IN ('command', 'env')),
        created_by       text,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        baseline_pending boolean NOT NULL DEFAULT true,
        last_error       text,
        last_error_at    timestamptz,
        last_sent_at     timestamptz
      );
      CREATE TABLE digest_runs (
        slot_id     text PRIMARY KEY,
        kind        text NOT NULL,
        slot_time   timestamptz NOT NULL,
        started_at  timestamptz NOT NULL,
        finished_at timestamptz,
        status      text NOT NULL,
        summary     text
      );
      CREATE INDEX digest_runs_by_slot_time ON digest_runs (slot_time DESC);
      CREATE TABLE deliveries (
        slot_id      text NOT NULL,
        channel      text NOT NULL,
        status       text NOT NULL,
        lease_owner  text,
        lease_until  bigint,                            -- epoch ms
        attempts     integer NOT NULL DEFAULT 0,
        plan         json,                              -- DeliveryPlan, kept as written
        message_ts   text,
        parts_posted integer NOT NULL DEFAULT 0,
        error        text,
        updated_at   timestamptz NOT NULL,
        PRIMARY KEY (slot_id, channel)
      );
      CREATE INDEX deliveries_by_channel ON deliveries (channel, status);
      CREATE TABLE channel_articles (
        channel     text NOT NULL,
        article_id  text NOT NULL,
        status      text NOT NULL,
        slot_id     text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (channel, article_id)
      );
      CREATE TABLE seen_events (
        event_id    text PRIMARY KEY,
        seen_at     bigint NOT NULL,                    -- epoch ms
        claim_token text NOT NULL
      );
      CREATE INDEX seen_events_by_time ON seen_events (seen_at);
    `);
    await client.query('INSERT INTO meta (key, value) VALUES ($1, $2)', ['created_at', new Date().toISOString()]);
  },
  // 2: topics and cadence per subscription, as SQLite's migration 3. Every subscription made before
  // them keeps what it had: all articles of its regions, once a day.
  async (client) => {
    await client.query(`
      ALTER TABLE subscriptions
        ADD COLUMN topics  jsonb NOT NULL DEFAULT '[]',  -- string[] (normalised); [] = every article
        ADD COLUMN cadence text NOT NULL DEFAULT 'daily' CHECK (cadence IN ('instant', 'daily', 'workdays', 'weekly'));
    `);
  },
  // 3: the workspace's post pace, shared by every instance, as SQLite's migration 4.
  async (client) => {
    await client.query(`
      CREATE TABLE post_pace (
        name    text PRIMARY KEY,                   -- which limit: 'chat.postMessage'
        next_at bigint NOT NULL                     -- epoch ms: the next post may go out then
      );
    `);
  },
];

/** Any constant works as long as nothing else using this database takes the same advisory lock. */
const MIGRATION_LOCK = 0x6865616c74686e; // "healthn"

/**
 * Brings the schema up to date, holding a session advisory lock so that of two instances starting
 * together one migrates while the other waits, then finds nothing left to do. Refuses a schema newer
 * than this build knows, with a line saying what to do.
 */
export async function migratePostgres(db: PostgresDatabase): Promise<void> {
  const migrations = POSTGRES_MIGRATIONS;
  await db.withClient(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number }>('SELECT COALESCE(max(version), 0)::integer AS version FROM schema_migrations');
      const current = rows[0]!.version;
      refuseNewer(db, current);
      for (let index = current; index < migrations.length; index++) {
        await client.query('BEGIN');
        try {
          await migrations[index]!(client);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [index + 1]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    }
  });
}

function refuseNewer(db: PostgresDatabase, version: number): void {
  if (version > POSTGRES_MIGRATIONS.length) {
    throw new StateDatabaseError(
      `DATABASE_URL: the schema at ${db.location} is version ${version}, newer than this healthnews knows (${POSTGRES_MIGRATIONS.length}); upgrade healthnews or point DATABASE_URL at another database`,
    );
  }
}

/**
 * For read-only use: the schema's version without changing anything, or null when no healthnews
 * schema is there yet. Refuses a newer schema as {@link migratePostgres} does.
 */
export async function checkPostgresSchema(db: PostgresDatabase): Promise<number | null> {
  const { rows: present } = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!present[0]!.present) return null;
  const { rows } = await db.query<{ version: number }>('SELECT COALESCE(max(version), 0)::integer AS version FROM schema_migrations');
  const version = rows[0]!.version;
  refuseNewer(db, version);
  return version === 0 ? null : version;
}
