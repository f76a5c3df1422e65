import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blankConfigVariables } from '../../src/core/run/config.js';
import type { ConformanceSummary } from '../../src/core/results/summary.js';
import { scrubbedEnvironment } from './fleet.js';
import { runCommand, type StartedServer, startReferenceServer } from './processes.js';

/**
 * The suite on the real command line, as a user runs it (tests/cli and the bench's time to a clear
 * stop): `npx playwright test` in its own process, with its own reports and output folders, and a
 * scrubbed environment — PATH and HOME, the suite's variables blanked (dotenv does not override a
 * variable that is set, even empty), so neither a developer's shell nor .env can change the case — and
 * CI=1, as on a CI runner (the line reporter; the HTML report never opens and waits). Returns the exit
 * code, the output, the time from spawn to exit and the conformance summary the run wrote.
 */
export interface SuiteRun {
  code: number;
  output: string;
  ms: number;
  summary: ConformanceSummary | undefined;
}

export interface RunSuiteOptions {
  timeoutMs?: number;
  /**
   * Where the run's reports go and stay (a later run's CONTRACT_BASELINE, the version matrix); by
   * default they go to the run's private folder and are removed with it.
   */
  reportsDir?: string;
}

export async function runSuite(
  env: Record<string, string>,
  args: string[] = [],
  { timeoutMs = 180_000, reportsDir }: RunSuiteOptions = {},
): Promise<SuiteRun> {
  const dir = mkdtempSync(join(tmpdir(), 'suite-run-'));
  const reports = reportsDir ?? join(dir, 'reports');
  try {
    const result = await runCommand(
      process.execPath,
      ['node_modules/@playwright/test/cli.js', 'test', '--output', join(dir, 'test-results'), ...args],
      {
        ...scrubbedEnvironment(),
        ...blankConfigVariables(),
        CI: '1',
        CONTRACT_REPORTS_DIR: reports,
        ...env,
      },
      timeoutMs,
      true,
    );
    const file = join(reports, 'conformance.json');
    return {
      code: result.code,
      output: `${result.stdout}\n${result.stderr}`,
      ms: result.ms,
      summary: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConformanceSummary) : undefined,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A reference server whose environment is only `env` and PATH/HOME: nothing of the caller's RC_REFERENCE_*. */
export function startScrubbedServer(env: Record<string, string>): Promise<StartedServer> {
  return startReferenceServer({ ...scrubbedEnvironment(), ...env }, 15_000, true);
}
