import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { optionsFromEnv, resolveServerConfig } from '../src/config.js';
import { PROFILE_MAJORS } from '../src/profiles.js';
import { resolveSettings, SETTING_NAMES } from '../src/settings.js';
import { ADMIN, login, request, runCli, sleep, startTestServer, uniqueName } from './helpers.js';

/** A fresh install's values (Rocket.Chat's settings registries), the same in every profile. */
const STOCK: Record<string, boolean | number | string> = {
  Accounts_TwoFactorAuthentication_Enabled: true,
  Accounts_TwoFactorAuthentication_MaxDelta: 1,
  Accounts_TwoFactorAuthentication_By_TOTP_Enabled: true,
  Accounts_TwoFactorAuthentication_By_Email_Enabled: true,
  Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In: true,
  Accounts_TwoFactorAuthentication_By_Email_Code_Expiration: 3600,
  Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts: 5,
  Accounts_TwoFactorAuthentication_RememberFor: 1800,
  Accounts_TwoFactorAuthentication_Enforce_Password_Fallback: true,
  Accounts_EmailVerification: false,
  Accounts_UseDefaultBlockedDomainsList: true,
  Accounts_BlockedDomainsList: '',
  Accounts_AllowedDomainsList: '',
  Accounts_Password_Policy_Enabled: false,
  Accounts_Password_Policy_MinLength: 7,
  Accounts_Password_Policy_MaxLength: -1,
  Accounts_Password_Policy_ForbidRepeatingCharacters: true,
  Accounts_Password_Policy_ForbidRepeatingCharactersCount: 3,
  Accounts_Password_Policy_AtLeastOneLowercase: true,
  Accounts_Password_Policy_AtLeastOneUppercase: true,
  Accounts_Password_Policy_AtLeastOneNumber: true,
  Accounts_Password_Policy_AtLeastOneSpecialCharacter: true,
  API_Enable_Rate_Limiter: true,
  API_Enable_Rate_Limiter_Limit_Calls_Default: 10,
  API_Enable_Rate_Limiter_Limit_Time_Default: 60000,
  Message_AllowDirectMessagesToYourself: true,
  DirectMesssage_maxUsers: 8,
  Message_MaxAllowedSize: 5000,
};

describe('settings: names, defaults, RC_REFERENCE_SETTINGS, --list-settings', () => {
  test("every profile starts with a fresh install's values", () => {
    assert.deepEqual([...SETTING_NAMES].sort(), Object.keys(STOCK).sort());
    for (const major of PROFILE_MAJORS)
      assert.deepEqual({ ...resolveSettings(major) }, STOCK, `profile ${major}`);
  });

  test('--list-settings prints every setting and switch; --json the same for tooling', async () => {
    const [table, json] = await Promise.all([
      runCli(['--list-settings']),
      runCli(['--list-settings', '--json']),
    ]);
    assert.equal(table.status, 0, table.stderr);
    for (const name of [
      ...SETTING_NAMES,
      'RC_REFERENCE_INSTANCES',
      'RC_REFERENCE_CLOCK_SKEW_MS',
      'RC_REFERENCE_ACTIVITY',
      'RC_REFERENCE_LEGACY',
      'RC_REFERENCE_STAGING',
      'RC_REFERENCE_ADMIN_TOTP_SECRET',
      'RC_REFERENCE_FAULTS',
    ])
      assert.match(table.stdout, new RegExp(`^${name}\\s`, 'm'), name);
    const listing = JSON.parse(json.stdout);
    for (const setting of listing.settings) {
      for (const major of PROFILE_MAJORS)
        assert.equal(setting.defaults[major], STOCK[setting.name], setting.name);
      assert.ok(setting.effect && setting.source.startsWith('apps/meteor/'));
    }
    assert.ok(listing.switches.some((entry: { name: string }) => entry.name === 'RC_REFERENCE_STAGING'));
  });

  test('an unknown setting or a bad value exits 2 naming it and listing the valid names', async () => {
    const [unknown, bad, malformed] = await Promise.all([
      runCli([], { RC_REFERENCE_SETTINGS: 'Accounts_EmailVerification=true,No_Such_Setting=1' }),
      runCli([], { RC_REFERENCE_SETTINGS: 'Accounts_TwoFactorAuthentication_RememberFor=soon' }),
      runCli([], { RC_REFERENCE_SETTINGS: 'Accounts_EmailVerification' }),
    ]);
    assert.equal(unknown.status, 2);
    assert.match(
      unknown.stderr,
      /unknown setting No_Such_Setting\nvalid names: Accounts_TwoFactorAuthentication_Enabled, /,
    );
    assert.equal(bad.status, 2);
    assert.match(
      bad.stderr,
      /setting Accounts_TwoFactorAuthentication_RememberFor must be an integer, got "soon"/,
    );
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /is not Name=value/);
  });
});

