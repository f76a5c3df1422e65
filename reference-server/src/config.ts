import { ConfigError } from './config-error.js';
import { FAULT_CATALOGUE, type FaultName, faultVersions, isFaultName } from './faults/catalogue.js';
import { FaultSet } from './faults/fault-set.js';
import {
  isProfileMajor,
  type ProfileMajor,
  RELEASE_PATTERN,
  releaseProfile,
  type VersionProfile,
} from './profiles.js';
import { parseSettingsList, resolveSettings, type Settings } from './settings.js';
import { isBase32Secret } from './twofactor/totp.js';
import { MALFORMATIONS, type Malformation } from './workspace/malformed-rooms.js';

export { ConfigError } from './config-error.js';

/**
 * Every option of the reference server, resolved and validated in one place. Environment variables
 * (see README and `--list-settings`) become `ReferenceServerOptions`; tests pass the options directly;
 * the fleet launcher reads each plan entry's variables through the same `optionsFromEnv`.
 */

/** A user created at start with a chosen `_id` — test-only, so ids whose sort order depends on case can be set up. */
export interface SeedUser {
  _id: string;
  username: string;
  name?: string;
  password: string;
}

type ActivityMode = 'quiet' | 'busy';

export interface ReferenceServerOptions {
  /** 0 picks a free port. */
  port?: number;
  version?: ProfileMajor;
  /** A release of that profile's line, X.Y.Z (RC_REFERENCE_VERSION=8.3 → 8.3.0); default the profile's own. */
  release?: string;
  /** users.create asks for a second factor, as on Rocket.Chat's develop branch (RC_REFERENCE_USERS_CREATE_2FA). */
  usersCreateTwoFactor?: boolean;
  adminUsername?: string;
  adminPassword?: string;
  /** The account benchmarks and read-only runs check (ROCKETCHAT_USER / ROCKETCHAT_PASSWORD). */
  checkedUsername?: string;
  checkedPassword?: string;
  shuffle?: boolean;
  /** Rocket.Chat settings by name (RC_REFERENCE_SETTINGS). */
  settings?: Partial<Record<string, unknown>>;
  /** Alias of the setting API_Enable_Rate_Limiter (RC_REFERENCE_RATE_LIMIT); an explicit setting wins. */
  rateLimit?: boolean;
  /** Test hooks for API_Enable_Rate_Limiter_Limit_Calls_Default / _Time_Default. */
  rateLimitCalls?: number;
  rateLimitWindowMs?: number;
  latencyMs?: number;
  faults?: readonly string[];
  seedRooms?: number;
  requestLogFile?: string;
  /** Where request log lines and 2FA e-mail codes go; false silences them. Default: stdout. */
  log?: ((line: string) => void) | false;
  /** Test-only: users with chosen ids (never reachable over HTTP). */
  seedUsers?: readonly SeedUser[];
  /** RC_REFERENCE_STAGING: 3 instances, ±200 ms, busy, legacy — each still overridable. */
  staging?: boolean;
  instances?: number;
  clockSkewMs?: number;
  activity?: ActivityMode;
  /** Test hook: the busy activity's delay between actions, [min, max] ms. */
  activityIntervalMs?: readonly [number, number];
  legacy?: boolean;
  /** RC_REFERENCE_MALFORMED_ROOMS: rooms.get answers rooms with fields missing, null or mistyped. */
  malformedRooms?: Malformation;
  /** Base32 TOTP secret for the admin (services.totp.enabled). */
  adminTotpSecret?: string;
  /** Rocket.Chat's CREATE_TOKENS_FOR_USERS(_SECRET): users.createToken works only when set. */
  createTokensSecret?: string;
  /** Test hook: 6.x's random 500–1000 ms delay on 401/403 (default on in profile 6). */
  delayUnauthorized?: boolean;
}

interface LimitConfig {
  enabled: boolean;
  calls: number;
  windowMs: number;
}

