import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareUtf16,
  composedDmRoomId,
  dmIdEra,
  matchesGeneratedId,
  findCaseSensitivePartner,
  isCaseSensitivePair,
  isObjectId,
  METEOR_ID_PATTERN,
  sortUtf16,
} from '../../src/core/rocketchat/dm-room-id.js';

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

test('a DM an account already had is judged by the rules of the version that made it', () => {
  const a = 'WbYJfC5kTArcECGkp';
  const b = 'fZ3bvXC72pobjFPLJ';
  assert.equal(dmIdEra(`${a}${b}`, [a, b]), 'a composed 1:1 id (every version up to 7.x)');
  assert.equal(dmIdEra('665f1c2e9a1b2c3d4e5f6a7b', [a, b]), 'an ObjectId 1:1 id (8.x)');
  assert.equal(dmIdEra(`${b}${a}`, [a, b]), undefined, 'unsorted: no version made it');
  assert.equal(dmIdEra(`${a}${a}`, [a]), 'a doubled-uid self-DM id (up to 3.0)');
  assert.equal(
    dmIdEra(`${a}${a}`, [a, a]),
    'a doubled-uid self-DM id (up to 3.0)',
    'its uids as the 3.1 migration wrote them',
  );
  assert.equal(dmIdEra('Xk9mPq2RsTuWwYz3a', [a]), 'a Meteor-id self-DM (3.1 – 6.1)');
  assert.equal(dmIdEra('665f1c2e9a1b2c3d4e5f6a7b', [a]), 'an ObjectId self-DM (6.2 and later)');
  const c = 'ZZZZZZZZZZZZZZZZZ';
  assert.equal(dmIdEra(`${a}${c}${b}`, [a, c, b]), undefined, 'a group DM is never composed');
  assert.equal(dmIdEra('Xk9mPq2RsTuWwYz3a', [a, b, c]), 'a Meteor-id group DM (3.1 – 6.1)');
  assert.equal(
    dmIdEra('imported-group-1', [a, b, c]),
    'a group DM id of another origin (an import or federation)',
  );
  assert.equal(dmIdEra('whatever', [a, a]), undefined, 'a member twice');
});

test('generated ids: ObjectId, Meteor id, doubled uid', () => {
  assert.equal(matchesGeneratedId('665f1c2e9a1b2c3d4e5f6a7b', 'object-id', ['u']), true);
  assert.equal(matchesGeneratedId('665F1C2E9A1B2C3D4E5F6A7B', 'object-id', ['u']), false);
  assert.equal(matchesGeneratedId('Xk9mPq2RsTuWwYz3a', 'meteor-id', ['u']), true);
  assert.equal(
    matchesGeneratedId('Xk9mPq2RsTuVwYz3O', 'meteor-id', ['u']),
    false,
    "O is not in Meteor's alphabet",
  );
  assert.equal(matchesGeneratedId('uu', 'doubled-uid', ['u']), true);
});
