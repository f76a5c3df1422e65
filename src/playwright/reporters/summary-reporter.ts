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
import { withBaseline } from '../../core/baseline.js';
import { renderBaselineLine } from '../../core/baseline-render.js';
import { ANNOTATION, type Annotation, classify, type RunnerResult } from '../../core/check-outcome.js';
import { checkById, isCheckId, plannedChecks } from '../../core/checks.js';
import { resolveBaseline, resolveConfig } from '../../core/config.js';
import { documentationSelfCheck } from '../../core/documentation-findings.js';
import { computeDrift, type DriftReport } from '../../core/drift.js';
import { PROJECT_ROOT } from '../../core/project-root.js';
import { readRecordedRun } from '../../core/recorded-run.js';
import type { Redactor } from '../../core/redact.js';
import {
  buildSummary,
  type CheckRecord,
  type ConformanceSummary,
  type RunFacts,
} from '../../core/summary.js';
import { renderMarkdown, renderVerdictLine } from '../../core/summary-render.js';
import { newerThanKnownNote, rulesFor } from '../../core/version-rules.js';
import { runRedactor } from '../attachments.js';
import { OBSERVATION_ATTACHMENT, type Observation, parseObservation } from '../observations.js';
import { loadPreflightStop, loadRunState } from '../run-state.js';
import { scrubResultErrors, scrubTraceFile } from './trace-scrub.js';

/**
 * Second in the reporter list, so that what it does lands before the built-in reporters write:
 * - onBegin (after preflight): the run's facts — target, version, profile, write mode, the checks the run
 *   is meant to judge — into `config.metadata.contract`, which the json reporter and the blob report carry
 *   (so a merged sharded run knows them too) and which the HTML report keeps;
 * - onTestEnd: scrubs secrets out of trace attachments before html/blob copy them; classifies the check
 *   (src/core/check-outcome.ts) and collects drift observations;
 * - onEnd: writes conformance.md/.json and drift.json, prints the verdict line, and titles the HTML report.
 */
export interface SummaryReporterOptions {
  reportsDir: string;
  /** The html reporter's title when the preflight never ran (bad configuration, unreachable target). */
  fallbackTitle?: string;
}

/** Run facts plus what the summary needs to know about the plan, as carried in metadata. */
export interface ContractMetadata extends Partial<RunFacts> {
  runId?: string;
  planned?: string[];
  notApplicable?: Array<{ check: string; reason: string }>;
  /** The message preflight stopped the run with, if it did. */
  preflightStop?: string;
}

const METADATA_KEY = 'contract';
const UNKNOWN = '(unknown: the preflight did not run)';
const DOCUMENTED_SCHEMA = join(PROJECT_ROOT, 'schemas', 'rooms.get.200.documented.json');

export default class SummaryReporter implements Reporter {
  readonly #options: SummaryReporterOptions;
  #config: FullConfig | undefined;
  readonly #checks = new Map<string, CheckRecord>();
  readonly #observations: Observation[] = [];

  constructor(options: SummaryReporterOptions) {
    this.#options = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, _suite: Suite): void {
    this.#config = config;
    const metadata = config.metadata as Record<string, unknown>;
    // Merging blob reports: the facts are already in the blobs' metadata.
    const carried = metadata[METADATA_KEY] as ContractMetadata | undefined;
    metadata[METADATA_KEY] = { ...carried, ...currentRunMetadata() };
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
    this.#checks.set(test.id, recordOf(test, result, redactor));
  }

