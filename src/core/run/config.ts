/**
 * Every environment variable the suite reads, resolved and validated in one place, once, before any test.
 * A bad value stops the run with ONE message naming the variable, what it expects and how to fix it,
 * instead of forty failing tests. Framework-neutral: playwright.config.ts, global setup, the fixtures and
 * the unit tests all call `resolveConfig`.
 */

import { type PropertyReplay, parseReplay } from '../rocketchat/updated-since.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { RecordedRunError, readRecordedRun } from '../results/recorded-run.js';
import { CONTRACT_PROFILES, type ContractProfile } from '../contract/contract-profiles.js';
import { loadWaivers, waiversFile } from './waivers.js';
import { SourceError } from '../contract/yaml-source.js';
import { PROJECT_ROOT } from '../project-root.js';

export type { ContractProfile };

/**
 * The administrator the suite seeds and cleans up with, in one of Rocket.Chat's credential forms:
 * - a password, optionally with the secret of the account's TOTP second factor (codes are computed
 *   at login and on the routes Rocket.Chat guards with a second factor);
 * - a personal access token (user id + token), the form recommended for CI: created with "Ignore Two
 *   Factor Authentication", it passes every second-factor gate and needs no login.
 */
export type AdminAccount =
  | { kind: 'password'; username: string; password: string; totpSecret?: string }
  | { kind: 'token'; userId: string; authToken: string };

/** An existing account whose own room list is also checked, read-only. */
type CheckedAccount =
  | { kind: 'password'; username: string; password: string }
  | { kind: 'token'; userId: string; authToken: string };

export interface SuiteConfig {
  /** The target's base URL, without a trailing slash (a sub-path such as /chat is kept). */
  url: string;
  /** Set when ROCKETCHAT_URL is absent: Playwright's webServer starts the reference server on this port. */
  referenceServer: { port: number } | undefined;
  /** Used to create and delete test users, rooms and messages; may be absent in read-only mode. */
  admin: AdminAccount | undefined;
  checkedAccount: CheckedAccount | undefined;
  profile: ContractProfile;
  /** Whether the suite may create and delete users, rooms and messages. */
  write: boolean;
  /**
   * CONTRACT_WRITE as the user set it (undefined when unset). An explicit `false` chooses the read-only
   * scope: the checks that write are outside it, and a run that judged the rest can pass. Unset against a
   * URL, the run is read-only too, but it skipped what the user did not rule out: never a pass.
   */
  writeChosen: boolean | undefined;
  /** The e-mail domain of the users the suite creates (a stock server refuses example.com). */
  emailDomain: string;
  /** Every secret value the configuration holds (for the secret spool and redaction). */
  secrets: string[];
  /**
   * The conformance.json of an earlier run that the reports compare this run with (CONTRACT_BASELINE):
   * `source` as the variable gave it (shown in the reports), `file` resolved against the working directory.
   */
  baseline: { source: string; file: string } | undefined;
  /** The waivers file in force (CONTRACT_WAIVERS, else contract/waivers.yaml), valid when resolved. */
  waiversFile: string;
  /**
   * How long one request may take: a check's (CONTRACT_REQUEST_TIMEOUT_MS) and a preflight's
   * (CONTRACT_PREFLIGHT_TIMEOUT_MS, short so that a wrong URL stops the run within seconds).
   */
  timeouts: { requestMs: number; preflightMs: number };
  /**
   * CONTRACT_PROPERTY_SEED: the seed (and path) that replays the updatedSince property's run (its
   * counterexample); undefined: fast-check draws a seed, which a failure names.
   */
  propertyReplay: PropertyReplay | undefined;
}

/**
 * Every variable that chooses the target, the accounts or the contract. Tooling that runs the suite
 * on its own terms (the mutation matrix, the benchmarks, the report check, the CLI tests) blanks these,
 * so a developer's shell or .env cannot change what it measures: dotenv never overrides a variable that
 * is set, and an empty value reads as unset here.
 */
