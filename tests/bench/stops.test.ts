import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stopProblem } from '../../scripts/bench/stops.js';

const expected = /cannot reach http:\/\/127\.0\.0\.1:\d+: the connection was refused/;
const clearStop =
  'rooms-get-conformance: cannot reach http://127.0.0.1:4321: the connection was refused. Check ROCKETCHAT_URL.\n';

test('stopProblem: one expected message, non-zero exit, in time: a clear stop', () => {
  assert.equal(stopProblem({ code: 1, output: clearStop, ms: 1_200 }, expected, ['s3cret']), undefined);
  // The target line preflight prints before it stops is not a second message.
  const withTarget = `rooms-get-conformance: target http://127.0.0.1:4321 (Rocket.Chat 8.0.0), profile strict\n${clearStop}`;
  assert.equal(stopProblem({ code: 1, output: withTarget, ms: 1_200 }, expected, []), undefined);
});

test('stopProblem: each way a run is not a clear stop is named, never timed as one', () => {
  const problem = (run: { code: number; output: string; ms: number }, secrets: string[] = []) =>
    stopProblem(run, expected, secrets, 60_000);
  assert.equal(problem({ code: 0, output: clearStop, ms: 1_000 }), 'exited 0');
  assert.equal(problem({ code: 1, output: clearStop, ms: 60_000 }), 'did not stop within 60 s (killed)');
  assert.equal(
    problem({ code: 1, output: 'rooms-get-conformance: something else\n', ms: 1_000 }),
    'the expected message is not in the output',
  );
  assert.equal(problem({ code: 1, output: `${clearStop}  3 failed\n`, ms: 1_000 }), 'checks ran');
  assert.equal(
    problem({ code: 1, output: `${clearStop}Error: boom\n    at main (x.ts:1:1)\n`, ms: 1_000 }),
    'a stack trace in the output',
  );
  assert.equal(
    problem({ code: 1, output: `${clearStop}${clearStop}`, ms: 1_000 }),
    '2 messages from the suite, not one',
  );
  assert.equal(
    problem({ code: 1, output: `${clearStop}password was s3cret\n`, ms: 1_000 }, ['s3cret']),
    'a secret given to the run is in its output',
  );
});
