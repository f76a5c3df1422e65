import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ReferenceServerOptions } from '../src/config.js';
import type { ProfileMajor } from '../src/profiles.js';
import { startReferenceServer } from '../src/server.js';
import {
  ADMIN,
  type Client,
  type HttpResult,
  type Json,
  login,
  request,
  startTestServer,
  uniqueName,
} from './helpers.js';

const PERMISSION_DENIED = {
  success: false,
  error: 'User does not have the permissions required for this action [error-unauthorized]',
};

function createWithEmail(server: { admin: Client }, email: string, password = 'pw-1'): Promise<HttpResult> {
  const username = uniqueName('gate');
  return server.admin.post('/api/v1/users.create', { username, name: username, email, password });
}

const BLACKLISTED = {
  success: false,
  error: 'The email domain is blacklisted [error-email-domain-blacklisted]',
  errorType: 'error-email-domain-blacklisted',
  details: { function: 'RocketChat.validateEmailDomain' },
};

describe('blocked and allowed e-mail domains (validateEmailDomain)', () => {
  for (const version of [6, 7, 8, 9] as ProfileMajor[]) {
    test(`profile ${version}: the default list ${version >= 8 ? 'applies on its own' : 'needs a custom list'}`, async () => {
      const stock = await startTestServer({ version });
      const custom = await startTestServer({
        version,
        settings: { Accounts_BlockedDomainsList: 'blocked.invalid' },
      });
      const noDefault = await startTestServer({
        version,
        settings: { Accounts_UseDefaultBlockedDomainsList: false },
      });
      try {
        const example = await createWithEmail(stock, `${uniqueName('u')}@example.com`);
        const mailinator = await createWithEmail(stock, `${uniqueName('u')}@mailinator.com`);
        if (version >= 8) {
          assert.equal(example.status, 400);
          assert.deepEqual(example.body, BLACKLISTED);
          assert.equal(mailinator.status, 400);
          assert.deepEqual(
            (await createWithEmail(stock, `${uniqueName('u')}@EXAMPLE.COM`)).body,
            BLACKLISTED,
          );
        } else {
          assert.equal(example.status, 200, '6.x/7.x consult the default list only next to a custom one');
          assert.equal(mailinator.status, 200);
        }
        assert.equal(
          (await createWithEmail(stock, `${uniqueName('u')}@reference.invalid`)).status,
          200,
          '.invalid passes',
        );
        assert.equal((await createWithEmail(stock, `${uniqueName('u')}@example.org`)).status, 200);
        // A custom list blocks its own domains and, in every profile, brings the default list in —
        // whose 6.x version has no example.com entry.
        assert.deepEqual(
          (await createWithEmail(custom, `${uniqueName('u')}@blocked.invalid`)).body,
          BLACKLISTED,
        );
        assert.deepEqual(
          (await createWithEmail(custom, `${uniqueName('u')}@mailinator.com`)).body,
          BLACKLISTED,
        );
        const customExample = await createWithEmail(custom, `${uniqueName('u')}@example.com`);
        if (version === 6) assert.equal(customExample.status, 200, "6.x's list has no example.com");
        else assert.deepEqual(customExample.body, BLACKLISTED);
        assert.equal((await createWithEmail(noDefault, `${uniqueName('u')}@example.com`)).status, 200);
      } finally {
        await Promise.all([stock.close(), custom.close(), noDefault.close()]);
      }
    });
  }

  test('Accounts_AllowedDomainsList and the syntax check', async () => {
    const server = await startTestServer({ settings: { Accounts_AllowedDomainsList: 'corp.invalid' } });
    try {
      assert.equal((await createWithEmail(server, `${uniqueName('u')}@corp.invalid`)).status, 200);
      assert.deepEqual((await createWithEmail(server, `${uniqueName('u')}@other.invalid`)).body, {
        success: false,
        error: 'The email domain is not in whitelist [error-invalid-domain]',
        errorType: 'error-invalid-domain',
        details: { function: 'RocketChat.validateEmailDomain' },
      });
      const invalid = await createWithEmail(server, 'not-an-email');
      assert.equal(invalid.body.errorType, 'error-invalid-email');
      assert.deepEqual(invalid.body.details, {
        function: 'RocketChat.validateEmailDomain',
        email: 'not-an-email',
      });
    } finally {
      await server.close();
    }
  });
});

