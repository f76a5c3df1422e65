import type { AdminAccount } from '../../core/run/config.js';
import { rulesFor } from '../../core/rocketchat/version-rules.js';
import { ApiError } from '../rocketchat-client.js';
import type { SeedingError } from '../seeder.js';
import { PreflightError } from './preflight-error.js';

/**
 * Turns what a Rocket.Chat server refused during preflight into the one message that names the
 * setting, permission or credential to change (docs/rocketchat-behaviour.md §9, README "Running against
 * staging"). Each function returns a PreflightError to throw.
 */

const PAT_ADVICE =
  'For CI, give the suite a personal access token created with "Ignore Two Factor Authentication" (My Account → ' +
  'Personal Access Tokens) in ROCKETCHAT_ADMIN_USER_ID and ROCKETCHAT_ADMIN_AUTH_TOKEN: it needs no login and ' +
  'no second factor on the routes the suite calls.';

const PERMISSION_CODES: ReadonlySet<string> = new Set([
  'error-action-not-allowed',
  'error-not-allowed',
  'error-unauthorized',
  'error-forbidden',
]);

/** A refused login of a configured account (the admin or the checked account). */
export function explainLoginRefusal(
  url: string,
  error: ApiError,
  account: {
    username: string;
    userVariable: string;
    passwordVariable: string;
    totpVariable?: string;
    hasTotp: boolean;
    /** As /api/info announced it (X.Y): what the refusal can and cannot tell depends on it. */
    serverVersion: string;
  },
): PreflightError {
  const who = `${account.userVariable} "${account.username}"`;
  switch (error.code) {
    case 'totp-required':
      if (error.method === 'email') {
        return new PreflightError(
          `${url} asks ${who} for an e-mailed two-factor code at login (e-mail two-factor is on for this account: ` +
            'it has a verified address and Accounts_TwoFactorAuthentication_By_Email_Enabled is on). The suite cannot ' +
            `read e-mail. ${PAT_ADVICE} Or turn e-mail two-factor off for this account (My Account → Security).`,
        );
      }
      return new PreflightError(
        `${url} asks ${who} for a TOTP two-factor code at login. ` +
          (account.totpVariable
            ? `Give the account's TOTP secret (base32, shown when two-factor was set up) in ${account.totpVariable}, or: ${PAT_ADVICE}`
            : `Use an account without two-factor for ${account.userVariable}, or give its personal access token instead.`),
      );
    case 'totp-invalid':
    case 'totp-max-attempts':
      return new PreflightError(
        `${url} refused the TOTP code the suite computed for ${who} from ${account.totpVariable ?? 'its secret'} ` +
          `(${error.code}). Check the secret, and that this machine's clock is right (codes change every 30 s).`,
      );
    default:
      if (error.code !== undefined && /email/i.test(error.code)) {
        return new PreflightError(
          `${url} refused the login of ${who} because its e-mail address is not verified (${error.code}; ` +
            'Accounts_EmailVerification is on). Verify the address in Administration → Users, or use an account whose address is verified.',
        );
      }
      return new PreflightError(
        `${url} refused the login of ${who} (HTTP ${error.status}${error.code ? `, ${error.code}` : ''}): ` +
          `check ${account.userVariable} and ${account.passwordVariable}` +
          (account.hasTotp ? ` (and ${account.totpVariable})` : '') +
          (majorOf(account.serverVersion) >= 9
            ? `. Rocket.Chat ${account.serverVersion} no longer says why a login failed: a second factor or an ` +
              `unverified address refuses it the same way. ${PAT_ADVICE}`
            : `: Rocket.Chat ${account.serverVersion} names a second factor or an unverified address when that is ` +
              'the reason, so this is the user name or the password.'),
      );
  }
}

/**
 * What the server refused while the suite seeded its test users and rooms (write mode): a blocked e-mail
 * domain, a second factor the admin cannot give, a missing permission, the password policy.
 */
