import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Salted digests of the secrets a run obtained, left by the leak-scan reporter for report-check/ (which runs
 * after the secret spool is deleted). One file per reports folder, in the OS temp dir — never under
 * reports/ or test-results/, which get published.
 */
export interface SecretDigests {
  salt: string;
  digests: Array<{ length: number; hmac: string }>;
}

export function secretDigestsPath(reportsDir: string): string {
  const key = createHash('sha256').update(resolve(reportsDir)).digest('hex').slice(0, 16);
  return join(tmpdir(), 'rooms-get-conformance', `secret-digests-${key}.json`);
}

export function readSecretDigests(reportsDir: string): SecretDigests | undefined {
  const path = secretDigestsPath(reportsDir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SecretDigests) : undefined;
}

/** Whether any substring of `text` is one of the digested secret forms. Linear in text × distinct lengths. */
export function containsDigestedSecret(text: string, { salt, digests }: SecretDigests): boolean {
  const byLength = new Map<number, Set<string>>();
  for (const { length, hmac } of digests) {
    const set = byLength.get(length) ?? new Set<string>();
    set.add(hmac);
    byLength.set(length, set);
  }
  for (const [length, hmacs] of byLength) {
    for (let start = 0; start + length <= text.length; start++) {
      const candidate = text.slice(start, start + length);
      if (hmacs.has(createHmac('sha256', salt).update(candidate, 'utf8').digest('hex'))) return true;
    }
  }
  return false;
}
