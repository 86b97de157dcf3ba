// The StateStore on PostgreSQL, for more than one instance: connect, migrate (once, under a lock),
// and the three stores on one pool.
import type { SeenEventStoreOptions } from '../seen-event-store.ts';
import type { StateStore } from '../state-store.ts';
import { connectPostgres, startError, type PostgresOptions } from './connection.ts';
import { PostgresDeliveryStore } from './delivery-store.ts';
import { checkPostgresSchema, migratePostgres } from './migrations.ts';
import { PostgresPostPaceStore } from './post-pace-store.ts';
import { PostgresSeenEventStore } from './seen-event-store.ts';
import { PostgresSubscriptionStore } from './subscription-store.ts';
import { StateDatabaseError } from '../database.ts';

export interface PostgresStateStoreOptions extends PostgresOptions {
  /** Clock for leases and timestamps; tests inject one. Hosts sharing a database need synchronised clocks (NTP): leases are minutes long. */
  now?: () => Date;
  seenEvents?: SeenEventStoreOptions;
}

/**
 * Connects to `databaseUrl`, brings the schema up to date and returns the store. Every start-up
 * failure (unreachable, refused login, newer schema) is a {@link StateDatabaseError} of one line
 * naming DATABASE_URL, without the password.
 *
 * @example const store = await openPostgresStateStore(config.databaseUrl); await store.subscriptions.list();
 */
export function openPostgresStateStore(databaseUrl: string, options?: PostgresStateStoreOptions & { readonly?: false }): Promise<StateStore>;
/** Read only (`digest --dry-run`): never creates, migrates or writes; null when the database has no healthnews schema yet. */
export function openPostgresStateStore(databaseUrl: string, options: PostgresStateStoreOptions & { readonly: true }): Promise<StateStore | null>;
export async function openPostgresStateStore(databaseUrl: string, options: PostgresStateStoreOptions = {}): Promise<StateStore | null> {
  const db = await connectPostgres(databaseUrl, options);
  try {
    if (options.readonly) {
      if ((await checkPostgresSchema(db)) === null) {
        await db.close();
        return null;
      }
    } else {
      await migratePostgres(db);
    }
  } catch (error) {
    await db.close().catch(() => {});
    throw error instanceof StateDatabaseError ? error : startError(error, db.location, databaseUrl);
  }
  const now = options.now;
  return {
    subscriptions: new PostgresSubscriptionStore(db, now),
    deliveries: new PostgresDeliveryStore(db, now),
    seenEvents: new PostgresSeenEventStore(db, { ...(now ? { now: () => now().getTime() } : {}), ...options.seenEvents }),
    postPace: new PostgresPostPaceStore(db, now ? () => now().getTime() : Date.now),
    location: db.location,
    close: () => db.close(),
  };
}
