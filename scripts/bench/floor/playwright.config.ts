import { defineConfig } from '@playwright/test';

/**
 * The runner's floor: what `playwright test` costs with nothing to test. Same worker count and
 * parallelism as the suite's config, so the two start the same number of worker processes; no
 * global setup, no reporters but the bench's, no server.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'empty.spec.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
});
