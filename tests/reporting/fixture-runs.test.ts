import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { listFiles } from '../../src/core/leak-scan.js';
import { readZipEntries } from '../../src/core/zip-entries.js';
import { readWithPlaywright } from './playwright-zip.js';
import { comparableSummary, type ConformanceSummary } from '../../src/playwright/reporters/summary.js';
import { type FixtureRun, fixturePaths, mergeReports, runFixture } from './run-fixture.js';

/**
 * The reporters end to end: real Playwright runs of the synthetic fixture suite. Slow-ish (a few
 * seconds per run), so runs are shared between assertions.
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

describe('reporters on a real Playwright run', { concurrency: false }, () => {
  const passing = keep(runFixture('passing'));

  test('a passing run: exit 0, the leak scan finds nothing, the spool is deleted', () => {
    assert.equal(passing.code, 0, passing.output);
    assert.match(passing.output, /leak scan: no secret found \(3 secrets/);
    assert.ok(!existsSync(passing.spool), 'spool file deleted');
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

  test('the summary carries the preflight facts and one row per clause', () => {
    const summary = summaryOf(passing);
    assert.equal(summary.verdict, 'passed');
    assert.deepEqual(summary.run, {
      target: 'http://127.0.0.1:9/fixture',
      serverVersion: '7.0.0-fixture',
      profile: 'strict',
      write: 'true',
      contractHash: 'fixturehash',
      suiteVersion: '0.0.0-fixture',
    });
    assert.deepEqual(summary.counts, { passed: 7, failed: 0, waived: 1, skipped: 1 });
    assert.equal(summary.tests, 11);
    assert.equal(summary.timing.rateLimitWaitMs, 750);
    assert.equal(summary.retries.transport, 1);
    assert.deepEqual(summary.waivers, ['doc-example: the example does not match (https://example.invalid)']);
  });

  test('drift: undocumented fields per room type and room types outside c, d, p, l, v', () => {
    const drift = summaryOf(passing).drift;
    assert.deepEqual(drift?.undocumentedRoomFields, [
      { t: 'c', rooms: 1, fields: [{ path: 'teamMain', rooms: 1 }] },
    ]);
    assert.deepEqual(drift?.undocumentedRoomTypes, [{ t: 'x', rooms: 1 }]);
    assert.deepEqual(JSON.parse(readFileSync(join(passing.reportsDir, 'drift.json'), 'utf8')), drift);
    assert.match(
      readFileSync(join(passing.reportsDir, 'conformance.md'), 'utf8'),
      /Room types outside c, d, p, l, v: `x` \(1 rooms\)/,
    );
  });

  test('junit: one testcase per test, annotations as properties', () => {
    const junit = readFileSync(join(passing.reportsDir, 'junit.xml'), 'utf8');
    assert.equal(junit.match(/<testcase /g)?.length, 11);
    assert.ok(junit.includes('<property name="clause" value="dm/one-to-one-id-is-sorted-uids">'));
    assert.ok(
      junit.includes(
        '<property name="waiver" value="doc-example: the example does not match (https://example.invalid)">',
      ),
    );
  });

  test('the HTML report is titled with target and server version and starts with the summary', () => {
    const html = readFileSync(join(passing.reportsDir, 'html', 'index.html'), 'utf8');
    assert.ok(html.indexOf('<section id="conformance-summary"') < html.indexOf("<div id='root'>"));
    assert.ok(existsSync(join(passing.reportsDir, 'html', 'conformance.md')));
    const embedded = html.match(/data:application\/zip;base64,([A-Za-z0-9+/=]+)/)?.[1] ?? '';
    const report = readZipEntries(Buffer.from(embedded, 'base64')).find((entry) => entry.name === 'report.json');
    assert.equal(
      JSON.parse(report?.data.toString() ?? '{}').options?.title,
      'rooms.get conformance: http://127.0.0.1:9/fixture — Rocket.Chat 7.0.0-fixture',
    );
    const results = JSON.parse(readFileSync(join(passing.reportsDir, 'results.json'), 'utf8'));
    assert.equal(results.config.metadata.contract.serverVersion, '7.0.0-fixture');
  });

  test('a failing run: exit 1, the reason is the grouped schema error, and still no leak', () => {
    const failing = keep(runFixture('failing', { FIXTURE_FAIL: '1' }));
    assert.equal(failing.code, 1);
    assert.match(failing.output, /leak scan: no secret found/);
    const row = summaryOf(failing).families[0]?.clauses.find(
      (clause) => clause.clause === 'shape/response-validates',
    );
    assert.equal(row?.status, 'failed');
    assert.match(row?.reason ?? '', /\/update\/\*\/_updatedAt must match format "date-time" ×2/);
  });

  test('a secret planted in artifacts fails the run, naming each file but never the secret', () => {
    const leaking = keep(runFixture('leaking', { FIXTURE_LEAK: 'attachment' }));
    assert.equal(leaking.code, 1);
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
    [
      'stdout',
      /terminal output \(stdout\) \(plain\)|stdout of test "secrets stay out of artifacts" \(plain\)/,
    ],
    ['base64-file', /test-results\/.*dump\.txt \(base64 \(inside longer base64 data\)\)/],
    ['error', /junit\.xml \(plain\)/],
  ] as const) {
    test(`a secret leaked through ${leak} is found`, () => {
      const leaking = keep(
        runFixture(`leak-${leak}`, { FIXTURE_LEAK: leak }, ['--grep', 'secrets stay out']),
      );
      assert.equal(leaking.code, 1);
      const lines = leakScanLines(leaking);
      assert.ok(
        lines.some((line) => where.test(line.replace(leaking.dir, ''))),
        lines.join('\n'),
      );
      assertNoSecretPrinted(leaking, lines);
    });
  }

  test('CONTRACT_TRACE=on: traces are kept, with the token scrubbed out of their network log', async () => {
    const traced = keep(runFixture('trace', { CONTRACT_TRACE: 'on' }, ['--grep', 'secrets stay out']));
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

  test('--shard=1/2 and 2/2 with blob, merged, give the same summary as one unsharded run', () => {
    const merged = fixturePaths('merged');
    mkdirSync(merged.blobDir, { recursive: true });
    for (const shard of ['1/2', '2/2']) {
      const run = keep(runFixture(`shard-${shard[0]}`, {}, [`--shard=${shard}`]));
      assert.equal(run.code, 0, run.output);
      const blobs = readdirSync(run.blobDir);
      assert.equal(blobs.length, 1);
      cpSync(join(run.blobDir, blobs[0]!), join(merged.blobDir, blobs[0]!));
      assert.ok(summaryOf(run).tests < 11, 'a shard runs part of the suite');
    }
    const merge = mergeReports(merged.blobDir, merged);
    runs.push({ ...merge, dir: merged.dir });
    assert.equal(merge.code, 0, merge.output);
    assert.match(merge.output, /leak scan: no secret found/);
    assert.deepEqual(comparableSummary(summaryOf(merge)), comparableSummary(summaryOf(passing)));
    assert.ok(existsSync(join(merged.reportsDir, 'html', 'index.html')));
  });
});
