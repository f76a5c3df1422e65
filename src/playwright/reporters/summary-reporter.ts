import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestResult,
} from '@playwright/test/reporter';
import { renderBaselineLine } from '../../core/baseline-render.js';
import { ANNOTATION } from '../../core/check-outcome.js';
import { computeDrift, type DriftReport } from '../../core/drift.js';
import { roomTypingsFor } from '../../core/typings.js';
import { PROJECT_ROOT } from '../../core/project-root.js';
import { type CheckRecord, type ConformanceSummary, EXIT_CODE, type RunScope } from '../../core/summary.js';
import { renderMarkdown, renderVerdictLine } from '../../core/summary-render.js';
import {
  buildRunSummary,
  type ContractMetadata,
  commandLineSelection,
  currentRunMetadata,
  METADATA_KEY,
  recordOf,
  UNKNOWN,
} from './run-summary.js';
import { runRedactor } from '../attachments.js';
import { OBSERVATION_ATTACHMENT, type Observation, parseObservation } from '../observations.js';
import { exitWithVerdict } from './exit-code.js';
import { scrubResultErrors, scrubTraceFile } from './trace-scrub.js';

/**
 * Second in the reporter list, so that what it does lands before the built-in reporters write:
 * - onBegin (after preflight): the run's facts — target, version, profile, write mode, the checks the run
 *   is meant to judge — into `config.metadata.contract`, which the json reporter and the blob report carry
 *   (so a merged sharded run knows them too) and which the HTML report keeps;
 * - onTestEnd: scrubs secrets out of trace attachments before html/blob copy them; classifies the check
 *   (from its outcome record, src/core/check-outcome.ts) and collects drift observations;
 * - onEnd: writes conformance.md/.json and drift.json, prints the verdict line, titles the HTML report,
 *   and sets the run's exit code from the verdict (exit-code.ts).
 */
export interface SummaryReporterOptions {
  reportsDir: string;
  /** The html reporter's title when the preflight never ran (bad configuration, unreachable target). */
  fallbackTitle?: string;
}

const DOCUMENTED_SCHEMA = join(PROJECT_ROOT, 'schemas', 'rooms.get.200.documented.json');

export default class SummaryReporter implements Reporter {
  readonly #options: SummaryReporterOptions;
  #config: FullConfig | undefined;
  readonly #checks = new Map<string, CheckRecord>();
  readonly #observations: Observation[] = [];
  /** The checks the command line selected, when it selected (--grep, --shard, spec files). */
  #selection: Pick<RunScope, 'selection' | 'selected'> = {};

  constructor(options: SummaryReporterOptions) {
    this.#options = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.#config = config;
    const selection = commandLineSelection(process.argv, config);
    if (selection !== undefined) {
      const selected = suite
        .allTests()
        .flatMap((test) =>
          test.annotations
            .filter((annotation) => annotation.type === ANNOTATION.check)
            .map((a) => a.description ?? ''),
        );
      this.#selection = { selection, selected: [...new Set(selected)] };
    }
    const metadata = config.metadata as Record<string, unknown>;
    // Merging blob reports: the facts are already in the blobs' metadata.
    const carried = metadata[METADATA_KEY] as ContractMetadata | undefined;
    // What the blobs carry wins: the merging process has no run state, only its configuration's plan.
    metadata[METADATA_KEY] = carried ? { ...currentRunMetadata(), ...carried } : currentRunMetadata();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const redactor = runRedactor();
    scrubResultErrors(result, redactor);
    for (const attachment of result.attachments) {
      if (attachment.name === 'trace' && attachment.path && existsSync(attachment.path)) {
        scrubTraceFile(attachment.path, redactor);
      }
      if (attachment.name === OBSERVATION_ATTACHMENT) {
        const body = attachment.body ?? (attachment.path ? readFileSync(attachment.path) : undefined);
        const observation = body ? parseObservation(body) : undefined;
        if (observation) this.#observations.push(observation);
      }
    }
    this.#checks.set(test.id, recordOf(test, redactor));
  }

  async onEnd(result: FullResult): Promise<void> {
    // Without onBegin (preflight stopped the run, so the tests never began), from the run's own files.
    const metadata = ((this.#config?.metadata as Record<string, unknown> | undefined)?.[METADATA_KEY] ??
      currentRunMetadata()) as ContractMetadata;
    const summary = buildRunSummary(
      metadata,
      [...this.#checks.values()],
      this.#drift(metadata.serverVersion),
      result.startTime,
      result.duration,
      { ...this.#selection, interrupted: result.status === 'interrupted' },
    );
    writeSummary(this.#options.reportsDir, summary);
    // A run whose checks all passed, but which the runner saw fail elsewhere (global teardown, a reporter):
    // never a green gate.
    if (summary.exitCode === EXIT_CODE.PASSED && result.status !== 'passed') {
      process.stderr.write(
        `rooms.get conformance: the run itself ${result.status} outside the checks (see above): exit ${EXIT_CODE.INCOMPLETE}\n`,
      );
      exitWithVerdict(EXIT_CODE.INCOMPLETE);
    } else exitWithVerdict(summary.exitCode);
    // A title the user set explicitly wins; so does the configured one when the preflight never ran.
    if (!process.env.PLAYWRIGHT_HTML_TITLE) {
      process.env.PLAYWRIGHT_HTML_TITLE =
        summary.run.target === UNKNOWN
          ? (this.#options.fallbackTitle ?? 'rooms.get conformance')
          : `rooms.get conformance: ${summary.verdict} — ${summary.run.target} (Rocket.Chat ${summary.run.serverVersion})`;
    }
  }

  #drift(serverVersion: string | undefined): DriftReport | undefined {
    if (!existsSync(DOCUMENTED_SCHEMA)) return undefined;
    const schema: unknown = JSON.parse(readFileSync(DOCUMENTED_SCHEMA, 'utf8'));
    return computeDrift(
      this.#observations.map((observation) => observation.inventory),
      schema,
      roomTypingsFor(serverVersion),
    );
  }
}

/** conformance.md/.json and drift.json, redacted; and the verdict line on the terminal. */
export function writeSummary(reportsDir: string, summary: ConformanceSummary): void {
  mkdirSync(reportsDir, { recursive: true });
  const redact = runRedactor().fn;
  writeFileSync(join(reportsDir, 'conformance.json'), redact(`${JSON.stringify(summary, null, 2)}\n`));
  writeFileSync(join(reportsDir, 'conformance.md'), redact(renderMarkdown(summary)));
  writeFileSync(
    join(reportsDir, 'drift.json'),
    redact(`${JSON.stringify(summary.drift ?? null, null, 2)}\n`),
  );
  process.stdout.write(`${redact(renderVerdictLine(summary))}\n`);
  if (summary.baseline) process.stdout.write(`${redact(renderBaselineLine(summary.baseline))}\n`);
}
