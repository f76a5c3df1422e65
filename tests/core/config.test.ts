import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import {
  CONFIG_VARIABLES,
  ConfigError,
  passwordDigest,
  resolveBaseline,
  resolveConfig,
} from '../../src/core/run/config.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

const staging = {
  ROCKETCHAT_URL: 'https://chat.example.com',
  ROCKETCHAT_ADMIN_USER: 'qa-admin',
  ROCKETCHAT_ADMIN_PASSWORD: 'admin-secret-value',
};

/** The one message a bad configuration produces. */
function messageFor(env: NodeJS.ProcessEnv): string {
  try {
    resolveConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected the configuration to be refused');
}

test('no variables: the bundled reference server, its admin and checked account, write mode on, strict', () => {
  const config = resolveConfig({});
  assert.equal(config.url, 'http://127.0.0.1:3100');
  assert.deepEqual(config.referenceServer, { port: 3100 });
  assert.deepEqual(config.admin, {
    kind: 'password',
    username: 'admin',
    password: 'reference-admin-password',
  });
  assert.equal(config.write, true);
  assert.equal(config.profile, 'strict');
  assert.equal(config.emailDomain, 'rooms-get-conformance.invalid');
  assert.deepEqual(config.checkedAccount, {
    kind: 'password',
    username: 'qa.checked',
    password: 'Reference-checked-Pa55!',
  });
  assert.deepEqual(config.secrets, [
    'reference-admin-password',
    passwordDigest('reference-admin-password'),
    'Reference-checked-Pa55!',
    passwordDigest('Reference-checked-Pa55!'),
  ]);
});

test('request and preflight timeouts: 15 s and 4 s unless set; whole milliseconds from 500 to 600000', () => {
  assert.deepEqual(resolveConfig({}).timeouts, { requestMs: 15_000, preflightMs: 4_000 });
  assert.deepEqual(
    resolveConfig({ CONTRACT_REQUEST_TIMEOUT_MS: '60000', CONTRACT_PREFLIGHT_TIMEOUT_MS: '20000' }).timeouts,
    { requestMs: 60_000, preflightMs: 20_000 },
  );
  assert.equal(
    messageFor({ CONTRACT_PREFLIGHT_TIMEOUT_MS: '4s' }),
    'rooms-get-conformance: invalid configuration: CONTRACT_PREFLIGHT_TIMEOUT_MS="4s" is not a timeout: give ' +
      'whole milliseconds from 500 to 600000 (default 4000), e.g. CONTRACT_PREFLIGHT_TIMEOUT_MS=12000 for a slow ' +
      'server.\nSee .env.example for every variable.',
  );
});

test('the password digest is the lowercase SHA-256 hex Rocket.Chat compares in x-2fa-code', () => {
  assert.equal(passwordDigest('rocket.chat'), createHash('sha256').update('rocket.chat').digest('hex'));
  assert.match(passwordDigest('x'), /^[0-9a-f]{64}$/);
});

test('the admin as a personal access token (the CI form), or a password with a TOTP secret', () => {
  const byToken = resolveConfig({
    ROCKETCHAT_URL: 'https://chat.example.com',
    ROCKETCHAT_ADMIN_USER_ID: 'adminId',
    ROCKETCHAT_ADMIN_AUTH_TOKEN: 'pat-token-value',
    CONTRACT_WRITE: 'true',
  });
  assert.deepEqual(byToken.admin, { kind: 'token', userId: 'adminId', authToken: 'pat-token-value' });
  assert.deepEqual(byToken.secrets, ['pat-token-value']);
  const withTotp = resolveConfig({ ...staging, ROCKETCHAT_ADMIN_TOTP_SECRET: 'jbsw y3dp ehpk3pxp' });
  assert.deepEqual(withTotp.admin, {
    kind: 'password',
    username: 'qa-admin',
    password: 'admin-secret-value',
    totpSecret: 'JBSWY3DPEHPK3PXP',
  });
  assert.ok(withTotp.secrets.includes('JBSWY3DPEHPK3PXP'));
});

test('admin credential mistakes: both forms, a TOTP secret without a password, a token for the bundled server', () => {
  assert.match(
    messageFor({ ...staging, ROCKETCHAT_ADMIN_USER_ID: 'a', ROCKETCHAT_ADMIN_AUTH_TOKEN: 'tttt' }),
    /are both set\. The administrator is given by ONE of the two/,
  );
  assert.match(
    messageFor({ ROCKETCHAT_URL: 'https://chat.example.com', ROCKETCHAT_ADMIN_TOTP_SECRET: 'JBSWY3DP' }),
    /ROCKETCHAT_ADMIN_TOTP_SECRET is set but ROCKETCHAT_ADMIN_USER and ROCKETCHAT_ADMIN_PASSWORD are not/,
  );
  assert.match(
    messageFor({ ...staging, ROCKETCHAT_ADMIN_TOTP_SECRET: 'not base32!' }),
    /is not a base32 TOTP secret/,
  );
  assert.match(
    messageFor({ ROCKETCHAT_ADMIN_USER_ID: 'a', ROCKETCHAT_ADMIN_AUTH_TOKEN: 'tttt' }),
    /need ROCKETCHAT_URL: the bundled reference server starts fresh/,
  );
  assert.doesNotMatch(
    messageFor({ ROCKETCHAT_ADMIN_USER_ID: 'a', ROCKETCHAT_ADMIN_AUTH_TOKEN: 'tttt' }),
    /tttt/,
  );
});

test('CONTRACT_EMAIL_DOMAIN: a domain name', () => {
  assert.equal(
    resolveConfig({ CONTRACT_EMAIL_DOMAIN: 'QA.Example.invalid' }).emailDomain,
    'qa.example.invalid',
  );
  assert.match(
    messageFor({ CONTRACT_EMAIL_DOMAIN: 'not a domain' }),
    /CONTRACT_EMAIL_DOMAIN="not a domain" is not a domain name/,
  );
});

test('RC_REFERENCE_PORT moves the reference server', () => {
  assert.equal(resolveConfig({ RC_REFERENCE_PORT: '3999' }).url, 'http://127.0.0.1:3999');
});

test('a ROCKETCHAT_URL target is read-only unless CONTRACT_WRITE=true', () => {
  const config = resolveConfig({ ...staging, ROCKETCHAT_URL: 'https://chat.example.com/chat/' });
  assert.equal(config.url, 'https://chat.example.com/chat');
  assert.equal(config.referenceServer, undefined);
  assert.equal(config.write, false);
  assert.equal(resolveConfig({ ...staging, CONTRACT_WRITE: 'true' }).write, true);
});

test('empty values count as unset', () => {
  const config = resolveConfig({
    ...staging,
    ROCKETCHAT_USER: '',
    ROCKETCHAT_PASSWORD: ' ',
    CONTRACT_PROFILE: '',
  });
  assert.equal(config.checkedAccount, undefined);
  assert.equal(config.profile, 'strict');
});

test('a checked account by password or by personal access token; every secret is listed', () => {
  const byPassword = resolveConfig({
    ...staging,
    ROCKETCHAT_USER: 'qa.bot',
    ROCKETCHAT_PASSWORD: 'bot-password',
  });
  assert.deepEqual(byPassword.checkedAccount, {
    kind: 'password',
    username: 'qa.bot',
    password: 'bot-password',
  });
  assert.deepEqual(byPassword.secrets, [
    'admin-secret-value',
    passwordDigest('admin-secret-value'),
    'bot-password',
    passwordDigest('bot-password'),
  ]);
  const byToken = resolveConfig({
    ...staging,
    ROCKETCHAT_USER_ID: 'abc',
    ROCKETCHAT_AUTH_TOKEN: 'personal-token',
  });
  assert.deepEqual(byToken.checkedAccount, { kind: 'token', userId: 'abc', authToken: 'personal-token' });
  assert.deepEqual(byToken.secrets, [
    'admin-secret-value',
    passwordDigest('admin-secret-value'),
    'personal-token',
  ]);
});

test('read-only with only a checked account is allowed', () => {
  const config = resolveConfig({
    ROCKETCHAT_URL: 'https://chat.example.com',
    ROCKETCHAT_USER: 'qa',
    ROCKETCHAT_PASSWORD: 'pw-value',
  });
  assert.equal(config.admin, undefined);
  assert.equal(config.write, false);
});

test('malformed URL', () => {
  assert.equal(
    messageFor({ ...staging, ROCKETCHAT_URL: 'notaurl' }),
    'rooms-get-conformance: invalid configuration: ROCKETCHAT_URL="notaurl" is not a URL. Expected the base ' +
      'URL of a Rocket.Chat server, such as https://chat.example.com (no /api path, no query). Fix ' +
      'ROCKETCHAT_URL in .env or the environment, or remove it to run against the bundled reference server.\n' +
      'See .env.example for every variable.',
  );
});

test('a malformed URL is the only complaint even without credentials', () => {
  const message = messageFor({ ROCKETCHAT_URL: 'notaurl' });
  assert.match(
    message,
    /^rooms-get-conformance: invalid configuration: ROCKETCHAT_URL="notaurl" is not a URL\./,
  );
  assert.doesNotMatch(message, /No account/);
});

test('URL with another scheme, an /api path, a query, or credentials (never echoed)', () => {
  assert.match(
    messageFor({ ...staging, ROCKETCHAT_URL: 'ftp://chat.example.com' }),
    /uses ftp: but must use http: or https:/,
  );
  assert.match(
    messageFor({ ...staging, ROCKETCHAT_URL: 'https://chat.example.com/api/v1' }),
    /includes the \/api path/,
  );
  assert.match(
    messageFor({ ...staging, ROCKETCHAT_URL: 'https://chat.example.com/?x=1' }),
    /has a query or fragment/,
  );
  const withCredentials = messageFor({ ...staging, ROCKETCHAT_URL: 'https://bob:hunter22@chat.example.com' });
  assert.match(withCredentials, /ROCKETCHAT_URL must not contain credentials/);
  assert.doesNotMatch(withCredentials, /hunter22/);
});

test('unknown profile', () => {
  assert.equal(
    messageFor({ CONTRACT_PROFILE: 'lenient' }),
    'rooms-get-conformance: invalid configuration: CONTRACT_PROFILE="lenient" is not a contract profile. ' +
      'Expected "strict" (the default: what Rocket.Chat\'s source guarantees) or "documented" (the ' +
      'documentation page only). Fix or remove CONTRACT_PROFILE in .env or the environment.\n' +
      'See .env.example for every variable.',
  );
});

test('CONTRACT_WRITE must be true or false', () => {
  assert.match(
    messageFor({ CONTRACT_WRITE: 'yes' }),
    /CONTRACT_WRITE="yes" must be "true" .* or "false" \(read-only\)/,
  );
});

test('CONTRACT_WRITE=true without admin credentials', () => {
  assert.equal(
    messageFor({ ROCKETCHAT_URL: 'https://chat.example.com', CONTRACT_WRITE: 'true' }),
    'rooms-get-conformance: invalid configuration: CONTRACT_WRITE=true needs an administrator: the suite ' +
      'creates and deletes its test users, rooms and messages as one. Set ROCKETCHAT_ADMIN_USER_ID and ' +
      'ROCKETCHAT_ADMIN_AUTH_TOKEN (a personal access token with "Ignore Two Factor Authentication": ' +
      'recommended for CI) or ROCKETCHAT_ADMIN_USER and ROCKETCHAT_ADMIN_PASSWORD, or set CONTRACT_WRITE=false ' +
      'to run the read-only checks.\nSee .env.example for every variable.',
  );
});

test('only one of a pair, without echoing the secret', () => {
  assert.equal(
    messageFor({ ROCKETCHAT_URL: 'https://chat.example.com', ROCKETCHAT_ADMIN_PASSWORD: 'lonely-secret' }),
    'rooms-get-conformance: invalid configuration: ROCKETCHAT_ADMIN_PASSWORD is set but ROCKETCHAT_ADMIN_USER ' +
      'is not: ROCKETCHAT_ADMIN_USER and ROCKETCHAT_ADMIN_PASSWORD go together. Set both, or remove ' +
      'ROCKETCHAT_ADMIN_PASSWORD.\nSee .env.example for every variable.',
  );
  assert.match(
    messageFor({ ...staging, ROCKETCHAT_USER: 'qa' }),
    /ROCKETCHAT_USER is set but ROCKETCHAT_PASSWORD is not/,
  );
  assert.match(
    messageFor({ ...staging, ROCKETCHAT_AUTH_TOKEN: 't0ken-value' }),
    /ROCKETCHAT_AUTH_TOKEN is set but ROCKETCHAT_USER_ID is not/,
  );
  assert.doesNotMatch(messageFor({ ...staging, ROCKETCHAT_AUTH_TOKEN: 't0ken-value' }), /t0ken-value/);
});

test('both checked-account pairs at once', () => {
  assert.match(
    messageFor({
      ...staging,
      ROCKETCHAT_USER: 'a',
      ROCKETCHAT_PASSWORD: 'bbbb',
      ROCKETCHAT_USER_ID: 'c',
      ROCKETCHAT_AUTH_TOKEN: 'dddd',
    }),
    /are both set\. The checked account is given by ONE of the two pairs/,
  );
});

test('no account at all against a URL', () => {
  assert.match(
    messageFor({ ROCKETCHAT_URL: 'https://chat.example.com' }),
    /No account to call rooms.get with/,
  );
});

test('bad port', () => {
  assert.match(messageFor({ RC_REFERENCE_PORT: '70000' }), /RC_REFERENCE_PORT="70000" is not a TCP port/);
});

test('several problems make one message listing each', () => {
  const message = messageFor({ CONTRACT_PROFILE: 'x', CONTRACT_WRITE: 'maybe' });
  assert.match(
    message,
    /^rooms-get-conformance: invalid configuration \(2 problems\):\n {2}- CONTRACT_PROFILE="x"/,
  );
  assert.match(message, /\n {2}- CONTRACT_WRITE="maybe"/);
});

test('CONTRACT_BASELINE names a readable conformance.json, resolved against the working directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-baseline-'));
  const file = join(dir, 'conformance.json');
  writeFileSync(
    file,
    JSON.stringify({
      verdict: 'PASSED',
      run: {
        target: 't',
        serverVersion: '7.4.1',
        profile: 'strict',
        contractHash: 'h',
        suiteVersion: '0.1.0',
      },
      families: [],
    }),
  );
  assert.equal(resolveConfig({}).baseline, undefined);
  assert.deepEqual(resolveConfig({ CONTRACT_BASELINE: file }).baseline, { source: file, file });
  const relativePath = relative(process.cwd(), file);
  assert.deepEqual(resolveConfig({ CONTRACT_BASELINE: relativePath }).baseline, {
    source: relativePath,
    file,
  });
  assert.deepEqual(resolveBaseline({ CONTRACT_BASELINE: file }), { source: file, file });
  assert.equal(resolveBaseline({ CONTRACT_BASELINE: ' ' }), undefined);
});