export function explainSeedingRefusal(
  url: string,
  error: SeedingError,
  context: { admin: AdminAccount; emailDomain: string; serverVersion: string },
): PreflightError {
  const cause = error.original instanceof ApiError ? error.original : undefined;
  const code = cause?.code;
  const step = error.message;
  if (code === 'error-email-domain-blacklisted' || code === 'error-invalid-domain') {
    return new PreflightError(
      `${url} refuses the e-mail domain of the suite's test users ("${context.emailDomain}"; ${code}). Set ` +
        'CONTRACT_EMAIL_DOMAIN to a domain the server accepts (it is never mailed: the users are created without ' +
        'a welcome e-mail), or allow it in Administration → Accounts (Accounts_BlockedDomainsList, ' +
        'Accounts_UseDefaultBlockedDomainsList, Accounts_AllowedDomainsList).',
    );
  }
  if (code === 'totp-required' || code === 'totp-invalid') {
    const how =
      context.admin.kind === 'token'
        ? personalTokenAdvice(context.serverVersion)
        : cause?.method === 'email'
          ? `The admin has e-mail two-factor, whose code the suite cannot read. ${PAT_ADVICE}`
          : cause?.method === 'totp'
            ? 'The admin has TOTP two-factor: give its secret in ROCKETCHAT_ADMIN_TOTP_SECRET, or: ' +
              PAT_ADVICE
            : 'The password fallback (Accounts_TwoFactorAuthentication_Enforce_Password_Fallback) was refused. ' +
              PAT_ADVICE;
    return new PreflightError(
      `${url} (Rocket.Chat ${context.serverVersion}) asks for a second factor the suite could not give while ` +
        `creating its test users (${code} at ${step.replace(/^seeding failed at /, '').split(':')[0]}). ${how}`,
    );
  }
  if (code !== undefined && /password-policy/.test(code)) {
    return new PreflightError(
      `${url}'s password policy (Accounts_Password_Policy_*) refused the password the suite generates for its test ` +
        `users (${code}): 24 characters with upper and lower case, digits and symbols, no character repeated. ` +
        'Relax the policy for the run, or file an issue with the policy settings.',
    );
  }
  // A permission refusal: saveUser's error-action-not-allowed (400), or permissionsRequired's 403, whose
  // body names error-unauthorized up to 8.x and carries errorType error-forbidden from 9.0 (#43214).
  if (PERMISSION_CODES.has(code ?? '') || cause?.status === 403) {
    return new PreflightError(
      `${url} did not let the suite seed its test data (${step}${code ? `; ${code}` : ''}). The admin (or the role "user" of the suite's ` +
        'test users) lacks a permission the write mode needs; the README lists them under "Running against ' +
        'staging". Grant it, or run read-only with CONTRACT_WRITE=false.',
    );
  }
  return new PreflightError(
    `${url} refused to seed the suite's test data: ${step}. The write mode creates users, channels, groups, ` +
      'DMs, discussions and teams and deletes them at the end; run read-only with CONTRACT_WRITE=false if this ' +
      'server must not be written to.',
  );
}

/**
 * A personal access token met a second-factor gate. Rocket.Chat 8.0–8.5 challenge even a token made with
 * "Ignore Two Factor Authentication" there (fixed in 8.6.0): a new token would not help on those releases.
 */
function personalTokenAdvice(serverVersion: string): string {
  const withoutBypass =
    'The personal access token in ROCKETCHAT_ADMIN_AUTH_TOKEN was created without "Ignore Two Factor ' +
    'Authentication": create a new one with that option (My Account → Personal Access Tokens).';
  if (bypassHonoured(serverVersion)) return withoutBypass;
  return (
    'Rocket.Chat 8.0 to 8.5 ask for a second factor even with a personal access token created with "Ignore Two ' +
    'Factor Authentication" (fixed in 8.6.0, Rocket.Chat #41065). Upgrade the server to 8.6 or later, or give ' +
    'the admin by password instead (ROCKETCHAT_ADMIN_USER, ROCKETCHAT_ADMIN_PASSWORD, and ' +
    'ROCKETCHAT_ADMIN_TOTP_SECRET for an admin with TOTP). Otherwise: ' +
    withoutBypass
  );
}

