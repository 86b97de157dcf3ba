// Vitest global setup: one throwaway PostgreSQL server for the whole run (initdb costs ~1 s), handed
// to the test files as `inject('postgres')`; each file makes its own database on it. When no server
// can be had the reason is printed once and the PostgreSQL tests skip, unless REQUIRE_POSTGRES_TESTS
// is set (.ci/run sets it), where a missing server fails the run instead of passing it quietly.
import type { TestProject } from 'vitest/node';
import { PostgresUnavailableError, startPostgresServer } from './postgres-server.ts';

/** What the test files get: a maintenance URL of the running server, or why there is none. */
export type ProvidedPostgres = { url: string } | { unavailable: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedPostgres;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  try {
    const server = await startPostgresServer();
    project.provide('postgres', { url: server.url() });
    return () => server.stop();
  } catch (error) {
    if (!(error instanceof PostgresUnavailableError)) throw error;
    if (process.env.REQUIRE_POSTGRES_TESTS) {
      throw new Error(`REQUIRE_POSTGRES_TESTS is set but no PostgreSQL server could be started: ${error.message}`);
    }
    console.warn(`PostgreSQL tests skipped: ${error.message}`);
    project.provide('postgres', { unavailable: error.message });
    return () => {};
  }
}
