import { defineConfig } from 'vitest/config';

// Test files that replace a module with vi.mock need a module registry of their own.
const MOCKING_MODULES = ['test/pages/read-pages-region.test.ts'];

export default defineConfig({
  test: {
    // Tests that start Bolt receivers or SQLite files run in forks so one worker's sockets and
    // file handles never leak into another's.
    pool: 'forks',
    // One throwaway PostgreSQL server for the run, for the tests of the PostgreSQL store.
    globalSetup: ['test/helpers/postgres-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: MOCKING_MODULES,
          // A worker runs its files one after another in one module registry: the source modules
          // (the gazetteer, Bolt, the seed index of test/helpers/seed-index.ts) load once per
          // worker, not once per file, which was a fifth of the suite's time. Every file closes
          // what it opens (servers, databases, nock) in its own hooks.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: MOCKING_MODULES } },
    ],
  },
});
