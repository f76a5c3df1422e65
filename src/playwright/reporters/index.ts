import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReporterDescription } from '@playwright/test';
import { blobReportRequested, reportsDirectory } from '../../core/run/config.js';
import { PROJECT_ROOT } from '../../core/project-root.js';
import type { HtmlSummaryReporterOptions } from './html-summary-reporter.js';
import type { JunitReporterOptions } from './junit-reporter.js';
import type { LeakScanReporterOptions } from './leak-scan-reporter.js';
import type { ReportsDirOptions } from './run-summary.js';

/**
 * The reporter list, for playwright.config.ts and for merging blob reports (merge.config.ts). One reporter
 * per output, each built on the shared run summary (run-summary.ts), none reading what another wrote.
 * Order matters — Playwright calls each hook of the reporters in list order:
 *   1. list locally / line in CI (terminal), then the verdict line (verdict-line-reporter.ts) under
 *      Playwright's own closing lines;
 *   2. before the built-in reporters write: the run facts into the reports' metadata (metadata-reporter.ts,
 *      as the run begins) and scrubbed traces (trace-scrub-reporter.ts, as each test ends);
 *   3. the files: conformance.md/.json (conformance-reporter.ts), drift.json (drift-reporter.ts), html,
 *      junit.xml (junit-reporter.ts), results.json (json), and blob when sharding;
 *   4. the summary block and title in the HTML report (html-summary-reporter.ts), after html has written;
 *   5. the leak scan (leak-scan-reporter.ts), after every writer;
 *   6. the exit code (exit-code-reporter.ts), last.
 */
export interface ConformanceReportersOptions {
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

const BLOB_DIR = resolve(PROJECT_ROOT, 'blob-report');

function isSharded(argv: string[] = process.argv): boolean {
  return argv.some((arg) => arg === '--shard' || arg.startsWith('--shard='));
}

export function conformanceReporters(options: ConformanceReportersOptions): ReporterDescription[] {
  const reportsDir = options.reportsDir ?? reportsDirectory();
  const blobDir = options.blobDir ?? BLOB_DIR;
  const blob = options.blob ?? (isSharded() || blobReportRequested());
  const reporter = (name: string): string => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const htmlDir = resolve(reportsDir, 'html');
  return [
    [options.ci ? 'line' : 'list'],
    [reporter('verdict-line-reporter')],
    [reporter('metadata-reporter')],
    [reporter('trace-scrub-reporter')],
    [reporter('conformance-reporter'), { reportsDir } satisfies ReportsDirOptions],
    [reporter('drift-reporter'), { reportsDir } satisfies ReportsDirOptions],
    ['html', { outputFolder: htmlDir, open: options.ci ? 'never' : 'on-failure', title: options.htmlTitle }],
    [
      reporter('junit-reporter'),
      { outputFile: resolve(reportsDir, 'junit.xml') } satisfies JunitReporterOptions,
    ],
    ['json', { outputFile: resolve(reportsDir, 'results.json') }],
    ...(blob ? [['blob', { outputDir: blobDir }] satisfies ReporterDescription] : []),
    [
      reporter('html-summary-reporter'),
      { htmlDir, fallbackTitle: options.htmlTitle } satisfies HtmlSummaryReporterOptions,
    ],
    [
      reporter('leak-scan-reporter'),
      { reportsDir, scanDirs: [blobDir], rootDir: PROJECT_ROOT } satisfies LeakScanReporterOptions,
    ],
    [reporter('exit-code-reporter')],
  ];
}