  async onEnd(result: FullResult): Promise<void> {
    // Without onBegin (preflight stopped the run, so the tests never began), from the run's own files.
    const metadata = ((this.#config?.metadata as Record<string, unknown> | undefined)?.[METADATA_KEY] ??
      currentRunMetadata()) as ContractMetadata;
    const summary = buildRunSummary(
      metadata,
      [...this.#checks.values()],
      this.#drift(),
      result.startTime,
      result.duration,
    );
    writeSummary(this.#options.reportsDir, summary);
    // A title the user set explicitly wins; so does the configured one when the preflight never ran.
    if (!process.env.PLAYWRIGHT_HTML_TITLE) {
      process.env.PLAYWRIGHT_HTML_TITLE =
        summary.run.target === UNKNOWN
          ? (this.#options.fallbackTitle ?? 'rooms.get conformance')
          : `rooms.get conformance: ${summary.verdict} — ${summary.run.target} (Rocket.Chat ${summary.run.serverVersion})`;
    }
  }

  #drift(): DriftReport | undefined {
    if (!existsSync(DOCUMENTED_SCHEMA)) return undefined;
    const schema: unknown = JSON.parse(readFileSync(DOCUMENTED_SCHEMA, 'utf8'));
    return computeDrift(
      this.#observations.map((observation) => observation.inventory),
      schema,
    );
  }
}

/** What this run is (from the run state preflight wrote, and the configuration). */
export function currentRunMetadata(): ContractMetadata {
  const state = loadRunState();
  const stop = state ? undefined : loadPreflightStop();
  if (stop !== undefined) return { ...configuredPlan(), preflightStop: stop };
  const target = state?.targets[0];
  return {
    ...(target
      ? {
          target: target.url,
          serverVersion: target.serverVersion,
          profile: target.profile,
          write: String(target.write),
          versionNote: newerThanKnownNote(rulesFor(target.serverVersion)),
        }
      : {}),
    ...(state
      ? {
          contractHash: state.contractHash,
          suiteVersion: state.suiteVersion,
          runId: state.runId,
          planned: state.planned,
          notApplicable: state.notApplicable,
        }
      : {}),
  };
}

/** The checks the configuration plans, for a run whose preflight never wrote them down. */
function configuredPlan(): Pick<ContractMetadata, 'planned' | 'notApplicable' | 'profile' | 'target'> {
  const config = resolveConfig();
  const { planned, notApplicable } = plannedChecks(config.profile, config.checkedAccount !== undefined);
  return {
    target: config.url,
    profile: config.profile,
    planned: planned.map((check) => check.id),
    notApplicable,
  };
}

/** The summary from the run's metadata and its classified checks. */
export function buildRunSummary(
  metadata: ContractMetadata,
  checks: CheckRecord[],
  drift: DriftReport | undefined,
  startTime: Date,
  durationMs: number,
): ConformanceSummary {
  const run: RunFacts = {
    target: metadata.target ?? UNKNOWN,
    serverVersion: metadata.serverVersion ?? UNKNOWN,
    profile: metadata.profile ?? UNKNOWN,
    write: metadata.write ?? UNKNOWN,
    contractHash: metadata.contractHash ?? UNKNOWN,
    suiteVersion: metadata.suiteVersion ?? UNKNOWN,
    ...(metadata.versionNote ? { versionNote: metadata.versionNote } : {}),
  };
  const summary = buildSummary({
    run,
    checks,
    planned: (metadata.planned ?? []).filter(isCheckId).map(checkById),
    notApplicable: metadata.notApplicable ?? [],
    ...(metadata.preflightStop ? { preflightStop: metadata.preflightStop } : {}),
    documentation: documentationSelfCheck(),
    drift,
    startTime,
    durationMs,
  });
  // In a test run CONTRACT_BASELINE was validated before any check; in a merge it is validated here.
  const baseline = resolveBaseline();
  return baseline ? withBaseline(summary, readRecordedRun(baseline.file), baseline.source) : summary;
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

/** A test's outcome in the summary's vocabulary, from Playwright's result and the check's annotations. */
export function recordOf(test: TestCase, result: TestResult, redactor: Redactor): CheckRecord {
  // Runtime annotations (verdict, not-judged, waived …) live on the result; a test that never ran has none.
  const annotations: Annotation[] = result.annotations?.length ? result.annotations : test.annotations;
  const runner: RunnerResult = {
    status: result.status,
    annotations,
    ...(result.errors[0]?.message ? { error: firstLine(result.errors[0].message, redactor) } : {}),
    timeoutMs: test.timeout,
  };
  return recordFrom(
    test.titlePath().slice(1).filter(Boolean).join(' › '),
    runner,
    Math.max(0, test.results.length - 1),
    redactor,
  );
}

/** The same record from plain data (the reporter, and the fallback summary in global teardown). */
export function recordFrom(
  title: string,
  runner: RunnerResult,
  testRetries: number,
  redactor: Redactor,
): CheckRecord {
  const { annotations } = runner;
  const all = (type: string): string[] =>
    annotations.filter((a) => a.type === type).map((a) => a.description ?? '');
  const classified = classify(runner);
  return {
    title,
    check: all(ANNOTATION.check)[0],
    status: classified.status,
    reason: classified.reason === undefined ? undefined : oneLine(redactor.redact(classified.reason)),
    notes: all(ANNOTATION.note).map((note) => redactor.redact(note)),
    waiver:
      all(ANNOTATION.waived)[0] === undefined
        ? undefined
        : redactor.redact(all(ANNOTATION.waived)[0] as string),
    skewMs: all(ANNOTATION.clockSkew)
      .map((text) => Number.parseInt(text, 10))
      .filter(Number.isFinite),
    rateLimitWaitMs: all(ANNOTATION.rateLimitWait).reduce((sum, ms) => sum + (Number(ms) || 0), 0),
    transportRetries: all(ANNOTATION.transportRetry).length,
    testRetries,
  };
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** The first meaningful line of an error message: the problem, not the matcher hint or a heading. */
export function firstLine(message: string, redactor: Redactor): string | undefined {
  const lines = message
    .replace(ANSI, '')
    .split('\n')
    .map((text) => text.trim().replace(/^(Error|ContractFailure):\s*/, ''))
    // A custom matcher's message starts with its hint, "expect(response).toMatchContract(…)": not a reason.
    .filter((text) => text.length > 0 && !/^expect\(.*\)\.\w+\(.*\)$/.test(text));
  // A check's findings: "<check>: <title> — 2 problems:" then one "• …" line per problem. The row already
  // names the check, so the reason is the problems themselves.
  if (/ — \d+ problems?:$/.test(lines[0] ?? '')) {
    const problems = lines
      .slice(1)
      .filter((text) => text.startsWith('•'))
      .map((text) => text.replace(/^•\s*/, ''));
    if (problems.length > 0) return redactor.redact(problems.join(' • '));
  }
  // "… does not match …:" is a heading; the first line under it says why.
  const detail = lines.findIndex((text) => !text.endsWith(':'));
  const line =
    detail > 0 ? `${lines[detail - 1]} ${lines[detail]}` : detail === 0 ? lines[0] : lines[lines.length - 1];
  return line ? redactor.redact(line) : undefined;
}
