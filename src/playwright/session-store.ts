import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Session } from '../core/rocketchat-api.js';
import { SECRETS_SPOOL_ENV } from '../core/secret-spool.js';

/**
 * The sessions preflight opened, handed to the workers and to global teardown so that the admin logs
 * in once per run, not once per worker: Playwright restarts a worker after every failing test, and a
 * stock Rocket.Chat limits logins to 10 a minute per client IP. The file lives next to the secret spool,
 * in the private temporary directory playwright.config.ts created (mode 0600, outside reports/ and
 * test-results/), and global teardown deletes it.
 */
export const SESSION_FILE_ENV = 'CONTRACT_SESSION_FILE';

export interface StoredSessions {
  /** The account the checks run as: the admin when configured, else the checked account. */
  primary: Session & { isAdmin: boolean };
  /** The checked account (ROCKETCHAT_USER… or a personal access token), when configured. */
  checked?: Session & { kind: 'password' | 'token' };
}

export function saveSessions(sessions: StoredSessions, env: NodeJS.ProcessEnv = process.env): void {
  const spool = env[SECRETS_SPOOL_ENV];
  if (!spool) throw new Error(`${SECRETS_SPOOL_ENV} is not set: playwright.config.ts creates it`);
  const file = join(dirname(spool), 'sessions.json');
  writeFileSync(file, JSON.stringify(sessions), { mode: 0o600 });
  env[SESSION_FILE_ENV] = file;
}

export function loadSessions(env: NodeJS.ProcessEnv = process.env): StoredSessions | undefined {
  const file = env[SESSION_FILE_ENV];
  if (!file || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as StoredSessions;
}

export function removeSessions(env: NodeJS.ProcessEnv = process.env): void {
  const file = env[SESSION_FILE_ENV];
  if (file) rmSync(file, { force: true });
}
