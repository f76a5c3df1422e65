import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import { withBaseline } from '../../core/results/baseline.js';
import {
  ANNOTATION,
  classifyAttempts,
  failureLines,
  type RunnerResult,
  waiverLines,
} from '../../core/run/check-outcome.js';
import { checkById, isCheckId, plannedChecks } from '../../core/run/checks.js';
import { ConfigError, resolveBaseline, resolveConfig } from '../../core/run/config.js';
import { documentationSelfCheck } from '../../core/contract/documentation-findings.js';
import { computeDrift, type DriftReport } from '../../core/contract/drift.js';
import { roomTypingsFor } from '../../core/contract/typings.js';
import { PROJECT_ROOT } from '../../core/project-root.js';
import { readRecordedRun } from '../../core/results/recorded-run.js';
import type { Redactor } from '../../core/secrets/redact.js';
import { runRedactor } from '../attachments.js';
import { OBSERVATION_ATTACHMENT, parseObservation } from '../observations.js';
import { runnerError } from '../../core/run/check-outcome.js';
import {
  buildSummary,
  type CheckRecord,
  type ConformanceSummary,
  type PreflightStop,
  type RunFacts,
  type RunScope,
} from '../../core/results/summary.js';
import { newerThanKnownNote, rulesFor } from '../../core/rocketchat/version-rules.js';
import { loadStopRecord, loadRunState, type RunPlan, type TargetState } from '../run-state.js';

/**
 * The shared base of the conformance reporters (as Playwright's own reporters share `./base`): the run's
 * summary, built ONCE per run from the tests' results and their outcome records (src/core/run/check-outcome.ts)
 * — what the run is (its metadata), each test's record, the command line's scope, the drift observations —
 * and handed to every reporter that extends RunSummaryReporter. Each reporter writes one output from it;
 * none reads back a file another wrote. The reporter fallback (fallback.ts) builds it from the workers'
 * records instead.
 */
/** Run facts plus what the summary needs to know about the plan, as carried in metadata. */
export interface ContractMetadata extends Partial<RunFacts> {
  runId?: string;
  planned?: string[];
  notApplicable?: Array<{ check: string; reason: string }>;
  /** Why preflight stopped the run, if it did. */
  preflightStop?: PreflightStop;
  /** CONTRACT_WRITE=false was set explicitly: the user chose the read-only scope. */
  readOnlyChosen?: boolean;
}

export const METADATA_KEY = 'contract';
export const UNKNOWN = '(unknown: preflight did not finish)';
/** What this run is (from the run state preflight wrote, or its stop record, and the configuration). */
export function currentRunMetadata(): ContractMetadata {
  const state = loadRunState();
  const readOnlyChosen = configuredWrite() === false;
  if (state) return { readOnlyChosen, ...runFactsFrom(state, state.targets[0]) };
  const stopped = loadStopRecord();
  if (stopped) {
    const { stop, target, ...plan } = stopped;
    return {
      readOnlyChosen,
      preflightStop: stop,
      ...runFactsFrom(plan, target),
    };
  }
  // Preflight never finished (interrupted): the plan is the configuration's, never nothing.
  return { ...configuredPlan(), readOnlyChosen };
}

/** The summary's run facts from what preflight wrote: the run's plan, and its (first) target. */
function runFactsFrom(
  plan: RunPlan,
  target: (Pick<TargetState, 'url' | 'profile' | 'write'> & { serverVersion?: string }) | undefined,
): ContractMetadata {
  const version = target?.serverVersion;
  return {
    ...(target
      ? {
          target: target.url,
          // Unknown only when preflight stopped before GET /api/info answered as Rocket.Chat.
          serverVersion: version ?? '(unknown: GET /api/info gave no version)',
          profile: target.profile,
          write: String(target.write),
          versionNote: version === undefined ? undefined : newerThanKnownNote(rulesFor(version)),
        }
      : {}),
    contractHash: plan.contractHash,
    suiteVersion: plan.suiteVersion,
    runId: plan.runId,
    planned: plan.planned,
    notApplicable: plan.notApplicable,
  };
}

/** CONTRACT_WRITE as the user set it; undefined also where the configuration does not resolve (a merge). */
function configuredWrite(): boolean | undefined {
  try {
    return resolveConfig().writeChosen;
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}

/** The checks the configuration plans, for a run whose preflight never wrote them down. */
function configuredPlan(): Pick<ContractMetadata, 'planned' | 'notApplicable' | 'profile' | 'target'> {
  let config: ReturnType<typeof resolveConfig>;
  try {
    config = resolveConfig();
  } catch (error) {
    if (error instanceof ConfigError) return {};
    throw error;
  }
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
  /** The command line's selection and whether the run was interrupted (not carried in metadata). */
  scope: Pick<RunScope, 'selection' | 'selected'> & { interrupted?: boolean } = {},
): ConformanceSummary {
  const { interrupted, ...selection } = scope;
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
    ...(interrupted ? { interrupted } : {}),
    scope: { readOnlyChosen: metadata.readOnlyChosen === true, ...selection },
    documentation: documentationSelfCheck(),
    drift,
    startTime,
    durationMs,
  });
  // In a test run CONTRACT_BASELINE was validated before any check; in a merge it is validated here.
  const baseline = resolveBaseline();
  return baseline ? withBaseline(summary, readRecordedRun(baseline.file), baseline.source) : summary;
}

