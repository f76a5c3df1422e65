import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ANNOTATION,
  type Annotation,
  classify,
  classifyAttempts,
  decodeOutcome,
  encodeOutcome,
  outcome,
  worstStatus,
} from '../../src/core/run/check-outcome.js';

const failedRecord = outcome('failed', { problems: ['uids unsorted'], needs: ['write'] });

test('the record survives encoding: one annotation, decoded to the same record', () => {
  const annotations: Annotation[] = [
    { type: ANNOTATION.check, description: 'dm/x' },
    encodeOutcome(failedRecord),
  ];
  assert.deepEqual(decodeOutcome(annotations), failedRecord);
  assert.equal(decodeOutcome([{ type: ANNOTATION.check, description: 'dm/x' }]), undefined);
});

test('a failure is a contract failure only when the record says so', () => {
  assert.deepEqual(
    classify({ status: 'failed', annotations: [encodeOutcome(failedRecord)], error: 'ignored' }),
    {
      status: 'failed',
      reason: 'uids unsorted',
      record: failedRecord,
    },
  );
  const notJudged = outcome('error', { notJudged: 'seeding: users.create refused' });
  assert.deepEqual(classify({ status: 'failed', annotations: [encodeOutcome(notJudged)] }), {
    status: 'error',
    reason: 'seeding: users.create refused',
    record: notJudged,
  });
  // A crash in a fixture, a bug in a check: never a false contract failure.
  assert.deepEqual(classify({ status: 'failed', annotations: [], error: 'TypeError: x is undefined' }), {
    status: 'error',
    reason: 'could not be judged: TypeError: x is undefined',
  });
  // A contract failure stays one even when its cleanup failed afterwards; a pass whose cleanup failed is an error.
  const cleanup = { type: ANNOTATION.notJudged, description: 'cleanup: users.delete refused' };
  assert.equal(
    classify({ status: 'failed', annotations: [encodeOutcome(failedRecord), cleanup] }).status,
    'failed',
  );
  assert.deepEqual(classify({ status: 'failed', annotations: [encodeOutcome(outcome('passed')), cleanup] }), {
    status: 'error',
    reason: 'cleanup: users.delete refused',
    record: outcome('passed'),
  });
});

test('an expired waiver: failed, naming the waiver and the day', () => {
  const record = outcome('failed', { expiredWaivers: [{ id: 'w', expires: '2020-01-31', accepts: 'k' }] });
  assert.match(
    classify({ status: 'failed', annotations: [encodeOutcome(record)] }).reason ?? '',
    /^waiver w \(accepts k\) expired on 2020-01-31/,
  );
});

test('timeouts and interruptions are errors; skips keep their reason; waivers and unneeded waivers', () => {
  assert.deepEqual(classify({ status: 'timedOut', annotations: [], timeoutMs: 30_000 }), {
    status: 'error',
    reason: 'timed out after 30 s before it could be judged',
  });
  assert.equal(classify({ status: 'interrupted', annotations: [] }).status, 'error');
  const skipped = outcome('skipped', { skip: 'needs CONTRACT_WRITE=true: x' });
  assert.equal(
    classify({ status: 'skipped', annotations: [encodeOutcome(skipped)] }).reason,
    'needs CONTRACT_WRITE=true: x',
  );
  // A fixture that skipped before the check's body: the runner's own `skip` annotation.
  assert.equal(
    classify({ status: 'skipped', annotations: [{ type: 'skip', description: 'needs the world' }] }).reason,
    'needs the world',
  );
  const waived = outcome('waived', {
    waivers: [{ id: 'rc8-dm-object-ids', reason: 'r', source: 's' }],
    deviations: [
      { kind: 'one-to-one-id-is-object-id', message: 'a', acceptedBy: 'rc8-dm-object-ids' },
      { kind: 'one-to-one-id-is-object-id', message: 'b', acceptedBy: 'rc8-dm-object-ids' },
    ],
  });
  assert.equal(
    classify({ status: 'passed', annotations: [encodeOutcome(waived)] }).reason,
    'rc8-dm-object-ids accepted 2 × one-to-one-id-is-object-id (s)',
  );
  assert.deepEqual(
    classify({
      status: 'passed',
      annotations: [encodeOutcome(outcome('passed', { unneededWaivers: ['w'] }))],
    }).reason,
    'waiver w no longer needed: the check passed without the deviation it accepts',
  );
});

test('retries: a contract failure on any attempt fails the check, as a flaky contract when a later attempt passed', () => {
  const failed = { status: 'failed' as const, annotations: [encodeOutcome(failedRecord)] };
  const passed = { status: 'passed' as const, annotations: [encodeOutcome(outcome('passed'))] };
  const flaky = classifyAttempts([failed, passed]);
  assert.equal(flaky.status, 'failed');
  assert.deepEqual(flaky.flaky, { failedAttempts: [1], attempts: 2 });
  assert.equal(flaky.reason, 'flaky contract: failed on attempt 1 of 2 (uids unsorted), passed on the last');
  assert.equal(classifyAttempts([passed]).status, 'passed');
  assert.equal(classifyAttempts([{ status: 'failed', annotations: [] }, passed]).status, 'passed');
  assert.equal(classifyAttempts([passed, failed]).flaky, undefined);
});

test('the worst status decides', () => {
  assert.equal(worstStatus(['passed', 'error', 'skipped']), 'error');
  assert.equal(worstStatus(['waived', 'passed', 'failed']), 'failed');
  assert.equal(worstStatus(['skipped', 'passed']), 'skipped');
  assert.equal(worstStatus(['waived', 'passed']), 'waived');
  assert.equal(worstStatus([]), undefined);
});
