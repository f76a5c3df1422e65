import { relative } from 'node:path';
import type { TestInfo } from '@playwright/test';
import { PROJECT_ROOT } from '../core/project-root.js';
import { ANNOTATION } from '../core/check-outcome.js';
import { type CheckDefinition, checkById, plannedChecks } from '../core/checks.js';
import { resolveConfig } from '../core/config.js';
import { ContractFailure } from '../core/findings.js';
import { waiverFor, waiversOfCheck } from '../core/waivers.js';
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
 * against the waivers for this server — a contract failure (annotated `verdict: failed`), a waived
 * deviation, or a pass. Anything else that stops the body (a seeding refusal, a transport error, a rate
 * limit, a bug) is annotated `not-judged` with its cause: the reporters show it as an error, never as a
 * failed contract check. Expect failures (`expect(…)`) are contract failures too.
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
  const run = async (fixtures: ConformanceFixtures, testInfo: TestInfo) => {
    const context = checkContextOf(testInfo);
    // A faulted server in the mutation matrix: its failures are expected, so they do not restart workers.
    if (context.target.expectFailure && context.target.key !== DEFAULT_TARGET_KEY) testInfo.fail();
    if (definition.needs.includes('write') && !context.target.write) {
      testInfo.annotations.push({
        type: ANNOTATION.skip,
        description: 'needs CONTRACT_WRITE=true: it seeds its own data',
      });
      testInfo.skip(true, 'needs CONTRACT_WRITE=true: it seeds its own data');
    }
    try {
      await body(fixtures, testInfo);
      settle(definition, context, testInfo);
    } catch (error) {
      throw classifyThrown(error, testInfo);
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

/** Judges the findings; throws a ContractFailure when the contract was broken. */
function settle(definition: CheckDefinition, context: CheckContext, testInfo: TestInfo): void {
  const { findings, waivers, target } = context;
  // expect.soft failures do not throw: they are contract failures all the same.
  if (testInfo.errors.length > 0)
    testInfo.annotations.push({ type: ANNOTATION.verdict, description: 'failed' });
  const today = new Date();
  const judgement = findings.judge(
    `${definition.id}: ${definition.title}`,
    (deviation) =>
      waiverFor(waivers, {
        check: definition.id,
        deviation: deviation.kind,
        serverVersion: target.serverVersion,
        today,
      })?.waiver,
    waiversOfCheck(waivers, definition.id, target.serverVersion, today),
  );
  for (const note of judgement.notes)
    testInfo.annotations.push({ type: ANNOTATION.note, description: redactor.redact(note) });
  if (judgement.outcome === 'failed') throw new ContractFailure(redactor.redact(judgement.message));
  if (judgement.outcome === 'waived') {
    for (const { waiver, deviations } of judgement.accepted) {
      const kinds = [...new Set(deviations.map((deviation) => deviation.kind))].join(', ');
      testInfo.annotations.push({
        type: ANNOTATION.waived,
        description: redactor.redact(
          `${waiver.id} accepted ${deviations.length} × ${kinds} (${waiver.source})`,
        ),
      });
    }
  }
}

/** Marks how a thrown error ends the check, and returns the error to rethrow. */
function classifyThrown(error: unknown, testInfo: TestInfo): unknown {
  if (testInfo.expectedStatus === 'skipped' && !(error instanceof ContractFailure)) return error;
  if (error instanceof ContractFailure || isExpectFailure(error)) {
    testInfo.annotations.push({ type: ANNOTATION.verdict, description: 'failed' });
    return error;
  }
  const cause = notJudgedCause(error);
  testInfo.annotations.push({ type: ANNOTATION.notJudged, description: redactor.redact(cause) });
  const wrapped = new Error(redactor.redact(`Not judged — ${cause}`));
  wrapped.stack = `${wrapped.message}\n${(error as Error | undefined)?.stack?.split('\n').slice(1).join('\n') ?? ''}`;
  return wrapped;
}

/** Playwright's expect() throws errors carrying a matcherResult. */
function isExpectFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'matcherResult' in error;
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