/** A test's outcome in the summary's vocabulary, from every attempt's result and outcome record. */
export function recordOf(test: TestCase, redactor: Redactor): CheckRecord {
  const attempts = test.results.map(
    (result): RunnerResult => ({
      status: result.status,
      // Runtime annotations (the outcome record …) live on the result; a test that never ran has none.
      annotations: result.annotations?.length ? result.annotations : test.annotations,
      ...(result.errors[0]?.message ? { error: runnerError(result.errors[0].message, redactor) } : {}),
      timeoutMs: test.timeout,
    }),
  );
  return recordFrom(test.titlePath().slice(1).filter(Boolean).join(' › '), attempts, redactor);
}

/** The same record from plain data (the reporter, and the fallback summary in global teardown). */
export function recordFrom(
  title: string,
  attempts: readonly RunnerResult[],
  redactor: Redactor,
): CheckRecord {
  const annotations = attempts[attempts.length - 1]?.annotations ?? [];
  const all = (type: string): string[] =>
    annotations.filter((a) => a.type === type).map((a) => a.description ?? '');
  const classified = classifyAttempts(attempts);
  const record = classified.record;
  const waivers = classified.status === 'waived' && record ? waiverLines(record) : [];
  return {
    title,
    check: all(ANNOTATION.check)[0],
    status: classified.status,
    reason: classified.reason === undefined ? undefined : oneLine(redactor.redact(classified.reason)),
    ...(classified.status === 'failed' && record
      ? { evidence: failureLines(record).map((line) => redactor.redact(line)) }
      : {}),
    notes: [
      ...(record?.notes ?? []),
      ...(record?.unneededWaivers ?? []).map(
        (id) => `waiver ${id} no longer needed: the check passed without the deviation it accepts`,
      ),
    ].map((note) => redactor.redact(note)),
    waiver: waivers.length === 0 ? undefined : redactor.redact(waivers.join('; ')),
    skewMs: all(ANNOTATION.clockSkew)
      .map((text) => Number.parseInt(text, 10))
      .filter(Number.isFinite),
    rateLimitWaitMs: all(ANNOTATION.rateLimitWait).reduce((sum, ms) => sum + (Number(ms) || 0), 0),
    transportRetries: all(ANNOTATION.transportRetry).length,
    testRetries: Math.max(0, attempts.length - 1),
    ...(classified.flaky ? { flaky: true } : {}),
  };
}

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/**
 * What the command line selected, in its own words (`--grep dm/`, `--shard 1/2`, `specs/dm.spec.ts`), or
 * undefined when it runs every planned check. The checks it left out are outside the run's scope.
 */
function commandLineSelection(argv: readonly string[], config?: FullConfig): string | undefined {
  const at = argv.indexOf('test');
  if (at < 0) return undefined;
  const args = argv.slice(at + 1);
  const parts: string[] = [];
  const valued = new Set(['-g', '--grep', '-G', '--grep-invert', '--shard']);
  const selecting = new Set([...valued, '--last-failed', '--only-changed']);
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    if (selecting.has(flag as string)) {
      const value = valued.has(flag as string) ? (inline ?? args[++index]) : undefined;
      parts.push(value === undefined ? (flag as string) : `${flag} ${value}`);
    } else if (OPTIONS_WITH_VALUE.has(flag as string)) {
      if (inline === undefined) index++;
    } else if (!arg.startsWith('-')) parts.push(arg);
  }
  if (config?.shard && !parts.some((part) => part.startsWith('--shard')))
    parts.push(`--shard ${config.shard.current}/${config.shard.total}`);
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** Playwright test options that take a value (so the value is not read as a spec-file filter). */
const OPTIONS_WITH_VALUE = new Set([
  '-c',
  '--config',
  '-j',
  '--workers',
  '--reporter',
  '--output',
  '--timeout',
  '--retries',
  '--max-failures',
  '--repeat-each',
  '--global-timeout',
  '--trace',
  '--browser',
  '--tsconfig',
  '--test-list',
  '--test-list-invert',
  '--add-reporter',
  '--project',
]);

/** The options of a reporter that writes into the reports folder. */
export interface ReportsDirOptions {
  reportsDir: string;
}

/** A report file, every known secret redacted, in the reports folder (created if need be). */
export function writeReport(reportsDir: string, file: string, text: string, redactor: Redactor): void {
  mkdirSync(reportsDir, { recursive: true });
  writeFileSync(join(reportsDir, file), redactor.redact(text));
}

