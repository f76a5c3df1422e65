import type { BaselineComparison, CheckChange } from './baseline.js';
import { type CheckStatus, worstStatus } from './check-outcome.js';
import {
  CHECK_FAMILIES,
  type CheckDefinition,
  type CheckFamily,
  type CheckProfile,
  FAMILY_TITLES,
} from './checks.js';
import type { DocumentationFindings } from './documentation-findings.js';
import type { DriftReport } from './drift.js';

/**
 * The conformance summary a release is signed off from: ONE verdict word, and behind it what was checked
 * (target, version, profile, contract), one row per check with its status, profile and why, the waivers
 * that accepted a deviation, what was skipped or could not be judged and why, and what the run spent on
 * rate limits, retries and clock skew. Pure data; src/core/summary-render.ts renders it.
 *
 * Verdicts:
 * - PASSED: every check of the run was judged, and none failed (waived deviations allowed);
 * - FAILED: a check failed on a contract assertion;
 * - INCOMPLETE: nothing failed, but checks could not be judged (errors) or did not run (skipped) — the
 *   verdict line says how many of how many were judged. A read-only run is therefore never PASSED.
 *
 * Everything is in a stable order, so a sharded and merged run gives the same summary as one run.
 */
export type Verdict = 'PASSED' | 'FAILED' | 'INCOMPLETE';

/** One test as the reporter classified it. */
export interface CheckRecord {
  /** `<family>/<check-id>` from the `check` annotation, if any. */
  check: string | undefined;
  /** The test's title path, for tests without a usable check annotation. */
  title: string;
  status: CheckStatus;
  /** Why it failed, errored, was skipped or waived; one line, already redacted. */
  reason: string | undefined;
  notes: string[];
  /** `<waiver-id> accepted …` from the `waived` annotation. */
  waiver: string | undefined;
  /** Clock skew the check saw between instances, in ms (one entry per observation). */
  skewMs: number[];
  rateLimitWaitMs: number;
  transportRetries: number;
  /** Playwright retries of the test (results beyond the first). */
  testRetries: number;
}

export interface RunFacts {
  target: string;
  serverVersion: string;
  profile: string;
  write: string;
  contractHash: string;
  suiteVersion: string;
  /** Set when the server is newer than every version the suite knows (checked with the newest rules). */
  versionNote?: string;
}

interface CheckRow {
  check: string;
  title: string;
  profile: CheckProfile;
  status: CheckStatus;
  reason: string | undefined;
  notes: string[];
  /** Tests that ran for the check (more than one in a multi-target run). */
  tests: number;
  /** What changed since the baseline run, when CONTRACT_BASELINE names one (src/core/baseline.ts). */
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
  /** Preflight stopped the run with this message: every planned check is an error with it as cause. */
  preflightStop?: string;
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

  const rows = input.planned.map((definition): CheckRow => {
    const tests = byCheck.get(definition.id) ?? [];
    if (tests.length === 0 && input.preflightStop !== undefined) {
      return {
        check: definition.id,
        title: definition.title,
        profile: definition.profile,
        status: 'error',
        reason: `preflight: ${input.preflightStop.replace(/^rooms-get-conformance: /, '').split('\n')[0]}`,
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
        reason: 'did not run (not selected by --grep/--shard, or its spec did not load)',
        notes: [],
        tests: 0,
      };
    }
    const status = worstStatus(tests.map((test) => test.status)) ?? 'skipped';
    return {
      check: definition.id,
      title: definition.title,
      profile: definition.profile,
      status,
      reason: tests.find((test) => test.status === status)?.reason,
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
  const verdict: Verdict =
    counts.failed + stray.failed > 0
      ? 'FAILED'
      : counts.error + stray.error > 0 || counts.skipped > 0 || rows.length === 0
        ? 'INCOMPLETE'
        : 'PASSED';
  const skew = records.flatMap((record) => record.skewMs);
  return {
    verdict,
    verdictLine:
      input.preflightStop !== undefined && records.length === 0
        ? `0 of ${rows.length} checks were judged: preflight stopped the run (the message above says why)`
        : verdictLine(verdict, counts, rows, stray),
    run: input.run,
    counts,
    planned: rows.length,
    families,
    notApplicable: [...input.notApplicable].sort((a, b) => compare(a.check, b.check)),
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
  if (verdict === 'PASSED') return `all ${total} checks were judged and passed${waived}`;
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
