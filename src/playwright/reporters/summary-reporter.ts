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
import { computeDrift, type DriftReport } from '../../core/drift.js';
import { Redactor } from '../../core/redact.js';
import { SCHEMAS_DIR } from '../../core/validation.js';
import { OBSERVATION_ATTACHMENT, type Observation, parseObservation } from '../observations.js';
import { runRedactor } from '../attachments.js';
import { buildSummary, type CheckRecord, type RunFacts, renderMarkdown } from './summary.js';
import { scrubTraceFile } from './trace-scrub.js';

/**
 * First in the reporter list, so that what it does lands before the built-in reporters write:
 * - onBegin: copies the preflight results (environment variables set by global setup) into
 *   `config.metadata` under `contract`, which the json reporter and the blob report carry — so a merged
 *   run knows them too — and which the HTML report keeps;
 * - onTestEnd: scrubs secrets out of trace attachments before html/blob copy them; collects checks and
 *   drift observations;
 * - onEnd: writes conformance.md/.json and drift.json, and titles the HTML report with target and server
 *   version (PLAYWRIGHT_HTML_TITLE is read by the html reporter at its onEnd, which runs after this one).
 */
export interface SummaryReporterOptions {
  reportsDir: string;
  /** The html reporter's title when the preflight never ran (bad configuration, unreachable target). */
  fallbackTitle?: string;
}

/** The preflight's environment variables, as global setup sets them (docs/architecture.md). */
const RUN_FACT_ENV: Record<keyof RunFacts, string> = {
  target: 'CONTRACT_TARGET_URL',
  serverVersion: 'CONTRACT_SERVER_VERSION',
  profile: 'CONTRACT_PROFILE_RESOLVED',
  write: 'CONTRACT_WRITE_RESOLVED',
  contractHash: 'CONTRACT_HASH',
  suiteVersion: 'CONTRACT_SUITE_VERSION',
};
const METADATA_KEY = 'contract';
const UNKNOWN = '(unknown: the preflight did not run)';
const DOCUMENTED_SCHEMA = join(SCHEMAS_DIR, 'rooms.get.200.documented.json');

export default class SummaryReporter implements Reporter {
  readonly #options: SummaryReporterOptions;
  #config: FullConfig | undefined;
  readonly #checks = new Map<string, CheckRecord>();
  readonly #observations: Observation[] = [];
  #redactor: Redactor = new Redactor();

