import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SECRETS_SPOOL_ENV } from './secret-spool.js';

/**
 * The seed ledger: every username the run is about to create on a server, written *before* the create
 * request, in the run's private temporary directory (beside the secret spool). Global teardown deletes
 * exactly these users on that server — one request each — instead of paging through every user on a
 * staging server, which costs a round trip per hundred users and stops finding leftovers past its page
 * bound. Written before the request, so a user created while the run is being interrupted is still known.
 * One line per user: the server's URL, a tab, the username (a multi-target run seeds many servers).
 */
function ledgerFile(env: NodeJS.ProcessEnv): string | undefined {
  const spool = env[SECRETS_SPOOL_ENV];
  return spool ? join(dirname(spool), 'seeded-usernames') : undefined;
}

export function recordSeededUsername(
  server: string,
  username: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const file = ledgerFile(env);
  if (file) appendFileSync(file, `${server}\t${username}\n`, { mode: 0o600 });
}

/** The usernames this run seeded on `server`, or undefined when the run has no ledger (then sweep by listing). */
export function seededUsernames(server: string, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const file = ledgerFile(env);
  if (!file || !existsSync(file)) return undefined;
  const prefix = `${server}\t`;
  return [
    ...new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith(prefix))
        .map((line) => line.slice(prefix.length)),
    ),
  ];
}
