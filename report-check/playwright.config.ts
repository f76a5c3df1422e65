import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import dotenv from 'dotenv';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { reportsDirectory } from '../src/core/run/config.js';

/**
 * `npm run report:check`: opens the HTML reports in Debian's Chromium and checks what a release
 * manager sees. Run after the suite (reports/html must exist); global setup also produces a report
 * from a deliberately failing run, to check how a failure is shown, and a version matrix of three runs.
 * Playwright cannot download its own browsers here, so it drives /usr/bin/chromium; where that is
 * absent the checks skip, saying why.
 */
export const CHROMIUM = '/usr/bin/chromium';

// The checks look for the configured passwords, so they read the same .env as the suite.
dotenv.config({ quiet: true, path: join(PROJECT_ROOT, '.env') });

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: join(PROJECT_ROOT, 'test-results', 'report-check'),
  // A failing run for the HTML report; three runs (profiles 6, 7, 8) and their version matrix.
  globalSetup: ['./failing-report.ts', './matrix-runs.ts'],
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [
    [process.env.CI ? 'line' : 'list'],
    ['json', { outputFile: join(reportsDirectory(), 'report-check.json') }],
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: existsSync(CHROMIUM)
      ? {
          executablePath: CHROMIUM,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        }
      : {},
  },
});
