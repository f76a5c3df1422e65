import { createHmac } from 'node:crypto';

/**
 * RFC 6238 TOTP as Rocket.Chat uses it through speakeasy (apps/meteor/app/2fa/server/lib/totp.ts):
 * base32 secrets, HMAC-SHA1, 6 digits, 30 s steps, accepted within `Accounts_TwoFactorAuthentication_MaxDelta`
 * steps either side (default 1). Written on node:crypto alone.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const TOTP_STEP_MS = 30_000;

export function isBase32Secret(secret: string): boolean {
  const clean = secret.replace(/=+$/, '').toUpperCase();
  return clean.length >= 16 && [...clean].every((char) => BASE32.includes(char));
}

function base32Decode(secret: string): Buffer {
  const clean = secret.replace(/=+$/, '').replace(/\s/g, '').toUpperCase();
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error(`not a base32 character: ${char}`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP, 6 digits. */
function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const binary = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return binary.toString().padStart(6, '0');
}

export function totpAt(secret: string, timeMs: number): string {
  return hotp(base32Decode(secret), Math.floor(timeMs / TOTP_STEP_MS));
}

/** speakeasy.totp.verifyDelta with `window`: the code of any step within ±window of now. */
export function verifyTotp(secret: string, code: string, timeMs: number, window: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const key = base32Decode(secret);
  const step = Math.floor(timeMs / TOTP_STEP_MS);
  for (let delta = -window; delta <= window; delta++) if (hotp(key, step + delta) === code) return true;
  return false;
}
