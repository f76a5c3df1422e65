import type { Redactor } from '../../core/secrets/redact.js';
import type { ConformanceSummary } from '../../core/results/summary.js';
import { type FinishedRun, type ReportsDirOptions, RunSummaryReporter, writeReport } from './run-summary.js';

/**
 * reports/drift.json: the fields live rooms.get responses had that the documented schema does not name,
 * and documented fields never seen (src/core/contract/drift.ts, from the observations the tests attached).
 * Informational: it never changes the verdict.
 */
export default class DriftReporter extends RunSummaryReporter<ReportsDirOptions> {
  protected onRunEnd({ summary, redactor }: FinishedRun): void {
    writeDrift(this.options.reportsDir, summary, redactor);
  }
}

/** drift.json (also written by the reporter fallback). */
export function writeDrift(reportsDir: string, summary: ConformanceSummary, redactor: Redactor): void {
  writeReport(reportsDir, 'drift.json', `${JSON.stringify(summary.drift ?? null, null, 2)}\n`, redactor);
}
