/**
 * A stock Rocket.Chat's gates, on the real command line (docs/rocketchat-behaviour.md §9): an admin with
 * TOTP, each admin credential form, e-mail verification, the default blocked domains. Where the suite can
 * pass it must pass. Where a login cannot happen it stops before any check with ONE message naming the
 * setting or credential to change; where only its seeding is refused, everything else is still judged and
 * the checks that needed the refused call are errors naming it and the fix — never a failing contract check.
 * How soon it stops (within seconds: 10 s) is measured by `npm run bench` (time to a clear stop).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TOTP } from 'otpauth';
import {
  REFERENCE_ADMIN,
  type ReferenceServer,
  rowOf,
  runSuite,
  type SuiteRun,
  startServer,
} from './suite-run.js';

const TOTP_SECRET = 'KRUGS4ZAON4XG5DFNUQGK6DBNVYGYZJB';
const code = () => new TOTP({ secret: TOTP_SECRET }).generate();

/** One message from the suite (a stop), no test run, no stack trace. */
function assertOneStop(output: string, expected: RegExp): void {
  assert.match(output, expected);
  assert.doesNotMatch(output, /\d+ (passed|failed)/, 'no check should have run');
  assert.doesNotMatch(output, /^\s+at /m, 'no stack trace');
  assert.equal(
    output.split('\n').filter((line) => /rooms-get-conformance: /.test(line) && !/target /.test(line)).length,
    1,
    output,
  );
}

/**
 * Seeding refused by the server's configuration: INCOMPLETE (exit 3), no check failed, the read-only checks
 * judged, and the checks that needed the refused call are errors, one of them naming the setting to change.
 */
function assertScopedRefusal(run: SuiteRun, expected: RegExp): void {
  assert.equal(run.code, 3, run.output);
  assert.equal(run.summary?.verdict, 'INCOMPLETE');
  assert.equal(run.summary?.counts.failed, 0, 'a refused seeding is never a contract failure');
  assert.equal(rowOf(run.summary, 'auth/no-credentials')?.status, 'passed');
  const errors = (run.summary?.families ?? [])
    .flatMap((family) => family.checks)
    .filter((row) => row.status === 'error');
  assert.ok(errors.length > 0, 'the checks that need the refused call are errors');
  for (const row of errors) assert.match(row.reason ?? '', /^seeding: /, row.check);
  // The reasons in the summary are cut to a line; the terminal has each whole.
  assert.match(run.output, expected);
}

/**
 * A run whose seeding is refused judges every check that can be and errs the others one by one: on a
 * loaded machine (measured: 203 s with 2 busy cores) it outlasts runSuite's default 180 s.
 */
const REFUSAL_RUN = { timeoutMs: 420_000 };

async function json(url: string, init: RequestInit): Promise<Record<string, unknown>> {
  return (await (await fetch(url, init)).json()) as Record<string, unknown>;
}

