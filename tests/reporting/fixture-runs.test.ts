import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { listFiles } from '../../src/core/secrets/leak-scan.js';
import { type ConformanceSummary, comparableSummary } from '../../src/core/results/summary.js';
import { readZipEntries } from '../../src/core/results/zip-entries.js';
import { FIXTURE_NOT_APPLICABLE, FIXTURE_PLAN } from './fixtures/global-setup.js';
import { readWithPlaywright } from './playwright-zip.js';
import { type FixtureRun, fixturePaths, mergeReports, runFixture } from './run-fixture.js';

/**
 * The reporters end to end: real Playwright runs of the synthetic fixture suite (tests/reporting/fixtures),
 * whose stand-in preflight writes a run state with fake target facts and a plan of 9 checks. Slow-ish (a
 * few seconds per run), so runs are shared between assertions.
 */
const runs: FixtureRun[] = [];
after(() => {
  for (const run of runs) rmSync(run.dir, { recursive: true, force: true });
});
function keep(run: FixtureRun): FixtureRun {
  runs.push(run);
  return run;
}

function summaryOf(run: FixtureRun): ConformanceSummary {
  return JSON.parse(readFileSync(join(run.reportsDir, 'conformance.json'), 'utf8')) as ConformanceSummary;
}

function rowOf(summary: ConformanceSummary, check: string) {
  return summary.families.flatMap((family) => family.checks).find((row) => row.check === check);
}

/** The lines the leak scan printed — they must name files, never the secret. */
function leakScanLines(run: FixtureRun): string[] {
  const lines = run.stderr.split('\n');
  const start = lines.findIndex((line) => line.startsWith('leak scan: FAILED'));
  return start < 0 ? [] : lines.slice(start).filter((line) => line.startsWith('  - '));
}

function assertNoSecretPrinted(run: FixtureRun, lines: string[]): void {
  for (const line of lines) {
    assert.ok(!line.includes(run.secrets.token), `leak scan printed the token: ${line}`);
    assert.ok(!line.includes(run.secrets.adminPassword), `leak scan printed the password: ${line}`);
  }
}

/** The verdict line is printed once, after Playwright's own closing lines ("11 passed (2.4s)"). */
function assertVerdictLineAtTheEnd(run: FixtureRun, line: string): void {
  const lines = run.output.split('\n');
  const at = lines.indexOf(line);
  assert.ok(at >= 0, `no verdict line "${line}" in:\n${run.output}`);
  assert.equal(lines.filter((candidate) => candidate.startsWith('rooms.get conformance: ')).length, 1);
  const closing = lines.findLastIndex((candidate) => /^\s+\d+ (passed|failed|skipped)/.test(candidate));
  assert.ok(at > closing, `the verdict line comes before Playwright's closing lines:\n${run.output}`);
}

const PASSED_LINE = 'rooms.get conformance: PASSED — all 9 checks were judged and passed (1 waived)';
const WAIVER = 'fixture-md-typing accepted 1 × md-value-not-string (https://example.invalid/waiver)';
const NO_LONGER_NEEDED =
  'waiver fixture-self-dm no longer needed: the check passed without the deviation it accepts';
const STDOUT_LEAK = /terminal output \(stdout\) \(plain\)|stdout of test "response-headers: [^"]*" \(plain\)/;

/** The plain run every other run is compared with. */
const passing = keep(runFixture('passing'));

