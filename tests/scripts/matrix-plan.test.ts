import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CatalogueFault } from '../../scripts/lib/fleet.js';
import {
  type CheckResult,
  judgeRun,
  mustFailIn,
  planFaultRuns,
  readOnlyChecks,
  verdictOf,
} from '../../scripts/lib/matrix-plan.js';
import { CHECKS } from '../../src/core/run/checks.js';

/**
 * The mutation matrix's rules (scripts/lib/matrix-plan.ts) over recorded results: which checks must
 * fail, which faults have no run, and what a refusal must give alone and beside the fault revealing it.
 */
const fault = (name: string, extra: Partial<CatalogueFault> = {}): CatalogueFault => ({
  name,
  family: 'shape',
  breaks: 'something',
  checks: [],
  precedent: 'a precedent',
  ...extra,
});

const DATES = fault('date-without-zone', {
  checks: ['shape/response-validates', 'shape/dates-are-iso-8601-utc'],
});
const AUTH = fault('auth-not-enforced', {
  family: 'auth',
  checks: ['auth/no-credentials', 'auth/wrong-token'],
});
const OLD_ONLY = fault('dm-id-unsorted', {
  family: 'dm',
  checks: ['dm/one-to-one-id-is-sorted-uids'],
  versions: [6, 7],
});
const BLIND = fault('success-missing', {
  checks: ['shape/response-validates'],
  documentedProfileBlind: 'the documented schema requires no field of the envelope',
});
const REFUSAL = fault('users-create-refused', { effect: 'refusal', revealedBy: 'auth-not-enforced' });
const CATALOGUE = [DATES, AUTH, OLD_ONLY, BLIND, REFUSAL];

const result = (check: string, status: CheckResult['status'], reason?: string): CheckResult => ({
  check,
  status,
  ...(reason ? { reason } : {}),
});

describe('which checks must fail', () => {
  test('strict: every named check; documented: the named documented-profile checks', () => {
    assert.deepEqual(mustFailIn(DATES, 'strict'), [
      'shape/response-validates',
      'shape/dates-are-iso-8601-utc',
    ]);
    assert.deepEqual(mustFailIn(DATES, 'documented'), ['shape/response-validates']);
    assert.deepEqual(mustFailIn(OLD_ONLY, 'documented'), []);
  });

  test('a fault the documentation promises nothing about has no documented run', () => {
    assert.deepEqual(mustFailIn(BLIND, 'documented'), []);
    const { runs } = planFaultRuns([BLIND, OLD_ONLY], CATALOGUE, [6, 7, 8, 9], ['strict', 'documented']);
    assert.deepEqual(
      runs.map((run) => run.key),
      [
        'success-missing@6',
        'success-missing@7',
        'success-missing@8',
        'success-missing@9',
        'dm-id-unsorted@6',
        'dm-id-unsorted@7',
      ],
    );
  });

  test('a fault is killed only when EACH named check failed on a contract assertion', () => {
    const [run] = planFaultRuns([DATES], CATALOGUE, [8], ['strict']).runs;
    assert.ok(run);
    const oneOfTwo = judgeRun(
      run,
      [result('shape/response-validates', 'failed'), result('shape/dates-are-iso-8601-utc', 'passed')],
      true,
    );
    assert.equal(oneOfTwo.met, false);
    assert.deepEqual(oneOfTwo.notFailed, ['shape/dates-are-iso-8601-utc']);
    assert.deepEqual(oneOfTwo.problems, ['named check(s) did not fail: shape/dates-are-iso-8601-utc']);
    // An error is not a failure.
    const errored = judgeRun(
      run,
      [
        result('shape/response-validates', 'failed'),
        result('shape/dates-are-iso-8601-utc', 'error', 'seeding: x'),
      ],
      true,
    );
    assert.deepEqual(errored.notFailed, ['shape/dates-are-iso-8601-utc']);
    const both = judgeRun(
      run,
      [result('shape/response-validates', 'failed'), result('shape/dates-are-iso-8601-utc', 'failed')],
      true,
    );
    assert.equal(both.met, true);
    assert.equal(both.verdict, 'FAILED');
    assert.equal(
      judgeRun(
        run,
        both.failed.map((id) => result(id, 'failed')),
        false,
      ).met,
      false,
    );
  });
});

describe('faults with no run', () => {
  test('a fault whose versions miss the chosen profiles has no run, with the profiles it applies to', () => {
    const { runs, noRun } = planFaultRuns([OLD_ONLY], CATALOGUE, [9], ['strict']);
    assert.deepEqual(runs, []);
    assert.deepEqual(noRun, [
      {
        fault: 'dm-id-unsorted',
        text: 'fault dm-id-unsorted has no run in the chosen profiles: it applies to version profile(s) 6, 7 (chosen: 9; contract profile(s) strict)',
      },
    ]);
  });

  test('a fault the chosen contract profile cannot see has no run, and says why', () => {
    const { noRun } = planFaultRuns([BLIND], CATALOGUE, [6, 7, 8, 9], ['documented']);
    assert.equal(noRun.length, 1);
    assert.match(
      noRun[0]?.text ?? '',
      /success-missing .*the documented schema requires no field of the envelope/,
    );
  });

  test('a refusal whose revealedBy is not a contract fault has no run', () => {
    const orphan = fault('orphan-refusal', { effect: 'refusal', revealedBy: 'users-create-refused' });
    assert.match(
      planFaultRuns([orphan], [...CATALOGUE, orphan], [8], ['strict']).noRun[0]?.text ?? '',
      /revealedBy \(users-create-refused\) is not a contract fault/,
    );
  });

  test('a run where no check ran is never a kill, and names what stopped it', () => {
    const [run] = planFaultRuns([AUTH], CATALOGUE, [8], ['strict']).runs;
    assert.ok(run);
    const judged = judgeRun(run, [], true, 'Error: preflight refused to seed');
    assert.equal(judged.met, false);
    assert.equal(judged.problems[0], 'no check ran: Error: preflight refused to seed');
  });
});

