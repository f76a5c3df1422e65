import type { BaselineComparison, CheckChange, RunFacts, Verdict } from './run-shapes.js';

export type { RunFacts, Verdict } from './run-shapes.js';
import { type CheckStatus, worstStatus } from '../run/check-outcome.js';
import { CHECK_FAMILIES, type CheckDefinition, type CheckFamily, FAMILY_TITLES } from '../run/checks.js';
import type { ContractProfile } from '../contract/contract-profiles.js';
import type { DocumentationFindings } from '../contract/documentation-findings.js';
import type { DriftReport } from '../contract/drift.js';

/**
 * The conformance summary a release is signed off from: ONE verdict word, and behind it what was checked
 * (target, version, profile, contract), one row per check with its status, profile and why, the waivers
 * that accepted a deviation, what was skipped or could not be judged and why, and what the run spent on
 * rate limits, retries and clock skew. Pure data; src/core/results/summary-render.ts renders it.
 *
 * Verdicts:
 * - PASSED: every check of the run was judged, and none failed (waived deviations allowed);
 * - FAILED: a check failed on a contract assertion;
 * - INCOMPLETE: nothing failed, but checks could not be judged (errors) or did not run (skipped) — the
 *   verdict line says how many of how many were judged. A read-only run is therefore never PASSED, unless
 *   the user chose the read-only scope (CONTRACT_WRITE=false);
 * - INTERRUPTED: the run was stopped (Ctrl-C, SIGINT) before it could judge its scope.
 *
 * The scope is what the user asked to judge: every planned check, or the read-only checks when
 * CONTRACT_WRITE=false says so explicitly, or the checks a --grep/--shard/file selection names. The
 * verdict line names it; checks outside it are listed as not applicable, never counted as skipped.
 *
 * Everything is in a stable order, so a sharded and merged run gives the same summary as one run.
 */

/** Why preflight stopped the run: the user's configuration, or a target no check can be judged on. */
export type StopKind = 'configuration' | 'target-unusable';

/** Preflight's steps, in the order it takes them: a stop names the one that stopped the run. */
export const PREFLIGHT_STEPS = [
  'reach the server',
  'log in',
  'read the version',
  'load the waivers',
] as const;
export type PreflightStep = (typeof PREFLIGHT_STEPS)[number];

export interface PreflightStop {
  kind: StopKind;
  /** The one message preflight printed. */
  message: string;
  /** The step that stopped the run; the steps before it were done. */
  step: PreflightStep;
}

/** "preflight stopped the run when it tried to log in": why no check ran, said once. */
export function stopReason(stop: PreflightStop): string {
  return `preflight stopped the run when it tried to ${stop.step}`;
}

/** The stop message's first line, without the suite's prefix (a junit message, a one-line cause). */
export function stopMessageLine(stop: PreflightStop): string {
  return stop.message.replace(/^rooms-get-conformance: /, '').split('\n')[0] ?? '';
}

/**
 * The exit codes of `npx playwright test` (README "Verdicts, statuses and exit codes"): what a CI gate
 * reads. `leak` outranks every verdict: the artifacts hold a secret and must not be published.
 */
export const EXIT_CODE = {
  PASSED: 0,
  FAILED: 1,
  configuration: 2,
  INCOMPLETE: 3,
  targetUnusable: 4,
  leak: 5,
  INTERRUPTED: 130,
} as const;

/** The exit code of a run from its summary (the leak scan's finding is added by the leak-scan reporter). */
function exitCodeOf(summary: Pick<ConformanceSummary, 'verdict' | 'stop'>): number {
  if (summary.verdict === 'INTERRUPTED') return EXIT_CODE.INTERRUPTED;
  if (summary.stop?.kind === 'configuration') return EXIT_CODE.configuration;
  if (summary.stop?.kind === 'target-unusable') return EXIT_CODE.targetUnusable;
  return EXIT_CODE[summary.verdict];
}

/** What the user asked the run to judge. */
export interface RunScope {
  /** CONTRACT_WRITE=false was set explicitly: the checks that write are outside the scope. */
  readOnlyChosen: boolean;
  /** The command line's selection (`--grep dm/`, `--shard 1/2`, spec files), if any. */
  selection?: string;
  /** With a selection: the checks it selected (the others are outside the scope). */
  selected?: readonly string[];
}

