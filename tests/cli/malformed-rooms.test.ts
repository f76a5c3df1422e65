/**
 * No check crashes on a malformed room (issue 16, "no crash, no silent skip"): the whole suite, on the
 * real command line, against reference servers started with RC_REFERENCE_MALFORMED_ROOMS — every room's
 * fields (but `_id`; lastMessage's one level down) missing, `null` or of the wrong type as rooms.get
 * serialises them, plus extra rooms with one field malformed each (every documented or typed field,
 * nested lastMessage and DM member fields included, `_id` too). Many checks must fail there — that is
 * their job; none may end in an exception of its own ("unexpected error in the check"), crash a hook
 * ("not a part of any test"), or be skipped: in a write run with a checked account every check applies.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scrubbedEnvironment } from '../../scripts/lib/fleet.js';
import { startReferenceServer } from '../../scripts/lib/processes.js';
import { REFERENCE_ADMIN, runSuite } from './suite-run.js';

const CHECKED = { ROCKETCHAT_USER: 'checked.user', ROCKETCHAT_PASSWORD: 'Checked-password-1!' };

/**
 * Each malformation once, each profile at least once (the documented profile's checks are a subset of the
 * strict one's, but judge a missing date differently): three runs keep the test near a minute. The extra
 * rooms carry every field × every malformation in each run.
 */
const RUNS = [
  { malformation: 'missing', profile: 'strict' },
  { malformation: 'wrong-type', profile: 'strict' },
  { malformation: 'null', profile: 'documented' },
];

// One run at a time: each lists ~150 malformed rooms to every check, and the machine is shared.
describe('the suite against rooms with malformed fields', { concurrency: 1 }, () => {
  for (const { malformation, profile } of RUNS) {
    test(`fields ${malformation}, ${profile} profile: no check crashes or is skipped`, async () => {
      // A scrubbed environment, as startServer gives, with more time to start on a loaded machine.
      const server = await startReferenceServer(
        {
          ...scrubbedEnvironment(),
          RC_REFERENCE_MALFORMED_ROOMS: malformation,
          RC_REFERENCE_RATE_LIMIT: 'off',
          ...CHECKED,
        },
        60_000,
        true,
      );
      try {
        const run = await runSuite(
          {
            ROCKETCHAT_URL: server.url,
            CONTRACT_WRITE: 'true',
            CONTRACT_PROFILE: profile,
            ...REFERENCE_ADMIN,
            ...CHECKED,
          },
          [],
          { timeoutMs: 300_000 },
        );
        const rows = run.summary?.families.flatMap((family) => family.checks) ?? [];
        assert.ok(rows.length > 0, `no summary was written:\n${run.output.slice(-3000)}`);
        const crashed = rows.filter((row) => /unexpected error in the check/.test(row.reason ?? ''));
        assert.deepEqual(
          crashed.map((row) => `${row.check}: ${row.reason}`),
          [],
          'a check crashed on a malformed room',
        );
        assert.doesNotMatch(run.output, /not a part of any test/, 'a hook crashed on a malformed room');
        const skipped = rows.filter((row) => row.status === 'skipped');
        assert.deepEqual(
          skipped.map((row) => `${row.check}: ${row.reason}`),
          [],
          'a check was skipped although every check applies',
        );
        // The malformed rooms break the contract: the run must say so.
        assert.equal(run.summary?.verdict, 'FAILED', run.summary?.verdictLine);
      } finally {
        await server.stop();
      }
    });
  }
});
