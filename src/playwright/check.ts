import { relative } from 'node:path';
import type { TestInfo } from '@playwright/test';
import { PROJECT_ROOT } from '../core/project-root.js';
import { ANNOTATION, type CheckOutcome, encodeOutcome, outcome } from '../core/check-outcome.js';
import { type CheckDefinition, checkById, plannedChecks } from '../core/checks.js';
import { resolveConfig } from '../core/config.js';
import { ContractFailure, failureMessage } from '../core/findings.js';
import { expiredWaivers, waiverFor, waiversOfCheck } from '../core/waivers.js';
import { type ConformanceFixtures, test } from './fixtures/index.js';
import { type CheckContext, checkContextOf } from './fixtures/verdict.js';
import { RateLimitError, TransportError } from './rest-client.js';
import { ApiError } from './rocketchat-client.js';
import { DEFAULT_TARGET_KEY } from './run-state.js';
import { SeedingError } from './seed.js';
import { redactor } from './secrets.js';
import { loadTargetPlan, type PlannedTarget } from './target-plan.js';

/**
 * `check('dm/one-to-one-id-is-sorted-uids', async ({ api, findings }) => { … })`: registers one check of
 * the registry (src/core/checks.ts) as a Playwright test, and decides how it ended.
 *
 * Registration: a check runs only in the profiles it belongs to, only where it applies (a check of the
 * checked account needs one), and — in a multi-target run — once per target that plans it.
 *
 * Outcome: the body collects what it finds in `findings`; when it returns, the findings are judged
 * against the waivers for this server — a contract failure, a waived deviation, or a pass. Anything else
 * that stops the body (a seeding refusal, a transport error, a rate limit, a bug) is not judged, with its
 * cause: the reporters show it as an error, never as a failed contract check. Expect failures
 * (`expect(…)`) are contract failures too. Every way it ends is written as the check's ONE outcome
 * record (src/core/check-outcome.ts), which the reporters read.
 */
export type CheckBody = (fixtures: ConformanceFixtures, testInfo: TestInfo) => Promise<void>;

export function check(id: string, body: CheckBody): void {
  const definedAt = callerLocation();
  const definition = checkById(id);
  const { planned, plan } = registration();
  if (!planned.includes(definition)) return;
  if (!plan) {
    register(definition, body, definedAt);
    return;
  }
  for (const target of plan) {
    if (target.checks && !target.checks.includes(id)) continue;
    test.describe(target.key, () => {
      test.use({ targetKey: target.key });
      register(definition, body, definedAt);
    });
  }
}

let registered: { planned: readonly CheckDefinition[]; plan: PlannedTarget[] | undefined } | undefined;

/**
 * The configuration's planned checks and the target plan: the same for every check() of a process (they
 * come from its environment), so read once — a matrix plan file names hundreds of targets.
 */
function registration(): NonNullable<typeof registered> {
  if (!registered) {
    const config = resolveConfig();
    registered = {
      planned: plannedChecks(config.profile, config.checkedAccount !== undefined).planned,
      plan: loadTargetPlan(),
    };
  }
  return registered;
}

/**
 * Where the spec calls check(): Playwright records the location of the test() call, which is here, so
 * the check's own place in its spec travels as an annotation (`defined-at`).
 */
function callerLocation(): string {
  const frame = new Error().stack?.split('\n')[3] ?? '';
  const match = /(?:file:\/\/)?([^\s():]+):(\d+):\d+\)?$/.exec(frame.trim());
  return match ? `${relative(PROJECT_ROOT, match[1] as string)}:${match[2]}` : 'unknown';
}

function register(definition: CheckDefinition, body: CheckBody, definedAt: string): void {
  const needs = [...definition.needs];
  const run = async (fixtures: ConformanceFixtures, testInfo: TestInfo) => {
    const context = checkContextOf(testInfo);
    // A faulted server in the mutation matrix: its failures are expected, so they do not restart workers.
    if (context.target.expectFailure && context.target.key !== DEFAULT_TARGET_KEY) testInfo.fail();
    if (definition.needs.includes('write') && !context.target.write) {
      const skip = 'needs CONTRACT_WRITE=true: it seeds its own data';
      testInfo.annotations.push(encodeOutcome(outcome('skipped', { skip, needs })));
      testInfo.skip(true, skip);
    }
    try {
      await body(fixtures, testInfo);
    } catch (error) {
      if (error instanceof ContractFailure && testInfo.expectedStatus !== 'skipped') {
        // A premise the server itself destroyed (stamps that never move, a date the strict contract
        // requires): a failure, with whatever else the check had found before it.
        const judged = settle(definition, context, testInfo);
        const record: CheckOutcome = {
          ...judged,
          status: 'failed',
          problems: [...judged.problems, redactor.redact(error.message)],
        };
        testInfo.annotations.push(encodeOutcome(record));
        throw new ContractFailure(
          redactor.redact(failureMessage(`${definition.id}: ${definition.title}`, record)),
        );
      }
      const { record, rethrow } = settleThrown(error, testInfo, needs);
      testInfo.annotations.push(encodeOutcome(record));
      throw rethrow;
    }
    const record = settle(definition, context, testInfo);
    testInfo.annotations.push(encodeOutcome(record));
    if (record.status === 'failed') {
      throw new ContractFailure(
        redactor.redact(failureMessage(`${definition.id}: ${definition.title}`, record)),
      );
    }
  };
  // Playwright sets up the fixtures a test function destructures, read from its source: the wrapper
  // shows the check body's source, so exactly the fixtures the check asks for are set up.
  Object.defineProperty(run, 'toString', { value: () => body.toString() });
  test(
    // The whole id: `--grep dm/one-to-one-id-is-sorted-uids` selects the check.
    `${definition.id}: ${definition.title}`,
    {
      tag: [`@${definition.family}`, `@${definition.profile}`],
      annotation: [
        { type: ANNOTATION.check, description: definition.id },
        { type: ANNOTATION.profile, description: definition.profile },
        { type: 'defined-at', description: definedAt },
      ],
    },
    run,
  );
}