  constructor(options: SummaryReporterOptions) {
    this.#options = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, _suite: Suite): void {
    this.#config = config;
    const metadata = config.metadata as Record<string, unknown>;
    const facts: Partial<Record<keyof RunFacts | 'runId', string>> = {
      ...(metadata[METADATA_KEY] as Record<string, string> | undefined),
    };
    for (const [key, name] of Object.entries(RUN_FACT_ENV)) {
      const value = process.env[name];
      if (value) facts[key as keyof RunFacts] = value;
    }
    if (process.env.CONTRACT_RUN_ID) facts.runId = process.env.CONTRACT_RUN_ID;
    // Mutated in place: the blob reporter serialises this very object at its onEnd.
    metadata[METADATA_KEY] = facts;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.#redactor = runRedactor();
    for (const attachment of result.attachments) {
      if (attachment.name === 'trace' && attachment.path && existsSync(attachment.path)) {
        scrubTraceFile(attachment.path, this.#redactor);
      }
      if (attachment.name === OBSERVATION_ATTACHMENT) {
        const body = attachment.body ?? (attachment.path ? readFileSync(attachment.path) : undefined);
        const observation = body ? parseObservation(body) : undefined;
        if (observation) this.#observations.push(observation);
      }
    }
    this.#checks.set(test.id, classify(test, result, this.#redactor));
  }

  async onEnd(result: FullResult): Promise<void> {
    const run = this.#runFacts();
    const drift = this.#drift();
    const summary = buildSummary({
      run,
      checks: [...this.#checks.values()],
      drift,
      startTime: result.startTime,
      durationMs: result.duration,
    });
    const { reportsDir } = this.#options;
    mkdirSync(reportsDir, { recursive: true });
    const redact = runRedactor().fn;
    writeFileSync(join(reportsDir, 'conformance.json'), redact(`${JSON.stringify(summary, null, 2)}\n`));
    writeFileSync(join(reportsDir, 'conformance.md'), redact(renderMarkdown(summary)));
    writeFileSync(join(reportsDir, 'drift.json'), redact(`${JSON.stringify(drift ?? null, null, 2)}\n`));
    // A title the user set explicitly wins; so does the configured one when the preflight never ran.
    if (!process.env.PLAYWRIGHT_HTML_TITLE) {
      process.env.PLAYWRIGHT_HTML_TITLE =
        run.target === UNKNOWN
          ? (this.#options.fallbackTitle ?? 'rooms.get conformance')
          : `rooms.get conformance: ${run.target} — Rocket.Chat ${run.serverVersion}`;
    }
  }

  #runFacts(): RunFacts {
    const facts = (this.#config?.metadata as Record<string, unknown> | undefined)?.[METADATA_KEY] as
      | Partial<RunFacts>
      | undefined;
    return {
      target: facts?.target ?? UNKNOWN,
      serverVersion: facts?.serverVersion ?? UNKNOWN,
      profile: facts?.profile ?? UNKNOWN,
      write: facts?.write ?? UNKNOWN,
      contractHash: facts?.contractHash ?? UNKNOWN,
      suiteVersion: facts?.suiteVersion ?? UNKNOWN,
    };
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

/** Maps Playwright's outcome onto the summary's vocabulary, reading the conventions' annotations. */
export function classify(test: TestCase, result: TestResult, redactor: Redactor): CheckRecord {
  // Runtime annotations (waiver, rate-limit-wait …) live on the result; a test that never ran has none.
  const annotations = result.annotations?.length ? result.annotations : test.annotations;
  const first = (type: string): string | undefined => annotations.find((a) => a.type === type)?.description;
  const all = (type: string): string[] =>
    annotations.filter((a) => a.type === type).map((a) => a.description ?? '');
  const waiver = first('waiver');
  const base = {
    title: test.titlePath().slice(1).filter(Boolean).join(' › '),
    clause: first('clause'),
    waiver: waiver === undefined ? undefined : redactor.redact(waiver),
    rateLimitWaitMs: all('rate-limit-wait').reduce((sum, ms) => sum + (Number(ms) || 0), 0),
    transportRetries: all('transport-retry').length,
    testRetries: Math.max(0, test.results.length - 1),
  };
  const outcome = test.outcome();
  const error = firstLine(result.errors[0]?.message ?? result.error?.message, redactor);
  if (outcome === 'skipped') {
    return { ...base, status: 'skipped', reason: first('skip') ?? first('fixme') ?? 'skipped' };
  }
  if (test.expectedStatus === 'failed') {
    // The row names the waiver; its full text is listed once under "Waivers in force".
    if (outcome === 'expected') {
      return {
        ...base,
        status: 'waived',
        reason: waiver ? `waiver ${waiver.split(':')[0]}` : 'expected to fail',
      };
    }
    const reason =
      result.status === 'passed'
        ? `passed although waived${waiver ? ` by ${waiver.split(':')[0]}` : ''}: the deviation is gone, remove the waiver`
        : error;
    return { ...base, status: 'failed', reason };
  }
  if (outcome === 'expected') return { ...base, status: 'passed', reason: undefined };
  if (outcome === 'flaky') return { ...base, status: 'passed', reason: 'flaky: passed on retry' };
  return { ...base, status: 'failed', reason: error ?? `ended ${result.status}` };
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function firstLine(message: string | undefined, redactor: Redactor): string | undefined {
  if (!message) return undefined;
  const lines = message
    .replace(ANSI, '')
    .split('\n')
    .map((text) => text.trim().replace(/^Error:\s*/, ''))
    // A custom matcher's message starts with its hint, "expect(response).toMatchContract(…)": not a reason.
    .filter((text) => text.length > 0 && !/^expect\(.*\)\.\w+\(.*\)$/.test(text));
  // "… does not match …:" / "body: 19 violations of …:" are headings; the first line under them says why.
  const detail = lines.findIndex((text) => !text.endsWith(':'));
  const line =
    detail > 0 ? `${lines[detail - 1]} ${lines[detail]}` : detail === 0 ? lines[0] : lines[lines.length - 1];
  if (!line) return undefined;
  const redacted = redactor.redact(line);
  return redacted.length > 200 ? `${redacted.slice(0, 199)}…` : redacted;
}
