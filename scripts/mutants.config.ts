import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../playwright.config.js';
import { PROJECT_ROOT } from '../src/core/project-root.js';

/**
 * The mutation matrix's Playwright run (scripts/mutants.ts): the suite's own configuration, over the
 * target plan the matrix writes, reporting to a JSON file only — the matrix reads every test's
 * annotations from it. Paths are absolute: this file does not live at the project root.
 */
export default defineConfig({
  ...base,
  testDir: join(PROJECT_ROOT, 'specs'),
  globalSetup: join(PROJECT_ROOT, 'src', 'playwright', 'preflight', 'global-setup.ts'),
  globalTeardown: join(PROJECT_ROOT, 'src', 'playwright', 'preflight', 'global-teardown.ts'),
  outputDir: process.env.CONTRACT_MUTANTS_OUTPUT ?? join(PROJECT_ROOT, 'test-results', 'mutants'),
  reporter: [
    [
      'json',
      {
        outputFile:
          process.env.CONTRACT_MUTANTS_JSON ?? join(PROJECT_ROOT, 'reports', 'mutants-results.json'),
      },
    ],
  ],
  webServer: undefined,
  use: { trace: 'off' },
});
