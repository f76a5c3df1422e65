/**
 * How a check ended, in the words a release manager signs off on:
 * - `passed`: every assertion held;
 * - `failed`: the server's answer broke the contract (an assertion about the server failed);
 * - `error`: the check could not be judged — seeding refused, a login that needs a second factor, a
 *   transport error, a rate limit that outlasted the wait, a timeout — with its cause;
 * - `skipped`: not run, with the reason (a read-only run, no data to judge);
 * - `waived`: it failed only by a deviation a waiver accepts.
 *
 * The test runner reports passed/failed/timedOut/skipped; which failures are contract failures is told
 * by annotations the check wrapper writes (src/playwright/check.ts). Framework-neutral, so the reporter,
 * the fallback summary and the mutation matrix classify the same way.
 */
export type CheckStatus = 'passed' | 'failed' | 'error' | 'skipped' | 'waived';

/** Annotation types written by the check wrapper and fixtures, read by the reporters and the matrix. */
export const ANNOTATION = {
  /** `<family>/<check-id>`. */
  check: 'check',
  /** The contract profile the check belongs to: `documented` or `strict`. */
  profile: 'profile',
  /** `failed`: the check failed on a contract assertion. */
  verdict: 'verdict',
  /** The cause of a check that could not be judged. */
  notJudged: 'not-judged',
  /** `<waiver-id>: <what it accepted>`. */
  waived: 'waived',
  /** Informational notes of a check (waivers no longer needed, rooms from older versions …). */
  note: 'note',
  /** Milliseconds a check saw between a write's timestamp and an earlier write's (instance clock skew). */
  clockSkew: 'clock-skew',
  rateLimitWait: 'rate-limit-wait',
  transportRetry: 'transport-retry',
  skip: 'skip',
} as const;

export interface Annotation {
  type: string;
  description?: string;
}

export interface RunnerResult {
  /** The test runner's status of the (last) attempt. */
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  annotations: readonly Annotation[];
  /** The first error message, if any (already redacted). */
  error?: string;
  timeoutMs?: number;
}

export interface Classified {
  status: CheckStatus;
  /** Why it failed, errored, was skipped or waived; one line. */
  reason?: string;
}

const first = (annotations: readonly Annotation[], type: string) =>
  annotations.find((annotation) => annotation.type === type)?.description;

/**
 * A failure counts as a contract failure only when the wrapper said so; anything else that failed is an
 * error (never a false contract failure).
 */
export function classify(result: RunnerResult): Classified {
  const { annotations } = result;
  switch (result.status) {
    case 'skipped':
      return { status: 'skipped', reason: first(annotations, ANNOTATION.skip) ?? 'skipped' };
    case 'timedOut':
      return {
        status: 'error',
        reason: `timed out${result.timeoutMs ? ` after ${Math.round(result.timeoutMs / 1000)} s` : ''} before it could be judged`,
      };
    case 'interrupted':
      return { status: 'error', reason: 'interrupted before it could be judged' };
    case 'passed': {
      const waived = first(annotations, ANNOTATION.waived);
      if (waived !== undefined) return { status: 'waived', reason: waived };
      const note = annotations.find(
        (annotation) =>
          annotation.type === ANNOTATION.note && /no longer needed/.test(annotation.description ?? ''),
      );
      return { status: 'passed', ...(note?.description ? { reason: note.description } : {}) };
    }
    case 'failed': {
      const notJudged = first(annotations, ANNOTATION.notJudged);
      if (first(annotations, ANNOTATION.verdict) === 'failed') {
        return { status: 'failed', ...(result.error ? { reason: result.error } : {}) };
      }
      return {
        status: 'error',
        reason: notJudged ?? (result.error ? `could not be judged: ${result.error}` : 'could not be judged'),
      };
    }
  }
}

/**
 * Worst first: a family takes the status of its worst check. A skipped check outranks passed and waived
 * ones: a family with a check that was not judged must not read as passed, any more than the run does.
 */
const STATUS_PRECEDENCE: readonly CheckStatus[] = ['failed', 'error', 'skipped', 'waived', 'passed'];

export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus | undefined {
  return STATUS_PRECEDENCE.find((status) => statuses.includes(status));
}
