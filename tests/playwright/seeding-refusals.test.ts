import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { AdminAccount } from '../../src/core/run/config.js';
import { Redactor } from '../../src/core/secrets/redact.js';
import { explainSeedingRefusal } from '../../src/playwright/preflight/explain.js';
import { RestClient } from '../../src/playwright/rest-client.js';
import { ApiError, RocketChatClient } from '../../src/playwright/rocketchat-client.js';
import { SeedingError } from '../../src/playwright/seeder.js';

// What the server answered users.create is read from its body as Rocket.Chat writes it, then explained:
// 9.0's permission refusal (errorType error-forbidden, #43214), and a bypass token challenged by 8.0–8.5.

const URL = 'https://chat.invalid';
const TOKEN_ADMIN: AdminAccount = { kind: 'token', userId: 'u1', authToken: 'pat' };

/** users.create as the suite calls it, against a server that answers `status` with `body`. */
async function refusedUsersCreate(status: number, body: unknown): Promise<SeedingError> {
  const response = {
    status: () => status,
    headers: () => ({ 'content-type': 'application/json' }),
    text: async () => JSON.stringify(body),
    dispose: async () => {},
  } as unknown as APIResponse;
  const request = { fetch: async () => response } as unknown as APIRequestContext;
  const client = new RocketChatClient(
    new RestClient({
      request,
      baseUrl: URL,
      redactor: new Redactor(),
      session: { userId: 'u1', authToken: 'pat' },
    }),
  );
  const user = {
    username: 'ct-u1',
    name: 'ct-u1',
    email: 'ct-u1@rooms-get.invalid',
    password: 'pw',
    verified: false,
  };
  const error = await client.usersCreate(user).then(
    () => assert.fail('users.create should have been refused'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ApiError, String(error));
  return new SeedingError(
    `seeding failed at users.create ct-u1: ${error.message}`,
    error,
    'users.create ct-u1',
  );
}

test("9.0's 403 for a refused permission is read by its errorType and explained as a missing permission", async () => {
  const refused = await refusedUsersCreate(403, {
    success: false,
    error: 'User does not have the permissions required for this action [error-unauthorized]',
    errorType: 'error-forbidden',
  });
  assert.equal((refused.original as ApiError).code, 'error-forbidden');
  const message = explainSeedingRefusal(URL, refused, {
    admin: TOKEN_ADMIN,
    emailDomain: 'rooms-get.invalid',
    serverVersion: '9.0.0',
  }).message;
  assert.match(message, /did not let the suite seed its test data \(.*; error-forbidden\)/);
  assert.match(message, /lacks a permission the write mode needs/);
});

const TOTP_REQUIRED = {
  success: false,
  error: 'TOTP Required [totp-required]',
  errorType: 'totp-required',
  details: { method: 'totp', codeGenerated: false, availableMethods: ['totp'] },
};

test('a token challenged on 8.0–8.5 names those releases and the fix; elsewhere, the missing option', async () => {
  const explain = async (serverVersion: string) =>
    explainSeedingRefusal(URL, await refusedUsersCreate(400, TOTP_REQUIRED), {
      admin: TOKEN_ADMIN,
      emailDomain: 'rooms-get.invalid',
      serverVersion,
    }).message;
  for (const version of ['8.0.0', '8.3.1', '8.5.9']) {
    const message = await explain(version);
    assert.match(
      message,
      /Rocket\.Chat 8\.0 to 8\.5 ask for a second factor even with a personal access token/,
      version,
    );
    assert.match(
      message,
      /fixed in 8\.6\.0, Rocket\.Chat #41065\)\. Upgrade the server to 8\.6 or later/,
      version,
    );
    assert.match(message, /ROCKETCHAT_ADMIN_TOTP_SECRET/, version);
  }
  for (const version of ['7.10.0', '8.6.0', '9.0.0']) {
    const message = await explain(version);
    assert.doesNotMatch(message, /8\.0 to 8\.5/, version);
    assert.match(message, /was created without "Ignore Two Factor Authentication"/, version);
  }
});
