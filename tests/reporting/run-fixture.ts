import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

/**
 * Runs real Playwright on the synthetic fixture suite (tests/reporting/fixtures) with the project's
 * reporters, in a private folder: its own reports/, test-results/, blob-report/ and secret spool, and
 * distinctive secrets of its own.
 */
const CLI = join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const FIXTURE_CONFIG = join(PROJECT_ROOT, 'tests', 'reporting', 'fixtures', 'playwright.config.ts');
const MERGE_CONFIG = join(PROJECT_ROOT, 'src', 'playwright', 'reporters', 'merge.config.ts');

export interface FixtureRun {
  code: number;
  output: string;
  stderr: string;
  dir: string;
  reportsDir: string;
  outputDir: string;
  blobDir: string;
  spool: string;
  secrets: { token: string; adminPassword: string };
}

export function fixturePaths(name: string): Omit<FixtureRun, 'code' | 'output' | 'stderr'> {
  const dir = mkdtempSync(join(tmpdir(), `reporting-${name}-`));
  mkdirSync(join(dir, 'spool'));
  const random = Math.random().toString(36).slice(2, 10);
  return {
    dir,
    reportsDir: join(dir, 'reports'),
    outputDir: join(dir, 'test-results'),
    blobDir: join(dir, 'blob-report'),
    spool: join(dir, 'spool', 'secrets'),
    secrets: {
      token: `tok-${random}-Distinctive_0123456789abcdefXY`,
      adminPassword: `adm ${random} P@ss/+é"<>`,
    },
  };
}

function environment(paths: ReturnType<typeof fixturePaths>, env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(CONTRACT_|ROCKETCHAT_|RC_REFERENCE_|FIXTURE_|PLAYWRIGHT_|PW_|CI$)/.test(name),
    ),
  );
  return {
    ...inherited,
    CONTRACT_REPORTS_DIR: paths.reportsDir,
    CONTRACT_SECRETS_SPOOL: paths.spool,
    FIXTURE_OUTPUT_DIR: paths.outputDir,
    FIXTURE_BLOB_DIR: paths.blobDir,
    FIXTURE_TOKEN: paths.secrets.token,
    ROCKETCHAT_ADMIN_PASSWORD: paths.secrets.adminPassword,
    ...env,
  };
}

export function runFixture(
  name: string,
  env: Record<string, string> = {},
  args: string[] = [],
  paths = fixturePaths(name),
): FixtureRun {
  const result = spawnSync(process.execPath, [CLI, 'test', '--config', FIXTURE_CONFIG, ...args], {
    cwd: PROJECT_ROOT,
    env: environment(paths, env),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { ...paths, code: result.status ?? 1, output: result.stdout + result.stderr, stderr: result.stderr };
}

export function mergeReports(blobs: string, paths: ReturnType<typeof fixturePaths>): FixtureRun {
  const result = spawnSync(process.execPath, [CLI, 'merge-reports', '--config', MERGE_CONFIG, blobs], {
    cwd: PROJECT_ROOT,
    env: environment(paths, {}),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { ...paths, code: result.status ?? 1, output: result.stdout + result.stderr, stderr: result.stderr };
}