test('a CONTRACT_BASELINE that is missing or not a conformance.json is one message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-baseline-'));
  const expectation =
    "It must name the conformance.json of an earlier run (in that run's reports folder) for the reports to " +
    'compare this run with. Fix the path, or remove CONTRACT_BASELINE to run without a comparison.\n' +
    'See .env.example for every variable.';
  assert.equal(
    messageFor({ CONTRACT_BASELINE: join(dir, 'nope.json') }),
    `rooms-get-conformance: invalid configuration: CONTRACT_BASELINE="${join(dir, 'nope.json')}" cannot be ` +
      `read: no such file. ${expectation}`,
  );
  writeFileSync(join(dir, 'results.json'), '{"config":{},"suites":[]}');
  assert.equal(
    messageFor({ ...staging, CONTRACT_BASELINE: join(dir, 'results.json') }),
    `rooms-get-conformance: invalid configuration: CONTRACT_BASELINE="${join(dir, 'results.json')}" is not a ` +
      `conformance.json (no verdict PASSED, FAILED or INCOMPLETE). ${expectation}`,
  );
  assert.throws(() => resolveBaseline({ CONTRACT_BASELINE: dir }), {
    name: 'ConfigError',
    message: `rooms-get-conformance: invalid configuration: CONTRACT_BASELINE="${dir}" cannot be read: it is a folder, not a file. ${expectation}`,
  });
});

