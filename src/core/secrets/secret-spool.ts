import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/**
 * The secret spool: a file in a private temporary directory (outside reports/ and test-results/)
 * to which every process of a run appends the secrets it knows or obtains. Workers obtain tokens the
 * runner process never sees; the leak scan, which runs in the runner process at the end, reads them
 * from here, scans every file the run wrote, and deletes the spool. Its path travels in
 * CONTRACT_SECRETS_SPOOL.
 */
export const SECRETS_SPOOL_ENV = 'CONTRACT_SECRETS_SPOOL';

export function spoolSecret(secret: string | undefined | null, env: NodeJS.ProcessEnv = process.env): void {
  const spool = env[SECRETS_SPOOL_ENV];
  if (!spool || !secret) return;
  // One JSON string per line, so secrets containing newlines survive the round trip.
  appendFileSync(spool, `${JSON.stringify(secret)}\n`, { mode: 0o600 });
}

export function readSpooledSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const spool = env[SECRETS_SPOOL_ENV];
  if (!spool || !existsSync(spool)) return [];
  return [
    ...new Set(
      readFileSync(spool, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as string),
    ),
  ];
}
