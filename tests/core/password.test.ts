import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEEDED_PASSWORD_LENGTH, seededUserPassword } from '../../src/core/secrets/password.js';

test('seeded passwords satisfy every Accounts_Password_Policy_* option', () => {
  for (let sample = 0; sample < 2_000; sample++) {
    const password = seededUserPassword();
    assert.equal(password.length, SEEDED_PASSWORD_LENGTH);
    assert.match(password, /[a-z]/);
    assert.match(password, /[A-Z]/);
    assert.match(password, /[0-9]/);
    assert.match(password, /[^A-Za-z0-9]/);
    assert.doesNotMatch(password, /(.)\1/, `no character twice in a row: ${password}`);
  }
  assert.notEqual(seededUserPassword(), seededUserPassword());
});
