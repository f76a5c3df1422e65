import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProfileMajor } from '../src/profiles.js';
import { ADMIN, Client, login, request, startTestServer } from './helpers.js';

const MESSAGE = 'You must be logged in to do this.';
const VERSIONS: Record<ProfileMajor, string> = { 6: '6.14.0', 7: '7.10.0', 8: '8.0.0', 9: '9.0.0' };

for (const version of [6, 7, 8, 9] as ProfileMajor[]) {
  describe(`profile ${version}`, () => {
    test('401 body, delay and headers', async () => {
      const server = await startTestServer({ version });
      try {
        const started = performance.now();
        const result = await new Client(server.url).roomsGet();
        const elapsed = performance.now() - started;
        assert.equal(result.status, 401);
        assert.equal(result.headers.get('content-type'), 'application/json');
        if (version === 6) {
          assert.deepEqual(result.body, { status: 'error', message: MESSAGE });
          assert.ok(elapsed >= 490, `6.x delays a 401 by 500–1000 ms, took ${elapsed.toFixed(0)} ms`);
        } else if (version === 9) {
          // 9.0's applyBreakingChanges: only success and error.
          assert.deepEqual(result.body, { success: false, error: MESSAGE });
        } else {
          assert.deepEqual(result.body, {
            success: false,
            error: MESSAGE,
            status: 'error',
            message: MESSAGE,
          });
          assert.ok(elapsed < 400, `no delay after 6.x, took ${elapsed.toFixed(0)} ms`);
        }
      } finally {
        await server.close();
      }
    });

    test('/api/info, login body and wrong method', async () => {
      const server = await startTestServer({ version });
      try {
        const [major, minor] = VERSIONS[version].split('.');
        const anonymous = await request(`${server.url}/api/info`);
        assert.equal(anonymous.body.version, `${major}.${minor}`);
        assert.equal(anonymous.body.success, true);
        assert.equal('info' in anonymous.body, false);
        const full = await server.admin.get('/api/info');
        assert.equal(full.body.version, VERSIONS[version]);
        assert.equal(full.body.info.version, VERSIONS[version]);

        const loggedIn = await request(`${server.url}/api/v1/login`, {
          body: { username: ADMIN.username, password: ADMIN.password },
        });
        assert.equal(loggedIn.status, 200);
        assert.equal(loggedIn.body.status, 'success');
        assert.equal('success' in loggedIn.body, version !== 6);
        assert.equal(loggedIn.body.data.authToken.length, 43);

        const wrong = await server.admin.post('/api/v1/rooms.get', {});
        if (version === 6) {
          assert.equal(wrong.status, 405);
          assert.deepEqual(wrong.body, { status: 'error', message: 'API endpoint does not exist' });
          assert.equal(wrong.headers.get('allow'), 'GET, OPTIONS');
        } else {
          assert.equal(wrong.status, 404);
          assert.equal(wrong.text, '404 Not Found');
          assert.match(wrong.headers.get('content-type') ?? '', /^text\/plain/);
        }
      } finally {
        await server.close();
      }
    });
  });
}

describe('credentials', () => {
  test('both headers must match one user; logout revokes; resume and email logins work', async () => {
    const server = await startTestServer();
    try {
      const user = await server.createUser();
      const me = await user.get('/api/v1/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.username, user.username);
      assert.equal('services' in me.body, false, 'no password hashes or tokens in /me');

      const token = user.credentials?.authToken ?? '';
      const adminId = server.admin.credentials?.userId ?? '';
      assert.equal(
        (await new Client(server.url, { userId: adminId, authToken: token }).roomsGet()).status,
        401,
      );
      assert.equal(
        (await request(`${server.url}/api/v1/me`, { headers: { 'X-Auth-Token': token } })).status,
        401,
      );

      const resumed = await request(`${server.url}/api/v1/login`, { body: { resume: token } });
      assert.equal(resumed.status, 200);
      const byEmail = await request(`${server.url}/api/v1/login`, {
        body: { user: `${user.username}@example.invalid`, password: `pw-${user.username}` },
      });
      assert.equal(byEmail.status, 200);
      const wrongPassword = await request(`${server.url}/api/v1/login`, {
        body: { user: user.username, password: 'nope' },
      });
      assert.equal(wrongPassword.status, 401);

      assert.equal((await user.post('/api/v1/logout')).status, 200);
      assert.equal((await user.get('/api/v1/me')).status, 401, 'the token died with the logout');
    } finally {
      await server.close();
    }
  });

  test('users.createToken needs CREATE_TOKENS_FOR_USERS; normal users may not create users', async () => {
    const stock = await startTestServer();
    const enabled = await startTestServer({ createTokensSecret: 'create-tokens-secret' });
    try {
      const refusedUser = await stock.createUser();
      const refused = await stock.admin.post('/api/v1/users.createToken', { username: refusedUser.username });
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body, {
        success: false,
        error: 'Not authorized [error-not-authorized]',
        errorType: 'error-not-authorized',
        details: { method: 'createToken' },
      });

      const user = await enabled.createUser();
      const created = await enabled.admin.post('/api/v1/users.createToken', { username: user.username });
      assert.equal(created.status, 200, created.text);
      const client = new Client(enabled.url, created.body.data);
      assert.equal((await client.get('/api/v1/me')).body.username, user.username);
      // saveUser checks create-user itself: 400 error-action-not-allowed, not the route-level 403.
      const denied = await user.post('/api/v1/users.create', {
        username: 'x',
        name: 'x',
        email: 'x@x.invalid',
        password: 'x',
      });
      assert.equal(denied.status, 400);
      assert.deepEqual(denied.body, {
        success: false,
        error: 'Adding user is not allowed [error-action-not-allowed]',
        errorType: 'error-action-not-allowed',
        details: { method: 'insertOrUpdateUser', action: 'Adding_user' },
      });
      assert.equal(
        (await login(enabled.url, ADMIN.username, ADMIN.password)).credentials?.authToken.length,
        43,
      );
    } finally {
      await stock.close();
      await enabled.close();
    }
  });
});
