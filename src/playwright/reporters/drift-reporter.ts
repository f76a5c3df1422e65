import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceSummary } from '../../core/summary.js';
import type { Redactor } from '../../core/redact.js';
import { type FinishedRun, RunSummaryReporter } from './run-summary.js';

/**
 * reports/drift.json: the fields live rooms.get responses had that the documented schema does not name,
 * and documented fields never seen (src/core/drift.ts, from the observations the tests attached).
 * Informational: it never changes the verdict.
 */
export interface DriftReporterOptions {
  reportsDir: string;
}

export default class DriftReporter extends RunSummaryReporter {
  readonly #options: DriftReporterOptions;

  constructor(options: DriftReporterOptions) {
    super();
    this.#options = options;
  }

  protected onRunEnd({ summary, redactor }: FinishedRun): void {
    writeDrift(this.#options.reportsDir, summary, redactor);
  }
}

/** drift.json, redacted (also written by the reporter fallback). */
export function writeDrift(reportsDir: string, summary: ConformanceSummary, redactor: Redactor): void {
  mkdirSync(reportsDir, { recursive: true });
  writeFileSync(
    join(reportsDir, 'drift.json'),
    redactor.redact(`${JSON.stringify(summary.drift ?? null, null, 2)}\n`),
  );
}
