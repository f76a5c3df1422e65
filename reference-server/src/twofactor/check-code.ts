import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { MeteorError } from '../errors.js';
import type { StoredToken, UserDoc } from '../store/types.js';
import type { Workspace } from '../workspace/context.js';
import { verifyTotp } from './totp.js';

/**
 * checkCodeForUser (apps/meteor/app/2fa/server/code/index.ts, 8.x apps/meteor/server/lib/2fa/code/index.ts)
 * with its three methods: TOTP (TOTPCheck.ts), e-mail (EmailCheck.ts) and the password fallback
 * (PasswordCheckFallback.ts). E-mailed codes are written to the server's log instead of mailed.
 */
export interface TwoFactorOptions {
  disablePasswordFallback?: boolean;
  disableRememberMe?: boolean;
  requireSecondFactor?: boolean;
}

/** A REST call's "connection": its token and the client fingerprint rememberAuthorization keys on. */
interface TwoFactorConnection {
  hashedToken: string;
  userAgent: string | undefined;
  clientAddress: string;
}

type MethodName = 'totp' | 'email' | 'password';
type InvalidCodeData = Record<string, unknown>;

interface CodeCheck {
  name: MethodName;
  isEnabled(ws: Workspace, user: UserDoc, force?: boolean): boolean;
  verify(ws: Workspace, user: UserDoc, code: string, force?: boolean): boolean;
  processInvalidCode(ws: Workspace, user: UserDoc): InvalidCodeData;
  maxFailedAttemptsReached(ws: Workspace, user: UserDoc): boolean;
}

const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const totpCheck: CodeCheck = {
  name: 'totp',
  isEnabled: (ws, user) =>
    ws.settings.Accounts_TwoFactorAuthentication_By_TOTP_Enabled && user.services.totp?.enabled === true,
  verify(ws, user, code) {
    const secret = user.services.totp?.secret;
    if (!this.isEnabled(ws, user) || !secret) return false;
    return verifyTotp(
      secret,
      code,
      ws.now().getTime(),
      ws.settings.Accounts_TwoFactorAuthentication_MaxDelta,
    );
  },
  processInvalidCode: () => ({ codeGenerated: false }),
  maxFailedAttemptsReached: () => false,
};

function verifiedEmails(user: UserDoc): string[] {
  return user.emails.filter((email) => email.verified).map((email) => email.address);
}

const emailCheck: CodeCheck = {
  name: 'email',
  // EmailCheck.isEnabled: the setting, services.email2fa.enabled and at least one verified e-mail.
  isEnabled: (ws, user) =>
    ws.settings.Accounts_TwoFactorAuthentication_By_Email_Enabled &&
    user.services.email2fa?.enabled === true &&
    verifiedEmails(user).length > 0,
  verify(ws, user, codeFromEmail) {
    if (!this.isEnabled(ws, user)) return false;
    const pending = user.services.emailCode;
    if (!pending) return false;
    const digits = codeFromEmail.replace(/[^\d]/g, '');
    if (pending.expire.getTime() < ws.now().getTime()) return false;
    if (sameText(sha256Hex(digits), pending.code)) {
      delete user.services.emailCode;
      return true;
    }
    pending.attempts += 1;
    return false;
  },
  processInvalidCode(ws, user) {
    const now = ws.now().getTime();
    if (user.services.emailCode && user.services.emailCode.expire.getTime() < now)
      delete user.services.emailCode;
    const emailOrUsername = user.username || verifiedEmails(user)[0];
    const pending = user.services.emailCode;
    // "Generate new code if there isn't any code with more than 5 minutes to expire" (sic: the
    // comparison is with now - 5 min, so any unexpired code is reused).
    if (pending && pending.expire.getTime() > now - 5 * 60_000 && !this.maxFailedAttemptsReached(ws, user)) {
      return { emailOrUsername, codeGenerated: false, codeExpires: pending.expire };
    }
    const code = String(randomInt(1_000_000)).padStart(6, '0');
    const expire = new Date(
      now + ws.settings.Accounts_TwoFactorAuthentication_By_Email_Code_Expiration * 1000,
    );
    user.services.emailCode = { code: sha256Hex(code), expire, attempts: 0 };
    ws.log(`2fa: e-mail code for ${user.username}: ${code}`);
    return { codeGenerated: true, emailOrUsername };
  },
  maxFailedAttemptsReached: (ws, user) =>
    (user.services.emailCode?.attempts ?? 0) >=
    ws.settings.Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts,
};

/** PasswordCheckFallback: the code is the lowercase sha256 hex of the password. */
function passwordDigestMatches(user: UserDoc, digest: string): boolean {
  const record = user.services.password;
  if (!record) return false;
  const expected = createHash('sha256').update(record.salt).update(digest.toLowerCase()).digest('hex');
  return sameText(expected, record.hash);
}

const passwordCheckFallback: CodeCheck = {
  name: 'password',
  isEnabled: (ws, user, force) =>
    force === true ||
    (ws.settings.Accounts_TwoFactorAuthentication_Enforce_Password_Fallback &&
      user.services.password !== undefined),
  verify(ws, user, code, force) {
    return this.isEnabled(ws, user, force) && passwordDigestMatches(user, code);
  },
  processInvalidCode: () => ({ codeGenerated: false }),
  maxFailedAttemptsReached: () => false,
};

