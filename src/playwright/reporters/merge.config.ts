import { defineConfig } from '@playwright/test';
import { conformanceReporters } from './index.js';

/**
 * For `npx playwright merge-reports --config src/playwright/reporters/merge.config.ts blob-report`:
 * the same reporters as a test run (conformance summary, drift, HTML, JUnit, JSON, leak scan), replayed
 * over the shards' blob reports. Nothing else is needed — merging runs no tests, no global setup and
 * starts no server; the run facts come from the blobs' metadata.
 */
export default defineConfig({
  reporter: conformanceReporters({
    ci: !!process.env.CI,
    htmlTitle: 'rooms.get conformance (merged)',
    blob: false,
  }),
});
