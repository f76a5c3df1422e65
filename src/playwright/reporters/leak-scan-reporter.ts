import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { FullResult, TestCase } from '@playwright/test/reporter';
import { ConfigError, resolveConfig } from '../../core/run/config.js';
import {
  describeFinding,
  type LeakFinding,
  knownSecrets,
  scanDirectories,
  scanText,
  secretPatterns,
} from '../../core/secrets/leak-scan.js';
import { SECRETS_SPOOL_ENV } from '../../core/secrets/secret-spool.js';
import { exitWithLeak } from './exit-code.js';
import { OutputTee } from './output-tee.js';
import { type FinishedRun, RunSummaryReporter } from './run-summary.js';
import { secretDigestsPath } from './secret-digests.js';

/**
 * The leak scan, after every reporter that writes has written (only the exit code comes after it):
 * every file under reports/, the projects' output dirs (test-results/) and blob-report/, plus everything
 * the run printed (kept in memory only), is searched for every secret the run knew and their encoded
 * forms; a hit fails the run (exit 5) and names the file, never the secret. Then it leaves salted digests
 * of the obtained secrets (never the secrets) for report-check/, and deletes the secret spool.
 */
export interface LeakScanReporterOptions {
  reportsDir: string;
  /** Other folders the run writes (blob-report/); the projects' outputDir are added from the config. */
  scanDirs?: string[];
  /** The project root, to print paths relative to it. */
  rootDir: string;
}

export default class LeakScanReporter extends RunSummaryReporter<LeakScanReporterOptions> {
  /** Whatever the runner prints (the list/line reporter's failure messages, global setup's logs). */
  readonly #output = new OutputTee().attach();

  onStdOut(chunk: string | Buffer, test?: TestCase): void {
    this.#output.keep(test ? `stdout of test "${test.title}"` : 'worker stdout', chunk);
  }

  onStdErr(chunk: string | Buffer, test?: TestCase): void {
    this.#output.keep(test ? `stderr of test "${test.title}"` : 'worker stderr', chunk);
  }

  protected onRunEnd({ config }: FinishedRun): { status: FullResult['status'] } | undefined {
    const { reportsDir, rootDir } = this.options;
    const roots = [
      reportsDir,
      ...(this.options.scanDirs ?? []),
      ...config.projects.map((project) => project.outputDir),
    ];
    if (leakScan(roots, this.#output, rootDir)) return undefined;
    // Exit 5, whatever the verdict: these artifacts must not be published.
    exitWithLeak();
    // merge-reports ignores a reporter's status; a reporter error is what makes it exit non-zero.
    if (process.argv.includes('merge-reports'))
      throw new Error('leak scan: a secret was found in the merged report');
    return { status: 'failed' };
  }
}

/**
 * The leak scan: every file under `roots` and everything the run printed, searched for every secret the run
 * knew and their encoded forms; a hit names the file, never the secret. Leaves salted digests of the
 * obtained secrets for report-check/, then deletes the secret spool. Returns whether nothing was found.
 */
export function leakScan(roots: string[], output: OutputTee, rootDir: string): boolean {
  const reportsDir = roots[0] as string;
  const secrets = knownSecrets();
  const findings: LeakFinding[] = scanDirectories(secrets, roots);
  for (const [source, text] of output.bySource()) findings.push(...scanText(text, secrets, source));
  writeSecretDigests(reportsDir, secrets);
  deleteSpool();
  const where = (file: string): string => {
    const inside = relative(rootDir, file);
    return file.startsWith('/') && !inside.startsWith('..') ? inside : file;
  };
  const cut = output.cutWarning();
  if (cut) process.stderr.write(`${cut}\n`);
  if (findings.length === 0) {
    process.stdout.write(
      `leak scan: no secret found (${secrets.length} secrets, ${roots.length} folders and the run's output searched)\n`,
    );
    return true;
  }
  const lines = [
    `leak scan: FAILED — a secret of this run was found in ${findings.length} place(s):`,
    ...findings.map((finding) => `  - ${describeFinding(finding, where)}`),
    'Do not publish these artifacts. Find what wrote the secret (an unredacted attachment, a header in an',
    'error message, a trace) and redact it; see docs/reports.md.',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
  return false;
}
/**
 * report-check/ runs after the spool is gone and must still tell whether a page shows a secret the run
 * obtained (a token from a login). It gets salted HMACs of every form of those secrets, kept outside
 * reports/ in a 0600 file: enough to recognise a secret, useless to recover one. Configured passwords are
 * left out: report-check reads those from the configuration itself.
 */
export function writeSecretDigests(reportsDir: string, secrets: string[]): void {
  let configured: string[] = [];
  try {
    configured = resolveConfig().secrets;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
  }
  const obtained = secrets.filter((secret) => !configured.includes(secret));
  const salt = randomBytes(16).toString('hex');
  // The forms a rendered page can show; every other form is the file scan's business.
  const shown = new Set(['plain', 'URL-encoded', 'base64', 'HTML-escaped']);
  const digests = secretPatterns(obtained)
    .filter(({ form }) => shown.has(form))
    .map(({ bytes }) => ({
      length: bytes.toString('utf8').length,
      hmac: createHmac('sha256', salt).update(bytes).digest('hex'),
    }));
  const path = secretDigestsPath(reportsDir);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify({ salt, digests }), { mode: 0o600 });
}

function deleteSpool(): void {
  const spool = process.env[SECRETS_SPOOL_ENV];
  if (!spool) return;
  rmSync(spool, { force: true });
  // The spool's private directory goes too, but only if nothing else is in it.
  try {
    if (readdirSync(dirname(spool)).length === 0) rmdirSync(dirname(spool));
  } catch {
    // Already gone, or not ours to remove.
  }
}
