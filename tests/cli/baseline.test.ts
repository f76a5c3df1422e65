/**
 * The release sign-off's baseline on the real command line. A run against a conforming 7.x reference
 * server is the signed-off baseline; a second run, against a 7.x server with one fault of the catalogue,
 * names it in CONTRACT_BASELINE. Every report must list exactly the checks the catalogue names for that
 * fault as new failures — conformance.json, the section at the top of conformance.md, the HTML summary
 * block, the line under the verdict line — and every other check as unchanged.
 *
 * The fault: updated-at-not-bumped-by-message, whose named checks (one of @shape, one of @updatedSince)
 * are exactly the checks a full run fails; both runs are full runs, so no --grep hides a stray failure.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listFaultCatalogue } from '../../scripts/lib/fleet.js';
import { REFERENCE_ADMIN, type ReferenceServer, runSuite, type SuiteRun, startServer } from './suite-run.js';

const FAULT = 'updated-at-not-bumped-by-message';

/** The checks the fault catalogue names for a fault, as `--list-faults --json` gives them. */
async function namedChecks(fault: string): Promise<string[]> {
  const catalogue = await listFaultCatalogue();
  const entry = catalogue.find((candidate) => candidate.name === fault);
  assert.ok(entry, `fault ${fault} is in the catalogue`);
  return [...entry.checks].sort();
}

/** The check ids of a markdown table that follows `heading`, up to the next blank line after it. */
function tableAfter(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `${heading} in conformance.md`);
  const rows: string[] = [];
  for (const line of lines.slice(start + 4)) {
    if (!line.startsWith('| ')) break;
    rows.push(line.split(' | ')[0]?.slice(2) ?? '');
  }
  return rows;
}

describe('CONTRACT_BASELINE: a faulted run compared with a clean one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baseline-test-'));
  const servers: ReferenceServer[] = [];
  let expected: string[] = [];
  let first: SuiteRun;
  let second: SuiteRun;
  const baselineFile = join(dir, 'signed-off', 'conformance.json');

  before(async () => {
    const [clean, faulted, checks] = await Promise.all([
      startServer({ RC_REFERENCE_VERSION: '7' }),
      startServer({ RC_REFERENCE_VERSION: '7', RC_REFERENCE_FAULTS: FAULT }),
      namedChecks(FAULT),
    ]);
    servers.push(clean, faulted);
    expected = checks;
    const target = (server: ReferenceServer) => ({
      ROCKETCHAT_URL: server.url,
      ...REFERENCE_ADMIN,
      CONTRACT_WRITE: 'true',
    });
    first = await runSuite(target(clean), [], { reportsDir: join(dir, 'signed-off') });
    second = await runSuite({ ...target(faulted), CONTRACT_BASELINE: baselineFile }, [], {
      reportsDir: join(dir, 'candidate'),
    });
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('the baseline run passes; the faulted run fails exactly the fault’s named checks', () => {
    assert.equal(first.code, 0, first.output);
    assert.equal(first.summary?.verdict, 'PASSED', first.summary?.verdictLine);
    assert.equal(second.code, 1, second.output);
    const failed = second.summary?.families
      .flatMap((family) => family.checks)
      .filter((row) => row.status !== 'passed')
      .map((row) => `${row.check}: ${row.status}`);
    assert.deepEqual(
      failed,
      expected.map((check) => `${check}: failed`),
    );
  });

  test('conformance.json: exactly those checks are new failures, every other check unchanged', () => {
    const comparison = second.summary?.baseline;
    assert.ok(comparison, 'conformance.json has a baseline comparison');
    assert.equal(comparison.source, baselineFile);
    assert.equal(comparison.sameSuiteVersion, true);
    assert.equal(comparison.sameContract, true);
    const newFailures = comparison.checks.filter((entry) => entry.change === 'new failure');
    assert.deepEqual(
      newFailures.map((entry) => entry.check),
      expected,
    );
    assert.deepEqual(
      comparison.checks.slice(0, expected.length).map((entry) => entry.check),
      expected,
      'new failures come first',
    );
    const planned = second.summary?.planned ?? 0;
    assert.deepEqual(comparison.counts, {
      'new failure': expected.length,
      fixed: 0,
      'still failing': 0,
      'new check': 0,
      unchanged: planned - expected.length,
      'no longer checked': 0,
    });
    for (const row of second.summary?.families.flatMap((family) => family.checks) ?? []) {
      assert.equal(row.change, expected.includes(row.check) ? 'new failure' : 'unchanged', row.check);
    }
  });

  test('conformance.md: the section at the top lists them as new failures', () => {
    const markdown = readFileSync(join(dir, 'candidate', 'conformance.md'), 'utf8');
    const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
    assert.equal(headings[0], '## Since the baseline');
    assert.ok(markdown.indexOf('## Since the baseline') < markdown.indexOf('| Family |'));
    assert.deepEqual(tableAfter(markdown, `### New failures (${expected.length})`), expected);
    assert.ok(!markdown.includes('### Fixed'), 'nothing was fixed');
    assert.ok(!markdown.includes('### Still failing'), 'nothing failed before');
  });

  test('the HTML summary block lists them first, and the run printed them under the verdict line', () => {
    const html = readFileSync(join(dir, 'candidate', 'html', 'index.html'), 'utf8');
    const block = html.slice(html.indexOf('<section id="conformance-summary"'), html.indexOf('</section>'));
    const group = block.slice(
      block.indexOf('<div data-change-group="new failure">'),
      block.indexOf('</div>', block.indexOf('<div data-change-group="new failure">')),
    );
    assert.deepEqual(
      [...group.matchAll(/<tr data-baseline-check="([^"]+)" data-change="new failure"/g)].map(
        (match) => match[1],
      ),
      expected,
    );
    assert.ok(block.indexOf('data-baseline') < block.indexOf('data-family='), 'above the family table');
    const unchanged = (second.summary?.planned ?? 0) - expected.length;
    assert.match(
      second.output,
      new RegExp(
        `^since the baseline ${baselineFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${expected.length} new failures ` +
          `\\(${expected.join(', ')}\\), 0 fixed, 0 still failing, 0 new checks, ${unchanged} unchanged, 0 no longer checked$`,
        'm',
      ),
    );
  });
});
