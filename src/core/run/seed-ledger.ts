import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * The seed ledger: one file per run, in a directory of this machine's user that outlives the run
 * (`<tmp>/rooms-get-conformance-ledger-<uid>/<run>.ledger`). Its first line names the run's process and
 * start; then every username the run is about to create on a server, written *before* the create
 * request, so a user created while the run is being interrupted is still known.
 *
 * Global teardown deletes exactly these users — one request each, instead of paging through every user of
 * a staging server — and removes the file once everything is gone. A run that never got that far
 * (Ctrl-C during preflight, a killed runner) leaves its file: the next run against the same server
 * finds it, sees that its process is gone, sweeps that run's `ct-<run>-` users and rooms, and says so.
 * A run whose process still lives is never touched (two runs may share a server). One line per user:
 * the server's URL, a tab, the username (a multi-target run seeds many servers).
 */
const RUN_PREFIX = /^ct-([a-z0-9]+)-/;
/** A run older than this is abandoned even if a process with its id exists (ids are reused). */
const MAX_RUN_AGE_MS = 12 * 60 * 60 * 1000;

function ledgerDirectory(): string {
  const uid = (() => {
    try {
      return String(userInfo().uid);
    } catch {
      return 'user';
    }
  })();
  return join(tmpdir(), `rooms-get-conformance-ledger-${uid}`);
}

function ledgerFile(runId: string): string {
  return join(ledgerDirectory(), `${runId}.ledger`);
}

/** Opens the run's ledger: its process and start time, for a later run to tell it from a live one. */
export function openRunLedger(runId: string, pid: number = process.pid, now: number = Date.now()): void {
  mkdirSync(ledgerDirectory(), { recursive: true, mode: 0o700 });
  writeFileSync(ledgerFile(runId), `#run\t${pid}\t${now}\n`, { mode: 0o600, flag: 'a' });
}

export function recordSeededUsername(server: string, username: string): void {
  const runId = RUN_PREFIX.exec(username)?.[1];
  if (!runId || !existsSync(ledgerFile(runId))) return;
  appendFileSync(ledgerFile(runId), `${server}\t${username}\n`, { mode: 0o600 });
}

/** The usernames the run seeded on `server`, or undefined when it has no ledger (then sweep by listing). */
export function seededUsernames(server: string, runId: string): string[] | undefined {
  const file = ledgerFile(runId);
  if (!existsSync(file)) return undefined;
  return usernamesIn(readFileSync(file, 'utf8'), server);
}

function usernamesIn(text: string, server: string): string[] {
  const prefix = `${server}\t`;
  return [
    ...new Set(
      text
        .split('\n')
        .filter((line) => line.startsWith(prefix))
        .map((line) => line.slice(prefix.length)),
    ),
  ];
}

/** The run has swept everything it seeded: its ledger goes. */
export function closeRunLedger(runId: string): void {
  rmSync(ledgerFile(runId), { force: true });
}

export interface AbandonedRun {
  runId: string;
  /** Its users on the server asked about (possibly none: its rooms are found by name). */
  usernames: string[];
}

/**
 * Earlier runs of this machine that seeded `server` and ended without sweeping it: their process is gone
 * (or they are older than any run lasts). A run still going is left alone.
 */
export function abandonedRuns(server: string, ownRunId: string, now: number = Date.now()): AbandonedRun[] {
  const directory = ledgerDirectory();
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.ledger') && name !== `${ownRunId}.ledger`)
    .flatMap((name) => {
      const file = join(directory, name);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return [];
      }
      const [, pid, startedAt] = /^#run\t(\d+)\t(\d+)/.exec(text) ?? [];
      const started = Number(startedAt ?? statSync(file).mtimeMs);
      const live = pid !== undefined && processAlive(Number(pid)) && now - started < MAX_RUN_AGE_MS;
      if (live) return [];
      // A run that stopped before seeding anything: nothing to sweep, anywhere.
      if (!text.includes('\t', text.indexOf('\n'))) rmSync(file, { force: true });
      if (!text.includes(`${server}\t`)) return [];
      return [{ runId: name.slice(0, -'.ledger'.length), usernames: usernamesIn(text, server) }];
    });
}

/** Forgets what an abandoned run seeded on `server` once swept (the file goes with its last server). */
export function forgetAbandoned(server: string, runId: string): void {
  const file = ledgerFile(runId);
  if (!existsSync(file)) return;
  const rest = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith(`${server}\t`));
  if (rest.every((line) => line.startsWith('#'))) rmSync(file, { force: true });
  else writeFileSync(file, `${rest.join('\n')}\n`, { mode: 0o600 });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
