/**
 * A run preflight stopped is still a record worth signing (issue 19): on the real command line, against an
 * unreachable URL and against a reference server that answers GET /api/info but refuses the login,
 * conformance.md/.json and the HTML report's summary show what preflight learned — the server's version
 * when /api/info answered, the suite version, the contract hash, the step that stopped the run — the stop
 * message once at the top, and the checks as one grouped "N checks not run" line, not a row each.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { contractHash } from '../../src/core/contract/contract-hash.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import type { ConformanceSummary } from '../../src/core/results/summary.js';
import { REFERENCE_ADMIN, type ReferenceServer, runSuite, startServer } from './suite-run.js';

const SUITE_VERSION = (
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

const kept: string[] = [];
after(() => {
  for (const dir of kept) rmSync(dir, { recursive: true, force: true });
});

/** A stopped run's three records: conformance.json, conformance.md, and the HTML report's summary block. */
async function stoppedRun(env: Record<string, string>) {
  const reportsDir = mkdtempSync(join(tmpdir(), 'stop-records-'));
  kept.push(reportsDir);
  const run = await runSuite({ CONTRACT_WRITE: 'false', ...env }, [], { reportsDir });
  const summary = JSON.parse(
    readFileSync(join(reportsDir, 'conformance.json'), 'utf8'),
  ) as ConformanceSummary;
  const markdown = readFileSync(join(reportsDir, 'conformance.md'), 'utf8');
  const html = readFileSync(join(reportsDir, 'html', 'index.html'), 'utf8');
  const block = html.slice(html.indexOf('<section id="conformance-summary"'), html.indexOf('</section>'));
  return { run, summary, markdown, block };
}

const count = (text: string, part: string): number => text.split(part).length - 1;

/** What every stop record shows, whatever stopped the run. */
function assertStopRecord(record: Awaited<ReturnType<typeof stoppedRun>>, step: string): void {
  const { summary, markdown, block } = record;
  const message = summary.stop?.message ?? '';
  assert.ok(message.length > 0, 'the stop message is in conformance.json');
  assert.equal(summary.stop?.step, step);
  assert.equal(summary.run.suiteVersion, SUITE_VERSION);
  assert.equal(summary.run.contractHash, contractHash());
  // The message once, at the top (before the run facts), in conformance.md and in the HTML block.
  assert.equal(count(markdown, message), 1, markdown);
  assert.ok(markdown.indexOf(message) < markdown.indexOf('- Target:'), markdown);
  const escaped = message.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  assert.equal(count(block, escaped), 1, block);
  assert.match(markdown, new RegExp(`suite version: ${SUITE_VERSION.replaceAll('.', '\\.')}$`, 'm'));
  assert.match(markdown, new RegExp(`^- Contract hash: ${contractHash()} `, 'm'));
  assert.doesNotMatch(markdown, /the message above|the preflight did not run/);
  // What was tried: every step up to the one that stopped the run.
  assert.match(markdown, new RegExp(`^- Preflight: .*${step}: stopped the run$`, 'm'));
  // The checks as one line; no row repeats why.
  const notRun = `${summary.planned} checks not run: preflight stopped the run when it tried to ${step}`;
  assert.ok(summary.planned > 10, 'every planned check');
  assert.equal(count(markdown, notRun), 1, markdown);
  assert.equal(count(block, notRun), 1, block);
  assert.doesNotMatch(markdown, /^\| Check \|/m, 'no table of checks');
  assert.doesNotMatch(block, /data-check=/, 'no row per check');
}

describe('stop records', { concurrency: 2 }, () => {
  const servers: ReferenceServer[] = [];
  after(() => Promise.all(servers.map((server) => server.stop())));

  test('an unreachable target: the suite version and contract hash, no version, stopped reaching the server; exit 4', async () => {
    const record = await stoppedRun({ ROCKETCHAT_URL: 'http://127.0.0.1:9', ...REFERENCE_ADMIN });
    assert.equal(record.run.code, 4, record.run.output);
    assertStopRecord(record, 'reach the server');
    assert.match(record.summary.stop?.message ?? '', /cannot reach http:\/\/127\.0\.0\.1:9/);
    assert.equal(record.summary.run.target, 'http://127.0.0.1:9');
    assert.match(record.summary.run.serverVersion, /^\(unknown: GET \/api\/info gave no version\)$/);
  });

  test('a server that answers /api/info but refuses the login: its version too, stopped logging in; exit 4', async () => {
    const server = await startServer({});
    servers.push(server);
    const record = await stoppedRun({
      ROCKETCHAT_URL: server.url,
      ROCKETCHAT_ADMIN_USER: REFERENCE_ADMIN.ROCKETCHAT_ADMIN_USER,
      ROCKETCHAT_ADMIN_PASSWORD: 'not-the-password',
    });
    assert.equal(record.run.code, 4, record.run.output);
    assertStopRecord(record, 'log in');
    assert.match(record.summary.stop?.message ?? '', /refused the login of ROCKETCHAT_ADMIN_USER/);
    // What /api/info told anyone before the login: the reference server's 7.10.
    assert.equal(record.summary.run.serverVersion, '7.10');
    assert.match(record.markdown, /^- Target: http:\/\/127\.0\.0\.1:\d+ — Rocket\.Chat 7\.10$/m);
    assert.match(record.markdown, /^- Preflight: reach the server: done → log in: stopped the run$/m);
  });
});
