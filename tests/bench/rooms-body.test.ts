import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getContractValidator } from '../../src/core/contract/validation.js';
import { brokenRoomsGetBody, roomsGetBody } from '../../scripts/bench/rooms-body.js';

const strict = () => getContractValidator('strict');

test("the validation bench's body validates under the strict profile, with unique ids", () => {
  const body = roomsGetBody(400);
  assert.equal(body.update.length, 400);
  const result = strict().validate('rooms.get', 200, body);
  assert.deepEqual(result.violations, []);
  assert.equal(new Set(body.update.map((room) => room._id)).size, 400);
  assert.deepEqual(new Set(body.update.map((room) => room.t)), new Set(['c', 'd', 'p']));
});

test('1:1 DM ids are their sorted uids concatenated, like the real thing', () => {
  for (const room of roomsGetBody(40).update.filter((room) => room.t === 'd')) {
    const uids = room.uids as string[];
    assert.equal(room._id, [...uids].sort().join(''));
  }
});

test('the broken body breaks every room the same way, once', () => {
  const body = brokenRoomsGetBody(300);
  const result = strict().validate('rooms.get', 200, body);
  assert.equal(result.violations.length, 300);
  assert.deepEqual(
    new Set(result.violations.map((violation) => violation.message)),
    new Set(['must match format "date-time"']),
  );
});