export const CONFIG_VARIABLES = [
  'ROCKETCHAT_URL',
  'ROCKETCHAT_ADMIN_USER',
  'ROCKETCHAT_ADMIN_PASSWORD',
  'ROCKETCHAT_ADMIN_TOTP_SECRET',
  'ROCKETCHAT_ADMIN_USER_ID',
  'ROCKETCHAT_ADMIN_AUTH_TOKEN',
  'ROCKETCHAT_USER',
  'ROCKETCHAT_PASSWORD',
  'ROCKETCHAT_USER_ID',
  'ROCKETCHAT_AUTH_TOKEN',
  'CONTRACT_PROFILE',
  'CONTRACT_WRITE',
  'CONTRACT_EMAIL_DOMAIN',
  'CONTRACT_WAIVERS',
  'CONTRACT_BASELINE',
  'CONTRACT_REQUEST_TIMEOUT_MS',
  'CONTRACT_PREFLIGHT_TIMEOUT_MS',
  'CONTRACT_PROPERTY_SEED',
] as const;

/** The configuration variables, each set to '' (unset, as resolveConfig reads it). */
export function blankConfigVariables(): Record<(typeof CONFIG_VARIABLES)[number], ''> {
  return Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, ''])) as Record<
    (typeof CONFIG_VARIABLES)[number],
    ''
  >;
}

/**
 * The reporting variables, read here and nowhere else: where reports go (CONTRACT_REPORTS_DIR, else
 * <project>/reports), whether a blob report is written besides (CONTRACT_BLOB=1; a --shard run always
 * writes one), and whether traces are kept (CONTRACT_TRACE: traces hold every request header, so they
 * are off unless asked for, and scrubbed when kept).
 */
export function reportsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(PROJECT_ROOT, env.CONTRACT_REPORTS_DIR || 'reports');
}

export function blobReportRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CONTRACT_BLOB === '1';
}

export type TraceMode = 'off' | 'on' | 'retain-on-failure';

export function traceMode(env: NodeJS.ProcessEnv = process.env): TraceMode {
  const value = env.CONTRACT_TRACE?.trim() || 'off';
  if (value === 'off' || value === 'on' || value === 'retain-on-failure') return value;
  throw new ConfigError(
    `CONTRACT_TRACE="${value}" must be "off" (the default), "on" or "retain-on-failure". Traces are scrubbed ` +
      'of secrets after each test; see docs/reports.md.',
  );
}

const DEFAULT_REFERENCE_PORT = 3100;
/** The reference server's own defaults (see .env.example); used only when the suite starts it. */
export const REFERENCE_ADMIN_USER = 'admin';
export const REFERENCE_ADMIN_PASSWORD = 'reference-admin-password';
/**
 * The account the bundled reference server also creates, so that a run without any configuration
 * checks an ordinary user's own list too (the checked-account check applies).
 */
export const REFERENCE_CHECKED_USER = 'qa.checked';
export const REFERENCE_CHECKED_PASSWORD = 'Reference-checked-Pa55!';

/**
 * Under the `.invalid` top-level domain (RFC 2606): never delivered to, and accepted by Rocket.Chat's
 * default blocked-domain list, which refuses example.com (docs/rocketchat-behaviour.md §9.3).
 */
const DEFAULT_EMAIL_DOMAIN = 'rooms-get-conformance.invalid';
const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Resolves the suite's configuration from `env`. Throws a ConfigError listing every problem found
 * (usually one), each naming the variable, what it expects and how to fix it. Values never appear in a
 * message when they could be secrets.
 */
