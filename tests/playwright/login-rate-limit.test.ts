import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { Redactor } from '../../src/core/secrets/redact.js';
import { RateLimitError, RestClient } from '../../src/playwright/rest-client.js';
import { RocketChatClient } from '../../src/playwright/rocketchat-client.js';

// Rocket.Chat limits POST /api/v1/login with its REST limiter like any route: 429, X-RateLimit-Reset
// (epoch ms) and the [error-too-many-requests] body. The suite's login waits that out as it does on
// every route, and a limit that outlasts the bound says what helps for a login (no bypass permission).

const TOO_MANY =
  '{"success":false,"error":"Error, too many requests. Please slow down. You must wait 1 seconds before trying this endpoint again. [error-too-many-requests]"}';
const LOGGED_IN = JSON.stringify({
  status: 'success',
  data: { userId: 'u1', authToken: 'tok-login-429', me: { username: 'admin' } },
  success: true,
});

function answer(status: number, text: string, headers: Record<string, string> = {}): APIResponse {
  return {
    status: () => status,
    headers: () => ({ 'content-type': 'application/json', ...headers }),
    text: async () => text,
    dispose: async () => {},
  } as unknown as APIResponse;
}

/** A server whose login answers 429 `limited` times (reset 40 ms ahead), then logs in. */
function loginServer(limited: number) {
  const calls: string[] = [];
  const bodies: unknown[] = [];
  const request = {
    fetch: async (url: string, options: { method: string; data?: unknown }) => {
      calls.push(`${options.method} ${new URL(url).pathname}`);
      bodies.push(options.data);
      if (calls.length <= limited) {
        return answer(429, TOO_MANY, {
          'x-ratelimit-limit': '10',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Date.now() + 40),
        });
      }
      return answer(200, LOGGED_IN);
    },
  } as unknown as APIRequestContext;
  return { request, calls, bodies };
}

function client(request: APIRequestContext, waits: string[], rateLimitBoundMs = 5_000): RocketChatClient {
  return new RocketChatClient(
    new RestClient({
      request,
      baseUrl: 'http://rocketchat.invalid',
      redactor: new Redactor(),
      rateLimitBoundMs,
      events: { rateLimitWait: (_ms, label) => waits.push(label) },
    }),
  );
}

test('a login answered 429 waits for X-RateLimit-Reset and logs in, saying so as each wait starts', async () => {
  const { request, calls } = loginServer(2);
  const waits: string[] = [];
  const session = await client(request, waits).login('admin', 'secret');
  assert.deepEqual(session, { userId: 'u1', authToken: 'tok-login-429', username: 'admin' });
  assert.deepEqual(calls, Array(3).fill('POST /api/v1/login'));
  assert.deepEqual(waits, ['POST /api/v1/login', 'POST /api/v1/login']);
});

test('a TOTP login answered 429 sends a fresh code after the wait (a code is valid for 30 s, the wait up to 60 s)', async () => {
  const { request, bodies } = loginServer(1);
  let codes = 0;
  const code = () => String(++codes).padStart(6, '0');
  await client(request, []).login('admin', 'secret', { code });
  assert.deepEqual(bodies, [
    { user: 'admin', password: 'secret', code: '000001' },
    { user: 'admin', password: 'secret', code: '000002' },
  ]);
});

test('a login limited beyond the bound is a RateLimitError that never advises a bypass permission', async () => {
  const { request } = loginServer(Number.POSITIVE_INFINITY);
  const error = await client(request, [], 100)
    .login('admin', 'secret')
    .then(
      () => assert.fail('the login should have been refused'),
      (caught: unknown) => caught,
    );
  assert.ok(error instanceof RateLimitError, String(error));
  assert.match(error.message, /POST \/api\/v1\/login: rate limited/);
  assert.match(error.message, /nobody bypasses/);
  assert.match(error.message, /personal access token/);
  assert.doesNotMatch(error.message, /api-bypass-rate-limit/);
});