/** One test as the reporter classified it. */
export interface CheckRecord {
  /** `<family>/<check-id>` from the `check` annotation, if any. */
  check: string | undefined;
  /** The test's title path, for tests without a usable check annotation. */
  title: string;
  status: CheckStatus;
  /** Why it failed, errored, was skipped or waived; one line, already redacted. */
  reason: string | undefined;
  /** A failed check's problems in full, one per line (the reason is cut to one line), already redacted. */
  evidence?: string[];
  notes: string[];
  /** `<waiver-id> accepted …`, from the outcome record. */
  waiver: string | undefined;
  /** Clock skew the check saw between instances, in ms (one entry per observation). */
  skewMs: number[];
  rateLimitWaitMs: number;
  transportRetries: number;
  /** Playwright retries of the test (results beyond the first). */
  testRetries: number;
  /** A contract failure on one attempt, and a later attempt that did not fail (the status is `failed`). */
  flaky?: boolean;
}

interface CheckRow {
  check: string;
  title: string;
  profile: ContractProfile;
  status: CheckStatus;
  reason: string | undefined;
  /**
   * A failed check's problems in full, one per line (its reason is cut to one line: a long problem, such
   * as the property check's counterexample with the seeds that replay it, would lose its end).
   */
  evidence?: string[];
  notes: string[];
  /** Tests that ran for the check (more than one in a multi-target run). */
  tests: number;
  /** What changed since the baseline run, when CONTRACT_BASELINE names one (src/core/results/baseline.ts). */
  change?: CheckChange;
}

interface FamilySummary {
  family: CheckFamily;
  title: string;
  /** The worst status of its checks; `not in this profile` when the profile has none of its checks. */
  status: CheckStatus | 'not in this profile';
  counts: Record<CheckStatus, number>;
  checks: CheckRow[];
}

export interface ConformanceSummary {
  verdict: Verdict;
  /** The exit code of the run (EXIT_CODE), but for the leak scan's. */
  exitCode: number;
  /** What the user asked to judge, as the verdict line names it. */
  scope: string;
  /** Preflight stopped the run: why, and whose problem it is. */
  stop?: PreflightStop;
  /** One sentence under the verdict: how many checks were judged, failed, errored, skipped, waived. */
  verdictLine: string;
  run: RunFacts;
  /** Per planned check of the run (tests without a known check are counted in `unclassified` only). */
  counts: Record<CheckStatus, number>;
  /** The checks this run was meant to judge (the profile's, where they apply). */
  planned: number;
  families: FamilySummary[];
  /** Checks left out because they do not apply to this configuration, with why. */
  notApplicable: Array<{ check: string; reason: string }>;
  /** Tests without a `check` annotation naming a known check: a suite defect, shown. */
  unclassified: Array<{ title: string; status: CheckStatus; reason: string | undefined }>;
  /** Waivers that accepted a deviation in this run. */
  waivers: string[];
  clockSkew: { maxMs: number; observations: number; checks: string[] } | undefined;
  retries: { transport: number; test: number };
  documentation: DocumentationFindings | undefined;
  drift: DriftReport | undefined;
  /** The comparison with CONTRACT_BASELINE's run, when one is named. */
  baseline?: BaselineComparison;
  /** Differs between runs of the same suite; everything else must not. */
  timing: { date: string; durationMs: number; rateLimitWaitMs: number };
}

export interface SummaryInput {
  run: RunFacts;
  checks: CheckRecord[];
  /** The checks the run was meant to judge; any without a record counts as skipped ("did not run"). */
  planned: readonly CheckDefinition[];
  notApplicable: Array<{ check: string; reason: string }>;
  /** Preflight stopped the run: every planned check is an error with its message as cause. */
  preflightStop?: PreflightStop;
  /** The run was interrupted (SIGINT). */
  interrupted?: boolean;
  scope?: RunScope;
  documentation: DocumentationFindings | undefined;
  drift: DriftReport | undefined;
  startTime: Date;
  durationMs: number;
}

const ZERO: Record<CheckStatus, number> = { passed: 0, failed: 0, error: 0, skipped: 0, waived: 0 };

