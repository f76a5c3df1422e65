import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkContract, type HttpAnswer } from '../../src/core/contract/contract-check.js';
import { getContractValidator } from '../../src/core/contract/validation.js';

/** The matcher's text, word for word (OpenAPIValidators-style): what a tester reads when a check fails. */

const strict = getContractValidator('strict');
const documented = getContractValidator('documented');

function answer(status: number, body: unknown, contentType = 'application/json'): HttpAnswer {
  return {
    method: 'GET',
    path: '/api/v1/rooms.get',
    status,
    contentType,
    text: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const room = {
  _id: 'GENERAL',
  t: 'c',
  name: 'general',
  _updatedAt: '2024-07-16T08:49:34.732Z',
  ts: '2024-02-14T14:34:49.365Z',
};

test('a valid 200 passes, with a one-line summary', () => {
  const result = checkContract(
    strict,
    'rooms.get',
    200,
    answer(200, { update: [room], remove: [], success: true }),
  );
  assert.deepEqual(result, {
    pass: true,
    message:
      'GET /api/v1/rooms.get matches the contract for rooms.get 200 (profile strict, schema rooms.get.200.strict)',
  });
});

test('wrong status: expected and received, with a body excerpt', () => {
  const result = checkContract(
    strict,
    'rooms.get',
    200,
    answer(401, { status: 'error', message: 'You must be logged in to do this.' }),
  );
  assert.equal(result.pass, false);
  assert.equal(
    result.message,
    'GET /api/v1/rooms.get does not match the contract for rooms.get 200 (profile strict, schema rooms.get.200.strict):\n' +
      '  status: expected 200, received 401\n' +
      '  body: {"status":"error","message":"You must be logged in to do this."}',
  );
});

test('schema violations grouped, one line per rule, rooms wildcarded', () => {
  const body = {
    update: [
      { ...room, _updatedAt: '2024-07-16T08:49:34.732' },
      { ...room, _id: 'b', _updatedAt: '2024-07-16T08:49:35.000' },
      { ...room, _id: 'c', t: 'channel' },
    ],
    remove: [],
  };
  const result = checkContract(strict, 'rooms.get', 200, answer(200, body));
  assert.equal(
    result.message,
    'GET /api/v1/rooms.get does not match the contract for rooms.get 200 (profile strict, schema rooms.get.200.strict):\n' +
      '  body: 4 violations of rooms.get.200.strict:\n' +
      `    (root) must have required property 'success' ((root) = {"update":[{"_id":"GENERAL","t":"c","name":"general","_updatedAt":"2024-07-16T0…)\n` +
      '    /update/*/_updatedAt must match format "date-time" ×2 (first: /update/0/_updatedAt = "2024-07-16T08:49:34.732"; /update/1/_updatedAt = "2024-07-16T08:49:35.000")\n' +
      '    /update/*/t must be equal to one of the allowed values ("c", "d", "p", "l", "v") (/update/2/t = "channel")',
  );
});

test('wrong content type and a body that is not JSON', () => {
  const result = checkContract(
    strict,
    'rooms.get',
    200,
    answer(200, '<html>hi</html>', 'text/html; charset=utf-8'),
  );
  assert.equal(
    result.message,
    'GET /api/v1/rooms.get does not match the contract for rooms.get 200 (profile strict, schema rooms.get.200.strict):\n' +
      '  content type: expected application/json, received text/html; charset=utf-8\n' +
      '  body: not JSON: <html>hi</html>',
  );
});

test('a status the profile documents no body for: status and content type only', () => {
  const body = { success: false, error: 'anything' };
  const result = checkContract(documented, 'rooms.get', 400, answer(400, body));
  assert.deepEqual(result, {
    pass: true,
    message:
      'GET /api/v1/rooms.get matches the contract for rooms.get 400 (profile documented documents no body for 400: ' +
      'status and content type checked only)',
  });
  assert.equal(checkContract(strict, 'rooms.get', 400, answer(400, body)).pass, false);
});

test('secrets in the body are redacted, and headers never appear', () => {
  const redact = (text: string) => text.replaceAll('s3cr3t-token', '[REDACTED]');
  const result = checkContract(
    strict,
    'rooms.get',
    200,
    answer(500, { error: 'token s3cr3t-token rejected' }),
    redact,
  );
  assert.match(result.message, /body: \{"error":"token \[REDACTED\] rejected"\}/);
  assert.doesNotMatch(result.message, /s3cr3t-token|X-Auth-Token/i);
});
