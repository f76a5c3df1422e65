import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReporterDescription } from '@playwright/test';
import type { FinalReporterOptions } from './final-reporter.js';
import type { JunitReporterOptions } from './junit-reporter.js';
import type { SummaryReporterOptions } from './summary-reporter.js';

/**
 * The reporter list, for playwright.config.ts and for merging blob reports (merge.config.ts). Order
 * matters — Playwright runs each reporter's onEnd in list order:
 *   1. list locally / line in CI (terminal);
 *   2. the summary reporter: run facts into metadata, trace scrubbing, conformance.md/.json, drift.json,
 *      and the HTML title — before html/blob write;
 *   3. html (reports/html; opens on failure locally, never in CI), junit (junit-reporter.ts, reports/junit.xml:
 *      one testcase per test, <failure>/<error>/<skipped> by the check's status, the waiver as a property),
 *      json (reports/results.json), and blob when sharding;
 *   4. the final reporter: summary into the HTML report, leak scan, spool removal — after all of them.
 */
import { PROJECT_ROOT } from '../../core/project-root.js';

export interface ConformanceReporterOptions {
  ci: boolean;
  /** The HTML report's title if the preflight never ran; otherwise it names target and server version. */
  htmlTitle: string;
  /** Where reports go. Default: CONTRACT_REPORTS_DIR, else <project>/reports. */
  reportsDir?: string;
  /** Also write a blob report (for merge-reports). Default: when the command line has --shard, or CONTRACT_BLOB=1. */
  blob?: boolean;
  /** Where the blob report goes. Default: <project>/blob-report (Playwright's usual place). */
  blobDir?: string;
}

export function reportsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(PROJECT_ROOT, env.CONTRACT_REPORTS_DIR || 'reports');
}

const BLOB_DIR = resolve(PROJECT_ROOT, 'blob-report');

function isSharded(argv: string[] = process.argv): boolean {
  return argv.some((arg) => arg === '--shard' || arg.startsWith('--shard='));
}

export function conformanceReporters(options: ConformanceReporterOptions): ReporterDescription[] {
  const reportsDir = options.reportsDir ?? reportsDirectory();
  const blobDir = options.blobDir ?? BLOB_DIR;
  const blob = options.blob ?? (isSharded() || process.env.CONTRACT_BLOB === '1');
  const reporter = (name: string): string => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const summary: SummaryReporterOptions = { reportsDir, fallbackTitle: options.htmlTitle };
  const final: FinalReporterOptions = { reportsDir, scanDirs: [blobDir], rootDir: PROJECT_ROOT };
  return [
    [options.ci ? 'line' : 'list'],
    [reporter('summary-reporter'), summary],
    [
      'html',
      {
        outputFolder: resolve(reportsDir, 'html'),
        open: options.ci ? 'never' : 'on-failure',
        title: options.htmlTitle,
      },
    ],
    [
      reporter('junit-reporter'),
      { outputFile: resolve(reportsDir, 'junit.xml') } satisfies JunitReporterOptions,
    ],
    ['json', { outputFile: resolve(reportsDir, 'results.json') }],
    ...(blob ? [['blob', { outputDir: blobDir }] satisfies ReporterDescription] : []),
    [reporter('final-reporter'), final],
  ];
}

/**
 * `use.trace` for playwright.config.ts: traces are off unless CONTRACT_TRACE asks for them
 * (`on` or `retain-on-failure`). Traces hold every request header; the summary reporter scrubs them
 * (trace-scrub.ts) and the leak scan checks the result.
 */
export function contractTrace(env: NodeJS.ProcessEnv = process.env): 'off' | 'on' | 'retain-on-failure' {
  const value = env.CONTRACT_TRACE?.trim() || 'off';
  if (value === 'off' || value === 'on' || value === 'retain-on-failure') return value;
  throw new Error(
    `CONTRACT_TRACE="${value}" must be "off" (the default), "on" or "retain-on-failure". Traces are scrubbed ` +
      'of secrets after each test; see docs/reports.md.',
  );
}
