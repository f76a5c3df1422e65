import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { totpAt, verifyTotp } from '../src/twofactor/totp.js';
import { testTotp } from './totp.js';

/** RFC 6238 Appendix B, SHA-1: the ASCII secret "12345678901234567890", as base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTORS: ReadonlyArray<[seconds: number, code8: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
];

describe('TOTP (RFC 6238)', () => {
  test("the tests' helper and the server agree with the RFC vectors (last 6 digits)", () => {
    for (const [seconds, code8] of VECTORS) {
      assert.equal(testTotp(RFC_SECRET, seconds * 1000), code8.slice(2), `t=${seconds}`);
      assert.equal(totpAt(RFC_SECRET, seconds * 1000), code8.slice(2), `t=${seconds}`);
    }
  });

  test('a code is accepted one 30 s step either side, not two', () => {
    const now = 1_700_000_000_000;
    assert.ok(verifyTotp(RFC_SECRET, testTotp(RFC_SECRET, now), now, 1));
    assert.ok(verifyTotp(RFC_SECRET, testTotp(RFC_SECRET, now - 30_000), now, 1));
    assert.ok(verifyTotp(RFC_SECRET, testTotp(RFC_SECRET, now + 30_000), now, 1));
    assert.ok(!verifyTotp(RFC_SECRET, testTotp(RFC_SECRET, now - 60_000), now, 1));
    assert.ok(!verifyTotp(RFC_SECRET, 'abcdef', now, 1));
  });
});
