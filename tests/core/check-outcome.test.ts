import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANNOTATION, classify, worstStatus } from '../../src/core/check-outcome.js';

test('a failure is a contract failure only when the check said so', () => {
  assert.deepEqual(
    classify({
      status: 'failed',
      annotations: [{ type: ANNOTATION.verdict, description: 'failed' }],
      error: 'uids unsorted',
    }),
    { status: 'failed', reason: 'uids unsorted' },
  );
  assert.deepEqual(
    classify({
      status: 'failed',
      annotations: [{ type: ANNOTATION.notJudged, description: 'seeding: users.create refused' }],
    }),
    { status: 'error', reason: 'seeding: users.create refused' },
  );
  // A crash in a fixture, a bug in a check: never a false contract failure.
  assert.deepEqual(classify({ status: 'failed', annotations: [], error: 'TypeError: x is undefined' }), {
    status: 'error',
    reason: 'could not be judged: TypeError: x is undefined',
  });
  // A contract failure stays one even when its cleanup failed afterwards.
  assert.equal(
    classify({
      status: 'failed',
      annotations: [
        { type: ANNOTATION.verdict, description: 'failed' },
        { type: ANNOTATION.notJudged, description: 'cleanup: …' },
      ],
    }).status,
    'failed',
  );
});

test('timeouts and interruptions are errors; skips keep their reason; waivers and unneeded waivers', () => {
  assert.deepEqual(classify({ status: 'timedOut', annotations: [], timeoutMs: 30_000 }), {
    status: 'error',
    reason: 'timed out after 30 s before it could be judged',
  });
  assert.equal(classify({ status: 'interrupted', annotations: [] }).status, 'error');
  assert.deepEqual(
    classify({
      status: 'skipped',
      annotations: [{ type: ANNOTATION.skip, description: 'needs CONTRACT_WRITE=true: x' }],
    }),
    { status: 'skipped', reason: 'needs CONTRACT_WRITE=true: x' },
  );
  assert.deepEqual(
    classify({
      status: 'passed',
      annotations: [{ type: ANNOTATION.waived, description: 'rc8-dm-object-ids accepted 4 × …' }],
    }),
    { status: 'waived', reason: 'rc8-dm-object-ids accepted 4 × …' },
  );
  assert.deepEqual(
    classify({
      status: 'passed',
      annotations: [{ type: ANNOTATION.note, description: 'waiver w no longer needed: …' }],
    }),
    { status: 'passed', reason: 'waiver w no longer needed: …' },
  );
});

test('the worst status decides', () => {
  assert.equal(worstStatus(['passed', 'error', 'skipped']), 'error');
  assert.equal(worstStatus(['waived', 'passed', 'failed']), 'failed');
  assert.equal(worstStatus(['skipped', 'passed']), 'skipped');
  assert.equal(worstStatus(['waived', 'passed']), 'waived');
  assert.equal(worstStatus([]), undefined);
});
