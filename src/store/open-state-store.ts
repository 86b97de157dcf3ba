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
export function openStateStore(location: StateLocation, options?: PostgresStateStoreOptions & { readonly?: false }): Promise<StateStore>;
/** Read only (`digest --dry-run`): never creates, migrates or writes; null when there is no state yet. */
export function openStateStore(location: StateLocation, options: PostgresStateStoreOptions & { readonly: true }): Promise<StateStore | null>;
export async function openStateStore(location: StateLocation, options: PostgresStateStoreOptions & { readonly?: boolean } = {}): Promise<StateStore | null> {
  const { readonly = false, ...rest } = options;
  if (location.databaseUrl) {
    return readonly ? openPostgresStateStore(location.databaseUrl, { ...rest, readonly: true }) : openPostgresStateStore(location.databaseUrl, rest);
  }
  const sqlite = { ...(rest.now ? { now: rest.now } : {}), ...(rest.seenEvents ? { seenEvents: rest.seenEvents } : {}) };
  return readonly ? openSqliteStateStore(location.dataDir, { ...sqlite, readonly: true }) : openSqliteStateStore(location.dataDir, sqlite);
}