/**
 * Judges the findings against the waivers for this server: the check's outcome record. An expired
 * waiver of this check fails it (and only it), naming the waiver and its day.
 */
function settle(definition: CheckDefinition, context: CheckContext, testInfo: TestInfo): CheckOutcome {
  const { findings, waivers, target } = context;
  const today = new Date();
  const expired = expiredWaivers(waivers, today, target.serverVersion)
    .filter((waiver) => waiver.check === definition.id)
    .map((waiver) => ({ id: waiver.id, expires: waiver.expires as string, accepts: waiver.accepts }));
  const judged = findings.judge(
    (deviation) => {
      const match = waiverFor(waivers, {
        check: definition.id,
        deviation: deviation.kind,
        serverVersion: target.serverVersion,
        today,
      });
      return match && !match.expired ? match.waiver : undefined;
    },
    waiversOfCheck(waivers, definition.id, target.serverVersion, today),
    expired,
  );
  // expect.soft failures do not throw: they are contract failures all the same.
  const soft = testInfo.errors.map((error) => problemOf(error.message ?? String(error.value)));
  const record = redactRecord({
    ...judged,
    needs: [...definition.needs],
    problems: [...soft, ...judged.problems],
  });
  return soft.length > 0 ? { ...record, status: 'failed' } : record;
}

/** The record of a body that threw, and the error to rethrow. */
function settleThrown(
  error: unknown,
  testInfo: TestInfo,
  needs: string[],
): { record: CheckOutcome; rethrow: unknown } {
  if (testInfo.expectedStatus === 'skipped' && !(error instanceof ContractFailure)) {
    // testInfo.skip(condition, reason) in the body: Playwright keeps the reason as its `skip` annotation.
    const skip = testInfo.annotations.findLast((annotation) => annotation.type === 'skip')?.description;
    return {
      record: outcome('skipped', { needs, ...(skip ? { skip: redactor.redact(skip) } : {}) }),
      rethrow: error,
    };
  }
  if (isExpectFailure(error)) {
    const soft = testInfo.errors.map((each) => problemOf(each.message ?? String(each.value)));
    const problems = [...soft, problemOf((error as Error).message)];
    return { record: redactRecord(outcome('failed', { needs, problems })), rethrow: error };
  }
  const cause = redactor.redact(notJudgedCause(error));
  const wrapped = new Error(`Not judged — ${cause}`);
  wrapped.stack = `${wrapped.message}\n${(error as Error | undefined)?.stack?.split('\n').slice(1).join('\n') ?? ''}`;
  return { record: outcome('error', { needs, notJudged: cause }), rethrow: wrapped };
}

function redactRecord(record: CheckOutcome): CheckOutcome {
  const redact = (text: string) => redactor.redact(text);
  return {
    ...record,
    problems: record.problems.map(redact),
    deviations: record.deviations.map((deviation) => ({ ...deviation, message: redact(deviation.message) })),
    notes: record.notes.map(redact),
  };
}

/** Playwright's expect() throws errors carrying a matcherResult. */
function isExpectFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'matcherResult' in error;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * The problem an expect() failure states, for the record: its message without colours, without the
 * matcher's hint line (`expect(response).toMatchContract(…)`), on one line.
 */
function problemOf(message: string): string {
  return message
    .replace(ANSI, '')
    .split('\n')
    .map((line) => line.trim().replace(/^Error:\s*/, ''))
    .filter((line) => line.length > 0 && !/^expect\(.*\)\.\w+\(.*\)$/.test(line))
    .join(' ');
}

/** Why a check could not be judged, one line, in the words of the report. */
export function notJudgedCause(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  if (error instanceof SeedingError) return `seeding: ${message.replace(/^seeding failed at /, '')}`;
  if (error instanceof RateLimitError) return `rate limit: ${message}`;
  if (error instanceof TransportError) return `transport: ${message}`;
  if (error instanceof PremiseError) return `premise: ${message}`;
  if (error instanceof ApiError) return `the server refused a call the check needs: ${message}`;
  return `unexpected error in the check (${error instanceof Error ? error.name : typeof error}): ${message}`;
}

/**
 * A check could not establish what it needs before judging (e.g. the server's timestamps never showed
 * the order a check needs within the bound): not a contract verdict.
 */
export class PremiseError extends Error {
  override name = 'PremiseError';
}
