/**
 * Nothing seeded is left behind, however a write-mode run ends: Ctrl-C (SIGINT to the run's process
 * group) while preflight seeds the shared world, while the checks run, and while global teardown
 * deletes — against a reference server this test starts (with latency, so each phase lasts long enough
 * to be interrupted) and then inspects: no `ct-` user or room after the run, or after the next run at the
 * latest (which says that it swept them). And a seeding refusal hides no contract failure: with the
 * suite's e-mail domain refused, the auth checks still run and fail.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { scrubbedEnvironment } from '../../scripts/lib/fleet.js';
import { CHECKS } from '../../src/core/run/checks.js';
import { blankConfigVariables } from '../../src/core/run/config.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import {
  call,
  type Json,
  REFERENCE_ADMIN,
  type ReferenceServer,
  rowOf,
  runSuite,
  startServer,
} from './suite-run.js';

/** The admin's session on a test's server, one login per server (the login is rate-limited). */
const sessions = new Map<string, Promise<Json>>();
function adminAuth(url: string): Promise<Json> {
  let session = sessions.get(url);
  if (!session) {
    session = call(url, '/api/v1/login', undefined, {
      user: REFERENCE_ADMIN.ROCKETCHAT_ADMIN_USER,
      password: REFERENCE_ADMIN.ROCKETCHAT_ADMIN_PASSWORD,
    }).then((login) => login.data as Json);
    sessions.set(url, session);
  }
  return session;
}

/** What a `ct-` prefix names on the server: users and rooms of any kind (DMs by their members). */
async function leftovers(url: string): Promise<string[]> {
  const auth = await adminAuth(url);
  const [users, rooms] = await Promise.all([
    call(url, '/api/v1/users.list?count=1000', auth),
    call(
      url,
      `/api/v1/rooms.adminRooms?count=1000&${['c', 'p', 'd', 'discussions', 'teams'].map((t) => `types[]=${t}`).join('&')}`,
      auth,
    ),
  ]);
  return [
    ...(users.users as Array<{ username?: string }>)
      .filter((user) => user.username?.startsWith('ct-'))
      .map((user) => `user ${user.username}`),
    ...(rooms.rooms as Array<{ _id: string; name?: string; fname?: string; usernames?: string[] }>)
      .filter(
        (room) =>
          room.name?.startsWith('ct-') ||
          room.fname?.startsWith('ct-') ||
          room.usernames?.some((name) => name.startsWith('ct-')),
      )
      .map((room) => `room ${room.name ?? room.fname ?? room._id}`),
  ];
}

/**
 * Runs the suite in its own process group and sends SIGINT to the group once `when` says so (given the
 * output so far); returns the output and the exit code.
 */
async function interruptedRun(
  env: Record<string, string>,
  when: (output: string) => boolean | Promise<boolean>,
): Promise<{ output: string; code: number | null; interrupted: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'interrupted-run-'));
  const child = spawn(
    process.execPath,
    ['node_modules/@playwright/test/cli.js', 'test', '--output', join(dir, 'test-results')],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...scrubbedEnvironment(),
        ...blankConfigVariables(),
        CI: '1',
        CONTRACT_REPORTS_DIR: join(dir, 'reports'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit');
  let interrupted = false;
  const deadline = Date.now() + 400_000;
  while (child.exitCode === null && Date.now() < deadline) {
    if (await when(output)) {
      process.kill(-(child.pid as number), 'SIGINT');
      interrupted = true;
      break;
    }
    await delay(20);
  }
  const killer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 60_000);
  const [code] = (await exited) as [number | null];
  clearTimeout(killer);
  rmSync(dir, { recursive: true, force: true });
  return { output, code, interrupted };
}

/** How many checks have started, by the line reporter's `[n/N]` (CI=1). */
const startedChecks = (output: string) =>
  Math.max(0, ...[...output.matchAll(/^\[(\d+)\/\d+\]/gm)].map((match) => Number(match[1])));