export interface ReferenceServerConfig {
  port: number;
  profile: VersionProfile;
  settings: Settings;
  admin: { username: string; password: string };
  checkedAccount: { username: string; password: string } | null;
  shuffle: boolean;
  rateLimit: LimitConfig;
  latencyMs: number;
  faults: FaultSet;
  seedRooms: number;
  requestLogFile: string | null;
  log: (line: string) => void;
  seedUsers: readonly SeedUser[];
  instances: number;
  clockSkewMs: number;
  activity: { mode: ActivityMode; intervalMs: readonly [number, number] };
  legacy: boolean;
  malformedRooms: Malformation | null;
  adminTotpSecret: string | null;
  createTokensSecret: string | null;
  delayUnauthorized: boolean;
}

const DEFAULTS = {
  port: 3100,
  version: 7 as ProfileMajor,
  adminUsername: 'admin',
  adminPassword: 'reference-admin-password',
  stagingInstances: 3,
  stagingClockSkewMs: 200,
  activityIntervalMs: [150, 300] as const,
  maxInstances: 64,
} as const;

function nonNegativeInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${what} must be a non-negative integer, got ${value}`);
  return value;
}

/** `8.3` or `8.3.1` → X.Y.Z, within the profile `major`. */
function releaseOf(raw: string, major: ProfileMajor): string {
  const match = RELEASE_PATTERN.exec(raw.trim());
  if (!match || Number(match[1]) !== major)
    throw new ConfigError(
      `RC_REFERENCE_VERSION must be a profile (6, 7, 8, 9) or one of its releases (e.g. 8.3 or 8.3.1), got "${raw}"`,
    );
  return `${match[1]}.${Number(match[2] ?? 0)}.${Number(match[3] ?? 0)}`;
}

/** The profile of RC_REFERENCE_VERSION: its major's, at the release asked for, with users.create's gate if switched. */
function resolveProfile(options: ReferenceServerOptions, version: ProfileMajor): VersionProfile {
  if (!isProfileMajor(version))
    throw new ConfigError(`RC_REFERENCE_VERSION must be 6, 7, 8 or 9, got ${String(version)}`);
  const release = options.release === undefined ? undefined : releaseOf(options.release, version);
  return {
    ...releaseProfile(version, release),
    ...(options.usersCreateTwoFactor === undefined
      ? {}
      : { usersCreateTwoFactor: options.usersCreateTwoFactor }),
  };
}

/** RC_REFERENCE_FAULTS: known names, each applying to this profile. */
function resolveFaults(names: readonly string[], version: ProfileMajor): FaultSet {
  const unknown = names.filter((name) => !isFaultName(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `unknown fault${unknown.length > 1 ? 's' : ''} in RC_REFERENCE_FAULTS: ${unknown.join(', ')}\n` +
        `valid names: ${FAULT_CATALOGUE.map((fault) => fault.name).join(', ')}`,
    );
  }
  const faultNames = names as FaultName[];
  for (const name of faultNames) {
    const versions = faultVersions(name);
    if (!versions.includes(version)) {
      throw new ConfigError(
        `fault ${name} applies to profiles ${versions.join(', ')}, not ${version} (RC_REFERENCE_VERSION)`,
      );
    }
  }
  return new FaultSet(faultNames);
}

/** The profile's stock settings, under the rate-limit aliases, under RC_REFERENCE_SETTINGS (an explicit setting wins). */
function resolveServerSettings(options: ReferenceServerOptions, version: ProfileMajor): Settings {
  const settingOverrides: Record<string, unknown> = {};
  if (options.rateLimit !== undefined) settingOverrides.API_Enable_Rate_Limiter = options.rateLimit;
  if (options.rateLimitCalls !== undefined)
    settingOverrides.API_Enable_Rate_Limiter_Limit_Calls_Default = nonNegativeInteger(
      options.rateLimitCalls,
      'rateLimitCalls',
    );
  if (options.rateLimitWindowMs !== undefined)
    settingOverrides.API_Enable_Rate_Limiter_Limit_Time_Default = nonNegativeInteger(
      options.rateLimitWindowMs,
      'rateLimitWindowMs',
    );
  return resolveSettings(version, { ...settingOverrides, ...options.settings });
}

/** RC_REFERENCE_STAGING's shape: instances, clock skew, activity and legacy rooms, each overridable. */
function resolveStagingShape(
  options: ReferenceServerOptions,
): Pick<ReferenceServerConfig, 'instances' | 'clockSkewMs' | 'activity' | 'legacy'> {
  const staging = options.staging === true;
  const instances = nonNegativeInteger(
    options.instances ?? (staging ? DEFAULTS.stagingInstances : 1),
    'RC_REFERENCE_INSTANCES',
  );
  if (instances < 1 || instances > DEFAULTS.maxInstances)
    throw new ConfigError(
      `RC_REFERENCE_INSTANCES must be between 1 and ${DEFAULTS.maxInstances}, got ${instances}`,
    );
  const clockSkewMs = nonNegativeInteger(
    options.clockSkewMs ?? (staging ? DEFAULTS.stagingClockSkewMs : 0),
    'RC_REFERENCE_CLOCK_SKEW_MS',
  );
  const activityMode = options.activity ?? (staging ? 'busy' : 'quiet');
  if (activityMode !== 'quiet' && activityMode !== 'busy')
    throw new ConfigError(`RC_REFERENCE_ACTIVITY must be quiet or busy, got ${String(activityMode)}`);
  const intervalMs = options.activityIntervalMs ?? DEFAULTS.activityIntervalMs;
  if (!(intervalMs[0] >= 1 && intervalMs[1] >= intervalMs[0]))
    throw new ConfigError(
      `activityIntervalMs must be [min, max] with 1 <= min <= max, got ${intervalMs.join(',')}`,
    );
  return {
    instances,
    clockSkewMs,
    activity: { mode: activityMode, intervalMs: [intervalMs[0], intervalMs[1]] },
    legacy: options.legacy ?? staging,
  };
}

function resolveAdminTotpSecret(secret: string | undefined): string | null {
  const adminTotpSecret = secret?.trim() || null;
  if (adminTotpSecret !== null && !isBase32Secret(adminTotpSecret)) {
    throw new ConfigError(
      'RC_REFERENCE_ADMIN_TOTP_SECRET must be a base32 secret (A–Z, 2–7, at least 16 characters, = padding allowed)',
    );
  }
  return adminTotpSecret;
}

/** Every option resolved and validated; each concern's checks run in this order, so the first error wins. */
export function resolveServerConfig(options: ReferenceServerOptions = {}): ReferenceServerConfig {
  const version = options.version ?? DEFAULTS.version;
  const profile = resolveProfile(options, version);
  const faults = resolveFaults(options.faults ?? [], version);
  const port = nonNegativeInteger(options.port ?? DEFAULTS.port, 'RC_REFERENCE_PORT');
  if (port > 65535) throw new ConfigError(`RC_REFERENCE_PORT must be at most 65535, got ${port}`);
  const settings = resolveServerSettings(options, version);
  const checkedAccount =
    options.checkedUsername && options.checkedPassword
      ? { username: options.checkedUsername, password: options.checkedPassword }
      : null;
  const sink = options.log;
  const log = sink === false ? () => {} : (sink ?? ((line: string) => process.stdout.write(`${line}\n`)));
  const stagingShape = resolveStagingShape(options);
  const adminTotpSecret = resolveAdminTotpSecret(options.adminTotpSecret);

  return {
    port,
    profile,
    settings,
    admin: {
      username: options.adminUsername || DEFAULTS.adminUsername,
      password: options.adminPassword || DEFAULTS.adminPassword,
    },
    checkedAccount,
    shuffle: options.shuffle ?? false,
    rateLimit: {
      enabled: settings.API_Enable_Rate_Limiter,
      calls: settings.API_Enable_Rate_Limiter_Limit_Calls_Default,
      windowMs: settings.API_Enable_Rate_Limiter_Limit_Time_Default,
    },
    latencyMs: nonNegativeInteger(options.latencyMs ?? 0, 'RC_REFERENCE_LATENCY_MS'),
    faults,
    seedRooms: nonNegativeInteger(options.seedRooms ?? 0, 'RC_REFERENCE_SEED_ROOMS'),
    requestLogFile: options.requestLogFile || null,
    log,
    seedUsers: options.seedUsers ?? [],
    ...stagingShape,
    malformedRooms: options.malformedRooms ?? null,
    adminTotpSecret,
    createTokensSecret: options.createTokensSecret || null,
    delayUnauthorized: options.delayUnauthorized ?? true,
  };
}

/** The environment variables the reference server reads (`--list-settings` prints them). */
export interface BehaviourSwitch {
  name: string;
  default: string;
  meaning: string;
}

export const BEHAVIOUR_SWITCHES: readonly BehaviourSwitch[] = [
  { name: 'RC_REFERENCE_PORT', default: '3100', meaning: 'port on 127.0.0.1 (0: a free one)' },
  {
    name: 'RC_REFERENCE_VERSION',
    default: '7',
    meaning:
      'profile 6, 7, 8 or 9 → /api/info 6.14.0 / 7.10.0 / 8.0.0 / 9.0.0; or a release of one (8.3, 8.6.1): its /api/info version and its minor’s differences (8.0–8.5: the token-bypass bug)',
  },
  {
    name: 'RC_REFERENCE_SETTINGS',
    default: '',
    meaning: 'Name=value,… Rocket.Chat settings (see the settings table)',
  },
  { name: 'ROCKETCHAT_ADMIN_USER', default: 'admin', meaning: 'the admin created at start' },
  {
    name: 'ROCKETCHAT_ADMIN_PASSWORD',
    default: 'reference-admin-password',
    meaning: "the admin's password",
  },
  {
    name: 'ROCKETCHAT_USER',
    default: '',
    meaning: 'with ROCKETCHAT_PASSWORD: a normal user created at start, the checked account',
  },
  { name: 'ROCKETCHAT_PASSWORD', default: '', meaning: "the checked account's password" },
  {
    name: 'RC_REFERENCE_ADMIN_TOTP_SECRET',
    default: '',
    meaning: 'base32 secret: the admin has TOTP 2FA (logins and gated routes need a code)',
  },
  {
    name: 'RC_REFERENCE_RATE_LIMIT',
    default: 'on',
    meaning: 'off: alias of API_Enable_Rate_Limiter=false (the REST limiter)',
  },
  {
    name: 'RC_REFERENCE_USERS_CREATE_2FA',
    default: 'off',
    meaning:
      "on: users.create asks for a second factor, as on Rocket.Chat's develop branch (no release does yet)",
  },
  {
    name: 'RC_REFERENCE_CREATE_TOKENS',
    default: '',
    meaning:
      "Rocket.Chat's CREATE_TOKENS_FOR_USERS(_SECRET): set → users.createToken works (8/9: body secret must equal it)",
  },
  {
    name: 'RC_REFERENCE_INSTANCES',
    default: '1 (staging 3)',
    meaning: 'app instances answering in turn, each with its own clock',
  },
  {
    name: 'RC_REFERENCE_CLOCK_SKEW_MS',
    default: '0 (staging 200)',
    meaning: "instances' clocks spread evenly over ±this many ms",
  },
  {
    name: 'RC_REFERENCE_ACTIVITY',
    default: 'quiet (staging busy)',
    meaning: 'busy: other users keep joining GENERAL, posting, creating and deleting rooms',
  },
  {
    name: 'RC_REFERENCE_LEGACY',
    default: 'off (staging on)',
    meaning: '1: the admin and checked account also hold rooms made under older versions’ rules',
  },
  {
    name: 'RC_REFERENCE_MALFORMED_ROOMS',
    default: 'off',
    meaning:
      'missing, null or wrong-type: rooms.get malforms every field but _id of each room that way, and lists extra rooms with one field missing, null or mistyped each',
  },
  {
    name: 'RC_REFERENCE_STAGING',
    default: 'off',
    meaning: '1: instances 3, skew ±200 ms, busy activity, legacy rooms (each overridable)',
  },
  { name: 'RC_REFERENCE_SHUFFLE', default: 'off', meaning: '1: rooms.get update in random order' },
  { name: 'RC_REFERENCE_LATENCY_MS', default: '0', meaning: 'delay every response by this much' },
  { name: 'RC_REFERENCE_FAULTS', default: '', meaning: 'name[,name…] from the fault table' },
  {
    name: 'RC_REFERENCE_SEED_ROOMS',
    default: '0',
    meaning: 'N extra rooms for the checked account (else the admin)',
  },
  {
    name: 'RC_REFERENCE_REQUEST_LOG',
    default: '',
    meaning: 'also append request log lines (and 2FA e-mail codes) to this file',
  },
];

export const SWITCH_NAMES: ReadonlySet<string> = new Set(BEHAVIOUR_SWITCHES.map((entry) => entry.name));

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

function malformationFromEnv(raw: string | undefined): Malformation | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (!(MALFORMATIONS as readonly string[]).includes(value))
    throw new ConfigError(
      `RC_REFERENCE_MALFORMED_ROOMS must be ${MALFORMATIONS.join(', ')} or empty, got "${raw}"`,
    );
  return value as Malformation;
}

/** Reads the documented environment variables (README, `--list-settings`) into options. */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): ReferenceServerOptions {
  const versionRaw = env.RC_REFERENCE_VERSION?.trim();
  let version: ProfileMajor | undefined;
  let release: string | undefined;
  if (versionRaw) {
    const major = Number(RELEASE_PATTERN.exec(versionRaw)?.[1]);
    if (!isProfileMajor(major)) {
      throw new ConfigError(
        `RC_REFERENCE_VERSION must be 6, 7, 8 or 9, or a release of one (e.g. 8.3), got "${versionRaw}"`,
      );
    }
    version = major;
    if (versionRaw.includes('.')) release = versionRaw;
  }
  const faults = (env.RC_REFERENCE_FAULTS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const activityRaw = env.RC_REFERENCE_ACTIVITY?.trim().toLowerCase();
  if (activityRaw && activityRaw !== 'quiet' && activityRaw !== 'busy')
    throw new ConfigError(`RC_REFERENCE_ACTIVITY must be quiet or busy, got "${env.RC_REFERENCE_ACTIVITY}"`);
  return {
    port: integerFromEnv(env.RC_REFERENCE_PORT, 'RC_REFERENCE_PORT'),
    version,
    release,
    usersCreateTwoFactor: flagFromEnv(
      env.RC_REFERENCE_USERS_CREATE_2FA,
      'RC_REFERENCE_USERS_CREATE_2FA',
      'on',
      'off',
    ),
    adminUsername: env.ROCKETCHAT_ADMIN_USER,
    adminPassword: env.ROCKETCHAT_ADMIN_PASSWORD,
    checkedUsername: env.ROCKETCHAT_USER,
    checkedPassword: env.ROCKETCHAT_PASSWORD,
    shuffle: flagFromEnv(env.RC_REFERENCE_SHUFFLE, 'RC_REFERENCE_SHUFFLE', 'on', 'off'),
    settings: env.RC_REFERENCE_SETTINGS ? parseSettingsList(env.RC_REFERENCE_SETTINGS) : undefined,
    rateLimit: flagFromEnv(env.RC_REFERENCE_RATE_LIMIT, 'RC_REFERENCE_RATE_LIMIT', 'on', 'off'),
    latencyMs: integerFromEnv(env.RC_REFERENCE_LATENCY_MS, 'RC_REFERENCE_LATENCY_MS'),
    faults,
    seedRooms: integerFromEnv(env.RC_REFERENCE_SEED_ROOMS, 'RC_REFERENCE_SEED_ROOMS'),
    requestLogFile: env.RC_REFERENCE_REQUEST_LOG,
    staging: flagFromEnv(env.RC_REFERENCE_STAGING, 'RC_REFERENCE_STAGING', 'on', 'off'),
    instances: integerFromEnv(env.RC_REFERENCE_INSTANCES, 'RC_REFERENCE_INSTANCES'),
    clockSkewMs: integerFromEnv(env.RC_REFERENCE_CLOCK_SKEW_MS, 'RC_REFERENCE_CLOCK_SKEW_MS'),
    activity: activityRaw ? (activityRaw as ActivityMode) : undefined,
    legacy: flagFromEnv(env.RC_REFERENCE_LEGACY, 'RC_REFERENCE_LEGACY', 'on', 'off'),
    malformedRooms: malformationFromEnv(env.RC_REFERENCE_MALFORMED_ROOMS),
    adminTotpSecret: env.RC_REFERENCE_ADMIN_TOTP_SECRET,
    createTokensSecret: env.RC_REFERENCE_CREATE_TOKENS,
  };
}
