/**
 * `npm run report:matrix` on the real command line: where it reads (run folders and conformance.json
 * files, relative to the caller's directory) and writes (--out, CONTRACT_REPORTS_DIR), and that bad input
 * is one message and exit code 2 with nothing written. The rendering itself is pinned in
 * tests/core/matrix.test.ts; the page in Chromium in report-check/matrix.spec.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { scrubbedEnvironment } from '../../scripts/lib/fleet.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

const USAGE = 'usage: npm run report:matrix -- [--out <dir>] <run dir or conformance.json>…';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run report:matrix -- …` from `cwd` (npm passes it on as INIT_CWD), with a scrubbed environment. */
async function reportMatrix(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  const child = spawn('npm', ['run', '--silent', '--prefix', PROJECT_ROOT, 'report:matrix', '--', ...args], {
    cwd,
    env: { ...scrubbedEnvironment(), CONTRACT_REPORTS_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code: code ?? 1, stdout, stderr };
}

function conformanceJson(serverVersion: string, status: string): string {
  return JSON.stringify({
    verdict: status === 'passed' ? 'PASSED' : 'FAILED',
    verdictLine: 'irrelevant here',
    run: {
      target: `https://rc${serverVersion[0]}.example.com`,
      serverVersion,
      profile: 'strict',
      write: 'true',
      contractHash: 'f7e4e36eb7fa',
      suiteVersion: '0.1.0',
    },
    families: [{ family: 'shape', checks: [{ check: 'shape/response-headers', status, reason: 'why' }] }],
    timing: { date: '2026-03-01T09:00:00.000Z', durationMs: 1, rateLimitWaitMs: 0 },
  });
}

describe('npm run report:matrix', { concurrency: 2 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-matrix-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  // A reports folder of a 7.x run, a bare conformance.json of an 8.x run, and things that are neither.
  mkdirSync(join(dir, 'staging', 'reports'), { recursive: true });
  writeFileSync(join(dir, 'staging', 'reports', 'conformance.json'), conformanceJson('7.4.1', 'passed'));
  writeFileSync(join(dir, 'canary.json'), conformanceJson('8.0.1', 'failed'));
  writeFileSync(join(dir, 'results.json'), '{"config":{},"suites":[]}');
  mkdirSync(join(dir, 'empty'));

  test('a run folder and a conformance.json, relative to the caller: both files in CONTRACT_REPORTS_DIR', async () => {
    const out = join(dir, 'by-env');
    const result = await reportMatrix(['staging/reports', 'canary.json'], dir, { CONTRACT_REPORTS_DIR: out });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      `report:matrix: 2 runs, 1 check; 1 check differs between the runs — wrote by-env/matrix.html and by-env/matrix.md\n`,
    );
    assert.equal(result.stderr, '');
    const markdown = readFileSync(join(out, 'matrix.md'), 'utf8');
    assert.ok(
      markdown.includes(
        '| **shape/response-headers** (differs) | ✅ passed | ❌ FAILED |\n\nWhy:\n\n- `shape/response-headers` [1], [2]: why\n',
      ),
      markdown,
    );
    assert.ok(markdown.includes('| [1] | https://rc7.example.com | 7.4.1 | strict | true | PASSED |'));
    assert.ok(readFileSync(join(out, 'matrix.html'), 'utf8').startsWith('<!doctype html>'));
  });

  test('--out wins over CONTRACT_REPORTS_DIR', async () => {
    const result = await reportMatrix(['--out', 'by-flag', join(dir, 'canary.json')], dir, {
      CONTRACT_REPORTS_DIR: join(dir, 'not-here'),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(join(dir, 'by-flag', 'matrix.html')));
    assert.ok(existsSync(join(dir, 'by-flag', 'matrix.md')));
    assert.ok(!existsSync(join(dir, 'not-here')));
  });

  const bad: Array<{ name: string; args: string[]; message: string }> = [
    {
      name: 'no such file',
      args: ['staging/reports', 'nope.json'],
      message: `nope.json: no such file or folder. ${USAGE}`,
    },
    {
      name: 'a folder without conformance.json',
      args: ['empty'],
      message:
        'empty is a folder without conformance.json: give the reports folder of a run, or its conformance.json',
    },
    {
      name: 'a JSON file that is not a conformance.json',
      args: ['results.json'],
      message: 'results.json is not a conformance.json (no verdict PASSED, FAILED or INCOMPLETE)',
    },
    { name: 'no run at all', args: [], message: `no run given. ${USAGE}` },
    {
      name: '--out without a folder',
      args: ['canary.json', '--out'],
      message: "Option '--out <value>' argument missing",
    },
  ];
  for (const { name, args, message } of bad) {
    test(`bad input, one message and exit 2: ${name}`, async () => {
      const out = join(dir, `out-${name.replaceAll(' ', '-')}`);
      const result = await reportMatrix(args, dir, { CONTRACT_REPORTS_DIR: out });
      assert.equal(result.code, 2, result.stdout);
      assert.equal(result.stderr, `report:matrix: ${message}\n`);
      assert.equal(result.stdout, '');
      assert.ok(!existsSync(out), 'nothing written');
    });
  }
});
