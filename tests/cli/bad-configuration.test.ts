/**
 * Bad configuration, asserted on the real command line: each case runs `npx playwright test` as a user
 * would and must end non-zero, with one message that names the problem and the fix — not a stack trace
 * and not forty failing tests.
 * How soon it stops (within seconds: 10 s) is measured by `npm run bench` (time to a clear stop).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { blankConfigVariables } from '../../src/core/run/config.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { runCommand, type StartedServer, startReferenceServer } from '../../scripts/lib/processes.js';

const playwright = ['node_modules/@playwright/test/cli.js', 'test'];
// Values a user's shell might have set must not leak into the cases.
const clean = { ...blankConfigVariables(), CI: '1' };
const admin = { ROCKETCHAT_ADMIN_USER: 'admin', ROCKETCHAT_ADMIN_PASSWORD: 'bad-config-test-password' };

/**
 * Each case in its own folders: the cases run two at a time, and two runs writing one reports/ race (one
 * run's html reporter rewrites index.html while the other's html-summary reporter reads it); nor may a case
 * overwrite the developer's own reports/.
 */
async function runSuite(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'bad-configuration-'));
  try {
    const result = await runCommand(
      process.execPath,
      [...playwright, '--output', join(dir, 'test-results')],
      { ...clean, CONTRACT_REPORTS_DIR: join(dir, 'reports'), ...env },
      30_000,
    );
    return { ...result, output: `${result.stdout}\n${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A pattern matching exactly this text. */
function literally(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** One problem, one message: the output names it once and runs no test. */
function assertOneClearMessage(output: string, expected: RegExp): void {
  assert.match(output, expected);
  assert.doesNotMatch(output, /\d+ (passed|failed)/, 'no test should have run');
  assert.doesNotMatch(output, /^\s+at /m, 'no stack trace');
  const mentions = output.split('\n').filter((line) => /rooms-get-conformance: /.test(line));
  assert.equal(mentions.length, 1, `exactly one error message, got:\n${output}`);
}

describe('bad configuration stops the run with one clear message', { concurrency: 2 }, () => {
  let html: Server;
  let htmlUrl = '';
  // Accepts connections and never answers: a slow (or wrong) server, for the preflight timeout.
  let silent: NetServer;
  let silentUrl = '';
  let rocketChat: StartedServer;

  before(async () => {
    html = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end('<html><body>It works!</body></html>');
    }).listen(0, '127.0.0.1');
    await once(html, 'listening');
    const address = html.address();
    assert.ok(address && typeof address === 'object');
    htmlUrl = `http://127.0.0.1:${address.port}`;
    silent = createNetServer(() => undefined).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    rocketChat = await startReferenceServer({ RC_REFERENCE_RATE_LIMIT: 'off' });
  });
  after(async () => {
    html.close();
    silent.close();
    await rocketChat.stop();
  });

  const cases: Array<{
    name: string;
    env: () => Record<string, string>;
    expected: RegExp | (() => RegExp);
    exitCode?: number;
  }> = [
    {
      name: 'an unreachable URL',
      env: () => ({ ROCKETCHAT_URL: 'http://127.0.0.1:9', ...admin }),
      expected: /cannot reach http:\/\/127\.0\.0\.1:9: the connection was refused.*Check ROCKETCHAT_URL/,
    },
    {
      name: 'a wrong password',
      env: () => ({
        ROCKETCHAT_URL: rocketChat.url,
        ROCKETCHAT_ADMIN_USER: 'admin',
        ROCKETCHAT_ADMIN_PASSWORD: 'wrong-password-123',
      }),
      expected:
        /ROCKETCHAT_ADMIN_USER.*ROCKETCHAT_ADMIN_PASSWORD|ROCKETCHAT_ADMIN_PASSWORD.*ROCKETCHAT_ADMIN_USER/,
    },
    {
      name: 'a server slower than the preflight timeout: the message names the setting',
      env: () => ({ ROCKETCHAT_URL: silentUrl, CONTRACT_PREFLIGHT_TIMEOUT_MS: '1000', ...admin }),
      expected: () =>
        literally(
          `${silentUrl} did not answer GET /api/info within 1 s (timeout). A slow but working server needs more: ` +
            'CONTRACT_PREFLIGHT_TIMEOUT_MS=4000 (now 1000).',
        ),
      exitCode: 4,
    },
    {
      name: 'a plain HTTP server that answers HTML',
      env: () => ({ ROCKETCHAT_URL: htmlUrl, ...admin }),
      expected: /answered but this is not a Rocket\.Chat server/,
    },
    {
      name: 'missing admin credentials with CONTRACT_WRITE=true',
      env: () => ({ ROCKETCHAT_URL: 'http://127.0.0.1:9', CONTRACT_WRITE: 'true' }),
      expected: literally(
        'rooms-get-conformance: invalid configuration: CONTRACT_WRITE=true needs an administrator: the suite ' +
          'creates and deletes its test users, rooms and messages as one. Set ROCKETCHAT_ADMIN_USER_ID and ' +
          'ROCKETCHAT_ADMIN_AUTH_TOKEN (a personal access token with "Ignore Two Factor Authentication": ' +
          'recommended for CI) or ROCKETCHAT_ADMIN_USER and ROCKETCHAT_ADMIN_PASSWORD, or set ' +
          'CONTRACT_WRITE=false to run the read-only checks.\nSee .env.example for every variable.',
      ),
    },
    {
      name: 'an unknown CONTRACT_PROFILE',
      env: () => ({ CONTRACT_PROFILE: 'loose' }),
      expected: /CONTRACT_PROFILE="loose" is not a contract profile\. Expected "strict".*or "documented"/,
    },
    {
      name: 'a CONTRACT_BASELINE that names no file',
      env: () => ({ CONTRACT_BASELINE: 'signed-off/7.4/conformance.json' }),
      expected: literally(
        'rooms-get-conformance: invalid configuration: CONTRACT_BASELINE="signed-off/7.4/conformance.json" ' +
          'cannot be read: no such file. It must name the conformance.json of an earlier run',
      ),
    },
    {
      name: 'a CONTRACT_BASELINE that is not a conformance.json',
      env: () => ({ CONTRACT_BASELINE: 'package.json' }),
      expected: literally(
        'CONTRACT_BASELINE="package.json" is not a conformance.json (no verdict PASSED, FAILED or INCOMPLETE)',
      ),
    },
    {
      // A reference server the user started by hand (npm run reference-server) holds the port.
      name: 'the bundled reference server’s port already taken',
      env: () => ({ RC_REFERENCE_PORT: String(new URL(htmlUrl).port) }),
      expected: () =>
        literally(
          `rooms-get-conformance: port ${new URL(htmlUrl).port} is already in use, so the bundled reference server ` +
            'cannot start there. Give it another port with RC_REFERENCE_PORT=<free port>, or, if that is a reference ' +
            'server you started yourself (npm run reference-server), run against it with ' +
            `ROCKETCHAT_URL=http://127.0.0.1:${new URL(htmlUrl).port}.`,
        ),
      exitCode: 2,
    },
    {
      name: 'a malformed URL',
      env: () => ({ ROCKETCHAT_URL: 'chat.example.com:3000', ...admin }),
      expected:
        /ROCKETCHAT_URL="chat\.example\.com:3000" is not a URL|ROCKETCHAT_URL=.*chat\.example\.com:3000/,
    },
  ];

  for (const { name, env, expected, exitCode } of cases) {
    test(name, async () => {
      const { code, output } = await runSuite(env());
      assert.notEqual(code, 0, `exit code must be non-zero:\n${output}`);
      if (exitCode !== undefined) assert.equal(code, exitCode, output);
      assertOneClearMessage(output, typeof expected === 'function' ? expected() : expected);
      // The password given never reaches the output.
      assert.doesNotMatch(output, /bad-config-test-password|wrong-password-123/);
    });
  }
});