export function resolveConfig(env: NodeJS.ProcessEnv = process.env): SuiteConfig {
  const problems: string[] = [];
  // An empty value (a blank line in .env, an unset CI secret) means "not set".
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const rawUrl = read('ROCKETCHAT_URL');
  const port = parsePort(read('RC_REFERENCE_PORT'), problems);
  let url = `http://127.0.0.1:${port}`;
  if (rawUrl !== undefined) url = parseTargetUrl(rawUrl, problems) ?? url;
  const referenceServer = rawUrl === undefined ? { port } : undefined;

  const profileValue = read('CONTRACT_PROFILE') ?? 'strict';
  const profile = CONTRACT_PROFILES.find((candidate) => candidate === profileValue);
  if (profile === undefined) {
    problems.push(
      `CONTRACT_PROFILE="${profileValue}" is not a contract profile. Expected "strict" (the default: ` +
        `what Rocket.Chat's source guarantees) or "documented" (the documentation page only). ` +
        `Fix or remove CONTRACT_PROFILE in .env or the environment.`,
    );
  }

  const writeValue = read('CONTRACT_WRITE');
  let write = referenceServer !== undefined;
  if (writeValue !== undefined) {
    if (writeValue === 'true') write = true;
    else if (writeValue === 'false') write = false;
    else {
      problems.push(
        `CONTRACT_WRITE="${writeValue}" must be "true" (the suite may create and delete test users, rooms ` +
          `and messages) or "false" (read-only). Unset, it is true against the bundled reference server ` +
          `and false against ROCKETCHAT_URL.`,
      );
    }
  }

  const admin = resolveAdmin(read, referenceServer !== undefined, problems);
  const checkedAccount = resolveCheckedAccount(read, referenceServer !== undefined, problems);

  const emailDomain = (read('CONTRACT_EMAIL_DOMAIN') ?? DEFAULT_EMAIL_DOMAIN).toLowerCase();
  if (!DOMAIN_PATTERN.test(emailDomain)) {
    problems.push(
      `CONTRACT_EMAIL_DOMAIN="${emailDomain}" is not a domain name. Expected a domain such as ` +
        `${DEFAULT_EMAIL_DOMAIN} (the default), where the suite's test users get their addresses; it must ` +
        "pass the server's Accounts_BlockedDomainsList / Accounts_AllowedDomainsList.",
    );
  }

  const baseline = baselineOf(read('CONTRACT_BASELINE'), problems);
  const waivers = waiversOf(env, problems);
  const timeouts = {
    requestMs: timeoutOf(
      'CONTRACT_REQUEST_TIMEOUT_MS',
      read('CONTRACT_REQUEST_TIMEOUT_MS'),
      DEFAULT_TIMEOUTS.requestMs,
      problems,
    ),
    preflightMs: timeoutOf(
      'CONTRACT_PREFLIGHT_TIMEOUT_MS',
      read('CONTRACT_PREFLIGHT_TIMEOUT_MS'),
      DEFAULT_TIMEOUTS.preflightMs,
      problems,
    ),
  };

  const seedValue = read('CONTRACT_PROPERTY_SEED');
  const propertyReplay = seedValue === undefined ? undefined : parseReplay(seedValue);
  if (seedValue !== undefined && propertyReplay === undefined) {
    problems.push(
      `CONTRACT_PROPERTY_SEED="${seedValue}" is not a replay of the updatedSince property. Give the seed ` +
        'a failure names (a 32-bit integer, e.g. CONTRACT_PROPERTY_SEED=-1220416374) or its seed and path ' +
        '(e.g. CONTRACT_PROPERTY_SEED=-1220416374:12:0:3), or unset it to draw a new seed.',
    );
  }

  // Only when everything above is well formed: a bad URL or a half pair explains itself, and "add
  // credentials" on top of it would be a second message about the same mistake.
  if (problems.length === 0) {
    if (write && admin === undefined) {
      problems.push(
        'CONTRACT_WRITE=true needs an administrator: the suite creates and deletes its test users, rooms ' +
          'and messages as one. Set ROCKETCHAT_ADMIN_USER_ID and ROCKETCHAT_ADMIN_AUTH_TOKEN (a personal ' +
          'access token with "Ignore Two Factor Authentication": recommended for CI) or ROCKETCHAT_ADMIN_USER ' +
          'and ROCKETCHAT_ADMIN_PASSWORD, or set CONTRACT_WRITE=false to run the read-only checks.',
      );
    } else if (admin === undefined && checkedAccount === undefined) {
      problems.push(
        'No account to call rooms.get with: ROCKETCHAT_URL is set but no administrator (ROCKETCHAT_ADMIN_USER_ID/' +
          'ROCKETCHAT_ADMIN_AUTH_TOKEN or ROCKETCHAT_ADMIN_USER/ROCKETCHAT_ADMIN_PASSWORD) and no checked account ' +
          '(ROCKETCHAT_USER/ROCKETCHAT_PASSWORD or ROCKETCHAT_USER_ID/ROCKETCHAT_AUTH_TOKEN) is. Set one of these ' +
          'pairs in .env or the environment.',
      );
    }
  }

  if (problems.length > 0) throw configError(problems);

  return {
    url,
    referenceServer,
    admin,
    checkedAccount,
    profile: profile ?? 'strict',
    write,
    writeChosen: writeValue === 'true' ? true : writeValue === 'false' ? false : undefined,
    emailDomain,
    secrets: [...accountSecrets(admin), ...accountSecrets(checkedAccount)],
    baseline,
    waiversFile: waivers,
    timeouts,
    propertyReplay,
  };
}