describe('password policy (Accounts_Password_Policy_*)', () => {
  /** users.update of `userId`'s password by the admin (who has edit-other-user-password). */
  const changePassword = (server: { admin: Client }, userId: string, password: string) =>
    server.admin.post('/api/v1/users.update', { userId, data: { password } });

  test('users.create never applies it (saveNewUser): a weak password is created with the policy on', async () => {
    const server = await startTestServer({ settings: { Accounts_Password_Policy_Enabled: true } });
    try {
      const created = await createWithEmail(server, `${uniqueName('u')}@reference.invalid`, 'aaaa');
      assert.equal(created.status, 200, created.text);
    } finally {
      await server.close();
    }
  });

  test('a password change: off by default; on, 7.x+ list every failed rule in details, 6.x throws the first', async () => {
    const stock = await startTestServer();
    const seven = await startTestServer({ settings: { Accounts_Password_Policy_Enabled: true } });
    const six = await startTestServer({ version: 6, settings: { Accounts_Password_Policy_Enabled: true } });
    try {
      const userOf = async (server: { admin: Client }) =>
        (await createWithEmail(server, `${uniqueName('u')}@reference.invalid`, 'Str0ng!pass')).body.user._id;
      assert.equal((await changePassword(stock, await userOf(stock), 'aaaa')).status, 200);
      const sevenUser = await userOf(seven);
      const weak = await changePassword(seven, sevenUser, 'aaaa');
      assert.equal(weak.status, 400);
      assert.equal(weak.body.errorType, 'error-password-policy-not-met');
      assert.equal(
        weak.body.error,
        "The password provided does not meet the server's password policy. [error-password-policy-not-met]",
      );
      assert.deepEqual(
        weak.body.details.map((reason: Json) => reason.error),
        [
          'error-password-policy-not-met-minLength',
          'error-password-policy-not-met-repeatingCharacters',
          'error-password-policy-not-met-oneUppercase',
          'error-password-policy-not-met-oneNumber',
          'error-password-policy-not-met-oneSpecial',
        ],
      );
      assert.equal((await changePassword(seven, sevenUser, 'Other!Str0ng')).status, 200);
      const first = await changePassword(six, await userOf(six), 'aaaa');
      assert.equal(first.body.errorType, 'error-password-policy-not-met-minLength');
    } finally {
      await Promise.all([stock.close(), seven.close(), six.close()]);
    }
  });
});

describe('the REST limiter on /api/v1/login (no login rule of its own)', () => {
  const options: ReferenceServerOptions = {
    port: 0,
    log: false,
    rateLimitCalls: 3,
    rateLimitWindowMs: 1500,
  };
  const loginAs = (url: string, ip: string, password: string = ADMIN.password) =>
    request(`${url}/api/v1/login`, {
      body: { user: ADMIN.username, password },
      headers: { 'X-Real-IP': ip },
    });

  test('429 past the limit per client IP, with the REST limiter’s headers and body, the admin included', async () => {
    const server = await startReferenceServer(options);
    try {
      for (let i = 0; i < 3; i++) assert.equal((await loginAs(server.url, '10.0.0.1')).status, 200);
      const limited = await loginAs(server.url, '10.0.0.1');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('x-ratelimit-limit'), '3');
      assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
      const reset = Number(limited.headers.get('x-ratelimit-reset'));
      const seconds = Math.ceil((reset - Date.now()) / 1000);
      assert.ok(seconds > 0 && seconds <= 2, `reset in ${seconds} s`);
      assert.match(
        String(limited.body.error),
        /^Error, too many requests\. Please slow down\. You must wait \d+ seconds before trying this endpoint again\. \[error-too-many-requests\]$/,
      );
      assert.equal(limited.body.success, false);
      assert.equal(
        (await loginAs(server.url, '10.0.0.2')).status,
        200,
        'another client IP has its own count',
      );
      await new Promise((resolve) => setTimeout(resolve, 1600));
      assert.equal((await loginAs(server.url, '10.0.0.1')).status, 200, 'the window restarts');
    } finally {
      await server.close();
    }
  });

  test('stock numbers: 10 logins a minute per client IP (failed ones count), then 429 — never 401 too-many-requests', async () => {
    const server = await startReferenceServer({ port: 0, log: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await loginAs(server.url, '10.0.0.9', 'wrong')).status);
      assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
      const limited = await loginAs(server.url, '10.0.0.9');
      assert.equal(limited.status, 429, 'the right password is limited too');
      assert.equal(limited.headers.get('x-ratelimit-limit'), '10');
      assert.equal(limited.body.error === 'too-many-requests', false);
    } finally {
      await server.close();
    }
  });
});

