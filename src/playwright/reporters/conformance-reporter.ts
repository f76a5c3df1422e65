import type { Redactor } from '../../core/secrets/redact.js';
import type { ConformanceSummary } from '../../core/results/summary.js';
import { renderMarkdown } from '../../core/results/summary-render.js';
import { type FinishedRun, type ReportsDirOptions, RunSummaryReporter, writeReport } from './run-summary.js';

/**
 * reports/conformance.md and conformance.json: the conformance summary a release is signed off from
 * (src/core/results/summary.ts), with the comparison with CONTRACT_BASELINE's run when one is named.
 */
export default class ConformanceReporter extends RunSummaryReporter<ReportsDirOptions> {
  protected onRunEnd({ summary, redactor }: FinishedRun): void {
    writeConformance(this.options.reportsDir, summary, redactor);
  }
}

/** conformance.json and conformance.md (also written by the reporter fallback). */
export function writeConformance(reportsDir: string, summary: ConformanceSummary, redactor: Redactor): void {
  writeReport(reportsDir, 'conformance.json', `${JSON.stringify(summary, null, 2)}\n`, redactor);
  writeReport(reportsDir, 'conformance.md', renderMarkdown(summary), redactor);
}
