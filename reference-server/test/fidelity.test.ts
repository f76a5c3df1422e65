import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { optionsFromEnv, resolveServerConfig } from '../src/config.js';
import { ConfigError } from '../src/config-error.js';
import type { ProfileMajor } from '../src/profiles.js';
import { Client, startTestServer, uniqueName } from './helpers.js';

/**
 * Behaviours corrected against Rocket.Chat's source (issue 18): each profile or release reproduces what
 * that Rocket.Chat does, not what an earlier reading assumed.
 */

const newUser = () => {
  const username = uniqueName('fid');
  return { username, name: username, email: `${username}@reference.invalid`, password: `pw-${username}` };
};

describe('a personal access token with "Ignore Two Factor Authentication" (Rocket.Chat #41065)', () => {
  const cases: Array<{ version: ProfileMajor; release?: string; honoured: boolean }> = [
    { version: 7, honoured: true },
    { version: 8, honoured: false },
    { version: 8, release: '8.3.0', honoured: false },
    { version: 8, release: '8.5.2', honoured: false },
    { version: 8, release: '8.6.0', honoured: true },
    { version: 9, honoured: true },
  ];
  for (const { version, release, honoured } of cases) {
    test(`${release ?? `profile ${version}`}: a bypass token ${honoured ? 'passes' : 'gets totp-required on'} a gated route`, async () => {
      const server = await startTestServer({ version, ...(release ? { release } : {}) });
      try {
        const created = await server.admin.post('/api/v1/users.generatePersonalAccessToken', {
          tokenName: 'ci',
          bypassTwoFactor: true,
        });
        assert.equal(created.status, 200, created.text);
        const ci = new Client(server.url, {
          userId: server.admin.credentials?.userId ?? '',
          authToken: created.body.token,
        });
        assert.equal((await ci.get('/api/v1/me')).status, 200, 'the token authenticates');
        if (release) assert.equal((await ci.get('/api/info')).body.version, release);
        const gated = await ci.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'again' });
        if (honoured) {
          assert.equal(gated.status, 200, gated.text);
        } else {
          assert.equal(gated.status, 400);
          assert.equal(gated.body.errorType, 'totp-required');
        }
        assert.equal(
          (await ci.post('/api/v1/users.create', newUser())).status,
          200,
          'users.create is not gated',
        );
      } finally {
        await server.close();
      }
    });
  }

  test('RC_REFERENCE_VERSION takes a release of a profile: 8.3 → 8.3.0; a release of no profile is refused', () => {
    const options = optionsFromEnv({ RC_REFERENCE_VERSION: '8.3' });
    assert.equal(options.version, 8);
    const config = resolveServerConfig({ ...options, log: false });
    assert.equal(config.profile.version, '8.3.0');
    assert.equal(config.profile.personalTokenBypassHonoured, false);
    assert.equal(
      resolveServerConfig({ version: 8, release: '8.6.1', log: false }).profile.personalTokenBypassHonoured,
      true,
    );
    assert.throws(() => optionsFromEnv({ RC_REFERENCE_VERSION: '10.1' }), ConfigError);
    assert.throws(() => optionsFromEnv({ RC_REFERENCE_VERSION: '8.x' }), ConfigError);
    assert.throws(() => resolveServerConfig({ version: 8, release: '7.3', log: false }), ConfigError);
  });
});

describe('users.create and a second factor (only on the develop branch)', () => {
  for (const version of [6, 7, 8, 9] as ProfileMajor[]) {
    test(`profile ${version}: not gated by default; RC_REFERENCE_USERS_CREATE_2FA=on gates it`, async () => {
      const stock = await startTestServer({ version, delayUnauthorized: false });
      const gated = await startTestServer({ version, delayUnauthorized: false, usersCreateTwoFactor: true });
      try {
        // The helpers' admin sends the password fallback with every call: drop it.
        const bare = (server: typeof stock) => server.admin.withHeaders({});
        assert.equal((await bare(stock).post('/api/v1/users.create', newUser())).status, 200);
        const refused = await bare(gated).post('/api/v1/users.create', newUser());
        assert.equal(refused.status, 400);
        assert.equal(refused.body.errorType, 'totp-required');
        assert.equal((await gated.admin.post('/api/v1/users.create', newUser())).status, 200);
      } finally {
        await Promise.all([stock.close(), gated.close()]);
      }
    });
  }
  test('the switch is read from the environment', () => {
    assert.equal(optionsFromEnv({ RC_REFERENCE_USERS_CREATE_2FA: 'on' }).usersCreateTwoFactor, true);
    assert.equal(optionsFromEnv({}).usersCreateTwoFactor, undefined);
    assert.throws(() => optionsFromEnv({ RC_REFERENCE_USERS_CREATE_2FA: 'maybe' }), ConfigError);
  });
});

describe('a refused permission (Rocket.Chat #43214)', () => {
  for (const version of [8, 9] as ProfileMajor[]) {
    test(`profile ${version}: 403 ${version === 9 ? 'with errorType "error-forbidden"' : 'without errorType'}`, async () => {
      const server = await startTestServer({ version });
      try {
        const user = await server.createUser();
        const refused = await user.post('/api/v1/users.delete', { username: user.username });
        assert.equal(refused.status, 403);
        assert.equal(refused.body.success, false);
        assert.equal(
          refused.body.error,
          'User does not have the permissions required for this action [error-unauthorized]',
        );
        if (version === 9) assert.equal(refused.body.errorType, 'error-forbidden');
        else assert.equal('errorType' in refused.body, false);
      } finally {
        await server.close();
      }
    });
  }
});
