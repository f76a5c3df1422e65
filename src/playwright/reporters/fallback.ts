import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { PROJECT_ROOT } from '../../core/project-root.js';
import { runRedactor } from '../attachments.js';
import { type AttemptLine, FALLBACK_RECORDS_ENV, readOutcomeRecords } from '../outcome-records.js';
import { runDirectory } from '../run-state.js';
import { loadTargetPlan } from '../target-plan.js';
import { writeConformance } from './conformance-reporter.js';
import { writeDrift } from './drift-reporter.js';
import { exitWithLeak, exitWithVerdict } from './exit-code.js';
import { reportsDirectory } from '../../core/run/config.js';
import { leakScan } from './leak-scan-reporter.js';
import { OutputTee } from './output-tee.js';
import { buildRunSummary, currentRunMetadata, recordFrom } from './run-summary.js';
import { printVerdict } from './verdict-line-reporter.js';

/**
 * `npx playwright test --reporter=line` (a common CI habit) replaces the configured reporters, and with
 * them the conformance summary, the leak scan and the exit code. This module stands in for them (it is no
 * reporter: global setup and teardown call it). Then global setup switches this fallback on:
 * - every worker appends each check's outcome to a file in the run's private directory (the
 *   `outcomeRecorder` fixture, through ../outcome-records.ts);
 * - global teardown writes conformance.md/.json from those records and prints the verdict line;
 * - as the run exits — after whatever reporters the command line chose have written — the leak scan
 *   searches reports/, test-results/, blob-report/, playwright-report/ and the run's output, and makes the
 *   run fail when it finds a secret.
 * The HTML report (when one is written) then lacks the summary block: the note says so.
 */
const REPORTERS = ['conformance-reporter', 'leak-scan-reporter', 'exit-code-reporter'];

function hasConformanceReporters(config: FullConfig): boolean {
  const names = config.reporter.map(([name]) => name);
  return REPORTERS.every((reporter) => names.some((name) => name.includes(reporter)));
}

export function prepareReporterFallback(config: FullConfig): void {
  // A multi-target run (the mutation matrix) reads its results from Playwright's JSON report.
  if (hasConformanceReporters(config) || loadTargetPlan() !== undefined) return;
  process.env[FALLBACK_RECORDS_ENV] = join(runDirectory(), 'check-records.jsonl');
  console.log(
    'rooms-get-conformance: the command line replaced the conformance reporters (--reporter): the conformance ' +
      'summary is written at the end of the run instead, and the leak scan runs as the run exits. The HTML report, ' +
      'if any, has no summary block.',
  );
  const output = new OutputTee().attach();
  const roots = [
    reportsDirectory(),
    ...config.projects.map((project) => project.outputDir),
    join(PROJECT_ROOT, 'blob-report'),
    join(PROJECT_ROOT, 'playwright-report'),
  ];
  // First among the exit handlers: playwright.config.ts's own handler deletes the secret spool.
  process.prependOnceListener('exit', () => {
    if (!leakScan(roots, output, PROJECT_ROOT)) exitWithLeak();
  });
}

/**
 * In global teardown: the summary from the workers' records (only while the fallback is on), every
 * attempt of a test together (a contract failure on any attempt fails the check), and the exit code.
 */
export function writeFallbackSummary(): void {
  const file = process.env[FALLBACK_RECORDS_ENV];
  if (!file) return;
  const attempts = new Map<string, AttemptLine[]>();
  for (const line of readOutcomeRecords(file))
    attempts.set(line.testId, [...(attempts.get(line.testId) ?? []), line]);
  const redactor = runRedactor();
  const records = [...attempts.values()].map((test) =>
    recordFrom(
      test[0]?.title ?? '',
      test.map((attempt) => attempt.runner),
      redactor,
    ),
  );
  const summary = buildRunSummary(currentRunMetadata(), records, undefined, new Date(), 0);
  writeConformance(reportsDirectory(), summary, redactor);
  writeDrift(reportsDirectory(), summary, redactor);
  printVerdict(summary, redactor);
  exitWithVerdict(summary.exitCode);
}