/** Teardown has begun: the world's users, all seen, start to go. */
function teardownStarted(url: string): () => Promise<boolean> {
  let most = 0;
  return async () => {
    const users = (await leftovers(url)).filter((item) => /^user ct-\w+-wv?u\d+$/.test(item)).length;
    most = Math.max(most, users);
    return most > 0 && users < most;
  };
}

describe('an interrupted write-mode run leaves nothing behind', { concurrency: 1 }, () => {
  const servers: ReferenceServer[] = [];
  after(() => Promise.all(servers.map((server) => server.stop())));

  const points: Array<{
    name: string;
    when: (url: string) => (output: string) => Promise<boolean> | boolean;
  }> = [
    {
      name: 'while preflight seeds the shared world',
      // As soon as the server holds a user of the run: the world is half built.
      when: (url) => async () => (await leftovers(url)).some((item) => item.startsWith('user ')),
    },
    { name: 'while the checks run', when: () => (output) => startedChecks(output) >= 4 },
    { name: 'while global teardown deletes the world', when: (url) => teardownStarted(url) },
  ];

  for (const point of points) {
    test(`SIGINT ${point.name}: no ct- user or room after the run, or after the next`, async (t) => {
      // Latency makes every phase last long enough to be interrupted inside it.
      const server = await startServer({ RC_REFERENCE_LATENCY_MS: '60' });
      servers.push(server);
      const target = { ROCKETCHAT_URL: server.url, ...REFERENCE_ADMIN, CONTRACT_WRITE: 'true' };
      const run = await interruptedRun(target, point.when(server.url));
      assert.ok(
        run.interrupted,
        `the run ended before it could be interrupted ${point.name}:\n${run.output}`,
      );
      assert.notEqual(run.code, 0, run.output);
      const left = await leftovers(server.url);
      t.diagnostic(`left by the interrupted run: ${left.length}`);
      if (left.length === 0) return;
      // The next run sweeps what the interrupted one left, and says so.
      const next = await runSuite(target, ['--grep', 'auth/no-credentials'], { timeoutMs: 300_000 });
      assert.match(next.output, /swept what an earlier interrupted run \(\w+\) left on/, next.output);
      assert.deepEqual(
        await leftovers(server.url),
        [],
        `left after the next run (the run left ${left.join(', ')})`,
      );
    });
  }
});

describe('a seeding refusal hides no contract failure', () => {
  test('missing-no-store, auth-not-enforced and a refused e-mail domain: the auth checks fail, the read-only checks are judged', async () => {
    // 8.x applies Rocket.Chat's default blocked-domain list, example.com among them.
    const server = await startServer({
      RC_REFERENCE_VERSION: '8',
      RC_REFERENCE_FAULTS: 'missing-no-store,auth-not-enforced',
    });
    try {
      const run = await runSuite(
        {
          ROCKETCHAT_URL: server.url,
          ...REFERENCE_ADMIN,
          CONTRACT_WRITE: 'true',
          CONTRACT_EMAIL_DOMAIN: 'example.com',
        },
        [],
        { timeoutMs: 600_000 },
      );
      assert.equal(run.summary?.verdict, 'FAILED', run.output);
      assert.notEqual(run.code, 0);
      for (const check of ['auth/no-credentials', 'auth/wrong-token', 'shape/response-headers'])
        assert.equal(rowOf(run.summary, check)?.status, 'failed', check);
      // Every read-only check is judged; what needs the refused users is an error naming the call and the fix.
      for (const check of CHECKS.filter((entry) => entry.needs.length === 0))
        assert.ok(
          ['passed', 'failed'].includes(rowOf(run.summary, check.id)?.status ?? ''),
          `${check.id}: ${rowOf(run.summary, check.id)?.status} ${rowOf(run.summary, check.id)?.reason}`,
        );
      assert.equal(rowOf(run.summary, 'shape/response-validates')?.status, 'passed');
      const dm = rowOf(run.summary, 'dm/uids-are-sorted-member-ids');
      assert.equal(dm?.status, 'error');
      assert.match(
        dm?.reason ?? '',
        /the server refused users\.create ct-[\w-]+ \(error-email-domain-blacklisted\)\. .*Set CONTRACT_EMAIL_DOMAIN/,
      );
    } finally {
      await server.stop();
    }
  });
});
