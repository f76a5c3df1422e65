import type { CheckStatus } from '../../src/core/run/check-outcome.js';
import type { CheckRecord } from '../../src/core/results/summary.js';

/** A classified test result as the reporters hand it to the summary: no retries, waits or notes unless given. */
export function checkRecord(
  check: string | undefined,
  status: CheckStatus,
  extra: Partial<CheckRecord> = {},
): CheckRecord {
  return {
    check,
    title: check ? `${check.split('/')[1]}: a title` : 'a test without a check',
    status,
    reason: undefined,
    notes: [],
    waiver: undefined,
    skewMs: [],
    rateLimitWaitMs: 0,
    transportRetries: 0,
    testRetries: 0,
    ...extra,
  };
}
