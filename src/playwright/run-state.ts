import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ContractProfile } from '../core/run/config.js';
import type { StoredSession } from '../core/rocketchat/rocketchat-api.js';
import { SECRETS_SPOOL_ENV } from '../core/secrets/secret-spool.js';
import type { PreflightStop } from '../core/results/summary.js';
import type { BuiltWorld } from './shared-world.js';

export type { StoredSession } from '../core/rocketchat/rocketchat-api.js';

/**
 * What preflight (global setup) learned and built, handed to the workers and to global teardown through
 * ONE typed file: the run's facts, and per target its version, sessions, how it lets the suite seed, and
 * the shared world of users and rooms built once for the whole run. The file lives in the run's private
 * directory beside the secret spool (mode 0600, outside reports/ and test-results/: it holds tokens);
 * global teardown deletes it with the spool.
 *
 * A normal run has one target. The mutation matrix runs several in one Playwright run (a target plan,
 * see src/playwright/target-plan.ts); each then carries the checks planned for it.
 */

export interface TargetState {
  /** `default` for a normal run; the plan's key in a multi-target run. */
  key: string;
  url: string;
  /** As /api/info reported it to the admin (X.Y.Z) or to anyone (X.Y). */
  serverVersion: string;
  profile: ContractProfile;
  write: boolean;
  /** The account the checks run as: the admin when one is configured, else the checked account. */
  primary: StoredSession & { isAdmin: boolean };
  /** The second factor the admin gives on guarded routes (none for a personal access token). */
  adminSecondFactor: 'password' | 'totp' | 'none';
  checked?: StoredSession;
  /** How users are created on this server (write mode). */
  seeding?: { emailDomain: string; verifiedEmails: boolean };
  /** Write-mode permissions permissions.listAll shows missing (seeding then loses what they refuse). */
  missingPermissions?: string[];
  /** Earlier runs of the suite whose leftovers preflight found on this server and swept. */
  leftoversSwept?: Array<{ runId: string; users: number; rooms: number }>;
  /** Built once per run in write mode, each piece as far as the server allowed (`world.pieces`). */
  world?: BuiltWorld;
  /** Multi-target runs: the checks planned for this target (absent: every check of the profile). */
  checks?: string[];
  /** Multi-target runs: the planned checks are expected to fail (a faulted server). */
  expectFailure?: boolean;
}

/** What the run is before preflight contacts any target: in the run state, or in the stop record. */
export interface RunPlan {
  runId: string;
  suiteVersion: string;
  contractHash: string;
  /** The checks this run is meant to judge (the profile's, where they apply), by id. */
  planned: string[];
  /** Checks of the profile that do not apply to this configuration, with why. */
  notApplicable: Array<{ check: string; reason: string }>;
}

export interface RunState extends RunPlan {
  targets: TargetState[];
}

/**
 * A run preflight stopped: why (the stop, with the step that stopped it), the plan, and what preflight
 * had learned of the target by then — the version, if GET /api/info answered. The reports are built
 * from it; nothing is parsed back from the message.
 */
export interface StopRecord extends RunPlan {
  stop: PreflightStop;
  target: {
    url: string;
    profile: ContractProfile;
    write: boolean;
    /** As /api/info reported it, when it answered before the stop. */
    serverVersion?: string;
  };
}

export const DEFAULT_TARGET_KEY = 'default';

/** The run's private directory: where playwright.config.ts put the secret spool. */
export function runDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const spool = env[SECRETS_SPOOL_ENV];
  if (!spool) throw new Error(`${SECRETS_SPOOL_ENV} is not set: playwright.config.ts creates it`);
  return dirname(spool);
}

function runStatePath(env: NodeJS.ProcessEnv): string {
  return join(runDirectory(env), 'run-state.json');
}

export function saveRunState(state: RunState, env: NodeJS.ProcessEnv = process.env): void {
  writeFileSync(runStatePath(env), JSON.stringify(state), { mode: 0o600 });
}

/** The run state, or undefined when preflight has not written it (a bad configuration stopped the run). */
export function loadRunState(env: NodeJS.ProcessEnv = process.env): RunState | undefined {
  if (!env[SECRETS_SPOOL_ENV]) return undefined;
  const path = runStatePath(env);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as RunState;
}

/**
 * The stop record, when preflight stopped the run (one message, already printed, and whose problem it
 * is): the reports show what preflight learned and say once why no check ran, and the exit code follows
 * the stop's kind. A stopped run has no run state; the directory goes when the runner exits.
 */
export function saveStopRecord(record: StopRecord, env: NodeJS.ProcessEnv = process.env): void {
  writeFileSync(join(runDirectory(env), 'stop-record.json'), JSON.stringify(record), { mode: 0o600 });
}

export function loadStopRecord(env: NodeJS.ProcessEnv = process.env): StopRecord | undefined {
  if (!env[SECRETS_SPOOL_ENV]) return undefined;
  const path = join(runDirectory(env), 'stop-record.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as StopRecord) : undefined;
}

const CLEANUP_FAILURES = /^cleanup-failures-\d+\.json$/;

/**
 * The deletions a worker's background cleanups could not make (src/playwright/fixtures/seeding.ts), one
 * line each, for global teardown: it prints them (its sweep, by the run's prefix, deletes what they left).
 */
export function saveCleanupFailures(
  workerIndex: number,
  failures: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): void {
  const path = join(runDirectory(env), `cleanup-failures-${workerIndex}.json`);
  writeFileSync(path, JSON.stringify(failures), { mode: 0o600 });
}

export function loadCleanupFailures(env: NodeJS.ProcessEnv = process.env): string[] {
  if (!env[SECRETS_SPOOL_ENV]) return [];
  const directory = runDirectory(env);
  return readdirSync(directory)
    .filter((name) => CLEANUP_FAILURES.test(name))
    .sort()
    .flatMap((name) => JSON.parse(readFileSync(join(directory, name), 'utf8')) as string[]);
}

export function requireRunState(env: NodeJS.ProcessEnv = process.env): RunState {
  const state = loadRunState(env);
  if (!state) {
    throw new Error(
      'preflight did not run: start the suite with `npx playwright test` (global setup writes the run state)',
    );
  }
  return state;
}

export function targetOf(state: RunState, key: string): TargetState {
  const target = state.targets.find((candidate) => candidate.key === key);
  if (!target)
    throw new Error(
      `no target "${key}" in the run state (known: ${state.targets.map((t) => t.key).join(', ')})`,
    );
  return target;
}
