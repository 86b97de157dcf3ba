// The test files' side of the throwaway PostgreSQL server (started by postgres-global-setup.ts):
// whether there is one, and a fresh database on it per call.
import { inject } from 'vitest';
import { createDatabase } from './postgres-server.ts';

const provided = inject('postgres');

/** Why the PostgreSQL tests skip in this run, or null when a server is running. */
export const postgresSkipReason: string | null = 'unavailable' in provided ? provided.unavailable : null;

/** The running server's maintenance URL (`…/postgres`); only when {@link postgresSkipReason} is null. */
export function postgresServerUrl(): string {
  if ('unavailable' in provided) throw new Error(`no PostgreSQL server in this run: ${provided.unavailable}`);
  return provided.url;
}

/** A fresh, empty database on the run's server; its URL. */
export function createTestDatabase(): Promise<string> {
  return createDatabase(postgresServerUrl());
}
