import type { CheckStatus } from '../run/check-outcome.js';

/**
 * The shapes a run's summary, its comparison with a baseline and a recorded run (an earlier
 * conformance.json read back) share. Types only, in a module of their own, so that summary.ts,
 * baseline.ts and recorded-run.ts depend on it and not on each other.
 */
export type Verdict = 'PASSED' | 'FAILED' | 'INCOMPLETE' | 'INTERRUPTED';

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

/** What became of a check since the baseline run (the table in baseline.ts). */
export type CheckChange = 'new failure' | 'fixed' | 'still failing' | 'unchanged' | 'new check';

export interface CheckComparison {
  check: string;
  change: CheckChange;
  /** The check's status in the baseline; undefined for a new check. */
  was: CheckStatus | undefined;
  now: CheckStatus;
  /** Why it does not pass now; for a fixed check, why it did not pass then. */
  reason: string | undefined;
}

export interface BaselineComparison {
  /** The baseline file as CONTRACT_BASELINE named it. */
  source: string;
  baseline: {
    verdict: Verdict;
    target: string;
    serverVersion: string;
    profile: string;
    contractHash: string;
    suiteVersion: string;
    date: string | undefined;
  };
  sameSuiteVersion: boolean;
  sameContract: boolean;
  counts: Record<CheckChange, number> & { 'no longer checked': number };
  /** Every check of this run, new failures first (in the order of CHANGES, then by id). */
  checks: CheckComparison[];
  /** Checks the baseline judged and this run does not have. */
  noLongerChecked: Array<{ check: string; was: CheckStatus }>;
}
