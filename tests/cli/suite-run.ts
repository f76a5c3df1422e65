import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConformanceSummary } from '../../src/core/results/summary.js';

/**
 * The suite on the real command line, as a user runs it, against a reference server this test starts:
 * `runSuite` (scripts/lib/suite-run.ts) runs `npx playwright test` in its own process, with its own
 * reports and output folders, a scrubbed environment (a developer's shell or .env cannot change the
 * case), and ROCKETCHAT_URL pointing at the server (`startServer`: a reference server in a scrubbed
 * environment too).
 */
export type { StartedServer as ReferenceServer } from '../../scripts/lib/processes.js';
export { runSuite, type SuiteRun, startScrubbedServer as startServer } from '../../scripts/lib/suite-run.js';

/** The admin of a reference server, as the suite's configuration names it. */
export const REFERENCE_ADMIN = {
  ROCKETCHAT_ADMIN_USER: 'admin',
  ROCKETCHAT_ADMIN_PASSWORD: 'reference-admin-password',
};

/** A file in a fresh temp folder (removed with the process). */
export function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'suite-run-file-')), name);
  writeFileSync(file, content);
  return file;
}

/** The row of a check in a summary. */
export function rowOf(summary: ConformanceSummary | undefined, check: string) {
  return summary?.families.flatMap((family) => family.checks).find((row) => row.check === check);
}

export type Json = Record<string, unknown>;

/**
 * One REST call to a test's server, as the reference server's own user: POST with `body`, GET without;
 * `auth` is a login's `data` ({userId, authToken}). Anything but a 200 fails the test, naming the call.
 */
export async function call(url: string, path: string, auth: Json | undefined, body?: Json): Promise<Json> {
  const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
  if (auth) Object.assign(headers, { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.authToken });
  const response = await fetch(`${url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await response.json()) as Json;
  assert.equal(response.status, 200, `${path}: ${JSON.stringify(json)}`);
  return json;
}
