import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor } from '../../src/core/secrets/redact.js';
import {
  describePlaywrightError,
  rateLimitWaitLine,
  rateLimitWaitMs,
} from '../../src/playwright/rest-client.js';

const now = 1_700_000_000_000;

test('429: waits until X-RateLimit-Reset (epoch ms), plus a margin', () => {
  assert.equal(rateLimitWaitMs(String(now + 12_000), '', now), 12_250);
});

test('429: a reset implausible for the local clock falls back to the body, then to one second', () => {
  const body =
    '{"success":false,"error":"Error, too many requests. Please slow down. You must wait 7 seconds before trying this endpoint again. [error-too-many-requests]"}';
  assert.equal(rateLimitWaitMs(String(now - 5_000), body, now), 7_250);
  assert.equal(rateLimitWaitMs(String(now + 3_600_000), body, now), 7_250);
  assert.equal(rateLimitWaitMs(undefined, 'slow down', now), 1_000);
});

test("Playwright's call log (request headers, token included) never survives, and secrets are redacted", () => {
  const redactor = new Redactor().add('tok-3f9a8b7c6d5e');
  const error = new Error(
    'apiRequestContext.fetch: read ECONNRESET tok-3f9a8b7c6d5e\nCall log:\n  - → GET http://127.0.0.1:3100/api/v1/rooms.get\n    - x-auth-token: tok-3f9a8b7c6d5e\n    - x-user-id: abc',
  );
  const described = describePlaywrightError(error, redactor);
  assert.deepEqual(described, { message: 'read ECONNRESET [REDACTED]', code: 'ECONNRESET' });
});

test('transport causes are named for preflight messages', () => {
  const redactor = new Redactor();
  const code = (message: string) => describePlaywrightError(new Error(message), redactor).code;
  assert.equal(code('apiRequestContext.fetch: connect ECONNREFUSED 127.0.0.1:1'), 'ECONNREFUSED');
  assert.equal(code('apiRequestContext.fetch: getaddrinfo ENOTFOUND no-such-host.invalid'), 'ENOTFOUND');
  assert.equal(
    code('apiRequestContext.fetch: self-signed certificate; DEPTH_ZERO_SELF_SIGNED_CERT'),
    'DEPTH_ZERO_SELF_SIGNED_CERT',
  );
  assert.equal(code('apiRequestContext.fetch: Timeout 4000ms exceeded.'), 'Timeout 4000ms exceeded');
});

test('a rate-limit wait is said as it starts: the request, how long, why', () => {
  assert.equal(
    rateLimitWaitLine(59_600, 'POST /api/v1/users.create'),
    'rate limit: POST /api/v1/users.create answered 429: waiting 59.6 s, ' +
      "as the server's X-RateLimit-Reset asks (the summary totals the waits)",
  );
});
