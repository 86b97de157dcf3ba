import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that start Bolt receivers or SQLite files run in forks so one test's sockets and
    // file handles never leak into another's.
    pool: 'forks',
    // One throwaway PostgreSQL server for the run, for the tests of the PostgreSQL store.
    globalSetup: ['test/helpers/postgres-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