/** Whether the release honours bypass tokens on gated routes; a version that does not parse is given the benefit. */
function bypassHonoured(serverVersion: string): boolean {
  try {
    return rulesFor(serverVersion).personalTokenBypass;
  } catch {
    return true;
  }
}

/** The login of a user the suite just created was refused. */
export function explainSeededLoginRefusal(
  url: string,
  error: ApiError,
  verifiedEmails: boolean,
): PreflightError {
  if (verifiedEmails && error.code === 'totp-required') {
    return new PreflightError(
      `${url} has Accounts_EmailVerification on, so the suite's test users need a verified address to log in — ` +
        'and with e-mail two-factor on (Accounts_TwoFactorAuthentication_By_Email_Enabled and ' +
        'Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In, the stock settings), a user with a verified ' +
        'address must give an e-mailed code at every login, which the suite cannot read. Turn off one of ' +
        'Accounts_EmailVerification, Accounts_TwoFactorAuthentication_By_Email_Enabled or ' +
        '_By_Email_Auto_Opt_In on this server, then run again.',
    );
  }
  return new PreflightError(
    `${url} refused the login of a user the suite had just created (${error.code ?? `HTTP ${error.status}`}): ` +
      `${error.message}. The suite's DM and membership checks log in as their own test users.`,
  );
}

/** Permissions the write mode needs, and the roles that must hold them. */
const WRITE_MODE_PERMISSIONS: ReadonlyArray<{
  permission: string;
  holder: 'admin' | 'user';
  why: string;
}> = [
  { permission: 'create-user', holder: 'admin', why: 'create the test users' },
  { permission: 'delete-user', holder: 'admin', why: 'delete them at the end' },
  { permission: 'create-c', holder: 'admin', why: 'create channels' },
  { permission: 'create-p', holder: 'admin', why: 'create private groups' },
  { permission: 'create-d', holder: 'admin', why: 'create DMs' },
  { permission: 'delete-c', holder: 'admin', why: 'delete channels' },
  { permission: 'delete-p', holder: 'admin', why: 'delete groups' },
  { permission: 'delete-d', holder: 'admin', why: 'delete DMs' },
  {
    permission: 'view-room-administration',
    holder: 'admin',
    why: 'create a DM between two other users and sweep leftovers',
  },
  { permission: 'start-discussion', holder: 'admin', why: 'open a discussion' },
  { permission: 'create-c', holder: 'user', why: 'let a test user create a channel the admin is not in' },
  { permission: 'create-p', holder: 'user', why: 'let a test user create a private group' },
  { permission: 'create-d', holder: 'user', why: 'let a test user create DMs' },
  { permission: 'create-team', holder: 'user', why: 'let a test user create teams' },
];

/**
 * The write-mode permissions the admin (by its roles) or the role "user" lacks, by permissions.listAll.
 * Permissions the server does not know at all are not required (an older server without teams).
 */
export function missingPermissions(
  granted: ReadonlyMap<string, readonly string[]>,
  adminRoles: readonly string[],
): string[] {
  return WRITE_MODE_PERMISSIONS.filter(({ permission, holder }) => {
    const roles = granted.get(permission);
    if (roles === undefined) return false;
    return holder === 'admin' ? !roles.some((role) => adminRoles.includes(role)) : !roles.includes('user');
  }).map(
    ({ permission, holder, why }) =>
      `${permission} (${holder === 'admin' ? 'the admin' : 'role "user"'}: ${why})`,
  );
}

/** The major version of an X.Y[.Z] version string (NaN when there is none). */
function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}
