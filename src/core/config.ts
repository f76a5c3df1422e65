/**
 * Every environment variable the suite reads, resolved and validated in one place, once, before any test.
 * A bad value stops the run with ONE message naming the variable, what it expects and how to fix it,
 * instead of forty failing tests. Framework-neutral: playwright.config.ts, global setup, the fixtures and
 * the unit tests all call `resolveConfig`.
 */

import type { ContractProfile } from './validation.js';

export type { ContractProfile };

export interface AdminAccount {
  username: string;
  password: string;
}

/** An existing account whose own room list is also checked, read-only. */
export type CheckedAccount =
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
  /** Every secret value the configuration holds (for the secret spool and redaction). */
  secrets: string[];
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
  'ROCKETCHAT_USER',
  'ROCKETCHAT_PASSWORD',
  'ROCKETCHAT_USER_ID',
  'ROCKETCHAT_AUTH_TOKEN',
  'CONTRACT_PROFILE',
  'CONTRACT_WRITE',
] as const;

/** The configuration variables, each set to '' (unset, as resolveConfig reads it). */
export function blankConfigVariables(): Record<(typeof CONFIG_VARIABLES)[number], ''> {
  return Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, ''])) as Record<
    (typeof CONFIG_VARIABLES)[number],
    ''
  >;
}

export const DEFAULT_REFERENCE_PORT = 3100;
/** The reference server's own defaults (see .env.example); used only when the suite starts it. */
export const REFERENCE_ADMIN_USER = 'admin';
export const REFERENCE_ADMIN_PASSWORD = 'reference-admin-password';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const PROFILES: readonly ContractProfile[] = ['strict', 'documented'];

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
  const profile = PROFILES.find((candidate) => candidate === profileValue);
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

  let admin: AdminAccount | undefined;
  const adminUser = read('ROCKETCHAT_ADMIN_USER');
  const adminPassword = read('ROCKETCHAT_ADMIN_PASSWORD');
  if (referenceServer !== undefined) {
    admin = {
      username: adminUser ?? REFERENCE_ADMIN_USER,
      password: adminPassword ?? REFERENCE_ADMIN_PASSWORD,
    };
  } else if (adminUser !== undefined && adminPassword !== undefined) {
    admin = { username: adminUser, password: adminPassword };
  } else if (adminUser !== undefined || adminPassword !== undefined) {
    problems.push(pairMessage('ROCKETCHAT_ADMIN_USER', 'ROCKETCHAT_ADMIN_PASSWORD', adminUser !== undefined));
  }

  let checkedAccount: CheckedAccount | undefined;
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
  } else if (passwordPair) {
    if (user !== undefined && password !== undefined)
      checkedAccount = { kind: 'password', username: user, password };
    else problems.push(pairMessage('ROCKETCHAT_USER', 'ROCKETCHAT_PASSWORD', user !== undefined));
  } else if (tokenPair) {
    if (userId !== undefined && authToken !== undefined)
      checkedAccount = { kind: 'token', userId, authToken };
    else problems.push(pairMessage('ROCKETCHAT_USER_ID', 'ROCKETCHAT_AUTH_TOKEN', userId !== undefined));
  }

  // Only when everything above is well formed: a bad URL or a half pair explains itself, and "add
  // credentials" on top of it would be a second message about the same mistake.
  if (problems.length === 0) {
    if (write && admin === undefined) {
      problems.push(
        'CONTRACT_WRITE=true needs ROCKETCHAT_ADMIN_USER and ROCKETCHAT_ADMIN_PASSWORD: the suite creates ' +
          'and deletes its test users, rooms and messages as an administrator. Set both, or set ' +
          'CONTRACT_WRITE=false to run the read-only checks.',
      );
    } else if (admin === undefined && checkedAccount === undefined) {
      problems.push(
        'No account to call rooms.get with: ROCKETCHAT_URL is set but neither ROCKETCHAT_ADMIN_USER/' +
          'ROCKETCHAT_ADMIN_PASSWORD nor ROCKETCHAT_USER/ROCKETCHAT_PASSWORD (or ROCKETCHAT_USER_ID/' +
          'ROCKETCHAT_AUTH_TOKEN) is. Set one of these pairs in .env or the environment.',
      );
    }
  }

  if (problems.length > 0) {
    const heading =
      problems.length === 1
        ? 'invalid configuration:'
        : `invalid configuration (${problems.length} problems):`;
    const body = problems.length === 1 ? ` ${problems[0]}` : problems.map((p) => `\n  - ${p}`).join('');
    throw new ConfigError(`rooms-get-conformance: ${heading}${body}\nSee .env.example for every variable.`);
  }

  const secrets = [admin?.password, checkedAccount?.kind === 'password' ? checkedAccount.password : undefined]
    .concat(checkedAccount?.kind === 'token' ? [checkedAccount.authToken] : [])
    .filter((secret): secret is string => secret !== undefined);
  return { url, referenceServer, admin, checkedAccount, profile: profile ?? 'strict', write, secrets };
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
