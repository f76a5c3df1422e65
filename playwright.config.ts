import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import dotenv from 'dotenv';
import { ConfigError, checkEnvFile, resolveConfig, type SuiteConfig, traceMode } from './src/core/run/config.js';
import { SECRETS_SPOOL_ENV, spoolSecret } from './src/core/secrets/secret-spool.js';
import { referencePortMessage, referencePortTaken } from './src/playwright/reference-port.js';
import type { TargetFixtures } from './src/playwright/fixtures/target.js';
import { plannedTests } from './src/playwright/registered-test.js';
import { conformanceReporters } from './src/playwright/reporters/index.js';

/**
 * The conformance suite's Playwright configuration. All environment handling lives in
 * src/core/run/config.ts; this file only turns the resolved configuration into Playwright settings.
 */
function loadConfigOrExit(): SuiteConfig {
  try {
    checkEnvFile('.env');
    dotenv.config({ quiet: true });
    traceMode(); // a bad CONTRACT_TRACE is a configuration error like any other
    return resolveConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One message, no stack, before anything starts: a bad value is the user's to fix, not a crash.
    console.error(error.message);
    process.exit(2);
  }
}

const suite = loadConfigOrExit();

// The runner alone asks (workers load this file too, with the server already up on the port).
if (suite.referenceServer && process.env.TEST_WORKER_INDEX === undefined) {
  if (referencePortTaken(suite.referenceServer.port)) {
    console.error(referencePortMessage(suite.referenceServer.port));
    process.exit(2);
  }
}

// The secret spool: created once, by the runner (workers inherit the variable), in a private directory
// outside reports/ and test-results/. The leak scan reads it at the end of the run and deletes it.
if (!process.env[SECRETS_SPOOL_ENV]) {
  const directory = mkdtempSync(join(tmpdir(), 'rooms-get-conformance-'));
  const spool = join(directory, 'secrets.spool');
  writeFileSync(spool, '', { mode: 0o600 });
  process.env[SECRETS_SPOOL_ENV] = spool;
  for (const secret of suite.secrets) spoolSecret(secret);
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
}

const ci = Boolean(process.env.CI);

/**
 * The bundled reference server gets the accounts the suite was configured with. Through this process's
 * environment, which webServer inherits, never through webServer.env: Playwright writes the config,
 * webServer.env included, into its JSON and HTML reports.
 */
function shareAccountsWithReferenceServer(config: SuiteConfig): void {
  if (config.admin?.kind === 'password') {
    process.env.ROCKETCHAT_ADMIN_USER = config.admin.username;
    process.env.ROCKETCHAT_ADMIN_PASSWORD = config.admin.password;
    if (config.admin.totpSecret) process.env.RC_REFERENCE_ADMIN_TOTP_SECRET = config.admin.totpSecret;
  }
  if (config.checkedAccount?.kind === 'password') {
    process.env.ROCKETCHAT_USER = config.checkedAccount.username;
    process.env.ROCKETCHAT_PASSWORD = config.checkedAccount.password;
  }
}
if (suite.referenceServer) shareAccountsWithReferenceServer(suite);

export default defineConfig<Pick<TargetFixtures, 'targetKey'>>({
  testDir: 'specs',
  outputDir: 'test-results',
  fullyParallel: true,
  // Two workers suit a 2-core CI runner and the reference server; override with --workers.
  workers: 2,
  // An assertion failure is a finding, never retried; the client retries transport errors itself.
  retries: 0,
  forbidOnly: ci,
  timeout: 30_000,
  // The checks this configuration plans (and, for a target plan, one project per target).
  ...plannedTests(suite),
  globalSetup: './src/playwright/preflight/global-setup.ts',
  globalTeardown: './src/playwright/preflight/global-teardown.ts',
  reporter: conformanceReporters({ ci, htmlTitle: `rooms.get conformance: ${suite.url}` }),
  metadata: {
    target: suite.url,
    profile: suite.profile,
    write: suite.write,
  },
  use: {
    // Traces hold request headers, tokens included: off unless the reporting opt-in scrubs them.
    trace: traceMode(),
  },
  webServer: suite.referenceServer
    ? {
        command: 'npm run reference-server',
        url: `http://127.0.0.1:${suite.referenceServer.port}/api/info`,
        env: { RC_REFERENCE_PORT: String(suite.referenceServer.port) },
        reuseExistingServer: false,
        timeout: 30_000,
        stdout: 'ignore',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 2_000 },
      }
    : undefined,
});
