import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ReferenceServerOptions } from '../src/config.js';
import type { ProfileMajor } from '../src/profiles.js';
import { startReferenceServer } from '../src/server.js';
import {
  ADMIN,
  Client,
  type HttpResult,
  type Json,
  login,
  passwordFallbackHeaders,
  request,
  startTestServer,
  type TestServer,
  uniqueName,
} from './helpers.js';
import { testTotp } from './totp.js';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** A server whose log (request lines and "e-mailed" 2FA codes) the test can read. */
async function loggedServer(options: ReferenceServerOptions = {}): Promise<TestServer & { lines: string[] }> {
  const lines: string[] = [];
  const server = await startTestServer({ ...options, log: (line) => lines.push(line) });
  return Object.assign(server, { lines });
}

/** The last e-mailed code for a user, from the log. */
function emailedCode(lines: readonly string[], username: string): string {
  const line = lines.filter((entry) => entry.startsWith(`2fa: e-mail code for ${username}: `)).at(-1);
  assert.ok(line, `no e-mailed code for ${username} in the log`);
  return line.slice(line.lastIndexOf(' ') + 1);
}

async function createUser(
  server: TestServer,
  body: Record<string, unknown> = {},
): Promise<{ username: string; password: string }> {
  const username = uniqueName('tfa');
  const password = `pw-${username}`;
  const created = await server.admin.post('/api/v1/users.create', {
    username,
    name: `Name ${username}`,
    email: `${username}@reference.invalid`,
    password,
    ...body,
  });
  assert.equal(created.status, 200, created.text);
  return { username, password };
}

const passwordLogin = (
  url: string,
  user: string,
  password: string,
  extra: Record<string, unknown> = {},
  headers = {},
) => request(`${url}/api/v1/login`, { body: { user, password, ...extra }, headers });

/** The login-failure body a profile sends for a Meteor error. */
function loginFailure(version: ProfileMajor, error: string, message: string, details?: Json): Json {
  if (version === 9) return { success: false, error: 'unauthorized' };
  const body: Json = { success: false, error, status: 'error', ...(details ? { details } : {}), message };
  if (version === 6) delete body.success;
  return body;
}

/** A plain login: no 2FA headers on later calls. */
async function plainLogin(url: string, username: string, password: string): Promise<Client> {
  return (await login(url, username, password)).withHeaders({});
}

