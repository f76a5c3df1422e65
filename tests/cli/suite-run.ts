import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scrubbedEnvironment } from '../../scripts/lib/fleet.js';
import { freePort, runCommand, stopProcess } from '../../scripts/lib/processes.js';
import { spawn } from 'node:child_process';
import { blankConfigVariables } from '../../src/core/config.js';
import type { ConformanceSummary } from '../../src/core/summary.js';

/**
 * The suite on the real command line, as a user runs it, against a reference server this test starts:
 * `npx playwright test` in its own process, with its own reports and output folders, a scrubbed
 * environment (a developer's shell or .env cannot change the case), and ROCKETCHAT_URL pointing at the
 * server. Returns the exit code, the output and the conformance summary the run wrote.
 */
export interface ReferenceServer {
  url: string;
  /** The server's log (e-mailed 2FA codes appear there). */
  log(): string;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<ReferenceServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'reference-server/src/main.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: { ...scrubbedEnvironment(), ...env, RC_REFERENCE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`the reference server exited ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${url}/api/info`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300) throw new Error(`the reference server did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, log: () => log, stop: () => stopProcess(child) };
}

export interface SuiteRun {
  code: number;
  output: string;
  ms: number;
  summary: ConformanceSummary | undefined;
}

/**
 * `reportsDir`: where the run's reports go and stay (a later run's CONTRACT_BASELINE, the version matrix);
 * by default they go to the run's private folder and are removed with it.
 */
export async function runSuite(
  env: Record<string, string>,
  args: string[] = [],
  reportsDir?: string,
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
      180_000,
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

/** The admin of a reference server, as the suite's configuration names it. */
export const REFERENCE_ADMIN = {
  ROCKETCHAT_ADMIN_USER: 'admin',
  ROCKETCHAT_ADMIN_PASSWORD: 'reference-admin-password',
};

/** A file in a fresh temp folder (removed with the process). */
export function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'suite-run-file-')), name);
  writeFileSync(file, content);
  return file;
}

/** The row of a check in a summary. */
export function rowOf(summary: ConformanceSummary | undefined, check: string) {
  return summary?.families.flatMap((family) => family.checks).find((row) => row.check === check);
}