describe('default permissions', () => {
  test('what a normal user may and may not do', async () => {
    const server = await startTestServer();
    try {
      const user = await server.createUser();
      assert.equal((await user.get('/api/v1/users.list')).status, 200, 'users.list needs view-d-room');
      const adminRooms = await user.get('/api/v1/rooms.adminRooms');
      assert.equal(adminRooms.status, 403);
      assert.deepEqual(adminRooms.body, PERMISSION_DENIED);
      const deleteUser = await user.post('/api/v1/users.delete', { username: 'admin' });
      assert.equal(deleteUser.status, 403);

      // delete-c: admin and the room's owner; a plain member may not.
      const member = await server.createUser();
      const owned = (
        await user.post('/api/v1/channels.create', { name: uniqueName('own'), members: [member.username] })
      ).body.channel;
      const refused = await member.post('/api/v1/channels.delete', { roomId: owned._id });
      assert.deepEqual(refused.body, {
        success: false,
        error: 'Not allowed [error-not-allowed]',
        errorType: 'error-not-allowed',
        details: { method: 'eraseRoom' },
      });
      assert.equal((await user.post('/api/v1/channels.delete', { roomId: owned._id })).status, 200);
    } finally {
      await server.close();
    }
  });

  test('permission refusals: after the limiter up to 7.x (with its headers), before it from 8.x', async () => {
    for (const version of [7, 8] as ProfileMajor[]) {
      const server = await startTestServer({ version, rateLimit: true });
      try {
        const user = await server.createUser();
        const denied = await user.get('/api/v1/rooms.adminRooms');
        assert.equal(denied.status, 403);
        assert.equal(
          denied.headers.get('x-ratelimit-limit'),
          version === 7 ? '10' : null,
          `profile ${version}`,
        );
      } finally {
        await server.close();
      }
    }
  });

  test('permissions.listAll: {update: [{_id, roles, _updatedAt}], remove: [], success}', async () => {
    const server = await startTestServer();
    try {
      const user = await server.createUser();
      const all = await user.get('/api/v1/permissions.listAll');
      assert.equal(all.status, 200);
      assert.deepEqual(Object.keys(all.body).sort(), ['remove', 'success', 'update']);
      assert.deepEqual(all.body.remove, []);
      const byId = new Map<string, Json>(all.body.update.map((entry: Json) => [entry._id, entry]));
      assert.deepEqual(Object.keys(byId.get('delete-d')).sort(), ['_id', '_updatedAt', 'roles']);
      assert.deepEqual(byId.get('delete-d').roles, ['admin']);
      assert.deepEqual(byId.get('delete-c').roles, ['admin', 'owner']);
      assert.deepEqual(byId.get('create-personal-access-tokens').roles, ['admin', 'user']);
      assert.deepEqual(byId.get('api-bypass-rate-limit').roles, ['admin', 'bot', 'app']);
      assert.deepEqual(byId.get('start-discussion').roles, ['admin', 'user', 'guest', 'app']);
      assert.match(byId.get('create-user')._updatedAt, /Z$/);
      const future = await user.get('/api/v1/permissions.listAll', {
        updatedSince: '2999-01-01T00:00:00.000Z',
      });
      assert.deepEqual(future.body.update, []);
      const invalid = await user.get('/api/v1/permissions.listAll', { updatedSince: 'yesterday' });
      assert.equal(invalid.status, 400);
      assert.equal(invalid.body.errorType, 'error-roomId-param-invalid');
    } finally {
      await server.close();
    }
  });
});

describe('profile 9: applyBreakingChanges', () => {
  test('login failures carry only the unauthorized body; forbidden() says "forbidden"', async () => {
    const nine = await startTestServer({ version: 9 });
    const eight = await startTestServer({ version: 8 });
    try {
      const failed = await request(`${nine.url}/api/v1/login`, {
        body: { user: 'admin', password: 'wrong' },
      });
      assert.equal(failed.status, 401);
      assert.deepEqual(failed.body, { success: false, error: 'unauthorized' });
      const failedEight = await request(`${eight.url}/api/v1/login`, {
        body: { user: 'admin', password: 'wrong' },
      });
      assert.deepEqual(failedEight.body, {
        success: false,
        error: 'Unauthorized',
        status: 'error',
        message: 'Unauthorized',
      });
      for (const [server, error] of [
        [nine, 'forbidden'],
        [eight, 'unauthorized'],
      ] as const) {
        const team = await server.admin.post('/api/v1/teams.create', { name: uniqueName('t9'), type: 0 });
        const user = await server.createUser();
        const refused = await user.post('/api/v1/teams.delete', { teamId: team.body.team._id });
        assert.equal(refused.status, 403);
        assert.deepEqual(
          refused.body,
          server === nine
            ? { success: false, error, errorType: 'error-forbidden' }
            : { success: false, error },
        );
      }
      const denied = await (await nine.createUser()).get('/api/v1/rooms.adminRooms');
      assert.deepEqual(
        denied.body,
        { ...PERMISSION_DENIED, errorType: 'error-forbidden' },
        'the permissions middleware keeps its message in 9.0, with 9.0’s errorType (#43214)',
      );
      assert.equal((await login(nine.url, ADMIN.username, ADMIN.password)).credentials?.authToken.length, 43);
    } finally {
      await Promise.all([nine.close(), eight.close()]);
    }
  });
});