// Every variable the configuration reads is documented where users look for it.
test('.env.example and the README document every configuration variable', () => {
  const envExample = readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8');
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  for (const name of CONFIG_VARIABLES) {
    assert.match(envExample, new RegExp(`^# ${name}=`, 'm'), `.env.example has no "# ${name}=" line`);
    assert.ok(readme.includes(`\`${name}\``), `README.md does not name \`${name}\``);
  }
});

test('CONTRACT_PROPERTY_SEED: a seed, or a seed and a path, replays the updatedSince property', () => {
  assert.equal(resolveConfig({}).propertyReplay, undefined);
  assert.deepEqual(resolveConfig({ CONTRACT_PROPERTY_SEED: '-1220416374' }).propertyReplay, {
    seed: -1220416374,
  });
  assert.deepEqual(resolveConfig({ CONTRACT_PROPERTY_SEED: '42:12:0:3' }).propertyReplay, {
    seed: 42,
    path: '12:0:3',
  });
  assert.equal(
    messageFor({ CONTRACT_PROPERTY_SEED: 'seed-42' }),
    'rooms-get-conformance: invalid configuration: CONTRACT_PROPERTY_SEED="seed-42" is not a replay of the ' +
      'updatedSince property. Give the seed a failure names (a 32-bit integer, e.g. ' +
      'CONTRACT_PROPERTY_SEED=-1220416374) or its seed and path (e.g. CONTRACT_PROPERTY_SEED=-1220416374:12:0:3), ' +
      'or unset it to draw a new seed.\nSee .env.example for every variable.',
  );
});
