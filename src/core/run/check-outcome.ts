/**
 * How a check ended, in the words a release manager signs off on:
 * - `passed`: every assertion held;
 * - `failed`: the server's answer broke the contract (an assertion about the server failed), or an
 *   expired waiver applies to the check;
 * - `error`: the check could not be judged — seeding refused, a login that needs a second factor, a
 *   transport error, a rate limit that outlasted the wait, a timeout — with its cause;
 * - `skipped`: not run, with the reason (a read-only run, no data to judge);
 * - `waived`: it failed only by a deviation a waiver accepts.
 *
 * ONE typed record per attempt of a check carries its end state — the `CheckOutcome` below, encoded as a
 * single JSON annotation by the judgement fixture (src/playwright/fixtures/judgement.ts) and by the reporter fixture suite
 * (tests/reporting/fixtures), decoded here. Reporters, the fallback summary and the mutation matrix read
 * the record, never an error message. Framework-neutral: no test runner is imported.
 */
export type CheckStatus = 'passed' | 'failed' | 'error' | 'skipped' | 'waived';

/** Annotation types written by the specs' registry entries and the fixtures, read by the reporters and the matrix. */
export const ANNOTATION = {
  /** `<family>/<check-id>`. */
  check: 'check',
  /** The contract profile the check belongs to: `documented` or `strict`. */
  profile: 'profile',
  /** The check's end state: one JSON-encoded `CheckOutcome` (encodeOutcome / decodeOutcome). */
  outcome: 'outcome',
  /**
   * A fixture that could not give the check what it needs (a piece of the world not built): beside an
   * outcome record it makes a passed check an error with this cause; a contract failure stays a failure.
   */
  notJudged: 'not-judged',
  /** Milliseconds a check saw between a write's timestamp and an earlier write's (instance clock skew). */
  clockSkew: 'clock-skew',
  rateLimitWait: 'rate-limit-wait',
  transportRetry: 'transport-retry',
} as const;

export interface Annotation {
  type: string;
  description?: string;
}

/** A named, known way of breaking the contract that a waiver may accept. */
export interface OutcomeDeviation {
  kind: string;
  /** What the server did (the evidence), one or more lines, already redacted. */
  message: string;
  /** The id of the waiver that accepted it; absent when none did (then it is a problem). */
  acceptedBy?: string;
}

/** A waiver in force that accepted deviations in this attempt. */
export interface OutcomeWaiver {
  id: string;
  reason: string;
  source: string;
}

/** A waiver for this check and server whose `expires` day has passed: it fails the check. */
export interface ExpiredWaiver {
  id: string;
  /** YYYY-MM-DD, the last day it applied. */
  expires: string;
  accepts: string;
}

/** The end state of one attempt of a check. */
export interface CheckOutcome {
  /**
   * How the check's own code ended: `failed` (a contract problem, an unaccepted deviation or an expired
   * waiver), `waived`, `passed`, `error` (not judged: `notJudged` says why) or `skipped` (`skip` says why).
   */
  status: CheckStatus;
  /** Contract problems that are not named deviations, one message each (the evidence). */
  problems: string[];
  deviations: OutcomeDeviation[];
  /** The waivers that accepted a deviation. */
  waivers: OutcomeWaiver[];
  expiredWaivers: ExpiredWaiver[];
  /** Waivers in force for the check that accepted nothing: the check passed without them. */
  unneededWaivers: string[];
  /** Why the check could not be judged (status `error`). */
  notJudged?: string;
  /** Why the check did not run (status `skipped`). */
  skip?: string;
  /** What the check needs beyond a session (src/core/run/checks.ts). */
  needs: string[];
  /** Information that judges nothing. */
  notes: string[];
}

/** An outcome with nothing in it but its status (and what is given). */
export function outcome(
  status: CheckStatus,
  fields: Partial<Omit<CheckOutcome, 'status'>> = {},
): CheckOutcome {
  return {
    status,
    problems: [],
    deviations: [],
    waivers: [],
    expiredWaivers: [],
    unneededWaivers: [],
    needs: [],
    notes: [],
    ...fields,
  };
}

export function encodeOutcome(record: CheckOutcome): Annotation {
  return { type: ANNOTATION.outcome, description: JSON.stringify(record) };
}

/** The (last) outcome record among a test's annotations; undefined when the check never wrote one. */
export function decodeOutcome(annotations: readonly Annotation[]): CheckOutcome | undefined {
  const encoded = annotations.findLast((annotation) => annotation.type === ANNOTATION.outcome)?.description;
  if (encoded === undefined) return undefined;
  const parsed = JSON.parse(encoded) as Partial<CheckOutcome>;
  if (typeof parsed.status !== 'string') throw new Error(`an outcome record without a status: ${encoded}`);
  return outcome(parsed.status, parsed);
}

/** What broke the contract, one line per problem: the evidence a failed check shows. */
export function failureLines(record: CheckOutcome): string[] {
  return [
    ...record.problems,
    ...record.deviations
      .filter((deviation) => deviation.acceptedBy === undefined)
      .map((deviation) => `${deviation.message} (deviation "${deviation.kind}": no waiver accepts it here)`),
    ...record.expiredWaivers.map(
      (waiver) =>
        `waiver ${waiver.id} (accepts ${waiver.accepts}) expired on ${waiver.expires}: fix the deviation, or renew ` +
        'the waiver with a new "expires" date and a reason',
    ),
  ];
}