describe('refusal faults', () => {
  const { runs } = planFaultRuns([REFUSAL], CATALOGUE, [8], ['strict', 'documented']);
  const alone = runs.find((run) => run.kind === 'refusal-alone');
  const revealed = runs.find((run) => run.kind === 'refusal-revealed');

  test('run alone with every check, and beside their revealing fault with its named checks', () => {
    assert.deepEqual(
      runs.map((run) => [run.key, run.serverFaults, run.checks, run.mustFail]),
      [
        ['users-create-refused@8', ['users-create-refused'], undefined, []],
        [
          'users-create-refused+auth-not-enforced@8',
          ['users-create-refused', 'auth-not-enforced'],
          ['auth/no-credentials', 'auth/wrong-token'],
          ['auth/no-credentials', 'auth/wrong-token'],
        ],
      ],
    );
  });

  const readOnly = readOnlyChecks('strict');
  const writing = CHECKS.filter((check) => !readOnly.includes(check.id)).map((check) => check.id);

  test('the read-only checks are those that need no write and no world', () => {
    assert.ok(readOnly.includes('auth/no-credentials'));
    assert.ok(readOnly.includes('shape/checked-account-response-validates'));
    assert.ok(!readOnly.includes('dm/one-to-one-id-is-sorted-uids'));
    assert.ok(!readOnly.includes('shape/room-ids-unique'), 'reads the world in write mode');
    assert.ok(readOnlyChecks('documented').every((id) => readOnly.includes(id)));
  });

  test('alone: INCOMPLETE, nothing failed, every read-only check judged, each error with its cause', () => {
    assert.ok(alone);
    const recorded = [
      ...readOnly.map((id) => result(id, 'passed')),
      ...writing.map((id) =>
        result(id, 'error', 'seeding: users.create refused: error-email-domain-blacklisted'),
      ),
    ];
    const judged = judgeRun(alone, recorded, true);
    assert.deepEqual(judged.problems, []);
    assert.equal(judged.verdict, 'INCOMPLETE');
    assert.deepEqual(judged.judged, {
      met: readOnly.length,
      judged: readOnly.length,
      planned: CHECKS.length,
      judgedAll: readOnly.length,
    });
  });

  test('alone: a failed check, a read-only check not judged or a cause-less error miss the expectation', () => {
    assert.ok(alone);
    const [first, ...rest] = readOnly as [string, ...string[]];
    const recorded = [
      result(first, 'error', 'seeding: users.create refused'),
      ...rest.map((id) => result(id, 'passed')),
      result(writing[0] as string, 'failed'),
      result(writing[1] as string, 'error'),
    ];
    const judged = judgeRun(alone, recorded, true);
    assert.equal(judged.met, false);
    assert.deepEqual(judged.problems, [
      `a refusal breaks no contract, yet ${writing[0]} failed`,
      'verdict FAILED, expected INCOMPLETE',
      `1 read-only check(s) not judged: ${first} (e.g. seeding: users.create refused)`,
      `errors without a cause: ${writing[1]}`,
    ]);
  });

  test('alone: a run that stopped everything (the seeding refusal stops preflight) is not as expected', () => {
    assert.ok(alone);
    const recorded = CHECKS.map((check) => result(check.id, 'error', 'preflight: users.create refused'));
    const judged = judgeRun(alone, recorded, true);
    assert.equal(judged.verdict, 'INCOMPLETE');
    assert.equal(judged.met, false);
    assert.match(judged.problems[0] ?? '', /^\d+ read-only check\(s\) not judged/);
  });

  test('revealed: each of the revealing fault’s named checks must fail', () => {
    assert.ok(revealed);
    assert.equal(
      judgeRun(
        revealed,
        [result('auth/no-credentials', 'failed'), result('auth/wrong-token', 'failed')],
        true,
      ).met,
      true,
    );
    assert.deepEqual(
      judgeRun(
        revealed,
        [result('auth/no-credentials', 'failed'), result('auth/wrong-token', 'error', 'x')],
        true,
      ).notFailed,
      ['auth/wrong-token'],
    );
  });
});

test('verdicts: FAILED on any failure, INCOMPLETE when a check was not judged or none ran, PASSED otherwise', () => {
  assert.equal(verdictOf([result('a', 'passed'), result('b', 'waived')]), 'PASSED');
  assert.equal(verdictOf([result('a', 'passed'), result('b', 'skipped')]), 'INCOMPLETE');
  assert.equal(verdictOf([result('a', 'error'), result('b', 'failed')]), 'FAILED');
  assert.equal(verdictOf([]), 'INCOMPLETE');
});
