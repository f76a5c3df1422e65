import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  REFERENCE_ADMIN,
  type ReferenceServer,
  rowOf,
  runSuite,
  type SuiteRun,
  startServer,
} from './suite-run.js';

/**
 * The updatedSince property check's replay, as a user meets it: a run against a server that misreads
 * offsets with minutes fails the check and names two replays in its report; each given back as
 * CONTRACT_PROPERTY_SEED on a later run (with the run's own, new rooms) finds the same counterexample, and
 * the case replayed against a server that reads the grammar right holds.
 */
const CHECK = 'updatedSince/drawn-instants-in-every-spelling';
const ONLY_THE_CHECK = ['--grep', 'drawn-instants-in-every-spelling'];

let faulted: ReferenceServer;
let clean: ReferenceServer;
before(async () => {
  [faulted, clean] = await Promise.all([
    startServer({ RC_REFERENCE_VERSION: '7', RC_REFERENCE_FAULTS: 'updated-since-offset-quarter-hours' }),
    startServer({ RC_REFERENCE_VERSION: '7' }),
  ]);
});
after(async () => {
  await Promise.all([faulted?.stop(), clean?.stop()]);
});

const runAgainst = (server: ReferenceServer, seed?: string): Promise<SuiteRun> =>
  runSuite(
    {
      ROCKETCHAT_URL: server.url,
      CONTRACT_WRITE: 'true',
      ...REFERENCE_ADMIN,
      ...(seed === undefined ? {} : { CONTRACT_PROPERTY_SEED: seed }),
    },
    ONLY_THE_CHECK,
  );

/** The failed row's problem in full, as conformance.json gives it: the counterexample, then its two replays. */
function failure(run: SuiteRun): { problem: string; casePath: string; wholeRun: string } {
  assert.equal(run.code, 1, run.output);
  const row = rowOf(run.summary, CHECK);
  assert.equal(row?.status, 'failed', run.output);
  const problem = (row?.evidence ?? []).join('\n');
  const replays = problem.match(
    /replay this case: CONTRACT_PROPERTY_SEED=(-?\d+(?::\d+)+), the whole run: CONTRACT_PROPERTY_SEED=(-?\d+)$/m,
  );
  assert.ok(replays, `the report names no replay: ${problem}`);
  return { problem, casePath: replays[1] as string, wholeRun: replays[2] as string };
}

// A later run has new rooms, and the drawn instants are relative to their stamps: the case replayed alone
// is asked straight (the first and only case, nothing to shrink) and fails again; the whole run draws the
// same cases and finds a failure again — though not always the same first one, since a truncating
// precision (to the minute, the second) lands elsewhere relative to other stamps.
test('a property failure replays from the seed, and from the seed and path, that its report names', async () => {
  const first = failure(await runAgainst(faulted));

  const [straight, whole] = await Promise.all([
    runAgainst(faulted, first.casePath),
    runAgainst(faulted, first.wholeRun),
  ]);
  const replayedCase = failure(straight);
  assert.match(replayedCase.problem, / — case 1 of the run, shrunk 0 times /, 'the case alone, straight');
  assert.equal(replayedCase.casePath, first.casePath);
  assert.equal(failure(whole).wholeRun, first.wholeRun);

  const fixed = await runAgainst(clean, first.casePath);
  assert.equal(fixed.code, 0, fixed.output);
  const row = rowOf(fixed.summary, CHECK);
  assert.equal(row?.status, 'passed');
  assert.ok(
    row?.notes.some((note) =>
      note.includes(`CONTRACT_PROPERTY_SEED=${first.casePath}: the replayed counterexample holds`),
    ),
    JSON.stringify(row?.notes),
  );
});
