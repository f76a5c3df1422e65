import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseRecordedRun, RecordedRunError, readRecordedRun } from '../../src/core/results/recorded-run.js';

/**
 * Reading an earlier run's conformance.json back (src/core/results/recorded-run.ts), for the baseline and the
 * matrix: only the verdict, the run facts and each check's id and status are required, so a file of
 * another suite version still reads; anything else is one message naming the file.
 */
const minimal = {
  verdict: 'FAILED',
  run: {
    target: 'https://staging.example.com',
    serverVersion: '7.4.1',
    profile: 'strict',
    contractHash: 'abc',
    suiteVersion: '0.0.9',
  },
  families: [
    { family: 'shape', checks: [{ check: 'shape/response-validates', status: 'failed', reason: 'why' }] },
    { family: 'future', checks: [{ check: 'future/a-check-of-a-newer-suite', status: 'passed', extra: 1 }] },
  ],
};

test('a conformance.json of another suite version: what the comparison needs, nothing more', () => {
  assert.deepEqual(parseRecordedRun(JSON.stringify(minimal), 'old.json'), {
    verdict: 'FAILED',
    run: { ...minimal.run, write: '(not recorded)' },
    date: undefined,
    checks: [
      {
        check: 'shape/response-validates',
        title: undefined,
        status: 'failed',
        reason: 'why',
        waiver: undefined,
      },
      {
        check: 'future/a-check-of-a-newer-suite',
        title: undefined,
        status: 'passed',
        reason: undefined,
        waiver: undefined,
      },
    ],
    notApplicable: [],
  });
});

test('anything else is one message naming the file and what is missing', () => {
  const problem = (text: string): string => {
    try {
      parseRecordedRun(text, 'x.json');
    } catch (error) {
      assert.ok(error instanceof RecordedRunError);
      return error.message;
    }
    assert.fail('expected a RecordedRunError');
  };
  assert.equal(problem('{'), 'x.json is not a conformance.json (not JSON)');
  assert.equal(problem('[]'), 'x.json is not a conformance.json (not a JSON object)');
  assert.equal(
    problem('{"name":"rooms-get-conformance"}'),
    'x.json is not a conformance.json (no verdict PASSED, FAILED or INCOMPLETE)',
  );
  assert.equal(
    problem(JSON.stringify({ ...minimal, run: undefined })),
    'x.json is not a conformance.json (no run facts)',
  );
  assert.equal(
    problem(JSON.stringify({ ...minimal, run: { ...minimal.run, contractHash: 3 } })),
    'x.json is not a conformance.json (no run.contractHash)',
  );
  assert.equal(
    problem(JSON.stringify({ ...minimal, families: {} })),
    'x.json is not a conformance.json (no families)',
  );
  assert.equal(
    problem(
      JSON.stringify({ ...minimal, families: [{ family: 'shape', checks: [{ check: 'a', status: 'ok' }] }] }),
    ),
    'x.json is not a conformance.json (a check row without a check id and status)',
  );
});

test('a file that cannot be read says why in words', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recorded-run-'));
  assert.throws(() => readRecordedRun(join(dir, 'missing.json')), {
    name: 'RecordedRunError',
    message: `${join(dir, 'missing.json')} cannot be read: no such file`,
  });
  assert.throws(() => readRecordedRun(dir), {
    message: `${dir} cannot be read: it is a folder, not a file`,
  });
  writeFileSync(join(dir, 'conformance.json'), JSON.stringify(minimal));
  assert.equal(readRecordedRun(join(dir, 'conformance.json')).verdict, 'FAILED');
});
