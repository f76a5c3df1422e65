import { createHmac } from 'node:crypto';

/**
 * The tests' own RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s), written separately from the server's so
 * a shared mistake cannot hide. RFC 6238 Appendix B's SHA-1 vectors check it (totp.test.ts).
 */
export function testTotp(base32Secret: string, timeMs: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of base32Secret.replace(/=/g, '').toUpperCase())
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac.at(-1) ?? 0) & 15;
  const value = ((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** 6).toString();
  return value.padStart(6, '0');
}