describe('e-mail 2FA on login (EmailCheck: setting, email2fa, a verified e-mail)', () => {
  for (const version of [6, 7, 8, 9] as ProfileMajor[]) {
    test(`profile ${version}: a verified user needs the code written to the log; body code or x-2fa-code`, async () => {
      const server = await loggedServer({ version, delayUnauthorized: false });
      try {
        const { username, password } = await createUser(server, { verified: true });
        const first = await passwordLogin(server.url, username, password);
        assert.equal(first.status, 401);
        assert.deepEqual(
          first.body,
          loginFailure(version, 'totp-required', 'TOTP Required', {
            method: 'email',
            codeGenerated: true,
            emailOrUsername: username,
            availableMethods: ['email'],
          }),
        );
        const code = emailedCode(server.lines, username);
        assert.ok(!first.text.includes(code), 'the code is never in a response');

        // A second try reuses the pending code (codeGenerated false, codeExpires).
        const again = await passwordLogin(server.url, username, password);
        if (version !== 9) {
          assert.equal(again.body.details.codeGenerated, false);
          assert.match(again.body.details.codeExpires, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        }
        assert.equal(emailedCode(server.lines, username), code);

        const wrong = await passwordLogin(server.url, username, password, {
          code: code === '000000' ? '111111' : '000000',
        });
        assert.equal(wrong.status, 401);
        if (version !== 9) assert.equal(wrong.body.error, 'totp-invalid');
        if (version === 7 || version === 8) assert.equal(wrong.body.message, 'TOTP Invalid');

        const withCode = await passwordLogin(server.url, username, password, { code });
        assert.equal(withCode.status, 200, withCode.text);
        // The code was used up: the next login needs a new one, given here as the x-2fa-code header.
        assert.equal((await passwordLogin(server.url, username, password)).status, 401);
        const next = emailedCode(server.lines, username);
        const viaHeader = await passwordLogin(server.url, username, password, {}, { 'x-2fa-code': next });
        assert.equal(viaHeader.status, 200, viaHeader.text);
      } finally {
        await server.close();
      }
    });
  }

  test('unverified users (the users.create default) and the admin log in by password alone', async () => {
    const server = await loggedServer();
    try {
      const { username, password } = await createUser(server);
      assert.equal((await passwordLogin(server.url, username, password)).status, 200);
      assert.equal((await passwordLogin(server.url, ADMIN.username, ADMIN.password)).status, 200);
      assert.ok(!server.lines.some((line) => line.startsWith('2fa:')));
    } finally {
      await server.close();
    }
  });

  test('wrong codes up to Max_Invalid_Email_Code_Attempts, then totp-max-attempts', async () => {
    const server = await loggedServer({
      settings: { Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts: 2 },
    });
    try {
      const { username, password } = await createUser(server, { verified: true });
      await passwordLogin(server.url, username, password);
      const code = emailedCode(server.lines, username);
      const bad = code === '000000' ? '111111' : '000000';
      assert.equal(
        (await passwordLogin(server.url, username, password, { code: bad })).body.error,
        'totp-invalid',
      );
      const second = await passwordLogin(server.url, username, password, { code: bad });
      assert.equal(second.body.error, 'totp-max-attempts');
      assert.equal(second.body.message, 'TOTP Maximun Failed Attempts Reached');
    } finally {
      await server.close();
    }
  });
});

describe('TOTP (RC_REFERENCE_ADMIN_TOTP_SECRET)', () => {
  test('the admin needs a TOTP code at login and on gated routes; a passed gate is remembered per client', async () => {
    const server = await startReferenceServer({
      port: 0,
      log: false,
      rateLimit: false,
      adminTotpSecret: TOTP_SECRET,
    });
    try {
      const none = await passwordLogin(server.url, ADMIN.username, ADMIN.password);
      assert.equal(none.status, 401);
      assert.deepEqual(
        none.body,
        loginFailure(7, 'totp-required', 'TOTP Required', {
          method: 'totp',
          codeGenerated: false,
          availableMethods: ['totp'],
        }),
      );
      const wrong = await passwordLogin(server.url, ADMIN.username, ADMIN.password, { code: '12345' });
      assert.equal(wrong.body.error, 'totp-invalid');
      const ok = await passwordLogin(server.url, ADMIN.username, ADMIN.password, {
        code: testTotp(TOTP_SECRET, Date.now()),
      });
      assert.equal(ok.status, 200, ok.text);
      const viaHeader = await passwordLogin(
        server.url,
        ADMIN.username,
        ADMIN.password,
        {},
        {
          'x-2fa-code': testTotp(TOTP_SECRET, Date.now()),
        },
      );
      assert.equal(viaHeader.status, 200);

      const admin = new Client(server.url, {
        userId: ok.body.data.userId,
        authToken: ok.body.data.authToken,
      });
      const gated = (client: Client, tokenName: string): Promise<HttpResult> =>
        client.post('/api/v1/users.generatePersonalAccessToken', { tokenName });
      // x-2fa-method "password" is no checkMethod: the first active one (TOTP) is used, and the
      // password digest is no TOTP code.
      const fallback = await gated(admin.withHeaders(passwordFallbackHeaders(ADMIN.password)), 'a');
      assert.equal(fallback.status, 400);
      assert.equal(fallback.body.errorType, 'totp-invalid');
      assert.equal(fallback.body.details.method, 'totp');
      const totp = await gated(
        admin.withHeaders({ 'x-2fa-code': testTotp(TOTP_SECRET, Date.now()), 'x-2fa-method': 'totp' }),
        'b',
      );
      assert.equal(totp.status, 200, totp.text);
      // rememberAuthorization: the same token from the same client passes for RememberFor (1800 s).
      assert.equal((await gated(admin, 'c')).status, 200);
      const otherClient = await request(`${server.url}/api/v1/users.generatePersonalAccessToken`, {
        body: { tokenName: 'd' },
        headers: {
          'X-User-Id': ok.body.data.userId,
          'X-Auth-Token': ok.body.data.authToken,
          'User-Agent': 'another-client/1.0',
        },
      });
      assert.equal(otherClient.status, 400, 'another user agent is another fingerprint');
      assert.equal(otherClient.body.errorType, 'totp-required');
    } finally {
      await server.close();
    }
  });
});

describe('gated routes (twoFactorRequired) and the password fallback', () => {
  for (const version of [6, 7, 8, 9] as ProfileMajor[]) {
    test(`profile ${version}: users.create gated by RC_REFERENCE_USERS_CREATE_2FA (set here from 8); the fallback passes; others ignore the headers`, async () => {
      const server = await startTestServer({
        version,
        delayUnauthorized: false,
        usersCreateTwoFactor: version >= 8,
      });
      try {
        const admin = await plainLogin(server.url, ADMIN.username, ADMIN.password);
        const newUser = () => {
          const username = uniqueName('gate');
          return {
            username,
            name: username,
            email: `${username}@reference.invalid`,
            password: `pw-${username}`,
          };
        };
        const required = {
          success: false,
          error: 'TOTP Required [totp-required]',
          errorType: 'totp-required',
          details: { method: 'password', codeGenerated: false, availableMethods: [] },
        };
        const pat = await admin.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'x' });
        assert.equal(pat.status, 400, 'generatePersonalAccessToken is gated in every profile');
        assert.deepEqual(pat.body, required);

        const bare = await admin.post('/api/v1/users.create', newUser());
        if (version >= 8) {
          assert.equal(bare.status, 400);
          assert.deepEqual(bare.body, required);
          const wrong = await admin
            .withHeaders(passwordFallbackHeaders('not the password'))
            .post('/api/v1/users.create', newUser());
          assert.equal(wrong.body.errorType, 'totp-invalid');
        } else {
          assert.equal(bare.status, 200, 'without the setting users.create is not gated');
          // Where no gate applies, 2FA headers are ignored, whatever they say.
          const ignored = await admin
            .withHeaders({ 'x-2fa-method': 'password', 'x-2fa-code': 'nonsense' })
            .post('/api/v1/users.create', newUser());
          assert.equal(ignored.status, 200);
        }
        const withFallback = admin.withHeaders(passwordFallbackHeaders(ADMIN.password));
        assert.equal((await withFallback.post('/api/v1/users.create', newUser())).status, 200);
        assert.equal((await withFallback.roomsGet()).status, 200, 'rooms.get ignores the headers');
      } finally {
        await server.close();
      }
    });
  }

  test('remember right after registration: 6.x/7.x let a new user through any gate; 8.x only without a 2FA method', async () => {
    for (const version of [7, 8] as ProfileMajor[]) {
      const lines: string[] = [];
      const server = await startTestServer({ version, log: (line) => lines.push(line) });
      try {
        const fresh = await server.createUser();
        const freshPlain = fresh.withHeaders({});
        assert.equal(
          (await freshPlain.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'fresh' })).status,
          200,
          `profile ${version}: a new user without 2FA passes within RememberFor of createdAt`,
        );
        // A verified new user has e-mail 2FA.
        const { username, password } = await createUser(server, { verified: true });
        await passwordLogin(server.url, username, password);
        const logged = await passwordLogin(server.url, username, password, {
          code: emailedCode(lines, username),
        });
        const verified = new Client(server.url, logged.body.data);
        const gate = await verified.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'v' });
        if (version === 7) {
          assert.equal(gate.status, 200, '7.x: the grace period applies whatever the methods');
        } else {
          assert.equal(gate.status, 400, '8.x: a user with e-mail 2FA gets an e-mailed code');
          assert.equal(gate.body.details.method, 'email');
          assert.equal(gate.body.details.codeGenerated, true);
          const code = lines
            .filter((line) => line.startsWith(`2fa: e-mail code for ${username}`))
            .at(-1)
            ?.split(' ')
            .at(-1);
          const passed = await verified
            .withHeaders({ 'x-2fa-code': code ?? '' })
            .post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'v' });
          assert.equal(passed.status, 200, passed.text);
        }
      } finally {
        await server.close();
      }
    }
  });
});