/** What a reporter's onEnd may return, as Playwright's own: a status that becomes the run's, or nothing. */
// biome-ignore lint/suspicious/noConfusingVoidType: most reporters return nothing; Playwright's onEnd is typed so.
type RunEndStatus = { status: FullResult['status'] } | void;

/** What every conformance reporter receives when the run ends. */
export interface FinishedRun {
  summary: ConformanceSummary;
  /** The runner's own status, as the first conformance reporter saw it (before any reporter changed it). */
  runnerStatus: FullResult['status'];
  config: FullConfig;
  /** The run's secrets, as the spool held them when the run ended (the leak scan deletes it). */
  redactor: Redactor;
}

const runFacts = new WeakMap<FullConfig, ContractMetadata>();
const finishedRuns = new WeakMap<Suite, FinishedRun>();

/**
 * What the run is: the run state preflight wrote (or its stop record), read when the run begins — global
 * teardown deletes the run state before the reporters end. Merging blob reports: what the blobs' metadata
 * carries wins, as the merging process has no run state, only its configuration's plan.
 */
export function runFactsOf(config: FullConfig): ContractMetadata {
  const known = runFacts.get(config);
  if (known) return known;
  const carried = (config.metadata as Record<string, unknown>)[METADATA_KEY] as ContractMetadata | undefined;
  const facts = carried ? { ...currentRunMetadata(), ...carried } : currentRunMetadata();
  runFacts.set(config, facts);
  return facts;
}

/** The run's summary and what goes with it; built by the first reporter that asks, the same for all. */
function finishedRun(config: FullConfig, suite: Suite, result: FullResult): FinishedRun {
  const known = finishedRuns.get(suite);
  if (known) return known;
  const redactor = runRedactor();
  const tests = suite.allTests();
  const ran = tests.filter((test) => test.results.length > 0);
  const selection = commandLineSelection(process.argv, config);
  // The checks the selection chose; a run stopped before its tests were listed has no list to narrow by.
  const selected =
    selection === undefined || tests.length === 0
      ? undefined
      : [
          ...new Set(
            tests.flatMap((test) =>
              test.annotations
                .filter((annotation) => annotation.type === ANNOTATION.check)
                .map((annotation) => annotation.description ?? ''),
            ),
          ),
        ];
  const facts = runFactsOf(config);
  const summary = buildRunSummary(
    facts,
    ran.map((test) => recordOf(test, redactor)),
    driftOf(ran, facts.serverVersion),
    result.startTime,
    result.duration,
    {
      ...(selection === undefined ? {} : { selection }),
      ...(selected === undefined ? {} : { selected }),
      interrupted: result.status === 'interrupted',
    },
  );
  const run: FinishedRun = { summary, runnerStatus: result.status, config, redactor };
  finishedRuns.set(suite, run);
  return run;
}

const DOCUMENTED_SCHEMA = join(PROJECT_ROOT, 'schemas', 'rooms.get.200.documented.json');

/**
 * The drift from the documented schema, from the observations the tests attached (observations.ts),
 * each undocumented field sorted by the typings of the server's release.
 */
function driftOf(tests: readonly TestCase[], serverVersion: string | undefined): DriftReport | undefined {
  if (!existsSync(DOCUMENTED_SCHEMA)) return undefined;
  const inventories = tests.flatMap((test) =>
    test.results.flatMap((result) =>
      result.attachments.flatMap((attachment) => {
        if (attachment.name !== OBSERVATION_ATTACHMENT) return [];
        const body = attachment.body ?? (attachment.path ? readFileSync(attachment.path) : undefined);
        const observation = body ? parseObservation(body) : undefined;
        return observation ? [observation.inventory] : [];
      }),
    ),
  );
  const schema: unknown = JSON.parse(readFileSync(DOCUMENTED_SCHEMA, 'utf8'));
  return computeDrift(inventories, schema, roomTypingsFor(serverVersion));
}

/**
 * The base of every conformance reporter: it takes the run's facts as the run begins, and when it ends,
 * hands the reporter the run's summary (`onRunEnd`). A reporter that also needs the tests as they end
 * (the trace scrubber) or the run's output (the leak scan) adds those hooks.
 */
export abstract class RunSummaryReporter<Options = unknown> implements Reporter {
  /** The reporter's options from the reporter list (index.ts). */
  protected readonly options: Options;
  #config: FullConfig | undefined;
  #suite: Suite | undefined;

  constructor(options: Options) {
    this.options = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  /** Playwright calls it after preflight, or at the end with an empty suite when preflight stopped the run. */
  onBegin(config: FullConfig, suite: Suite): void {
    this.#config = config;
    this.#suite = suite;
    runFactsOf(config);
  }

  async onEnd(result: FullResult): Promise<RunEndStatus> {
    if (!this.#config || !this.#suite) return;
    return await this.onRunEnd(finishedRun(this.#config, this.#suite, result));
  }

  /** The reporter's output, from the run's summary; a status it returns becomes the run's (Playwright's API). */
  protected abstract onRunEnd(run: FinishedRun): RunEndStatus | Promise<RunEndStatus>;
}
