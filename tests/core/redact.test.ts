import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor } from '../../src/core/secrets/redact.js';

test('every form of a secret is replaced: plain, URL-encoded, base64 and base64url, padded or not', () => {
  const secret = 'p@ss word/+?';
  const redactor = new Redactor().add(secret);
  const forms = [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
  ];
  for (const form of forms) assert.equal(redactor.redact(`a ${form} b`), 'a [REDACTED] b', form);
});

test('a secret that extends another is replaced whole, never half', () => {
  const redactor = new Redactor().add('token-1234').add('token-1234-extended');
  assert.equal(redactor.redact('[token-1234-extended] [token-1234]'), '[[REDACTED]] [[REDACTED]]');
});

test('adjacent and repeated secrets, at the very start and end of the text', () => {
  const redactor = new Redactor().add('abcd').add('wxyz');
  assert.equal(redactor.redact('abcdwxyzabcd'), '[REDACTED][REDACTED][REDACTED]');
  assert.equal(redactor.redact('abc'), 'abc');
});

test('short and empty values are not secrets; text without secrets is returned as is', () => {
  const redactor = new Redactor().add('').add(undefined).add(null).add('abc');
  assert.equal(redactor.size, 0);
  assert.equal(redactor.redact('abc abc'), 'abc abc');
});

test('thousands of secrets: adding stays cheap and redaction finds each one', () => {
  const redactor = new Redactor();
  const secrets = Array.from(
    { length: 3000 },
    (_, index) => `secret-${index.toString(36)}-${'x'.repeat(index % 7)}`,
  );
  for (const secret of secrets) redactor.add(secret);
  const sample = [secrets[0], secrets[1234], secrets[2999]].join(' | ');
  assert.equal(redactor.redact(sample), '[REDACTED] | [REDACTED] | [REDACTED]');
});
