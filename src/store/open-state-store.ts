// Picks where the state lives: PostgreSQL when DATABASE_URL is set (several instances), otherwise
// the SQLite file under DATA_DIR (one instance), behind the same StateStore interface.
import { openPostgresStateStore, type PostgresStateStoreOptions } from './postgres/postgres-state-store.ts';
import { openSqliteStateStore } from './sqlite-state-store.ts';
import type { StateStore } from './state-store.ts';

export interface StateLocation {
  /** postgres://… when set; null means SQLite under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
}

/**
 * Opens the state store for `location`, creating and migrating its schema.
 *
 * @example const store = await openStateStore({ databaseUrl: null, dataDir: './data' });
 */
export async function openStateStore(location: StateLocation, options: PostgresStateStoreOptions = {}): Promise<StateStore> {
  if (location.databaseUrl) return openPostgresStateStore(location.databaseUrl, options);
  return openSqliteStateStore(location.dataDir, { ...(options.now ? { now: options.now } : {}), ...(options.seenEvents ? { seenEvents: options.seenEvents } : {}) });
}