/** Logs the TOTP admin in and makes two personal access tokens: with and without the 2FA bypass. */
async function adminTokens(server: ReferenceServer) {
  const login = await json(`${server.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      user: 'admin',
      password: REFERENCE_ADMIN.ROCKETCHAT_ADMIN_PASSWORD,
      code: code(),
    }),
  });
  const data = login.data as { userId: string; authToken: string };
  const generate = (tokenName: string, bypassTwoFactor: boolean) =>
    json(`${server.url}/api/v1/users.generatePersonalAccessToken`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-user-id': data.userId,
        'x-auth-token': data.authToken,
        'x-2fa-method': 'totp',
        'x-2fa-code': code(),
      },
      body: JSON.stringify({ tokenName, bypassTwoFactor }),
    });
  return {
    personalToken: { userId: data.userId, token: String((await generate('ci', true)).token) },
    tokenWithoutBypass: { userId: data.userId, token: String((await generate('no-bypass', false)).token) },
  };
}

// users.create asks for a second factor only on Rocket.Chat's develop branch: RC_REFERENCE_USERS_CREATE_2FA.
describe('an admin with TOTP on an 8.6 server whose users.create needs a second factor', {
  concurrency: 2,
}, () => {
  let server: ReferenceServer;
  let personalToken: { userId: string; token: string };
  let tokenWithoutBypass: { userId: string; token: string };

  before(async () => {
    server = await startServer({
      RC_REFERENCE_VERSION: '8.6',
      RC_REFERENCE_USERS_CREATE_2FA: 'on',
      RC_REFERENCE_ADMIN_TOTP_SECRET: TOTP_SECRET,
    });
    ({ personalToken, tokenWithoutBypass } = await adminTokens(server));
  });
  after(() => server.stop());

  test('a password and ROCKETCHAT_ADMIN_TOTP_SECRET: the suite passes', async () => {
    const run = await runSuite({
      ROCKETCHAT_URL: server.url,
      CONTRACT_WRITE: 'true',
      ...REFERENCE_ADMIN,
      ROCKETCHAT_ADMIN_TOTP_SECRET: TOTP_SECRET,
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.summary?.verdict, 'PASSED', run.summary?.verdictLine);
  });

  test('a personal access token with "Ignore Two Factor Authentication": the suite passes', async () => {
    const run = await runSuite({
      ROCKETCHAT_URL: server.url,
      CONTRACT_WRITE: 'true',
      ROCKETCHAT_ADMIN_USER_ID: personalToken.userId,
      ROCKETCHAT_ADMIN_AUTH_TOKEN: personalToken.token,
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.summary?.verdict, 'PASSED', run.summary?.verdictLine);
  });

  test('without the TOTP secret: one message saying how to give a second factor', async () => {
    const run = await runSuite({ ROCKETCHAT_URL: server.url, CONTRACT_WRITE: 'true', ...REFERENCE_ADMIN });
    assert.notEqual(run.code, 0);
    assertOneStop(
      run.output,
      /asks ROCKETCHAT_ADMIN_USER "admin" for a TOTP two-factor code at login\. Give the account's TOTP secret .* in ROCKETCHAT_ADMIN_TOTP_SECRET, or: For CI, give the suite a personal access token created with "Ignore Two Factor Authentication"/,
    );
  });

  test('a token without "Ignore Two Factor Authentication": what needs seeding is an error naming the option', async () => {
    const run = await runSuite(
      {
        ROCKETCHAT_URL: server.url,
        CONTRACT_WRITE: 'true',
        ROCKETCHAT_ADMIN_USER_ID: tokenWithoutBypass.userId,
        ROCKETCHAT_ADMIN_AUTH_TOKEN: tokenWithoutBypass.token,
      },
      [],
      REFUSAL_RUN,
    );
    assertScopedRefusal(
      run,
      /asks for a second factor the suite could not give while creating its test users .* was created without "Ignore Two Factor Authentication"/,
    );
  });
});

// Rocket.Chat 8.0–8.5 challenge even bypass tokens on gated routes (#41065, fixed in 8.6.0).
describe('a personal access token with "Ignore Two Factor Authentication" on 8.3 (the bypass bug)', {
  concurrency: 2,
}, () => {
  const servers: ReferenceServer[] = [];
  after(() => Promise.all(servers.map((server) => server.stop())));
  const tokenRun = async (env: Record<string, string>) => {
    const server = await startServer({
      RC_REFERENCE_VERSION: '8.3',
      RC_REFERENCE_ADMIN_TOTP_SECRET: TOTP_SECRET,
      ...env,
    });
    servers.push(server);
    const { personalToken } = await adminTokens(server);
    return runSuite(
      {
        ROCKETCHAT_URL: server.url,
        CONTRACT_WRITE: 'true',
        ROCKETCHAT_ADMIN_USER_ID: personalToken.userId,
        ROCKETCHAT_ADMIN_AUTH_TOKEN: personalToken.token,
      },
      [],
      REFUSAL_RUN,
    );
  };

  test('as released (users.create not gated): the suite calls no gated route and passes', async () => {
    const run = await tokenRun({});
    assert.equal(run.code, 0, run.output);
    assert.equal(run.summary?.verdict, 'PASSED', run.summary?.verdictLine);
  });

  test('with users.create gated: what needs seeding is an error naming 8.0–8.5 and the fix', async () => {
    const run = await tokenRun({ RC_REFERENCE_USERS_CREATE_2FA: 'on' });
    assertScopedRefusal(
      run,
      /Rocket\.Chat 8\.0 to 8\.5 ask for a second factor even with a personal access token .* Upgrade the server to 8\.6 or later, or give the admin by password/,
    );
  });
});

describe('settings a staging server may have', { concurrency: 2 }, () => {
  const servers: ReferenceServer[] = [];
  after(() => Promise.all(servers.map((server) => server.stop())));
  const serve = async (env: Record<string, string>) => {
    const server = await startServer(env);
    servers.push(server);
    return server;
  };

  test('Accounts_EmailVerification with e-mail two-factor on: what needs seeded users is an error naming the settings', async () => {
    const server = await serve({ RC_REFERENCE_SETTINGS: 'Accounts_EmailVerification=true' });
    const run = await runSuite({ ROCKETCHAT_URL: server.url, CONTRACT_WRITE: 'true', ...REFERENCE_ADMIN });
    assertScopedRefusal(
      run,
      /has Accounts_EmailVerification on, so the suite's test users need a verified address .* Turn off one of Accounts_EmailVerification, Accounts_TwoFactorAuthentication_By_Email_Enabled or _By_Email_Auto_Opt_In/,
    );
  });

  test('Accounts_EmailVerification with e-mail two-factor off: the suite passes with verified users', async () => {
    const server = await serve({
      RC_REFERENCE_SETTINGS:
        'Accounts_EmailVerification=true,Accounts_TwoFactorAuthentication_By_Email_Enabled=false',
    });
    const run = await runSuite({ ROCKETCHAT_URL: server.url, CONTRACT_WRITE: 'true', ...REFERENCE_ADMIN });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.summary?.verdict, 'PASSED', run.summary?.verdictLine);
    assert.match(run.output, /test users @rooms-get-conformance\.invalid \(verified addresses\)/);
  });

  test('a blocked e-mail domain: what needs seeded users is an error naming CONTRACT_EMAIL_DOMAIN', async () => {
    const server = await serve({ RC_REFERENCE_VERSION: '8' });
    const run = await runSuite({
      ROCKETCHAT_URL: server.url,
      CONTRACT_WRITE: 'true',
      CONTRACT_EMAIL_DOMAIN: 'example.com',
      ...REFERENCE_ADMIN,
    });
    assertScopedRefusal(
      run,
      /refuses the e-mail domain of the suite's test users \("example\.com"; error-email-domain-blacklisted\)\. Set CONTRACT_EMAIL_DOMAIN/,
    );
  });

  // users.create applies no password policy (saveNewUser), so a strict one changes nothing for the suite;
  // that the generated passwords would meet it anyway is tests/core/password.test.ts's.
  test('the password policy switched on: users.create applies none, the suite is unaffected', async () => {
    const server = await serve({
      RC_REFERENCE_SETTINGS:
        'Accounts_Password_Policy_Enabled=true,Accounts_Password_Policy_MinLength=20,Accounts_Password_Policy_ForbidRepeatingCharactersCount=1',
    });
    const run = await runSuite({ ROCKETCHAT_URL: server.url, CONTRACT_WRITE: 'true', ...REFERENCE_ADMIN }, [
      '--grep',
      'token-after-logout',
    ]);
    assert.equal(run.code, 0, run.output);
    assert.equal(
      run.summary?.families
        .find((family) => family.family === 'auth')
        ?.checks.find((row) => row.check === 'auth/token-after-logout')?.status,
      'passed',
    );
  });
});
