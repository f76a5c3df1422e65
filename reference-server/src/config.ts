import { FAULT_CATALOGUE, type FaultName, isFaultName } from './faults/catalogue.js';
import { FaultSet } from './faults/fault-set.js';
import { PROFILES, type ProfileMajor, type VersionProfile } from './profiles.js';

/**
 * Every option of the reference server, resolved and validated in one place. Environment variables
 * (see README) become `ReferenceServerOptions`; tests pass the options directly.
 */

/** A user created at start with a chosen `_id` — test-only, so ids whose sort order depends on case can be set up. */
export interface SeedUser {
  _id: string;
  username: string;
  name?: string;
  password: string;
}

export interface ReferenceServerOptions {
  /** 0 picks a free port. */
  port?: number;
  version?: ProfileMajor;
  adminUsername?: string;
  adminPassword?: string;
  /** The account benchmarks and read-only runs check (ROCKETCHAT_USER / ROCKETCHAT_PASSWORD). */
  checkedUsername?: string;
  checkedPassword?: string;
  shuffle?: boolean;
  rateLimit?: boolean;
  /** Test hooks: Rocket.Chat's defaults are 10 calls per 60 000 ms. */
  rateLimitCalls?: number;
  rateLimitWindowMs?: number;
  latencyMs?: number;
  faults?: readonly string[];
  seedRooms?: number;
  requestLogFile?: string;
  /** Where request log lines go; false silences them. Default: stdout. */
  log?: ((line: string) => void) | false;
  /** Test-only: users with chosen ids (never reachable over HTTP). */
  seedUsers?: readonly SeedUser[];
}

export interface ReferenceServerConfig {
  port: number;
  profile: VersionProfile;
  admin: { username: string; password: string };
  checkedAccount: { username: string; password: string } | null;
  shuffle: boolean;
  rateLimit: { enabled: boolean; calls: number; windowMs: number };
  latencyMs: number;
  faults: FaultSet;
  seedRooms: number;
  requestLogFile: string | null;
  log: (line: string) => void;
  seedUsers: readonly SeedUser[];
}

export const DEFAULTS = {
  port: 3100,
  version: 7 as ProfileMajor,
  adminUsername: 'admin',
  adminPassword: 'reference-admin-password',
  rateLimitCalls: 10,
  rateLimitWindowMs: 60_000,
} as const;

/** A configuration mistake: the message says what is wrong and how to fix it. */
export class ConfigError extends Error {}

function nonNegativeInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${what} must be a non-negative integer, got ${value}`);
  return value;
}

export function resolveConfig(options: ReferenceServerOptions = {}): ReferenceServerConfig {
  const version = options.version ?? DEFAULTS.version;
  const profile = PROFILES[version];
  if (!profile) throw new ConfigError(`RC_REFERENCE_VERSION must be 6, 7 or 8, got ${String(version)}`);

  const unknown = (options.faults ?? []).filter((name) => !isFaultName(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `unknown fault${unknown.length > 1 ? 's' : ''} in RC_REFERENCE_FAULTS: ${unknown.join(', ')}\n` +
        `valid names: ${FAULT_CATALOGUE.map((fault) => fault.name).join(', ')}`,
    );
  }
  const faults = new FaultSet((options.faults ?? []) as FaultName[]);

  const port = nonNegativeInteger(options.port ?? DEFAULTS.port, 'RC_REFERENCE_PORT');
  if (port > 65535) throw new ConfigError(`RC_REFERENCE_PORT must be at most 65535, got ${port}`);

  const checkedAccount =
    options.checkedUsername && options.checkedPassword
      ? { username: options.checkedUsername, password: options.checkedPassword }
      : null;

  const sink = options.log;
  const log = sink === false ? () => {} : (sink ?? ((line: string) => process.stdout.write(`${line}\n`)));

  return {
    port,
    profile,
    admin: {
      username: options.adminUsername || DEFAULTS.adminUsername,
      password: options.adminPassword || DEFAULTS.adminPassword,
    },
    checkedAccount,
    shuffle: options.shuffle ?? false,
    rateLimit: {
      enabled: options.rateLimit ?? true,
      calls: nonNegativeInteger(options.rateLimitCalls ?? DEFAULTS.rateLimitCalls, 'rateLimitCalls'),
      windowMs: nonNegativeInteger(
        options.rateLimitWindowMs ?? DEFAULTS.rateLimitWindowMs,
        'rateLimitWindowMs',
      ),
    },
    latencyMs: nonNegativeInteger(options.latencyMs ?? 0, 'RC_REFERENCE_LATENCY_MS'),
    faults,
    seedRooms: nonNegativeInteger(options.seedRooms ?? 0, 'RC_REFERENCE_SEED_ROOMS'),
    requestLogFile: options.requestLogFile || null,
    log,
    seedUsers: options.seedUsers ?? [],
  };
}

function integerFromEnv(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return Number(raw.trim());
}

function flagFromEnv(
  raw: string | undefined,
  name: string,
  onWord: string,
  offWord: string,
): boolean | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim().toLowerCase();
  if ([onWord, 'on', '1', 'true', 'yes'].includes(value)) return true;
  if ([offWord, 'off', '0', 'false', 'no'].includes(value)) return false;
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

/** Reads the documented environment variables (README) into options. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): ReferenceServerOptions {
  const versionRaw = env.RC_REFERENCE_VERSION?.trim();
  let version: ProfileMajor | undefined;
  if (versionRaw) {
    const major = versionRaw.split('.')[0];
    if (major !== '6' && major !== '7' && major !== '8') {
      throw new ConfigError(`RC_REFERENCE_VERSION must be 6, 7 or 8, got "${versionRaw}"`);
    }
    version = Number(major) as ProfileMajor;
  }
  const faults = (env.RC_REFERENCE_FAULTS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  return {
    port: integerFromEnv(env.RC_REFERENCE_PORT, 'RC_REFERENCE_PORT'),
    version,
    adminUsername: env.ROCKETCHAT_ADMIN_USER,
    adminPassword: env.ROCKETCHAT_ADMIN_PASSWORD,
    checkedUsername: env.ROCKETCHAT_USER,
    checkedPassword: env.ROCKETCHAT_PASSWORD,
    shuffle: flagFromEnv(env.RC_REFERENCE_SHUFFLE, 'RC_REFERENCE_SHUFFLE', 'on', 'off'),
    rateLimit: flagFromEnv(env.RC_REFERENCE_RATE_LIMIT, 'RC_REFERENCE_RATE_LIMIT', 'on', 'off'),
    latencyMs: integerFromEnv(env.RC_REFERENCE_LATENCY_MS, 'RC_REFERENCE_LATENCY_MS'),
    faults,
    seedRooms: integerFromEnv(env.RC_REFERENCE_SEED_ROOMS, 'RC_REFERENCE_SEED_ROOMS'),
    requestLogFile: env.RC_REFERENCE_REQUEST_LOG,
  };
}
