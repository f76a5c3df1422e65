/**
 * The verdict a release is signed off from, on the real command line against reference servers: what
 * conformance.json says, what the verdict line says, and the exit code — for a full passing run, a
 * read-only run, two runs at once against one server, a run one of whose seeding calls a server refuses, a waived
 * deviation, a waived check that fails some other way, and a waived check that passes.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  call,
  type Json,
  REFERENCE_ADMIN,
  type ReferenceServer,
  rowOf,
  runSuite,
  startServer,
  tempFile,
} from './suite-run.js';

const ONE_TO_ONE = 'dm/one-to-one-id-is-sorted-uids';

describe('verdicts and exit codes', { concurrency: 2 }, () => {
  const servers: ReferenceServer[] = [];
  after(() => Promise.all(servers.map((server) => server.stop())));
  const serve = async (env: Record<string, string> = {}) => {
    const server = await startServer(env);
    servers.push(server);
    return { ROCKETCHAT_URL: server.url, ...REFERENCE_ADMIN };
  };

  test('a full run against a conforming server: PASSED, exit 0', async () => {
    const run = await runSuite({ ...(await serve()), CONTRACT_WRITE: 'true' });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.summary?.verdict, 'PASSED');
    assert.equal(run.summary?.verdictLine, 'all 36 checks were judged and passed');
    assert.match(run.output, /^rooms\.get conformance: PASSED — all 36 checks were judged and passed$/m);
  });

  test('two runs at once against one staging-shaped server (two pipelines): both PASSED, nothing left', async () => {
    // Each run's world, DMs and self-DM are its own: one run's teardown never pulls a room from under
    // the other, and the other's rooms never fail its checks.
    const target = { ...(await serve({ RC_REFERENCE_STAGING: '1' })), CONTRACT_WRITE: 'true' };
    const runs = await Promise.all([runSuite(target), runSuite(target)]);
    for (const run of runs) {
      assert.equal(run.code, 0, run.output);
      assert.equal(run.summary?.verdict, 'PASSED', run.summary?.verdictLine);
    }
    const server = servers[servers.length - 1] as ReferenceServer;
    const login = await call(server.url, '/api/v1/login', undefined, {
      user: REFERENCE_ADMIN.ROCKETCHAT_ADMIN_USER,
      password: REFERENCE_ADMIN.ROCKETCHAT_ADMIN_PASSWORD,
    });
    const rooms = await call(server.url, '/api/v1/rooms.get', login.data as Json);
    const left = (rooms.update as Array<{ name?: string; usernames?: string[] }>).filter(
      (room) => room.name?.startsWith('ct-') || room.usernames?.some((name) => name.startsWith('ct-')),
    );
    assert.deepEqual(left, [], 'rooms the runs seeded are still in the admin’s list');
  });

  test('a read-only run: INCOMPLETE, never the word of a full run; exit 0 (nothing failed)', async () => {
    const run = await runSuite({ ...(await serve()), CONTRACT_WRITE: 'false' });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.summary?.verdict, 'INCOMPLETE');
    assert.match(
      run.summary?.verdictLine ?? '',
      /^\d+ of 36 checks were judged, \d+ skipped \(\d+ × needs CONTRACT_WRITE=true/,
    );
    assert.equal(rowOf(run.summary, 'dm/uids-are-sorted-member-ids')?.status, 'skipped');
  });

  test('a server that refuses one seeding call: only what needs it is an error, naming it; INCOMPLETE, exit 1', async () => {
    // Message_MaxAllowedSize: chat.postMessage refuses the world's messages; everything else is built.
    const run = await runSuite({
      ...(await serve({ RC_REFERENCE_SETTINGS: 'Message_MaxAllowedSize=10' })),
      CONTRACT_WRITE: 'true',
    });
    assert.equal(run.code, 1, run.output);
    assert.equal(run.summary?.verdict, 'INCOMPLETE');
    assert.equal(run.summary?.counts.failed, 0, 'a refused seeding is never a contract failure');
    assert.match(
      rowOf(run.summary, 'shape/last-message-matches-posted')?.reason ?? '',
      /^seeding: the shared world's messages could not be built: the server refused chat\.postMessage in \w+ \(error-message-size-exceeded\)\./,
    );
    // What needs no message is judged: the read-only checks, the DMs, the membership rooms.
    for (const check of [
      'shape/response-validates',
      'dm/uids-are-sorted-member-ids',
      'shape/update-lists-only-callers-rooms',
    ])
      assert.equal(rowOf(run.summary, check)?.status, 'passed', check);
    assert.match(run.output, /note: the shared world was built without messages;/);
  });

  test('a waived deviation (8.x ObjectId DM ids): waived, PASSED with the waiver named', async () => {
    const run = await runSuite({ ...(await serve({ RC_REFERENCE_VERSION: '8' })), CONTRACT_WRITE: 'true' });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.summary?.verdict, 'PASSED');
    assert.equal(run.summary?.verdictLine, 'all 36 checks were judged and passed (1 waived)');
    assert.equal(rowOf(run.summary, ONE_TO_ONE)?.status, 'waived');
    assert.match(
      rowOf(run.summary, ONE_TO_ONE)?.reason ?? '',
      /^rc8-dm-object-ids accepted \d+ × one-to-one-id-is-object-id/,
    );
    assert.deepEqual(run.summary?.waivers.length, 1);
  });

  test('a waived check that fails some other way: failed, not waived', async () => {
    // 8.x ObjectIds, but uids out of order: the waiver accepts only ObjectId ids of otherwise right DMs.
    const target = await serve({ RC_REFERENCE_VERSION: '8', RC_REFERENCE_FAULTS: 'dm-uids-unsorted' });
    const run = await runSuite({ ...target, CONTRACT_WRITE: 'true' }, ['--grep', ONE_TO_ONE]);
    assert.equal(run.code, 1, run.output);
    assert.equal(run.summary?.verdict, 'FAILED');
    assert.equal(rowOf(run.summary, ONE_TO_ONE)?.status, 'failed');
    assert.match(rowOf(run.summary, ONE_TO_ONE)?.reason ?? '', /^1:1 DM .*: _id [0-9a-f]{24}, expected/);
  });

  test('a waived check that passes: passed, saying the waiver is no longer needed', async () => {
    const waivers = tempFile(
      'waivers.yaml',
      [
        'waivers:',
        '  - id: staging-dm-object-ids',
        `    check: ${ONE_TO_ONE}`,
        '    accepts: one-to-one-id-is-object-id',
        '    reason: our staging was expected to give DMs ObjectIds',
        '    source: https://example.invalid/ticket/1',
        '',
      ].join('\n'),
    );
    const run = await runSuite({ ...(await serve()), CONTRACT_WRITE: 'true', CONTRACT_WAIVERS: waivers }, [
      '--grep',
      ONE_TO_ONE,
    ]);
    assert.equal(run.code, 0, run.output);
    const row = rowOf(run.summary, ONE_TO_ONE);
    assert.equal(row?.status, 'passed');
    assert.equal(
      row?.reason,
      'waiver staging-dm-object-ids no longer needed: the check passed without the deviation it accepts',
    );
  });
});