/** The defaults of CONTRACT_REQUEST_TIMEOUT_MS and CONTRACT_PREFLIGHT_TIMEOUT_MS. */
export const DEFAULT_TIMEOUTS = { requestMs: 15_000, preflightMs: 4_000 } as const;

function timeoutOf(name: string, value: string | undefined, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const ms = Number(value);
  if (Number.isInteger(ms) && ms >= 500 && ms <= 600_000) return ms;
  problems.push(
    `${name}="${value}" is not a timeout: give whole milliseconds from 500 to 600000 (default ${fallback}), ` +
      `e.g. ${name}=${fallback * 3} for a slow server.`,
  );
  return fallback;
}

/**
 * The waivers file in force, loaded once here so that a mistake in it (a typo'd check id, a bad date) is a
 * configuration error like any other — each problem as `<file>:<line>: …`, the file as it was loaded.
 */
function waiversOf(env: NodeJS.ProcessEnv, problems: string[]): string {
  const file = waiversFile(env);
  try {
    loadWaivers(file);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    const shown = relative(process.cwd(), file) || file;
    const fix = env.CONTRACT_WAIVERS?.trim()
      ? `fix ${shown} (CONTRACT_WAIVERS names it), or unset CONTRACT_WAIVERS`
      : `fix ${shown}`;
    problems.push(...error.message.split('\n').map((line) => `${line.replace(file, shown)} — ${fix}.`));
  }
  return file;
}

/**
 * A .env line dotenv cannot read is skipped without a word, and the variable it meant is then reported
 * missing or wrong — naming the wrong thing. Each such line is named by file and line instead. The line
 * itself is never shown: it may hold a password.
 */