/** `<waiver-id> accepted <n> × <kinds> (<source>)`, one per waiver that accepted a deviation. */
export function waiverLines(record: CheckOutcome): string[] {
  return record.waivers.map((waiver) => {
    const accepted = record.deviations.filter((deviation) => deviation.acceptedBy === waiver.id);
    const kinds = [...new Set(accepted.map((deviation) => deviation.kind))].join(', ');
    return `${waiver.id} accepted ${accepted.length} × ${kinds} (${waiver.source})`;
  });
}

export interface RunnerResult {
  /** The test runner's status of the attempt. */
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  annotations: readonly Annotation[];
  /** The runner's first error message, if any (already redacted): the cause of a crash outside the check. */
  error?: string;
  timeoutMs?: number;
}

export interface Classified {
  status: CheckStatus;
  /** Why it failed, errored, was skipped or waived; one line. */
  reason?: string;
  /** The check's record of the attempt that decided, when it wrote one. */
  record?: CheckOutcome;
  /** A contract failure on an earlier attempt, and a later attempt that did not fail: a flaky contract. */
  flaky?: { failedAttempts: number[]; attempts: number };
}

const joined = (lines: readonly string[]): string | undefined =>
  lines.length === 0 ? undefined : lines.join(' • ');

/**
 * One attempt. A failure counts as a contract failure only when the check's record says so; anything
 * else that failed is an error (never a false contract failure).
 */
export function classify(result: RunnerResult): Classified {
  const record = decodeOutcome(result.annotations);
  const withRecord = record ? { record } : {};
  const afterBody = result.annotations.find(
    (annotation) => annotation.type === ANNOTATION.notJudged,
  )?.description;
  switch (result.status) {
    case 'skipped':
      // A fixture that skips (testInfo.skip) before the check's body runs: the runner's own `skip` annotation.
      return {
        status: 'skipped',
        reason:
          record?.skip ??
          result.annotations.findLast((annotation) => annotation.type === 'skip')?.description ??
          'skipped',
        ...withRecord,
      };
    case 'timedOut':
      return {
        status: 'error',
        reason: `timed out${result.timeoutMs ? ` after ${Math.round(result.timeoutMs / 1000)} s` : ''} before it could be judged`,
        ...withRecord,
      };
    case 'interrupted':
      return { status: 'error', reason: 'interrupted before it could be judged', ...withRecord };
    case 'passed':
    case 'failed': {
      if (record?.status === 'failed') {
        return { status: 'failed', ...optional(joined(failureLines(record))), record };
      }
      if (result.status === 'failed' || record?.status === 'error') {
        const cause =
          record?.notJudged ??
          afterBody ??
          (result.error ? `could not be judged: ${result.error}` : 'could not be judged');
        return { status: 'error', reason: cause, ...withRecord };
      }
      if (record?.status === 'waived')
        return { status: 'waived', ...optional(joined(waiverLines(record))), record };
      const unneeded = record?.unneededWaivers.map(
        (id) => `waiver ${id} no longer needed: the check passed without the deviation it accepts`,
      );
      return { status: 'passed', ...optional(joined(unneeded ?? [])), ...withRecord };
    }
  }
}

const optional = (reason: string | undefined) => (reason === undefined ? {} : { reason });

/**
 * Every attempt of a check (with --retries): a contract failure on ANY attempt makes the check failed; a
 * failure followed by an attempt that did not fail is reported as a flaky contract, never as passed.
 */
export function classifyAttempts(results: readonly RunnerResult[]): Classified {
  const attempts = results.map(classify);
  const last = attempts[attempts.length - 1];
  if (last === undefined) return { status: 'skipped', reason: 'did not run' };
  const failedAttempts = attempts.flatMap((attempt, index) =>
    attempt.status === 'failed' ? [index + 1] : [],
  );
  if (failedAttempts.length === 0 || last.status === 'failed') return last;
  const first = attempts[(failedAttempts[0] as number) - 1] as Classified;
  return {
    status: 'failed',
    reason:
      `flaky contract: failed on attempt ${failedAttempts.join(', ')} of ${attempts.length}` +
      `${first.reason ? ` (${first.reason})` : ''}, ${last.status} on the last`,
    ...(first.record ? { record: first.record } : {}),
    flaky: { failedAttempts, attempts: attempts.length },
  };
}

/**
 * Worst first: a family takes the status of its worst check. A skipped check outranks passed and waived
 * ones: a family with a check that was not judged must not read as passed, any more than the run does.
 */
const STATUS_PRECEDENCE: readonly CheckStatus[] = ['failed', 'error', 'skipped', 'waived', 'passed'];

export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus | undefined {
  return STATUS_PRECEDENCE.find((status) => statuses.includes(status));
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * The runner's own error, shown as the cause of a test that ended without the check's record (a fixture
 * that crashed, a timeout): its first line, without colours. Never read for a verdict.
 */
export function runnerError(message: string, redactor: { redact(text: string): string }): string | undefined {
  const line = message
    .replace(ANSI, '')
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text.length > 0);
  return line ? redactor.redact(line) : undefined;
}
