import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  equivalentSpellings,
  isIsoUtcMillis,
  isoUtc,
  isoWithOffset,
  isStrictlyAfter,
  shifted,
} from '../../src/core/rocketchat/updated-since.js';

const instant = Date.parse('2017-11-25T15:08:17.248Z');

test("Rocket.Chat's date format: ISO-8601, UTC, milliseconds, Z", () => {
  assert.equal(isIsoUtcMillis('2017-11-25T15:08:17.248Z'), true);
  assert.equal(isIsoUtcMillis('2017-11-25T15:08:17.248'), false);
  assert.equal(isIsoUtcMillis('2017-11-25T15:08:17Z'), false);
  assert.equal(isIsoUtcMillis('2017-11-25T17:08:17.248+02:00'), false);
  assert.equal(isIsoUtcMillis('2017-02-30T00:00:00.000Z'), false);
  assert.equal(isIsoUtcMillis(1511622497248), false);
  assert.equal(isIsoUtcMillis({ $date: '2017-11-25T15:08:17.248Z' }), false);
  assert.equal(shifted('2017-11-25T15:08:17.248Z', -1), '2017-11-25T15:08:17.247Z');
  assert.equal(shifted('2017-11-25T15:08:17.248Z', 1000), '2017-11-25T15:08:18.248Z');
  assert.equal(Date.parse(shifted('2017-11-25T15:08:17.248Z', 0)), instant);
});

test('one instant written with offsets', () => {
  assert.equal(isoUtc(instant), '2017-11-25T15:08:17.248Z');
  assert.equal(isoWithOffset(instant, 120), '2017-11-25T17:08:17.248+02:00');
  assert.equal(isoWithOffset(instant, -330), '2017-11-25T09:38:17.248-05:30');
  assert.equal(isoWithOffset(Date.parse('2017-01-01T02:00:00.001Z'), -330), '2016-12-31T20:30:00.001-05:30');
  for (const { value } of equivalentSpellings(instant)) assert.equal(Date.parse(value), instant, value);
});

test('the boundary is strict, to the millisecond', () => {
  assert.equal(isStrictlyAfter('2017-11-25T15:08:17.248Z', '2017-11-25T15:08:17.248Z'), false);
  assert.equal(isStrictlyAfter('2017-11-25T15:08:17.248Z', '2017-11-25T15:08:17.247Z'), true);
  assert.equal(isStrictlyAfter('2017-11-25T15:08:17.248Z', '2017-11-25T17:08:17.247+02:00'), true);
});
