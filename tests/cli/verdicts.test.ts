/**
 * The verdict a release is signed off from, on the real command line against reference servers: what
 * conformance.json says, what the verdict line says, the exit code, and what reports/junit.xml tells a CI
 * test tab (read with a strict XML parser) — for a full passing run, a read-only run (chosen or not), two
 * runs at once against one server, a run one of whose seeding calls a server refuses, a contract failure
 * beside a waived deviation, an expired waiver, a bad configuration, an unreachable target, an interrupted
 * run, a waived check that fails some other way, and a waived check that passes. Every exit code of the
 * README's table is driven here: 0, 1, 2, 3, 4 and 130.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { blankConfigVariables } from '../../src/core/run/config.js';
import type { ConformanceSummary } from '../../src/core/results/summary.js';
import { scrubbedEnvironment } from '../../scripts/lib/fleet.js';
import { elementsNamed, parseXml } from './junit-xml.js';
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

/** reports/junit.xml of a run, parsed: the root's counts, and each testcase with its outcome element. */
function junitOf(reportsDir: string) {
  const root = parseXml(readFileSync(join(reportsDir, 'junit.xml'), 'utf8'));
  assert.equal(root.name, 'testsuites');
  const cases = elementsNamed(root, 'testcase').map((testcase) => {
    const outcome = testcase.children.find((child) => ['failure', 'error', 'skipped'].includes(child.name));
    const properties = elementsNamed(testcase, 'property').map(
      (property) => [property.attributes.name, property.attributes.value] as const,
    );
    return { name: testcase.attributes.name ?? '', outcome, properties };
  });
  const count = (name: string) => cases.filter((each) => each.outcome?.name === name).length;
  // The counts of <testsuites> and of each <testsuite> are those of their testcases.
  for (const suite of [root, ...elementsNamed(root, 'testsuite')]) {
    const inside = (name: string) => elementsNamed(suite, name).length;
    assert.equal(Number(suite.attributes.tests), inside('testcase'), `tests= of <${suite.name}>`);
    assert.equal(Number(suite.attributes.failures), inside('failure'), `failures= of <${suite.name}>`);
    assert.equal(Number(suite.attributes.errors), inside('error'), `errors= of <${suite.name}>`);
    assert.equal(Number(suite.attributes.skipped), inside('skipped'), `skipped= of <${suite.name}>`);
  }
  return {
    root,
    cases,
    failures: Number(root.attributes.failures),
    errors: Number(root.attributes.errors),
    skipped: Number(root.attributes.skipped),
    count,
    caseOf: (check: string) => cases.find((each) => each.name.startsWith(`${check}: `)),
  };
}

/** A run whose reports stay (in a temp folder removed after the tests) so junit.xml can be read. */
const kept: string[] = [];
function reportsFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verdicts-reports-'));
  kept.push(dir);
  return dir;
}
after(() => {
  for (const dir of kept) rmSync(dir, { recursive: true, force: true });
});

/**
 * The suite started as a user starts it, interrupted as Ctrl-C does: SIGINT to its whole process group
 * once the run has printed `when` (preflight's target line, or the test count).
 */
