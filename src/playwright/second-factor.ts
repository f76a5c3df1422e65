import { TOTP } from 'otpauth';
import { type AdminAccount, passwordDigest } from '../core/run/config.js';
import type { SecondFactor } from './rest-client.js';

/**
 * The second factor the configured admin gives (docs/rocketchat-behaviour.md §9.2): a TOTP code computed
 * from ROCKETCHAT_ADMIN_TOTP_SECRET (otpauth, RFC 6238: SHA-1, 6 digits, 30 s — Rocket.Chat's settings),
 * else Rocket.Chat's password fallback (the password's SHA-256 hex). A personal access token gives none:
 * created with "Ignore Two Factor Authentication", it passes every gate.
 */
export function adminSecondFactor(admin: AdminAccount | undefined): SecondFactor | undefined {
  if (admin === undefined || admin.kind === 'token') return undefined;
  if (admin.totpSecret !== undefined) return { method: 'totp', code: totpCodes(admin.totpSecret) };
  const digest = passwordDigest(admin.password);
  return { method: 'password', code: () => digest };
}

/** A function computing the current TOTP code for a base32 secret. */
export function totpCodes(secret: string): () => string {
  const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
  return () => totp.generate();
}
