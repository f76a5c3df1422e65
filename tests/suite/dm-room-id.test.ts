import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareUtf16,
  composedDmRoomId,
  dmIdRulesFor,
  findCaseSensitivePartner,
  isCaseSensitivePair,
  isObjectId,
  METEOR_ID_PATTERN,
  sortUtf16,
} from '../../src/core/dm-room-id.js';

test('UTF-16 order: digits, then upper case, then lower case', () => {
  assert.deepEqual(sortUtf16(['b', 'a', 'Z', '9', 'A']), ['9', 'A', 'Z', 'a', 'b']);
  assert.equal(compareUtf16('Zz', 'aa'), -1);
  assert.equal(compareUtf16('x', 'x'), 0);
});

test('a 1:1 DM id is the sorted ids concatenated, whatever order they are given in', () => {
  // The documentation's own example (rooms.get.documented.md).
  assert.equal(
    composedDmRoomId(['fZ3bvXC72pobjFPLJ', 'WbYJfC5kTArcECGkp']),
    'WbYJfC5kTArcECGkpfZ3bvXC72pobjFPLJ',
  );
  assert.equal(composedDmRoomId(['rocket.cat', 'fZ3bvXC72pobjFPLJ']), 'fZ3bvXC72pobjFPLJrocket.cat');
  // Upper case before lower case: a case-insensitive sort would put "apple…" first.
  assert.equal(composedDmRoomId(['apple', 'Banana']), 'Bananaapple');
});

test('case-sensitive pairs: UTF-16 order differs from every case-insensitive order', () => {
  assert.equal(isCaseSensitivePair('Banana', 'apple'), true);
  assert.equal(isCaseSensitivePair('apple', 'Banana'), true);
  assert.equal(isCaseSensitivePair('apple', 'banana'), false);
  assert.equal(isCaseSensitivePair('Apple', 'Banana'), false);
  assert.equal(isCaseSensitivePair('2abc', 'Xabc'), false);
  assert.equal(isCaseSensitivePair('same', 'same'), false);
  assert.equal(findCaseSensitivePartner('Zed', ['Alpha', 'beta', 'zulu']), 'beta');
  assert.equal(findCaseSensitivePartner('Zed', ['Alpha']), undefined);
});

test('id formats', () => {
  assert.equal(isObjectId('5f0c2b3e9d1e8a0012345678'), true);
  assert.equal(isObjectId('5F0C2B3E9D1E8A0012345678'), false);
  assert.equal(isObjectId('WbYJfC5kTArcECGkp'), false);
  assert.equal(METEOR_ID_PATTERN.test('WbYJfC5kTArcECGkp'), true);
  assert.equal(METEOR_ID_PATTERN.test('WbYJfC5kTArcECGk1'), false); // "1" is not in Meteor's alphabet
});

test('rules by version', () => {
  assert.deepEqual(dmIdRulesFor('3.0.0'), { oneToOne: 'composed', selfAndGroup: 'legacy' });
  assert.deepEqual(dmIdRulesFor('6.1.3'), { oneToOne: 'composed', selfAndGroup: 'meteor-id' });
  assert.deepEqual(dmIdRulesFor('6.14.0'), { oneToOne: 'composed', selfAndGroup: 'object-id' });
  assert.deepEqual(dmIdRulesFor('7.10'), { oneToOne: 'composed', selfAndGroup: 'object-id' });
  assert.deepEqual(dmIdRulesFor('8.0.0'), { oneToOne: 'object-id', selfAndGroup: 'object-id' });
  assert.deepEqual(dmIdRulesFor(undefined), { oneToOne: 'composed', selfAndGroup: 'unknown' });
});
