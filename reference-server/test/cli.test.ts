import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { catalogueForTooling, FAULT_CATALOGUE } from '../src/faults/catalogue.js';
import { ADMIN, freePort, login, PROJECT_DIR, request, runCli } from './helpers.js';

const MAIN = 'reference-server/src/main.ts';

/** Spawns the server and resolves once it printed its start-up line. */
async function spawnServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; line: string; url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: PROJECT_DIR,
    env: { ...process.env, RC_REFERENCE_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line: ${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const first = output.split('\n').find((text) => text.startsWith('reference Rocket.Chat'));
      if (first) {
        clearTimeout(timer);
        resolve(first);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  return { child, line, url: `http://127.0.0.1:${port}`, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('CLI', () => {
  test('--list-faults prints the table; --json the catalogue itself', async () => {
    const [table, json] = await Promise.all([runCli(['--list-faults']), runCli(['--list-faults', '--json'])]);
    assert.equal(table.status, 0, table.stderr);
    for (const fault of FAULT_CATALOGUE)
      assert.match(table.stdout, new RegExp(`^${fault.name}\\s+${fault.family}\\s+`, 'm'));
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), catalogueForTooling());
  });

  test('an unknown fault or a bad version stops the start with a message that lists the valid values', async () => {
    const [unknown, version] = await Promise.all([
      runCli([], { RC_REFERENCE_FAULTS: 'success-missing,no-such-fault', RC_REFERENCE_PORT: '0' }),
      runCli([], { RC_REFERENCE_VERSION: '10' }),
    ]);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /unknown fault in RC_REFERENCE_FAULTS: no-such-fault/);
    assert.match(unknown.stderr, /valid names: date-without-zone, /);
    assert.notEqual(version.status, 0);
    assert.match(version.stderr, /RC_REFERENCE_VERSION must be 6, 7, 8 or 9/);
  });

  test('starts, logs requests to stdout and RC_REFERENCE_REQUEST_LOG, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-cli-'));
    const logFile = join(dir, 'requests.log');
    const { child, line, url, output } = await spawnServer({
      RC_REFERENCE_VERSION: '6',
      RC_REFERENCE_FAULTS: 'success-missing',
      RC_REFERENCE_REQUEST_LOG: logFile,
    });
    try {
      assert.equal(
        line,
        `reference Rocket.Chat 6.14.0 listening on ${url} (faults: success-missing, rate limit: on)`,
      );
      const admin = await login(url, ADMIN.username, ADMIN.password);
      await admin.roomsGet('2020-01-01T00:00:00.000Z');
      assert.equal((await request(`${url}/api/info`)).body.version, '6.14');
      const logged = readFileSync(logFile, 'utf8');
      assert.match(logged, /^POST \/api\/v1\/login 200 \d+ms$/m);
      assert.match(logged, /^GET \/api\/v1\/rooms\.get 200 \d+ms$/m);
      assert.ok(!logged.includes(ADMIN.password) && !logged.includes('2020'));
      assert.match(output(), /^GET \/api\/info 200 \d+ms$/m);
    } finally {
      assert.equal(await stop(child), 0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