describe('reporters on a real Playwright run', { concurrency: false }, () => {
  test('a passing run: PASSED, exit 0, the verdict line last, no leak, spool and run state deleted', () => {
    assert.equal(passing.code, 0, passing.output);
    assertVerdictLineAtTheEnd(passing, PASSED_LINE);
    assert.match(
      passing.output,
      /leak scan: no secret found \(\d+ secrets, 3 folders and the run's output searched\)/,
    );
    assert.ok(!existsSync(passing.spool), 'spool file deleted');
    // The run state lived beside the spool: the folder is gone only if it went too.
    assert.ok(!existsSync(join(passing.dir, 'spool')), 'spool directory deleted');
  });

  test('every report is written where the issue says', () => {
    for (const file of [
      'conformance.md',
      'conformance.json',
      'drift.json',
      'junit.xml',
      'results.json',
      'html/index.html',
    ]) {
      assert.ok(existsSync(join(passing.reportsDir, file)), file);
    }
    assert.ok(!existsSync(passing.blobDir), 'no blob report unless sharding');
  });

  test('the specs declare exactly the planned checks, each with its profile', () => {
    const results = JSON.parse(readFileSync(join(passing.reportsDir, 'results.json'), 'utf8'));
    const declared = new Map<string, string>();
    const visit = (suite: {
      specs?: Array<{ tests: Array<{ annotations: Array<{ type: string; description?: string }> }> }>;
      suites?: unknown[];
    }) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests) {
          const check = t.annotations.find((annotation) => annotation.type === 'check')?.description;
          const profile = t.annotations.find((annotation) => annotation.type === 'profile')?.description;
          assert.ok(check && profile, JSON.stringify(t.annotations));
          declared.set(check, profile);
        }
      }
      for (const child of (suite.suites ?? []) as Parameters<typeof visit>[0][]) visit(child);
    };
    for (const suite of results.suites) visit(suite);
    assert.deepEqual([...declared.keys()].sort(), [...FIXTURE_PLAN].sort());
    assert.equal(declared.get('shape/response-validates'), 'documented');
    assert.equal(declared.get('dm/self-dm-id-not-composed'), 'strict');
  });

  test('the summary carries the run state: facts, plan, not-applicable checks; one row per check', () => {
    const summary = summaryOf(passing);
    assert.equal(summary.verdict, 'PASSED');
    assert.equal(summary.verdictLine, 'all 9 checks were judged and passed (1 waived)');
    assert.deepEqual(summary.run, {
      target: 'http://127.0.0.1:9/fixture',
      serverVersion: '7.0.0-fixture',
      profile: 'strict',
      write: 'true',
      contractHash: 'fixturehash',
      suiteVersion: '0.0.0-fixture',
    });
    assert.equal(summary.planned, 9);
    assert.deepEqual(summary.counts, { passed: 8, failed: 0, error: 0, skipped: 0, waived: 1 });
    assert.deepEqual(summary.unclassified, []);
    assert.deepEqual(summary.notApplicable, FIXTURE_NOT_APPLICABLE);
    assert.deepEqual(
      summary.families.map((family) => [
        family.family,
        family.status,
        family.checks.map((row) => `${row.check} ${row.profile} ${row.status} ×${row.tests}`),
      ]),
      [
        [
          'shape',
          'waived',
          [
            'shape/every-room-kind-validates documented waived ×1',
            'shape/response-headers strict passed ×1',
            'shape/response-validates documented passed ×1',
          ],
        ],
        [
          'auth',
          'passed',
          [
            'auth/authenticates-before-validating-updated-since strict passed ×1',
            'auth/no-credentials documented passed ×3',
          ],
        ],
        [
          'updatedSince',
          'passed',
          [
            'updatedSince/boundary-is-strict strict passed ×1',
            'updatedSince/deleted-room-in-remove documented passed ×1',
          ],
        ],
        [
          'dm',
          'passed',
          ['dm/one-to-one-id-is-sorted-uids strict passed ×1', 'dm/self-dm-id-not-composed strict passed ×1'],
        ],
      ],
    );
    assert.equal(rowOf(summary, 'shape/every-room-kind-validates')?.reason, WAIVER);
    assert.equal(rowOf(summary, 'dm/self-dm-id-not-composed')?.reason, NO_LONGER_NEEDED);
    assert.deepEqual(rowOf(summary, 'dm/self-dm-id-not-composed')?.notes, [NO_LONGER_NEEDED]);
    assert.deepEqual(summary.waivers, [WAIVER]);
    assert.deepEqual(summary.clockSkew, {
      maxMs: 37,
      observations: 1,
      checks: ['updatedSince/boundary-is-strict'],
    });
    assert.equal(summary.timing.rateLimitWaitMs, 750);
    assert.deepEqual(summary.retries, { transport: 1, test: 0 });
    // The documentation's own example breaks its own schema: a finding about the documentation only.
    assert.equal(summary.documentation?.consistent, false);
    assert.ok(summary.documentation?.violations.some((line) => / must be string/.test(line)));
    const markdown = readFileSync(join(passing.reportsDir, 'conformance.md'), 'utf8');
    assert.ok(
      markdown.startsWith(
        `# rooms.get conformance: PASSED\n\n**all 9 checks were judged and passed (1 waived).**\n`,
      ),
    );
    assert.ok(markdown.includes('\n| auth/no-credentials (3 tests) | documented | ✅ passed |  |  |\n'));
    assert.ok(markdown.includes('\n## Documentation findings (not about the server)\n'));
  });

  test('drift: undocumented fields per room type and room types outside c, d, p, l, v', () => {
    const drift = summaryOf(passing).drift;
    assert.deepEqual(drift?.undocumentedRoomFields, [
      // teamMain is typed by IRoom: sorted by the typings of the run's server (6.x → 6.13.1).
      { t: 'c', rooms: 1, fields: [{ path: 'teamMain', rooms: 1, typedBy: '6.13.1' }] },
    ]);
    assert.deepEqual(drift?.undocumentedRoomTypes, [{ t: 'x', rooms: 1 }]);
    assert.deepEqual(JSON.parse(readFileSync(join(passing.reportsDir, 'drift.json'), 'utf8')), drift);
    assert.match(
      readFileSync(join(passing.reportsDir, 'conformance.md'), 'utf8'),
      /Room types outside c, d, p, l, v: `x` \(1 rooms\)/,
    );
  });

  test('junit: one testcase per test, the check and its outcome record as properties', () => {
    const junit = readFileSync(join(passing.reportsDir, 'junit.xml'), 'utf8');
    assert.equal(junit.match(/<testcase /g)?.length, 11);
    assert.match(
      junit,
      /<testsuites name="rooms.get conformance" tests="11" failures="0" errors="0" skipped="0"/,
    );
    for (const property of [
      '<property name="check" value="dm/one-to-one-id-is-sorted-uids"/>',
      '<property name="profile" value="strict"/>',
      `<property name="waiver" value="${WAIVER}"/>`,
      `<property name="note" value="${NO_LONGER_NEEDED}"/>`,
      '<property name="clock-skew" value="37 ms: a write was stamped before an earlier write"/>',
    ]) {
      assert.ok(junit.includes(property), property);
    }
  });

  test('the HTML report is titled with verdict, target and server version, starts with the summary, and keeps the metadata', () => {
    const html = readFileSync(join(passing.reportsDir, 'html', 'index.html'), 'utf8');
    const block = html.indexOf('<section id="conformance-summary" data-verdict="PASSED"');
    assert.ok(block >= 0 && block < html.indexOf("<div id='root'>"));
    assert.ok(
      html.includes('<tr data-check="auth/no-credentials" data-status="passed" data-profile="documented">'),
    );
    assert.ok(existsSync(join(passing.reportsDir, 'html', 'conformance.md')));
    const embedded = html.match(/data:application\/zip;base64,([A-Za-z0-9+/=]+)/)?.[1] ?? '';
    const report = readZipEntries(Buffer.from(embedded, 'base64')).find(
      (entry) => entry.name === 'report.json',
    );
    assert.equal(
      JSON.parse(report?.data.toString() ?? '{}').options?.title,
      'rooms.get conformance: PASSED — http://127.0.0.1:9/fixture (Rocket.Chat 7.0.0-fixture)',
    );
    const results = JSON.parse(readFileSync(join(passing.reportsDir, 'results.json'), 'utf8'));
    assert.equal(results.config.metadata.contract.serverVersion, '7.0.0-fixture');
    assert.deepEqual(results.config.metadata.contract.planned, FIXTURE_PLAN);
  });

  test('a contract failure: FAILED, exit 1, the reason is the grouped schema error, and still no leak', () => {
    const failing = keep(runFixture('failing', { FIXTURE_FAIL: '1' }));
    assert.equal(failing.code, 1, failing.output);
    assertVerdictLineAtTheEnd(
      failing,
      'rooms.get conformance: FAILED — 9 of 9 checks were judged, 1 failed, 1 waived',
    );
    assert.match(failing.output, /leak scan: no secret found/);
    const row = rowOf(summaryOf(failing), 'shape/response-validates');
    assert.equal(row?.status, 'failed');
    assert.match(
      row?.reason ?? '',
      /^rooms\.get 200 does not match the strict contract: \/update\/\*\/_updatedAt must match format "date-time" ×2/,
    );
  });

  test('--retries: a contract failure, then a pass, is a flaky contract: FAILED, exit 1, a <failure> in junit', () => {
    const flaky = keep(runFixture('flaky', { FIXTURE_FLAKY: '1' }, ['--retries=1']));
    assert.equal(flaky.code, 1, flaky.output);
    const row = rowOf(summaryOf(flaky), 'shape/response-validates');
    assert.equal(row?.status, 'failed');
    assert.match(
      row?.reason ?? '',
      /^flaky contract: failed on attempt 1 of 2 \(rooms\.get 200 does not match .*\), passed on the last$/,
    );
    const junit = readFileSync(join(flaky.reportsDir, 'junit.xml'), 'utf8');
    assert.match(
      junit,
      /<testsuites name="rooms.get conformance" tests="11" failures="1" errors="0" skipped="0"/,
    );
    assert.match(
      junit,
      /<failure message="flaky contract: failed on attempt 1 of 2 [^"]*" type="FlakyContract">/,
    );
  });

  test('a check that could not be judged: INCOMPLETE, exit 3, with its cause', () => {
    const erroring = keep(runFixture('erroring', { FIXTURE_ERROR: '1' }));
    assert.equal(erroring.code, 3, erroring.output);
    assertVerdictLineAtTheEnd(
      erroring,
      'rooms.get conformance: INCOMPLETE — 8 of 9 checks were judged, 1 could not be judged (errors), 1 waived',
    );
    const row = rowOf(summaryOf(erroring), 'updatedSince/deleted-room-in-remove');
    assert.equal(row?.status, 'error');
    assert.equal(row?.reason, 'seeding: users.create refused: error-invalid-email');
  });

  test('only skips: INCOMPLETE, exit 3, the skip with its reason', () => {
    const skipping = keep(runFixture('skipping', { FIXTURE_SKIP: '1' }));
    assert.equal(skipping.code, 3, skipping.output);
    assertVerdictLineAtTheEnd(
      skipping,
      'rooms.get conformance: INCOMPLETE — 8 of 9 checks were judged, 1 skipped (1 × needs CONTRACT_WRITE=true), 1 waived',
    );
    const row = rowOf(summaryOf(skipping), 'updatedSince/deleted-room-in-remove');
    assert.equal(row?.status, 'skipped');
    assert.equal(row?.reason, 'needs CONTRACT_WRITE=true: it seeds its own data');
  });

  test('a secret planted in artifacts fails the run, naming each file but never the secret', () => {
    const leaking = keep(runFixture('leaking', { FIXTURE_LEAK: 'attachment' }));
    assert.equal(leaking.code, 5);
    assertVerdictLineAtTheEnd(leaking, PASSED_LINE);
    const lines = leakScanLines(leaking);
    assert.ok(
      lines.some((line) => /results\.json \((plain|base64)\)/.test(line)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((line) => line.includes('html/index.html › data:application/zip URI')),
      lines.join('\n'),
    );
    assertNoSecretPrinted(leaking, lines);
    assert.ok(!existsSync(leaking.spool), 'spool deleted also when the scan fails');
  });

  for (const [leak, where] of [
    ['stdout', STDOUT_LEAK],
    ['base64-file', /test-results\/.*dump\.txt \(base64 \(inside longer base64 data\)\)/],
    // The reporters' copies of a test's errors are redacted (trace-scrub reporter); the worker's own page is not.
    ['error', /test-results\/.*error-context\.md \(plain\)/],
  ] as const) {
    test(`a secret leaked through ${leak} is found`, () => {
      const leaking = keep(
        runFixture(`leak-${leak}`, { FIXTURE_LEAK: leak }, ['--grep', 'response-headers']),
      );
      assert.equal(leaking.code, 5);
      const lines = leakScanLines(leaking);
      assert.ok(
        lines.some((line) => where.test(line.replace(leaking.dir, ''))),
        lines.join('\n'),
      );
      assertNoSecretPrinted(leaking, lines);
    });
  }

  test('CONTRACT_TRACE=on: traces are kept, with the token scrubbed out of their network log', async () => {
    const traced = keep(runFixture('trace', { CONTRACT_TRACE: 'on' }, ['--grep', 'response-headers']));
    assert.equal(traced.code, 0, traced.output);
    const traces = listFiles(traced.outputDir).filter((file) => file.endsWith('trace.zip'));
    assert.equal(traces.length, 1);
    const network = readZipEntries(readFileSync(traces[0]!))
      .filter((entry) => entry.name.endsWith('.network'))
      .map((entry) => entry.data.toString())
      .join('');
    assert.match(network, /"name":"X-Auth-Token","value":"\[REDACTED\]"/i);
    assert.ok(!network.includes(traced.secrets.token));
    // The scrubbed trace still opens where Playwright opens traces.
    const viewed = await readWithPlaywright(traces[0]!);
    assert.ok(Object.keys(viewed).some((name) => name.endsWith('.network')));
  });

  test('--shard=1/2 and 2/2 with blob: each shard PASSED on its own scope (exit 0), merged the same summary as one unsharded run', () => {
    const merged = fixturePaths('merged');
    mkdirSync(merged.blobDir, { recursive: true });
    for (const shard of ['1/2', '2/2']) {
      const run = keep(runFixture(`shard-${shard[0]}`, {}, [`--shard=${shard}`]));
      assert.equal(run.code, 0, run.output);
      const blobs = readdirSync(run.blobDir);
      assert.equal(blobs.length, 1);
      cpSync(join(run.blobDir, blobs[0]!), join(merged.blobDir, blobs[0]!));
      const summary = summaryOf(run);
      assert.equal(summary.verdict, 'PASSED', 'a shard judges its part of the plan: its scope');
      const left = 9 - summary.planned;
      assert.ok(left > 0 && left < 9, summary.verdictLine);
      assert.match(
        summary.verdictLine,
        new RegExp(
          `^all ${summary.planned} checks were judged and passed.*; scope: selected by --shard ${shard}, ${left} planned checks? left out$`,
        ),
      );
    }
    const merge = mergeReports(merged.blobDir, merged);
    runs.push({ ...merge, dir: merged.dir });
    assert.equal(merge.code, 0, merge.output);
    assert.match(merge.output, /leak scan: no secret found/);
    assert.ok(merge.output.split('\n').includes(PASSED_LINE), merge.output);
    assert.deepEqual(comparableSummary(summaryOf(merge)), comparableSummary(summaryOf(passing)));
    assert.ok(existsSync(join(merged.reportsDir, 'html', 'index.html')));
  });
});

