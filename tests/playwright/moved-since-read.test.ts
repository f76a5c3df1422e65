import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Room } from '../../src/core/rocketchat/rocketchat-api.js';
import { movedSinceRead } from '../../src/playwright/listing.js';

/** A listing's rooms by id, as readListing keeps them. */
const listed = (...rooms: Array<Pick<Room, '_id'> & { _updatedAt?: unknown }>) => ({
  rooms: new Map(rooms.map((room) => [room._id, room as Room])),
});
const AT = '2026-12-07T10:00:00.123Z';
const timed = [{ room: { _id: 'r1' }, at: AT }];

test('a timed room listed with the _updatedAt the check read has not moved (a boundary answer is judged)', () => {
  assert.equal(movedSinceRead([listed({ _id: 'r1', _updatedAt: AT })], timed), false);
});

test('a timed room listed with a later _updatedAt moved since it was read (asked again)', () => {
  assert.equal(movedSinceRead([listed({ _id: 'r1', _updatedAt: '2026-12-07T10:00:05.000Z' })], timed), true);
  // In any of the answers, for any of the timed rooms.
  assert.equal(
    movedSinceRead(
      [
        listed(),
        listed({ _id: 'r2', _updatedAt: AT }, { _id: 'r1', _updatedAt: '2026-12-07T10:00:00.124Z' }),
      ],
      [{ room: { _id: 'r2' }, at: AT }, ...timed],
    ),
    true,
  );
});

test('a timed room not listed, or listed without a string _updatedAt, is not taken for a moved one', () => {
  assert.equal(
    movedSinceRead([listed({ _id: 'other', _updatedAt: '2030-01-01T00:00:00.000Z' })], timed),
    false,
  );
  // A server that breaks the date's type fails the shape checks; here it is not a move to ask again for.
  assert.equal(movedSinceRead([listed({ _id: 'r1', _updatedAt: { $date: 1 } })], timed), false);
});
