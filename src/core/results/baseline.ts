import type { CheckStatus } from '../run/check-outcome.js';
import type { RecordedRun } from './recorded-run.js';
import type { CheckChange, CheckComparison } from './run-shapes.js';
import { type ConformanceSummary, compare } from './summary.js';

export type { BaselineComparison, CheckChange, CheckComparison } from './run-shapes.js';

/**
 * What changed since the run a release was last signed off from (CONTRACT_BASELINE): each check of this
 * run is marked against the same check id in the baseline. A check passes when it is `passed` or
 * `waived` (the verdict accepts a waived deviation); `failed`, `error` and `skipped` do not pass — a
 * check that could not be judged or did not run proves nothing, so it never counts as fixed or as
 * unchanged good news:
 *
 *   baseline \ this run   passes          does not pass
 *   passes                unchanged       new failure
 *   does not pass         fixed           still failing
 *   (absent)              new check       new check
 *
 * Checks only the baseline has are listed as no longer checked. The baseline may come from another suite
 * version or contract: the comparison says so and still goes by check id. Pure: the reporters feed it.
 */

/** The order changes are listed in: what needs attention first. */
const CHANGES: readonly CheckChange[] = ['new failure', 'fixed', 'still failing', 'new check', 'unchanged'];

function passes(status: CheckStatus): boolean {
  return status === 'passed' || status === 'waived';
}

/** How a check's status pair maps onto a change (the table above). */
export function changeOf(was: CheckStatus | undefined, now: CheckStatus): CheckChange {
  if (was === undefined) return 'new check';
  if (passes(was)) return passes(now) ? 'unchanged' : 'new failure';
  return passes(now) ? 'fixed' : 'still failing';
}

/** The summary with every check row marked and the comparison attached (conformance.json's `baseline`). */
export function withBaseline(
  summary: ConformanceSummary,
  baseline: RecordedRun,
  source: string,
): ConformanceSummary {
  const before = new Map(baseline.checks.map((row) => [row.check, row]));
  const rows = summary.families.flatMap((family) => family.checks);
  const checks = rows
    .map((row): CheckComparison => {
      const was = before.get(row.check);
      const change = changeOf(was?.status, row.status);
      return {
        check: row.check,
        change,
        was: was?.status,
        now: row.status,
        reason: change === 'fixed' ? was?.reason : passes(row.status) ? undefined : row.reason,
      };
    })
    .sort((a, b) => CHANGES.indexOf(a.change) - CHANGES.indexOf(b.change) || compare(a.check, b.check));
  const current = new Set(rows.map((row) => row.check));
  const noLongerChecked = baseline.checks
    .filter((row) => !current.has(row.check))
    .map((row) => ({ check: row.check, was: row.status }))
    .sort((a, b) => compare(a.check, b.check));
  const counts = {
    ...(Object.fromEntries(CHANGES.map((change) => [change, 0])) as Record<CheckChange, number>),
    'no longer checked': noLongerChecked.length,
  };
  for (const entry of checks) counts[entry.change]++;
  const changeOfCheck = new Map(checks.map((entry) => [entry.check, entry.change]));
  return {
    ...summary,
    families: summary.families.map((family) => ({
      ...family,
      checks: family.checks.map((row) => ({ ...row, change: changeOfCheck.get(row.check) })),
    })),
    baseline: {
      source,
      baseline: {
        verdict: baseline.verdict,
        target: baseline.run.target,
        serverVersion: baseline.run.serverVersion,
        profile: baseline.run.profile,
        contractHash: baseline.run.contractHash,
        suiteVersion: baseline.run.suiteVersion,
        date: baseline.date,
      },
      sameSuiteVersion: baseline.run.suiteVersion === summary.run.suiteVersion,
      sameContract: baseline.run.contractHash === summary.run.contractHash,
      counts,
      checks,
      noLongerChecked,
    },
  };
}