export function buildSummary(input: SummaryInput): ConformanceSummary {
  const records = [...input.checks].sort((a, b) => compare(a.title, b.title));
  const byCheck = new Map<string, CheckRecord[]>();
  const unclassified: ConformanceSummary['unclassified'] = [];
  const plannedIds = new Set(input.planned.map((check) => check.id));
  for (const record of records) {
    if (record.check && plannedIds.has(record.check))
      byCheck.set(record.check, [...(byCheck.get(record.check) ?? []), record]);
    else unclassified.push({ title: record.title, status: record.status, reason: record.reason });
  }

  const scope = input.scope ?? { readOnlyChosen: false };
  const outOfScope = input.planned.flatMap((definition) => {
    const reason = outOfScopeReason(definition, scope);
    return reason === undefined ? [] : [{ check: definition.id, reason }];
  });
  const inScope = input.planned.filter((definition) => outOfScopeReason(definition, scope) === undefined);
  const rows = inScope.map((definition): CheckRow => {
    const tests = byCheck.get(definition.id) ?? [];
    if (tests.length === 0 && input.preflightStop !== undefined) {
      return {
        check: definition.id,
        title: definition.title,
        profile: definition.profile,
        status: 'error',
        // The message itself is the summary's `stop`, said once; each row only says it did not run.
        reason: `not run: ${stopReason(input.preflightStop)}`,
        notes: [],
        tests: 0,
      };
    }
    if (tests.length === 0) {
      return {
        check: definition.id,
        title: definition.title,
        profile: definition.profile,
        status: 'skipped',
        reason: input.interrupted
          ? 'did not run: the run was interrupted'
          : 'did not run (not selected by --grep/--shard, or its spec did not load)',
        notes: [],
        tests: 0,
      };
    }
    const status = worstStatus(tests.map((test) => test.status)) ?? 'skipped';
    const shown = tests.find((test) => test.status === status);
    return {
      check: definition.id,
      title: definition.title,
      profile: definition.profile,
      status,
      reason: shown?.reason,
      ...(shown?.evidence && shown.evidence.length > 0 ? { evidence: shown.evidence } : {}),
      notes: [...new Set(tests.flatMap((test) => test.notes))].sort(compare),
      tests: tests.length,
    };
  });

  const families = CHECK_FAMILIES.map((family): FamilySummary => {
    const checks = rows
      .filter((row) => row.check.startsWith(`${family}/`))
      .sort((a, b) => compare(a.check, b.check));
    return {
      family,
      title: FAMILY_TITLES[family],
      status: worstStatus(checks.map((row) => row.status)) ?? 'not in this profile',
      counts: countStatuses(checks.map((row) => row.status)),
      checks,
    };
  });

  // Counts are per planned check; a test without a known check is not one of them, but its failure or error
  // still keeps the run from PASSED (never a false pass), and the verdict line says so.
  const counts = countStatuses(rows.map((row) => row.status));
  const stray = countStatuses(unclassified.map((test) => test.status));
  // An interruption outranks everything: what was judged before it is no verdict on the scope. A contract
  // failure found before it still shows in the counts and the rows.
  const verdict: Verdict = input.interrupted
    ? 'INTERRUPTED'
    : counts.failed + stray.failed > 0
      ? 'FAILED'
      : counts.error + stray.error > 0 || counts.skipped > 0 || rows.length === 0
        ? 'INCOMPLETE'
        : 'PASSED';
  const scopeText = describeScope(scope, outOfScope.length);
  const stop = input.preflightStop !== undefined && records.length === 0 ? input.preflightStop : undefined;
  const line = input.interrupted
    ? `interrupted before the run could judge its scope: ${verdictLine('INCOMPLETE', counts, rows, stray)}`
    : stop
      ? `0 of ${rows.length} checks were judged: ${stopReason(stop)} (${stop.kind === 'configuration' ? 'a configuration error' : 'the target is unusable'})`
      : verdictLine(verdict, counts, rows, stray);
  // Skipped because the run was read-only without the user saying so: say how to choose that scope.
  const writesSkipped = inScope.some(
    (definition, index) => rows[index]?.status === 'skipped' && writes(definition),
  );
  const hint =
    verdict === 'INCOMPLETE' && !scope.readOnlyChosen && input.run.write === 'false' && writesSkipped
      ? '; set CONTRACT_WRITE=false to choose the read-only scope'
      : '';
  const skew = records.flatMap((record) => record.skewMs);
  return {
    verdict,
    exitCode: exitCodeOf({ verdict, ...(stop ? { stop } : {}) }),
    scope: scopeText,
    ...(stop ? { stop } : {}),
    // Every planned check is the scope a line without one means; any narrower scope is named.
    verdictLine: `${line}${scopeText === FULL_SCOPE ? '' : `; scope: ${scopeText}`}${hint}`,
    run: input.run,
    counts,
    planned: rows.length,
    families,
    notApplicable: [...input.notApplicable, ...outOfScope].sort((a, b) => compare(a.check, b.check)),
    unclassified,
    waivers: [...new Set(records.flatMap((record) => (record.waiver ? [record.waiver] : [])))].sort(compare),
    clockSkew:
      skew.length === 0
        ? undefined
        : {
            maxMs: Math.max(...skew),
            observations: skew.length,
            checks: [
              ...new Set(
                records
                  .filter((record) => record.skewMs.length > 0)
                  .map((record) => record.check ?? record.title),
              ),
            ].sort(compare),
          },
    retries: {
      transport: records.reduce((sum, record) => sum + record.transportRetries, 0),
      test: records.reduce((sum, record) => sum + record.testRetries, 0),
    },
    documentation: input.documentation,
    drift: input.drift,
    timing: {
      date: input.startTime.toISOString(),
      durationMs: Math.round(input.durationMs),
      rateLimitWaitMs: records.reduce((sum, record) => sum + record.rateLimitWaitMs, 0),
    },
  };
}

