import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, request, sleep, startTestServer } from './helpers.js';

const BODY_429 = (seconds: number) => ({
  success: false,
  error: `Error, too many requests. Please slow down. You must wait ${seconds} seconds before trying this endpoint again. [error-too-many-requests]`,
});

describe('rate limiter', () => {
  test('10 calls per window per IP and route for a normal user: headers, 429, reset', async () => {
    const windowMs = 1500;
    const server = await startTestServer({ rateLimit: true, rateLimitWindowMs: windowMs });
    try {
      const user = await server.createUser();
      const started = Date.now();
      for (let call = 1; call <= 10; call++) {
        const result = await user.roomsGet();
        assert.equal(result.status, 200, `call ${call}`);
        assert.equal(result.headers.get('x-ratelimit-limit'), '10');
        assert.equal(result.headers.get('x-ratelimit-remaining'), String(10 - call));
        const reset = Number(result.headers.get('x-ratelimit-reset'));
        assert.ok(
          reset > started && reset <= Date.now() + windowMs,
          'reset is an epoch-ms time within the window',
        );
      }
      const limited = await user.roomsGet();
      assert.equal(limited.status, 429);
      const seconds = Number(String(limited.body.error).match(/wait (\d+) seconds/)?.[1]);
      assert.ok(seconds >= 1 && seconds <= Math.ceil(windowMs / 1000), `wait ${seconds} s`);
      assert.deepEqual(limited.body, BODY_429(seconds));
      assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');

      // Another route has its own counter; admins bypass; a 401 carries no rate-limit headers.
      assert.equal((await user.get('/api/v1/me')).status, 200);
      const admin = await server.admin.roomsGet();
      assert.equal(admin.status, 200);
      assert.equal(admin.headers.get('x-ratelimit-limit'), null);
      const anonymous = await new Client(server.url).roomsGet();
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers.get('x-ratelimit-limit'), null);

      await sleep(windowMs - (Date.now() - started) + 50);
      const afterReset = await user.roomsGet();
      assert.equal(afterReset.status, 200);
      assert.equal(afterReset.headers.get('x-ratelimit-remaining'), '9');
    } finally {
      await server.close();
    }
  });

  test('login is limited by IP; RC_REFERENCE_RATE_LIMIT=off removes the limiter', async () => {
    const limited = await startTestServer({ rateLimit: true });
    const open = await startTestServer({ rateLimit: false });
    try {
      const body = { user: 'nobody', password: 'x' };
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push(
          (await request(`${limited.url}/api/v1/login`, { body, headers: { 'X-Real-IP': '10.9.9.9' } }))
            .status,
        );
      assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
      const user = await open.createUser();
      for (let i = 0; i < 12; i++) {
        const result = await user.roomsGet();
        assert.equal(result.status, 200);
        assert.equal(result.headers.get('x-ratelimit-limit'), null);
      }
    } finally {
      await limited.close();
      await open.close();
    }
  });
});