describe('personal access tokens', () => {
  test('created behind the gate, stored hashed, authenticate like login tokens; bypassTwoFactor passes every gate (8.6+)', async () => {
    const server = await startTestServer({ version: 8, release: '8.6.0', usersCreateTwoFactor: true });
    try {
      const created = await server.admin.post('/api/v1/users.generatePersonalAccessToken', {
        tokenName: 'ci',
        bypassTwoFactor: true,
      });
      assert.equal(created.status, 200, created.text);
      assert.deepEqual(Object.keys(created.body).sort(), ['success', 'token']);
      assert.match(created.body.token, /^[A-Za-z0-9_-]{43}$/);
      const userId = server.admin.credentials?.userId ?? '';
      const ci = new Client(server.url, { userId, authToken: created.body.token });
      assert.equal((await ci.get('/api/v1/me')).body.username, ADMIN.username);
      assert.equal((await ci.roomsGet()).status, 200);
      // bypassTwoFactor: gated routes without any header.
      const viaBypass = await ci.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'second' });
      assert.equal(viaBypass.status, 200, viaBypass.text);
      const username = uniqueName('pat');
      const userCreate = await ci.post('/api/v1/users.create', {
        username,
        name: username,
        email: `${username}@reference.invalid`,
        password: 'pw',
      });
      assert.equal(userCreate.status, 200, 'users.create (gated by the setting) passes too');

      const plain = new Client(server.url, { userId, authToken: viaBypass.body.token });
      const refused = await plain.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'third' });
      assert.equal(refused.status, 400, 'a PAT without bypassTwoFactor meets the gate');
      assert.equal(refused.body.errorType, 'totp-required');

      const listed = await ci.get('/api/v1/users.getPersonalAccessTokens');
      assert.deepEqual(
        listed.body.tokens.map((token: Json) => [token.name, token.bypassTwoFactor, token.lastTokenPart]),
        [
          ['ci', true, created.body.token.slice(-6)],
          ['second', false, viaBypass.body.token.slice(-6)],
        ],
      );
      assert.match(listed.body.tokens[0].createdAt, /Z$/);

      const duplicate = await ci.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci' });
      assert.deepEqual(duplicate.body, {
        success: false,
        error: 'A token with this name already exists [error-token-already-exists]',
        errorType: 'error-token-already-exists',
        details: { method: 'personalAccessTokens:generateToken' },
      });
      const invalid = await ci.post('/api/v1/users.generatePersonalAccessToken', { name: 'x' });
      assert.equal(invalid.body.errorType, 'invalid-params');

      assert.equal(
        (await ci.post('/api/v1/users.removePersonalAccessToken', { tokenName: 'second' })).status,
        200,
      );
      assert.equal((await plain.get('/api/v1/me')).status, 401, 'a removed PAT no longer authenticates');
      const missing = await ci.post('/api/v1/users.removePersonalAccessToken', { tokenName: 'second' });
      assert.equal(missing.body.errorType, 'error-token-does-not-exists');
    } finally {
      await server.close();
    }
  });
});

describe('Accounts_EmailVerification', () => {
  test('password logins of non-admins without a verified e-mail are refused; admins are exempt', async () => {
    const server = await loggedServer({ settings: { Accounts_EmailVerification: true } });
    try {
      const { username, password } = await createUser(server);
      const refused = await passwordLogin(server.url, username, password);
      assert.equal(refused.status, 401);
      assert.deepEqual(refused.body, {
        success: false,
        error: 'error-invalid-email',
        status: 'error',
        message: 'Invalid email __email__',
      });
      assert.equal((await passwordLogin(server.url, ADMIN.username, ADMIN.password)).status, 200);
      const verified = await createUser(server, { verified: true });
      const next = await passwordLogin(server.url, verified.username, verified.password);
      assert.equal(next.body.error, 'totp-required', 'a verified e-mail passes on to the 2FA check');
    } finally {
      await server.close();
    }
  });
});
