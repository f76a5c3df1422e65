import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from '../../core/redact.js';
import type { ConformanceSummary } from '../../core/summary.js';
import { renderMarkdown } from '../../core/summary-render.js';
import { type FinishedRun, RunSummaryReporter } from './run-summary.js';

/**
 * reports/conformance.md and conformance.json: the conformance summary a release is signed off from
 * (src/core/summary.ts), with the comparison with CONTRACT_BASELINE's run when one is named — redacted.
 */
export interface ConformanceReporterOptions {
  reportsDir: string;
}

export default class ConformanceReporter extends RunSummaryReporter {
  readonly #options: ConformanceReporterOptions;

  constructor(options: ConformanceReporterOptions) {
    super();
    this.#options = options;
  }

  protected onRunEnd({ summary, redactor }: FinishedRun): void {
    writeConformance(this.#options.reportsDir, summary, redactor);
  }
}

/** conformance.md/.json, redacted (also written by the reporter fallback). */
export function writeConformance(reportsDir: string, summary: ConformanceSummary, redactor: Redactor): void {
  mkdirSync(reportsDir, { recursive: true });
  writeFileSync(
    join(reportsDir, 'conformance.json'),
    redactor.redact(`${JSON.stringify(summary, null, 2)}\n`),
  );
  writeFileSync(join(reportsDir, 'conformance.md'), redactor.redact(renderMarkdown(summary)));
}
