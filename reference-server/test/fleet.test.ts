import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parsePlan, startFleet } from '../src/fleet-plan.js';
import { PROJECT_DIR, request, sleep } from './helpers.js';

const FLEET = 'reference-server/src/fleet.ts';

describe('fleet launcher', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-fleet-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const writePlan = (name: string, plan: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof plan === 'string' ? plan : JSON.stringify(plan));
    return path;
  };

  test('a bad entry is refused before anything starts, naming its key and the problem', () => {
    const cases: Array<[plan: string, message: RegExp]> = [
      ['{}', /must be a JSON array/],
      ['[{"env":{}}]', /plan entry 0: "key" must be a non-empty string/],
      ['[{"key":"a","env":{}},{"key":"a","env":{}}]', /plan entry "a": the key is used twice/],
      [
        '[{"key":"b","env":{"RC_REFERENCE_COLOUR":"red"}}]',
        /plan entry "b": unknown variable RC_REFERENCE_COLOUR/,
      ],
      [
        '[{"key":"c","env":{"RC_REFERENCE_VERSION":"5"}}]',
        /plan entry "c": RC_REFERENCE_VERSION must be 6, 7, 8 or 9/,
      ],
      [
        '[{"key":"d","env":{"RC_REFERENCE_FAULTS":"nope"}}]',
        /plan entry "d": unknown fault in RC_REFERENCE_FAULTS: nope/,
      ],
      [
        '[{"key":"e","env":{"RC_REFERENCE_PORT":"3210"}}]',
        /plan entry "e": RC_REFERENCE_PORT cannot be set in a fleet/,
      ],
      [
        '[{"key":"f","env":{"RC_REFERENCE_SETTINGS":"Nope=1"}}]',
        /plan entry "f": RC_REFERENCE_SETTINGS: unknown setting Nope/,
      ],
      [
        '[{"key":"g","env":{"RC_REFERENCE_VERSION":9}}]',
        /plan entry "g": RC_REFERENCE_VERSION must be a string/,
      ],
    ];
    for (const [plan, message] of cases) assert.throws(() => parsePlan(plan), message, plan);
  });

  test('in-process: every entry becomes a server with its own variables; close stops them all', async () => {
    const fleet = await startFleet(
      parsePlan(
        JSON.stringify([
          { key: 'stock-9', env: { RC_REFERENCE_VERSION: '9' } },
          { key: 'staging', env: { RC_REFERENCE_STAGING: '1', RC_REFERENCE_VERSION: '6' } },
          {
            key: 'faulted',
            env: {
              RC_REFERENCE_FAULTS: 'success-missing',
              RC_REFERENCE_SETTINGS: 'DirectMesssage_maxUsers=3',
            },
          },
        ]),
      ),
    );
    try {
      const byKey = new Map(fleet.servers.map(({ key, server }) => [key, server]));
      assert.equal((await request(`${byKey.get('stock-9')?.url}/api/info`)).body.version, '9.0');
      const staging = byKey.get('staging');
      assert.equal(staging?.config.instances, 3);
      assert.ok(staging?.activity, 'busy activity runs');
      assert.deepEqual(byKey.get('faulted')?.config.faults.list(), ['success-missing']);
      assert.equal(byKey.get('faulted')?.config.settings.DirectMesssage_maxUsers, 3);
    } finally {
      await fleet.close();
    }
  });

  test('CLI: one JSON line per server, then ready; SIGTERM closes them all; a bad plan exits 2', async () => {
    const plan = Array.from({ length: 20 }, (_, i) => ({
      key: `k${i}`,
      env: i % 2 ? { RC_REFERENCE_STAGING: '1' } : { RC_REFERENCE_VERSION: String(6 + (i % 4)) },
    }));
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', FLEET, writePlan('plan.json', plan)],
      {
        cwd: PROJECT_DIR,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    for (let waited = 0; !output.includes('ready\n') && waited < 20_000; waited += 50) await sleep(50);
    const lines = output.trim().split('\n');
    assert.equal(lines.at(-1), 'ready');
    const servers = lines.slice(0, -1).map((line) => JSON.parse(line));
    assert.deepEqual(
      servers.map((server) => server.key),
      plan.map((entry) => entry.key),
    );
    for (const server of servers) {
      assert.deepEqual(Object.keys(server), ['key', 'url']);
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    }
    assert.equal(new Set(servers.map((server) => server.url)).size, servers.length);
    assert.equal((await request(`${servers[0].url}/api/info`)).status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    await assert.rejects(fetch(`${servers[0].url}/api/info`));

    const bad = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          FLEET,
          writePlan('bad.json', [{ key: 'x', env: { RC_REFERENCE_ACTIVITY: 'frantic' } }]),
        ],
        { cwd: PROJECT_DIR, timeout: 20_000 },
        (error, _stdout, stderr) =>
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr }),
      );
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /plan entry "x": RC_REFERENCE_ACTIVITY must be quiet or busy, got "frantic"/);
  });
});
