import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/lib/processes.js';
import { blankConfigVariables } from '../src/core/run/config.js';
import { PROJECT_ROOT } from '../src/core/project-root.js';

/**
 * Global setup of the report check: to see how a failure looks in the HTML report, run the @shape
 * checks against the reference server with a fault from its catalogue (room ts as an epoch number, which
 * breaks the documented schema) into a private reports folder. Always against the reference server — a
 * staging URL or accounts from .env are blanked for this run. Read-only and in the documented profile, so
 * the report also shows checks skipped with a reason, checks that did not run (other families, not
 * selected by --grep), and a family with no check in the profile (@dm). Its verdict is FAILED. The
 * folder travels to the spec in REPORT_CHECK_FAILING_DIR.
 */
export const FAILING_DIR_ENV = 'REPORT_CHECK_FAILING_DIR';
const FAULT = 'ts-as-epoch';

export default async function failingReport(): Promise<(() => void) | undefined> {
  if (!existsSync('/usr/bin/chromium')) return undefined; // the spec skips, saying why
  const dir = mkdtempSync(join(tmpdir(), 'report-check-failing-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ...blankConfigVariables(), CONTRACT_TRACE: '' };
  for (const name of ['CONTRACT_SECRETS_SPOOL', 'PLAYWRIGHT_HTML_TITLE', 'CONTRACT_BLOB']) delete env[name];
  Object.assign(env, {
    CONTRACT_REPORTS_DIR: join(dir, 'reports'),
    CONTRACT_PROFILE: 'documented',
    CONTRACT_WRITE: 'false',
    RC_REFERENCE_FAULTS: FAULT,
    RC_REFERENCE_PORT: String(await freePort()),
    CI: '1', // never open the report
  });
  const cli = join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const run = spawnSync(
    process.execPath,
    [cli, 'test', '--grep', '@shape', '--output', join(dir, 'test-results')],
    { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 300_000 },
  );
  writeFileSync(join(dir, 'run.log'), `${run.stdout}\n${run.stderr}`);
  if (
    !existsSync(join(dir, 'reports', 'html', 'index.html')) ||
    !existsSync(join(dir, 'reports', 'conformance.json'))
  ) {
    throw new Error(
      `the failing run (RC_REFERENCE_FAULTS=${FAULT}) wrote no report; see ${join(dir, 'run.log')}`,
    );
  }
  process.env[FAILING_DIR_ENV] = join(dir, 'reports');
  return () => rmSync(dir, { recursive: true, force: true });
}