/** A run from `cwd` (where dotenv looks for .env), with the project's config named explicitly. */
async function runSuiteIn(cwd: string, env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [
      join(PROJECT_ROOT, playwright[0] as string),
      'test',
      '--config',
      join(PROJECT_ROOT, 'playwright.config.ts'),
    ],
    {
      cwd,
      env: { ...process.env, ...clean, CONTRACT_REPORTS_DIR: join(cwd, 'reports'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code: code ?? 1, output };
}

describe('a mistake in a configuration file is a configuration error: its file and line, exit 2', () => {
  test('a waiver naming a check that does not exist (CONTRACT_WAIVERS): the ids are listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-waivers-'));
    try {
      const file = join(dir, 'team-waivers.yaml');
      writeFileSync(
        file,
        'waivers:\n  - id: staging-dm-ids\n    check: dm/one-to-one-id-is-sorted-uid\n' +
          '    accepts: one-to-one-id-is-object-id\n    reason: staging runs a fork\n    source: https://example.com/x\n',
      );
      const { code, output } = await runSuiteIn(dir, { CONTRACT_WAIVERS: file });
      assert.equal(code, 2, output);
      assertOneClearMessage(
        output,
        literally(
          'rooms-get-conformance: invalid configuration: team-waivers.yaml:3: waivers[0].check: ' +
            '"dm/one-to-one-id-is-sorted-uid" is not a check id of src/core/run/checks.ts: one of shape/response-validates,',
        ),
      );
      assert.match(
        output,
        /dm\/one-to-one-id-is-sorted-uids.* — fix team-waivers\.yaml \(CONTRACT_WAIVERS names it\)/,
      );
      assert.doesNotMatch(output, /contract-file-schema|\^\n|INCOMPLETE/, 'no code frame, no verdict');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a .env line without "=": named by file and line, its text never shown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-dotenv-'));
    try {
      writeFileSync(
        join(dir, '.env'),
        '# staging\nROCKETCHAT_URL=http://127.0.0.1:9\nROCKETCHAT_ADMIN_USER=admin\nROCKETCHAT_ADMIN_PASSWORD secret-in-a-bad-line\n',
      );
      const { code, output } = await runSuiteIn(dir, {});
      assert.equal(code, 2, output);
      assertOneClearMessage(
        output,
        literally(
          'rooms-get-conformance: invalid configuration: .env:4: this line is not NAME=value (it has no "="). ' +
            'Write it as NAME=value, or start it with # to make it a comment.',
        ),
      );
      assert.doesNotMatch(output, /secret-in-a-bad-line/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