async function interruptedRun(env: Record<string, string>, when: RegExp, args: string[] = []) {
  const reports = reportsFolder();
  const child = spawn(
    process.execPath,
    ['node_modules/@playwright/test/cli.js', 'test', '--output', join(reports, 'test-results'), ...args],
    {
      env: {
        ...scrubbedEnvironment(),
        ...blankConfigVariables(),
        CI: '1',
        CONTRACT_REPORTS_DIR: reports,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  let interrupted = false;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (!interrupted && when.test(output)) {
      interrupted = true;
      process.kill(-(child.pid as number), 'SIGINT');
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 180_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  const file = join(reports, 'conformance.json');
  return {
    code,
    output,
    interrupted,
    reports,
    summary: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConformanceSummary) : undefined,
  };
}

function waiversFile(entries: string[][]): string {
  return tempFile(
    'waivers.yaml',
    [
      'waivers:',
      ...entries.flatMap((lines) => lines.map((line, i) => `${i === 0 ? '  - ' : '    '}${line}`)),
      '',
    ].join('\n'),
  );
}

describe('verdicts and exit codes', { concurrency: 2 }, () => {
  const servers: ReferenceServer[] = [];
  after(() => Promise.all(servers.map((server) => server.stop())));
  const serve = async (env: Record<string, string> = {}) => {
    const server = await startServer(env);
    servers.push(server);
    return { ROCKETCHAT_URL: server.url, ...REFERENCE_ADMIN };
  };

  test('a full run against a conforming server: PASSED, exit 0, junit.xml without failures, errors or skips', async () => {
    const reportsDir = reportsFolder();
    const run = await runSuite({ ...(await serve()), CONTRACT_WRITE: 'true' }, [], { reportsDir });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.summary?.verdict, 'PASSED');
    assert.equal(run.summary?.verdictLine, `all ${run.summary?.planned} checks were judged and passed`);
    assert.match(run.output, /^rooms\.get conformance: PASSED — all \d+ checks were judged and passed$/m);
    const junit = junitOf(reportsDir);
    assert.equal(junit.cases.length, run.summary?.planned);
    assert.deepEqual([junit.failures, junit.errors, junit.skipped], [0, 0, 0]);
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
    // This test's own server: the tests of this file run two at a time, so the last server started may
    // be another test's, with that test's run (and its world) still going.
    const login = await call(target.ROCKETCHAT_URL, '/api/v1/login', undefined, {
      user: REFERENCE_ADMIN.ROCKETCHAT_ADMIN_USER,
      password: REFERENCE_ADMIN.ROCKETCHAT_ADMIN_PASSWORD,
    });
    const rooms = await call(target.ROCKETCHAT_URL, '/api/v1/rooms.get', login.data as Json);
    const left = (rooms.update as Array<{ name?: string; usernames?: string[] }>).filter(
      (room) => room.name?.startsWith('ct-') || room.usernames?.some((name) => name.startsWith('ct-')),
    );
    assert.deepEqual(left, [], 'rooms the runs seeded are still in the admin’s list');
  });

  test('read-only by default against a URL: INCOMPLETE, exit 3, each skip a <skipped> with its reason', async () => {
    // CONTRACT_WRITE unset: the user did not choose the read-only scope, so the write checks count as skipped.
    const reportsDir = reportsFolder();
    const run = await runSuite(
      await serve(),
      ['--grep', 'auth/no-credentials|dm/uids-are-sorted-member-ids'],
      {
        reportsDir,
      },
    );
    assert.equal(run.code, 3, run.output);
    assert.equal(run.summary?.verdict, 'INCOMPLETE');
    assert.match(
      run.summary?.verdictLine ?? '',
      /^1 of 2 checks were judged, 1 skipped \(1 × needs CONTRACT_WRITE=true\); scope: selected by --grep .*; set CONTRACT_WRITE=false to choose the read-only scope$/,
    );
    const junit = junitOf(reportsDir);
    assert.deepEqual([junit.failures, junit.errors, junit.skipped], [0, 0, 1]);
    assert.equal(
      junit.caseOf('dm/uids-are-sorted-member-ids')?.outcome?.attributes.message,
      'needs CONTRACT_WRITE=true: it uses the seeded users and rooms',
    );
    assert.equal(junit.caseOf('auth/no-credentials')?.outcome, undefined);
  });

  test('the read-only scope chosen with CONTRACT_WRITE=false: PASSED, exit 0, the scope named', async () => {
    const run = await runSuite({ ...(await serve()), CONTRACT_WRITE: 'false' }, [
      '--grep',
      'auth/no-credentials|dm/uids-are-sorted-member-ids',
    ]);
    assert.equal(run.code, 0, run.output);
    assert.equal(run.summary?.verdict, 'PASSED');
    assert.match(
      run.summary?.verdictLine ?? '',
      /^the 1 check was judged and passed; scope: read-only \(CONTRACT_WRITE=false\), selected by --grep \S+, \d+ planned checks left out$/,
    );
  });

  test('a server that refuses one seeding call: only what needs it is an error, naming it; INCOMPLETE, exit 3', async () => {
    // Message_MaxAllowedSize: chat.postMessage refuses the world's messages; everything else is built.
    const run = await runSuite({
      ...(await serve({ RC_REFERENCE_SETTINGS: 'Message_MaxAllowedSize=10' })),
      CONTRACT_WRITE: 'true',
    });
    assert.equal(run.code, 3, run.output);
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

  test('a contract failure beside a waived deviation (8.x ObjectId DM ids): FAILED, exit 1, a <failure>, the waived check passes with its waiver', async () => {
    const reportsDir = reportsFolder();
    const target = await serve({ RC_REFERENCE_VERSION: '8', RC_REFERENCE_FAULTS: 'auth-not-enforced' });
    const run = await runSuite(
      { ...target, CONTRACT_WRITE: 'true' },
      ['--grep', `auth/no-credentials|${ONE_TO_ONE}`],
      {
        reportsDir,
      },
    );
    assert.equal(run.code, 1, run.output);
    assert.equal(run.summary?.verdict, 'FAILED');
    assert.equal(rowOf(run.summary, 'auth/no-credentials')?.status, 'failed');
    assert.equal(rowOf(run.summary, ONE_TO_ONE)?.status, 'waived');
    assert.match(
      rowOf(run.summary, ONE_TO_ONE)?.reason ?? '',
      /^rc8-dm-object-ids accepted \d+ × one-to-one-id-is-object-id/,
    );
    assert.deepEqual(run.summary?.waivers.length, 1);
    const junit = junitOf(reportsDir);
    assert.deepEqual([junit.failures, junit.errors, junit.skipped], [1, 0, 0]);
    const failure = junit.caseOf('auth/no-credentials')?.outcome;
    assert.equal(failure?.name, 'failure');
    assert.equal(failure?.attributes.type, 'ContractFailure');
    assert.match(failure?.attributes.message ?? '', /200/);
    const waived = junit.caseOf(ONE_TO_ONE);
    assert.equal(waived?.outcome, undefined, 'a waived check passes');
    assert.match(
      new Map(waived?.properties).get('waiver') ?? '',
      /^rc8-dm-object-ids accepted \d+ × one-to-one-id-is-object-id \(/,
    );
  });

  test('an expired waiver fails its own check only, naming the waiver and its day: FAILED, exit 1', async () => {
    const waivers = waiversFile([
      [
        'id: lapsed-anonymous-read',
        'check: auth/no-credentials',
        'accepts: anonymous-read',
        'reason: staging allowed anonymous read until the migration',
        'source: https://example.invalid/ticket/2',
        'expires: 2020-01-31',
      ],
    ]);
    const run = await runSuite({ ...(await serve()), CONTRACT_WRITE: 'false', CONTRACT_WAIVERS: waivers }, [
      '--grep',
      'auth/no-credentials|auth/wrong-token',
    ]);
    assert.equal(run.code, 1, run.output);
    assert.equal(rowOf(run.summary, 'auth/no-credentials')?.status, 'failed');
    assert.match(
      rowOf(run.summary, 'auth/no-credentials')?.reason ?? '',
      /waiver lapsed-anonymous-read \(accepts anonymous-read\) expired on 2020-01-31/,
    );
    assert.equal(rowOf(run.summary, 'auth/wrong-token')?.status, 'passed');
  });

  test('a bad configuration: one message, exit 2', async () => {
    const run = await runSuite({
      ROCKETCHAT_URL: 'http://127.0.0.1:9',
      CONTRACT_WRITE: 'maybe',
      ...REFERENCE_ADMIN,
    });
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /CONTRACT_WRITE="maybe" must be "true"/);
  });

  test('a waivers file that does not load: a configuration error before anything runs, exit 2', async () => {
    const waivers = tempFile('waivers.yaml', 'waivers:\n  - id: no-check-here\n');
    const run = await runSuite({ ...(await serve()), CONTRACT_WRITE: 'false', CONTRACT_WAIVERS: waivers }, [
      '--grep',
      'auth/no-credentials',
    ]);
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /waivers\.yaml:2: waivers\[0\]/);
    assert.doesNotMatch(run.output, /Running \d+ tests?/, 'nothing ran');
  });

  test('an unreachable target: exit 4, every planned check an <error> naming the cause', async () => {
    const reportsDir = reportsFolder();
    const run = await runSuite(
      { ROCKETCHAT_URL: 'http://127.0.0.1:9', CONTRACT_WRITE: 'false', ...REFERENCE_ADMIN },
      [],
      {
        reportsDir,
      },
    );
    assert.equal(run.code, 4, run.output);
    assert.equal(run.summary?.stop?.kind, 'target-unusable');
    assert.match(run.output, /cannot reach http:\/\/127\.0\.0\.1:9: the connection was refused/);
    const junit = junitOf(reportsDir);
    assert.equal(junit.errors, run.summary?.planned);
    assert.ok(junit.errors > 10, 'every planned check');
    assert.deepEqual([junit.failures, junit.skipped], [0, 0]);
    assert.match(
      junit.cases[0]?.outcome?.attributes.message ?? '',
      /^preflight: cannot reach http:\/\/127\.0\.0\.1:9/,
    );
  });

  test('Ctrl-C during the checks: INTERRUPTED, exit 130, never "0 of 0 checks were judged"', async () => {
    const target = await serve();
    // Once the first check has started (the line reporter's `[1/36]`): interrupted while workers were still
    // starting, Playwright's runner waits on them without end — the runner's matter, not the verdict's.
    const run = await interruptedRun({ ...target, CONTRACT_WRITE: 'true' }, /\[\d+\/\d+\]/);
    assert.ok(run.interrupted, run.output);
    assert.equal(run.code, 130, run.output);
    assert.equal(run.summary?.verdict, 'INTERRUPTED', run.output);
    assert.match(
      run.output,
      /^rooms\.get conformance: INTERRUPTED — interrupted before the run could judge its scope: \d+ of \d+ checks/m,
    );
    assert.doesNotMatch(run.output, /0 of 0 checks/);
    assert.ok((run.summary?.planned ?? 0) > 30, 'the plan, not an empty one');
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