export function checkEnvFile(file: string): void {
  if (!existsSync(file)) return;
  const shown = relative(process.cwd(), file) || file;
  const problems: string[] = [];
  let openQuote: string | undefined;
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (openQuote) {
        // Inside a quoted value spanning lines: it ends at its closing quote.
        if (line.includes(openQuote)) openQuote = undefined;
        return;
      }
      if (/^\s*(#.*)?$/.test(line)) return;
      const assignment = /^\s*(?:export\s+)?[A-Za-z_][\w.-]*\s*=\s*(["'`]?)(.*)$/.exec(line);
      if (!assignment) {
        problems.push(
          `${shown}:${index + 1}: this line is not NAME=value${line.includes('=') ? ' (the name before "=" is not a variable name)' : ' (it has no "=")'}. Write it as NAME=value, or start it with # to make it a comment.`,
        );
        return;
      }
      const [, quote, rest] = assignment as unknown as [string, string, string];
      if (quote && !rest.includes(quote)) openQuote = quote;
    });
  if (problems.length > 0) throw configError(problems);
}

function configError(problems: string[]): ConfigError {
  const heading =
    problems.length === 1 ? 'invalid configuration:' : `invalid configuration (${problems.length} problems):`;
  const body = problems.length === 1 ? ` ${problems[0]}` : problems.map((p) => `\n  - ${p}`).join('');
  return new ConfigError(`rooms-get-conformance: ${heading}${body}\nSee .env.example for every variable.`);
}

/**
 * CONTRACT_BASELINE alone, for the run summary (run-summary.ts): merge-reports replays the reporters without
 * validating the rest of the configuration, which a merge does not use.
 */
export function resolveBaseline(env: NodeJS.ProcessEnv = process.env): SuiteConfig['baseline'] {
  const problems: string[] = [];
  const baseline = baselineOf(env.CONTRACT_BASELINE?.trim() || undefined, problems);
  if (problems.length > 0) throw configError(problems);
  return baseline;
}

/**
 * CONTRACT_BASELINE must name a readable conformance.json. It is read here, before any check, so that a
 * typo stops the run at once instead of after minutes of checks with nothing to compare against.
 */
function baselineOf(
  source: string | undefined,
  problems: string[],
): { source: string; file: string } | undefined {
  if (source === undefined) return undefined;
  const file = resolve(source);
  try {
    readRecordedRun(file);
  } catch (error) {
    if (!(error instanceof RecordedRunError)) throw error;
    problems.push(
      `CONTRACT_BASELINE="${source}" ${error.problem}. It must name the conformance.json of an earlier run ` +
        "(in that run's reports folder) for the reports to compare this run with. Fix the path, or remove " +
        'CONTRACT_BASELINE to run without a comparison.',
    );
    return undefined;
  }
  return { source, file };
}

type Read = (name: string) => string | undefined;

/** The administrator: a personal access token, or a password (with an optional TOTP secret). */
function resolveAdmin(read: Read, referenceServer: boolean, problems: string[]): AdminAccount | undefined {
  const username = read('ROCKETCHAT_ADMIN_USER');
  const password = read('ROCKETCHAT_ADMIN_PASSWORD');
  const totpSecret = read('ROCKETCHAT_ADMIN_TOTP_SECRET');
  const userId = read('ROCKETCHAT_ADMIN_USER_ID');
  const authToken = read('ROCKETCHAT_ADMIN_AUTH_TOKEN');
  const tokenForm = userId !== undefined || authToken !== undefined;
  const passwordForm = username !== undefined || password !== undefined;
  if (totpSecret !== undefined && !/^[A-Z2-7]+=*$/i.test(totpSecret.replace(/\s+/g, ''))) {
    problems.push(
      'ROCKETCHAT_ADMIN_TOTP_SECRET is not a base32 TOTP secret (letters A-Z and digits 2-7, as shown ' +
        'under the QR code when two-factor authentication was set up). Fix it, or remove it if the admin ' +
        'has no TOTP.',
    );
    return undefined;
  }
  if (tokenForm && passwordForm) {
    problems.push(
      'ROCKETCHAT_ADMIN_USER_ID/ROCKETCHAT_ADMIN_AUTH_TOKEN and ROCKETCHAT_ADMIN_USER/ROCKETCHAT_ADMIN_PASSWORD ' +
        'are both set. The administrator is given by ONE of the two: keep the personal access token ' +
        '(recommended for CI) or the username and password, and remove the other pair.',
    );
    return undefined;
  }
  if (tokenForm) {
    if (referenceServer) {
      problems.push(
        'ROCKETCHAT_ADMIN_USER_ID/ROCKETCHAT_ADMIN_AUTH_TOKEN need ROCKETCHAT_URL: the bundled reference server ' +
          'starts fresh, so no personal access token of yours exists there. Remove them, or point ' +
          'ROCKETCHAT_URL at the server the token belongs to.',
      );
      return undefined;
    }
    if (totpSecret !== undefined) {
      problems.push(
        'ROCKETCHAT_ADMIN_TOTP_SECRET goes with ROCKETCHAT_ADMIN_USER/ROCKETCHAT_ADMIN_PASSWORD, not with a ' +
          'personal access token: a token created with "Ignore Two Factor Authentication" needs no code. ' +
          'Remove ROCKETCHAT_ADMIN_TOTP_SECRET.',
      );
      return undefined;
    }
    if (userId !== undefined && authToken !== undefined) return { kind: 'token', userId, authToken };
    problems.push(
      pairMessage('ROCKETCHAT_ADMIN_USER_ID', 'ROCKETCHAT_ADMIN_AUTH_TOKEN', userId !== undefined),
    );
    return undefined;
  }
  const withTotp =
    totpSecret === undefined ? {} : { totpSecret: totpSecret.replace(/\s+/g, '').toUpperCase() };
  if (referenceServer) {
    return {
      kind: 'password',
      username: username ?? REFERENCE_ADMIN_USER,
      password: password ?? REFERENCE_ADMIN_PASSWORD,
      ...withTotp,
    };
  }
  if (username !== undefined && password !== undefined) {
    return { kind: 'password', username, password, ...withTotp };
  }
  if (passwordForm) {
    problems.push(pairMessage('ROCKETCHAT_ADMIN_USER', 'ROCKETCHAT_ADMIN_PASSWORD', username !== undefined));
  } else if (totpSecret !== undefined) {
    problems.push(
      'ROCKETCHAT_ADMIN_TOTP_SECRET is set but ROCKETCHAT_ADMIN_USER and ROCKETCHAT_ADMIN_PASSWORD are not: ' +
        'the TOTP secret completes a password login. Set the pair, or remove the secret.',
    );
  }
  return undefined;
}

/**
 * The optional checked account. Against the bundled reference server it defaults to the ordinary user
 * that server creates (REFERENCE_CHECKED_USER), so a run without configuration checks that list too.
 */
function resolveCheckedAccount(
  read: Read,
  referenceServer: boolean,
  problems: string[],
): CheckedAccount | undefined {
  const user = read('ROCKETCHAT_USER');
  const password = read('ROCKETCHAT_PASSWORD');
  const userId = read('ROCKETCHAT_USER_ID');
  const authToken = read('ROCKETCHAT_AUTH_TOKEN');
  const passwordPair = user !== undefined || password !== undefined;
  const tokenPair = userId !== undefined || authToken !== undefined;
  if (passwordPair && tokenPair) {
    problems.push(
      'ROCKETCHAT_USER/ROCKETCHAT_PASSWORD and ROCKETCHAT_USER_ID/ROCKETCHAT_AUTH_TOKEN are both set. ' +
        'The checked account is given by ONE of the two pairs: keep the username and password, or the ' +
        'user id and personal access token, and remove the other pair.',
    );
    return undefined;
  }
  if (passwordPair) {
    if (user !== undefined && password !== undefined) return { kind: 'password', username: user, password };
    problems.push(pairMessage('ROCKETCHAT_USER', 'ROCKETCHAT_PASSWORD', user !== undefined));
    return undefined;
  }
  if (tokenPair) {
    if (referenceServer) {
      problems.push(
        'ROCKETCHAT_USER_ID/ROCKETCHAT_AUTH_TOKEN need ROCKETCHAT_URL: the bundled reference server creates its ' +
          'checked account from ROCKETCHAT_USER/ROCKETCHAT_PASSWORD. Use those, or point ROCKETCHAT_URL at the ' +
          'server the token belongs to.',
      );
      return undefined;
    }
    if (userId !== undefined && authToken !== undefined) return { kind: 'token', userId, authToken };
    problems.push(pairMessage('ROCKETCHAT_USER_ID', 'ROCKETCHAT_AUTH_TOKEN', userId !== undefined));
    return undefined;
  }
  if (referenceServer) {
    return { kind: 'password', username: REFERENCE_CHECKED_USER, password: REFERENCE_CHECKED_PASSWORD };
  }
  return undefined;
}

/**
 * Every secret an account carries. A password also travels as its SHA-256 digest: Rocket.Chat's
 * password fallback for second-factor routes takes it in the x-2fa-code header (§9.2).
 */
function accountSecrets(account: AdminAccount | CheckedAccount | undefined): string[] {
  if (account === undefined) return [];
  if (account.kind === 'token') return [account.authToken];
  const secrets = [account.password, passwordDigest(account.password)];
  if ('totpSecret' in account && account.totpSecret !== undefined) secrets.push(account.totpSecret);
  return secrets;
}

/** The lowercase SHA-256 hex of a password: what Rocket.Chat's password fallback compares. */
export function passwordDigest(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

function pairMessage(first: string, second: string, firstIsSet: boolean): string {
  const [set, missing] = firstIsSet ? [first, second] : [second, first];
  return `${set} is set but ${missing} is not: ${first} and ${second} go together. Set both, or remove ${set}.`;
}

function parsePort(value: string | undefined, problems: string[]): number {
  if (value === undefined) return DEFAULT_REFERENCE_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(
      `RC_REFERENCE_PORT="${value}" is not a TCP port. Expected a whole number from 1 to 65535 ` +
        `(default ${DEFAULT_REFERENCE_PORT}), the port the bundled reference server listens on.`,
    );
    return DEFAULT_REFERENCE_PORT;
  }
  return port;
}

function parseTargetUrl(value: string, problems: string[]): string | undefined {
  const expectation =
    'Expected the base URL of a Rocket.Chat server, such as https://chat.example.com (no /api path, no ' +
    'query). Fix ROCKETCHAT_URL in .env or the environment, or remove it to run against the bundled ' +
    'reference server.';
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    problems.push(`ROCKETCHAT_URL="${value}" is not a URL. ${expectation}`);
    return undefined;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // Never echo it: the value holds credentials.
    problems.push(
      `ROCKETCHAT_URL must not contain credentials (user:password@). Give the account in ` +
        `ROCKETCHAT_ADMIN_USER/ROCKETCHAT_ADMIN_PASSWORD instead. ${expectation}`,
    );
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    problems.push(
      `ROCKETCHAT_URL="${value}" uses ${parsed.protocol} but must use http: or https:. ${expectation}`,
    );
    return undefined;
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    problems.push(`ROCKETCHAT_URL="${value}" has a query or fragment. ${expectation}`);
    return undefined;
  }
  if (/\/api(\/|$)/.test(parsed.pathname)) {
    problems.push(`ROCKETCHAT_URL="${value}" includes the /api path. ${expectation}`);
    return undefined;
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