function verdictLine(
  verdict: Verdict,
  counts: Record<CheckStatus, number>,
  rows: CheckRow[],
  stray: Record<CheckStatus, number>,
): string {
  const total = rows.length;
  const judged = counts.passed + counts.failed + counts.waived;
  const waived = counts.waived > 0 ? ` (${counts.waived} waived)` : '';
  if (verdict === 'PASSED')
    return total === 1
      ? `the 1 check was judged and passed${waived}`
      : `all ${total} checks were judged and passed${waived}`;
  const parts = [`${judged} of ${total} checks were judged`];
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.error > 0) parts.push(`${counts.error} could not be judged (errors)`);
  if (counts.skipped > 0) {
    const reasons = new Map<string, number>();
    for (const row of rows.filter((candidate) => candidate.status === 'skipped')) {
      const reason = (row.reason ?? 'skipped').split(':')[0] as string;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    parts.push(
      `${counts.skipped} skipped (${[...reasons].map(([reason, count]) => `${count} × ${reason}`).join('; ')})`,
    );
  }
  if (counts.waived > 0) parts.push(`${counts.waived} waived`);
  const tests = (count: number) => `${count} ${count === 1 ? 'test' : 'tests'} without a known check`;
  if (stray.failed > 0) parts.push(`${tests(stray.failed)} failed`);
  if (stray.error > 0) parts.push(`${tests(stray.error)} could not be judged`);
  return parts.join(', ');
}

const writes = (definition: CheckDefinition): boolean =>
  definition.needs.includes('write') || definition.needs.includes('world');

/** Checks that write are outside a read-only scope the user chose; unselected checks outside a selection. */
function outOfScopeReason(definition: CheckDefinition, scope: RunScope): string | undefined {
  if (scope.readOnlyChosen && writes(definition))
    return 'outside the chosen read-only scope (CONTRACT_WRITE=false): it writes';
  if (scope.selection !== undefined && scope.selected && !scope.selected.includes(definition.id))
    return `outside the scope: not selected by ${scope.selection}`;
  return undefined;
}

const FULL_SCOPE = 'every planned check';

function describeScope(scope: RunScope, left: number): string {
  const parts: string[] = [];
  if (scope.readOnlyChosen) parts.push('read-only (CONTRACT_WRITE=false)');
  if (scope.selection !== undefined) parts.push(`selected by ${scope.selection}`);
  if (parts.length === 0) return FULL_SCOPE;
  return `${parts.join(', ')}, ${left} planned ${left === 1 ? 'check' : 'checks'} left out`;
}

/** The summary without what legitimately differs between two runs of the same suite. */
export function comparableSummary(summary: ConformanceSummary): Omit<ConformanceSummary, 'timing'> {
  const { timing: _timing, ...rest } = summary;
  return rest;
}

function countStatuses(statuses: readonly CheckStatus[]): Record<CheckStatus, number> {
  const counts = { ...ZERO };
  for (const status of statuses) counts[status]++;
  return counts;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
