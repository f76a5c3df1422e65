import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newerThanKnownNote, rulesFor } from '../../src/core/rocketchat/version-rules.js';

const MESSAGE = 'You must be logged in to do this.';

test('the 401 body by version: Restivus, the Hono router, 9.0', () => {
  assert.deepEqual(rulesFor('6.14.0').notLoggedInBody, { status: 'error', message: MESSAGE });
  assert.deepEqual(rulesFor('7.10').notLoggedInBody, {
    success: false,
    error: MESSAGE,
    status: 'error',
    message: MESSAGE,
  });
  assert.deepEqual(rulesFor('8.0.0').notLoggedInBody, {
    success: false,
    error: MESSAGE,
    status: 'error',
    message: MESSAGE,
  });
  assert.deepEqual(rulesFor('9.0.0').notLoggedInBody, { success: false, error: MESSAGE });
  assert.deepEqual(rulesFor('6.2').notLoggedInDelayMs, { min: 500, max: 1000 });
  assert.deepEqual(rulesFor('7.0.0').notLoggedInDelayMs, { min: 0, max: 0 });
});

test('DM ids by version', () => {
  assert.equal(rulesFor('7.10.0').oneToOneDmId, 'composed');
  assert.equal(rulesFor('8.0.0').oneToOneDmId, 'object-id');
  assert.equal(rulesFor('3.0.0').selfDmId, 'doubled-uid');
  assert.equal(rulesFor('3.1.0').selfDmId, 'meteor-id');
  assert.equal(rulesFor('6.1.9').groupDmId, 'meteor-id');
  assert.equal(rulesFor('6.2.0').groupDmId, 'object-id');
  assert.equal(rulesFor('3.0.5').dmHasUids, false);
  assert.equal(rulesFor('3.1.0').dmHasUids, true);
});

test('a server newer than the newest known major is checked with the newest rules, and says so', () => {
  const rules = rulesFor('10.2.1');
  assert.equal(rules.newerThanKnown, true);
  assert.equal(rules.version, '10.2.1');
  assert.deepEqual(rules.notLoggedInBody, rulesFor('9.0.0').notLoggedInBody);
  assert.equal(
    newerThanKnownNote(rules),
    'Rocket.Chat 10.2.1 is newer than 9.x, the newest version this suite knows: it was checked with the 9.x rules (docs/version-rules.md).',
  );
  assert.equal(newerThanKnownNote(rulesFor('9.3')), undefined);
  assert.throws(() => rulesFor('banana'), /"banana" is not a Rocket.Chat version/);
});

test('bypass tokens meet second-factor gates on 8.0–8.5 only (#41065, fixed in 8.6.0); no release gates users.create', () => {
  for (const version of ['7.10.0', '8.6.0', '8.10', '9.0.0'])
    assert.equal(rulesFor(version).personalTokenBypass, true, version);
  for (const version of ['8.0.0', '8.3', '8.5.9'])
    assert.equal(rulesFor(version).personalTokenBypass, false, version);
  for (const version of ['6.14.0', '7.10.0', '8.0.0', '8.6.0', '9.0.0'])
    assert.equal(rulesFor(version).usersCreateSecondFactor, false, version);
});