const passwordLogin = (url: string, user: string, password: string) =>
  request(`${url}/api/v1/login`, { body: { user, password } });

async function verifiedUser(
  server: Awaited<ReturnType<typeof startTestServer>>,
): Promise<{ username: string; password: string }> {
  const username = uniqueName('set');
  const password = `pw-${username}`;
  const created = await server.admin.post('/api/v1/users.create', {
    username,
    name: username,
    email: `${username}@reference.invalid`,
    password,
    verified: true,
  });
  assert.equal(created.status, 200, created.text);
  return { username, password };
}

describe('settings: each one changes what it names', () => {
  test('2FA switches: Enabled, By_Email_Enabled, Auto_Opt_In, By_TOTP_Enabled, Enforce_Password_Fallback', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const cases: Array<[settings: Record<string, unknown>, expectCode: boolean]> = [
      [{}, true],
      [{ Accounts_TwoFactorAuthentication_Enabled: false }, false],
      [{ Accounts_TwoFactorAuthentication_By_Email_Enabled: false }, false],
      [{ Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In: false }, false],
    ];
    for (const [settings, expectCode] of cases) {
      const server = await startTestServer({ settings });
      try {
        const user = await verifiedUser(server);
        const result = await passwordLogin(server.url, user.username, user.password);
        assert.equal(result.status, expectCode ? 401 : 200, JSON.stringify(settings));
      } finally {
        await server.close();
      }
    }
    // startTestServer logs the admin in by password: refused with TOTP on, fine with it off.
    await assert.rejects(startTestServer({ adminTotpSecret: secret }), /totp-required/);
    const totpOff = await startTestServer({
      adminTotpSecret: secret,
      settings: { Accounts_TwoFactorAuthentication_By_TOTP_Enabled: false },
    });
    assert.equal((await passwordLogin(totpOff.url, ADMIN.username, ADMIN.password)).status, 200);
    await totpOff.close();
    const off = await startTestServer({
      settings: { Accounts_TwoFactorAuthentication_Enabled: false },
      version: 8,
    });
    const noFallback = await startTestServer({
      settings: { Accounts_TwoFactorAuthentication_Enforce_Password_Fallback: false },
      version: 8,
    });
    try {
      for (const server of [off, noFallback]) {
        const bare = server.admin.withHeaders({});
        const pat = await bare.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'bare' });
        assert.equal(pat.status, 200, 'no 2FA, or no fallback for a user without a method: the gate passes');
      }
    } finally {
      await Promise.all([off.close(), noFallback.close()]);
    }
  });

  test('RememberFor: 0 remembers nothing (no grace after registration either)', async () => {
    const server = await startTestServer({ settings: { Accounts_TwoFactorAuthentication_RememberFor: 0 } });
    try {
      const gated = (client: typeof server.admin, name: string) =>
        client.post('/api/v1/users.generatePersonalAccessToken', { tokenName: name });
      assert.equal((await gated(server.admin, 'a')).status, 200);
      assert.equal(
        (await gated(server.admin.withHeaders({}), 'b')).status,
        400,
        'the pass was not remembered',
      );
      const fresh = await server.createUser();
      assert.equal(
        (await gated(fresh.withHeaders({}), 'c')).status,
        400,
        'no grace period after registration',
      );
    } finally {
      await server.close();
    }
  });

  test('Code_Expiration: an expired e-mailed code no longer works', async () => {
    const lines: string[] = [];
    const server = await startTestServer({
      log: (line) => lines.push(line),
      settings: { Accounts_TwoFactorAuthentication_By_Email_Code_Expiration: 1 },
    });
    try {
      const user = await verifiedUser(server);
      await passwordLogin(server.url, user.username, user.password);
      const code = lines.at(-1)?.split(' ').at(-1) ?? '';
      await sleep(1_200);
      const late = await request(`${server.url}/api/v1/login`, {
        body: { user: user.username, password: user.password, code },
      });
      assert.equal(late.status, 401);
      assert.equal(late.body.error, 'totp-invalid');
    } finally {
      await server.close();
    }
  });

  test('the REST limiter: API_Enable_Rate_Limiter, its alias RC_REFERENCE_RATE_LIMIT=off, Limit_Calls_Default', async () => {
    const two = await startTestServer({
      rateLimit: undefined,
      settings: { API_Enable_Rate_Limiter_Limit_Calls_Default: 2 },
    });
    const off = await startTestServer({ rateLimit: undefined, settings: { API_Enable_Rate_Limiter: false } });
    try {
      const user = await two.createUser();
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await user.roomsGet()).status);
      assert.deepEqual(statuses, [200, 200, 429]);
      const offUser = await off.createUser();
      for (let i = 0; i < 12; i++) assert.equal((await offUser.roomsGet()).status, 200);
      assert.equal(off.config.rateLimit.enabled, false);
      // RC_REFERENCE_RATE_LIMIT=off is an alias; an explicit setting wins over it.
      assert.equal(
        resolveServerConfig(optionsFromEnv({ RC_REFERENCE_RATE_LIMIT: 'off' })).settings
          .API_Enable_Rate_Limiter,
        false,
      );
      const both = optionsFromEnv({
        RC_REFERENCE_RATE_LIMIT: 'off',
        RC_REFERENCE_SETTINGS: 'API_Enable_Rate_Limiter=true',
      });
      assert.equal(resolveServerConfig(both).rateLimit.enabled, true);
    } finally {
      await Promise.all([two.close(), off.close()]);
    }
  });

  test('Message_AllowDirectMessagesToYourself and DirectMesssage_maxUsers', async () => {
    const server = await startTestServer({
      settings: { Message_AllowDirectMessagesToYourself: false, DirectMesssage_maxUsers: 3 },
    });
    try {
      const self = await server.admin.post('/api/v1/im.create', { username: ADMIN.username });
      assert.equal(self.body.errorType, 'error-invalid-user');
      const [a, b, c] = [await server.createUser(), await server.createUser(), await server.createUser()];
      const three = await server.admin.post('/api/v1/im.create', {
        usernames: `${a.username},${b.username}`,
      });
      assert.equal(three.status, 200);
      const four = await server.admin.post('/api/v1/im.create', {
        usernames: `${a.username},${b.username},${c.username}`,
      });
      assert.equal(four.body.errorType, 'error-direct-message-max-user-exceeded');
      assert.match(
        four.body.error,
        /You cannot add more than 3 users, including yourself to a direct message/,
      );
      assert.equal((await login(server.url, a.username, `pw-${a.username}`)).credentials?.userId.length, 17);
    } finally {
      await server.close();
    }
  });

  test('Message_MaxAllowedSize: a longer message is refused with error-message-size-exceeded', async () => {
    const server = await startTestServer({ settings: { Message_MaxAllowedSize: 5 } });
    try {
      const short = await server.admin.post('/api/v1/chat.postMessage', { roomId: 'GENERAL', text: 'hello' });
      assert.equal(short.status, 200);
      const long = await server.admin.post('/api/v1/chat.postMessage', { roomId: 'GENERAL', text: 'hello!' });
      assert.equal(long.status, 400);
      assert.deepEqual(long.body, {
        success: false,
        error: 'Message size exceeds Message_MaxAllowedSize [error-message-size-exceeded]',
        errorType: 'error-message-size-exceeded',
        details: { method: 'sendMessage' },
      });
    } finally {
      await server.close();
    }
  });
});
