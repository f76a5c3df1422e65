import { renderBaselineLine } from '../../core/results/baseline-render.js';
import type { Redactor } from '../../core/secrets/redact.js';
import type { ConformanceSummary } from '../../core/results/summary.js';
import { renderVerdictLine } from '../../core/results/summary-render.js';
import { type FinishedRun, RunSummaryReporter } from './run-summary.js';

/**
 * The terminal's last word on the run, right after Playwright's own closing lines: the verdict line
 * ("rooms.get conformance: PASSED — all 37 checks were judged and passed"), and under it what changed
 * since CONTRACT_BASELINE's run when one is named.
 */
export default class VerdictLineReporter extends RunSummaryReporter {
  protected onRunEnd({ summary, redactor }: FinishedRun): void {
    printVerdict(summary, redactor);
  }
}

/** The verdict line and the baseline line, redacted (also printed by the reporter fallback). */
export function printVerdict(summary: ConformanceSummary, redactor: Redactor): void {
  process.stdout.write(`${redactor.redact(renderVerdictLine(summary))}\n`);
  if (summary.baseline) process.stdout.write(`${redactor.redact(renderBaselineLine(summary.baseline))}\n`);
}