describe('--reporter on the command line replaces the conformance reporters: the fallback', {
  concurrency: false,
}, () => {
  const line = keep(runFixture('fallback', {}, ['--reporter=line']));
  const withoutDrift = (summary: ConformanceSummary) => ({ ...comparableSummary(summary), drift: undefined });

  test('still writes conformance.md/.json, prints the verdict line and runs the leak scan; exit 0', () => {
    assert.equal(line.code, 0, line.output);
    assert.match(line.output, /the command line replaced the conformance reporters \(--reporter\)/);
    assert.ok(line.output.split('\n').includes(PASSED_LINE), line.output);
    assert.match(
      line.output,
      /leak scan: no secret found \(\d+ secrets, 4 folders and the run's output searched\)/,
    );
    for (const file of ['conformance.md', 'conformance.json'])
      assert.ok(existsSync(join(line.reportsDir, file)), file);
    assert.ok(!existsSync(join(line.reportsDir, 'junit.xml')), 'only the reporters the command line chose');
    assert.ok(!existsSync(join(line.dir, 'spool')), 'spool, run state and records deleted');
    // The same judgement as the conformance reporters make (drift needs their observations).
    assert.deepEqual(withoutDrift(summaryOf(line)), withoutDrift(summaryOf(passing)));
    assert.ok(
      readFileSync(join(line.reportsDir, 'conformance.md'), 'utf8').startsWith(
        '# rooms.get conformance: PASSED\n',
      ),
    );
  });

  test('a contract failure: exit 1, FAILED, with the reason the conformance summary gives', () => {
    const failing = keep(runFixture('fallback-failing', { FIXTURE_FAIL: '1' }, ['--reporter=line']));
    assert.equal(failing.code, 1, failing.output);
    assert.ok(
      failing.output
        .split('\n')
        .includes('rooms.get conformance: FAILED — 9 of 9 checks were judged, 1 failed, 1 waived'),
      failing.output,
    );
    const row = rowOf(summaryOf(failing), 'shape/response-validates');
    assert.equal(row?.status, 'failed');
    assert.match(
      row?.reason ?? '',
      /^rooms\.get 200 does not match the strict contract: \/update\/\*\/_updatedAt must match format "date-time" ×2/,
    );
  });

  test('a planted secret still fails the run (exit 5) though every check passed, naming the file, never the secret', () => {
    const leaking = keep(runFixture('fallback-leak', { FIXTURE_LEAK: 'base64-file' }, ['--reporter=line']));
    assert.ok(leaking.output.split('\n').includes(PASSED_LINE), leaking.output);
    assert.equal(leaking.code, 5, leaking.output);
    const lines = leakScanLines(leaking);
    assert.ok(
      lines.some((line) =>
        /test-results\/.*dump\.txt \(base64 \(inside longer base64 data\)\)/.test(
          line.replace(leaking.dir, ''),
        ),
      ),
      lines.join('\n'),
    );
    assertNoSecretPrinted(leaking, lines);
    assert.ok(!existsSync(leaking.spool), 'spool deleted also when the scan fails');
  });

  test('a secret printed to the terminal is found too', () => {
    const leaking = keep(
      runFixture('fallback-stdout', { FIXTURE_LEAK: 'stdout' }, [
        '--reporter=line',
        '--grep',
        'response-headers',
      ]),
    );
    assert.equal(leaking.code, 5, leaking.output);
    const lines = leakScanLines(leaking);
    assert.ok(
      lines.some((line) => STDOUT_LEAK.test(line)),
      lines.join('\n'),
    );
    assertNoSecretPrinted(leaking, lines);
  });
});