/** checkMethods, in the source's Map insertion order: TOTP first, then e-mail. */
const CHECK_METHODS: readonly CodeCheck[] = [totpCheck, emailCheck];

function availableMethodNames(ws: Workspace, user: UserDoc): MethodName[] {
  return CHECK_METHODS.filter((method) => method.isEnabled(ws, user)).map((method) => method.name);
}

function secondFactorMethod(
  ws: Workspace,
  user: UserDoc,
  method: string | undefined,
  options: TwoFactorOptions,
): CodeCheck | undefined {
  const named = CHECK_METHODS.find((candidate) => candidate.name === method);
  if (named) return named;
  const active = CHECK_METHODS.find((candidate) => candidate.isEnabled(ws, user));
  if (active) return active;
  if (options.requireSecondFactor) return passwordCheckFallback;
  if (!options.disablePasswordFallback && passwordCheckFallback.isEnabled(ws, user, false)) {
    return passwordCheckFallback;
  }
  return undefined;
}

function fingerprint(connection: TwoFactorConnection): string {
  const data = JSON.stringify({ userAgent: connection.userAgent, clientAddress: connection.clientAddress });
  return createHash('md5').update(data).digest('hex');
}

function rememberDate(ws: Workspace, from: Date): Date | undefined {
  const rememberFor = ws.settings.Accounts_TwoFactorAuthentication_RememberFor;
  if (rememberFor <= 0) return undefined;
  return new Date(from.getTime() + rememberFor * 1000);
}

/** isAuthorizedForToken: PATs with bypassTwoFactor, the grace period after registration, a remembered pass. */
function isAuthorizedForToken(
  ws: Workspace,
  connection: TwoFactorConnection,
  user: UserDoc,
  options: TwoFactorOptions,
): boolean {
  const token: StoredToken | undefined = ws.db.findToken(user._id, connection.hashedToken);
  if (!token) return false;
  if (options.requireSecondFactor) return false;
  // 8.0–8.5 never reached this branch (the token was not yet resolved), so a bypass token was challenged.
  if (token.type === 'personalAccessToken' && token.bypassTwoFactor === true)
    return ws.profile.personalTokenBypassHonoured;
  const now = ws.now().getTime();
  const graceEnds = rememberDate(ws, user.createdAt);
  const withinGrace = graceEnds !== undefined && graceEnds.getTime() >= now;
  if (ws.profile.rememberAfterRegistrationNeedsNoMethod) {
    // 8.x: "Skip 2FA for a freshly registered user who has not set up any 2FA method yet".
    if (withinGrace && availableMethodNames(ws, user).length === 0) return true;
    if (options.disableRememberMe === true) return false;
  } else {
    if (options.disableRememberMe === true) return false;
    if (withinGrace) return true;
  }
  if (!token.twoFactorAuthorizedUntil || !token.twoFactorAuthorizedHash) return false;
  if (token.twoFactorAuthorizedUntil.getTime() < now) return false;
  return token.twoFactorAuthorizedHash === fingerprint(connection);
}

function rememberAuthorization(ws: Workspace, connection: TwoFactorConnection, user: UserDoc): void {
  const expires = rememberDate(ws, ws.now());
  const token = ws.db.findToken(user._id, connection.hashedToken);
  if (!expires || !token) return;
  token.twoFactorAuthorizedUntil = expires;
  token.twoFactorAuthorizedHash = fingerprint(connection);
}

export interface CheckCodeInput {
  user: UserDoc;
  code?: string;
  method?: string;
  options?: TwoFactorOptions;
  connection?: TwoFactorConnection;
}

/**
 * Throws Meteor errors `totp-required` ("TOTP Required"), `totp-invalid` ("TOTP Invalid") or
 * `totp-max-attempts`, with details `{method, ...data, availableMethods}`. TEST_MODE, which skips
 * the check in Rocket.Chat's own CI, is not modelled.
 */
export function checkCodeForUser(ws: Workspace, input: CheckCodeInput): void {
  const { user, connection, options = {} } = input;
  if (!ws.settings.Accounts_TwoFactorAuthentication_Enabled) return;
  const { code, method } = input;
  if (connection && isAuthorizedForToken(ws, connection, user, options)) return;

  const selected = secondFactorMethod(ws, user, method, options);
  if (!selected) return;
  const data = selected.processInvalidCode(ws, user);
  const availableMethods = availableMethodNames(ws, user);
  const details = { method: selected.name, ...data, availableMethods };
  if (!code) throw new MeteorError('totp-required', 'TOTP Required', details);
  if (!selected.verify(ws, user, code, options.requireSecondFactor)) {
    if (selected.maxFailedAttemptsReached(ws, user)) {
      throw new MeteorError('totp-max-attempts', 'TOTP Maximun Failed Attempts Reached', details);
    }
    throw new MeteorError('totp-invalid', 'TOTP Invalid', details);
  }
  if (options.disableRememberMe !== true && connection) rememberAuthorization(ws, connection, user);
}
