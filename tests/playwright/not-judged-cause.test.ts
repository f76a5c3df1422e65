import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notJudgedCause, PremiseError } from '../../src/playwright/not-judged.js';
import { RateLimitError, TransportError } from '../../src/playwright/rest-client.js';
import { ApiError } from '../../src/playwright/rocketchat-client.js';
import { SeedingError } from '../../src/playwright/seeder.js';

// Why a check could not be judged, in the report's words: the cause's kind first, then its message.
test('each kind of stop is named by its cause', () => {
  const refused = new ApiError('users.create failed: 400 error-invalid-email', 400, 'error-invalid-email');
  assert.equal(
    notJudgedCause(new SeedingError('seeding failed at users.create: error-invalid-email', refused)),
    'seeding: users.create: error-invalid-email',
  );
  assert.equal(
    notJudgedCause(refused),
    'the server refused a call the check needs: users.create failed: 400 error-invalid-email',
  );
  assert.equal(
    notJudgedCause(new TransportError('GET /api/v1/rooms.get: connection reset', 'ECONNRESET')),
    'transport: GET /api/v1/rooms.get: connection reset',
  );
  assert.equal(
    notJudgedCause(new RateLimitError('rooms.get still limited after 60 s')),
    'rate limit: rooms.get still limited after 60 s',
  );
  assert.equal(notJudgedCause(new PremiseError('no timestamp moved')), 'premise: no timestamp moved');
  assert.equal(
    notJudgedCause(new TypeError('x is undefined\n    at somewhere')),
    'unexpected error in the check (TypeError): x is undefined',
  );
});
