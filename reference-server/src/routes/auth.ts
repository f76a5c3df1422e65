import { MeteorError } from '../errors.js';
import { loginFailureBody } from '../rules/error-bodies.js';
import type { UserDoc } from '../store/types.js';
import { checkCodeForUser } from '../twofactor/check-code.js';
import type { Workspace } from '../workspace/context.js';
import {
  checkPassword,
  hashLoginToken,
  issueLoginToken,
  type PasswordInput,
  publicUser,
} from '../workspace/users.js';
import type { ApiResponse, ApiRouter } from './router.js';
import { success } from './router.js';

/** The `me` object of login and /me: the user without services, plus email and avatar. */
function meOf(user: UserDoc, origin: string): Record<string, unknown> {
  return {
    ...publicUser(user),
    email: user.emails[0]?.address,
    avatarUrl: `${origin}/avatar/${encodeURIComponent(user.username)}`,
    settings: { preferences: {} },
  };
}

/** 6.x answers login/logout without `success`; 7.x+ add `success: true`. */
function loginEnvelope(ws: Workspace, body: Record<string, unknown>): ApiResponse {
  return { status: 200, body: ws.profile.loginBodyHasSuccess ? { ...body, success: true } : body };
}

/** "User not found" (and, as a simplification, a wrong password) is masked as Unauthorized by ApiClass.ts. */
const USER_NOT_FOUND = new MeteorError('Unauthorized', 'Unauthorized');

function isPassword(value: unknown): value is PasswordInput {
  if (typeof value === 'string') return true;
  if (value === null || typeof value !== 'object') return false;
  const digest = (value as Record<string, unknown>).digest;
  return typeof digest === 'string';
}

function findLoginUser(ws: Workspace, body: Record<string, unknown>): UserDoc | undefined {
  const { user, username, email } = body;
  if (typeof user === 'string')
    return user.includes('@') ? ws.db.findUserByEmail(user) : ws.db.findUserByUsername(user);
  if (user !== null && typeof user === 'object') {
    const selector = user as Record<string, unknown>;
    if (typeof selector.username === 'string') return ws.db.findUserByUsername(selector.username);
    if (typeof selector.email === 'string') return ws.db.findUserByEmail(selector.email);
  }
  if (typeof username === 'string') return ws.db.findUserByUsername(username);
  if (typeof email === 'string') return ws.db.findUserByEmail(email);
  return undefined;
}

/**
 * `loginCompatibility` (ApiClass.ts `_initAuth`): a password login whose body has only user/username/
 * email/password/code takes its 2FA code from `code`, else from the `x-2fa-code` header.
 */
function loginCode(body: Record<string, unknown>, header: string | undefined): string | undefined {
  if (body.password == null) return undefined;
  const extra = Object.keys(body).filter(
    (key) => !['user', 'username', 'email', 'password', 'code'].includes(key),
  );
  if (extra.length > 0) return undefined;
  const code = typeof body.code === 'string' && body.code !== '' ? body.code : header;
  return code || undefined;
}

/**
 * Meteor's `login` method as the REST login runs it: the login handlers (resume or password), then
 * validateLoginAttempt (apps/meteor/server/lib/auth/startup.js: Accounts_EmailVerification, admins
 * exempt), then the onValidateLogin 2FA check with the password fallback disabled
 * (apps/meteor/app/2fa/server/loginHandler.ts), then a new token.
 */
function meteorLogin(ws: Workspace, body: Record<string, unknown>, code: string | undefined): UserDoc {
  if (typeof body.resume === 'string') {
    const ownerId = ws.db.findUserIdByHashedToken(hashLoginToken(body.resume));
    const user = ownerId === undefined ? undefined : ws.db.users.get(ownerId);
    if (!user?.active) throw USER_NOT_FOUND;
    return user;
  }
  const user = findLoginUser(ws, body);
  if (!user || !isPassword(body.password) || !checkPassword(user, body.password) || !user.active) {
    throw USER_NOT_FOUND;
  }
  if (
    !user.roles.includes('admin') &&
    ws.settings.Accounts_EmailVerification &&
    !user.emails.some((email) => email.verified)
  ) {
    throw new MeteorError('error-invalid-email', 'Invalid email __email__');
  }
  checkCodeForUser(ws, {
    user,
    code,
    options: { disablePasswordFallback: true, requireSecondFactor: false },
  });
  return user;
}

export function registerAuth(router: ApiRouter): void {
  // The REST login is limited by the router's REST limiter like any route (ApiClass.ts
  // enforceRateLimit: 429 with the X-RateLimit headers). It has no rule of its own: Meteor's DDP
  // limiter is never consulted by a server-side Meteor.callAsync('login').
  router.post('/api/v1/login', { authRequired: false }, ({ ws, body, c }) => {
    try {
      const user = meteorLogin(ws, body, loginCode(body, c.req.header('x-2fa-code')));
      const authToken = issueLoginToken(ws, user);
      return loginEnvelope(ws, {
        status: 'success',
        data: { userId: user._id, authToken, me: meOf(user, new URL(c.req.url).origin) },
      });
    } catch (error) {
      if (!(error instanceof MeteorError)) throw error;
      const details = Array.isArray(error.details) ? undefined : error.details;
      return { status: 401, body: loginFailureBody(ws.profile, error.code, error.reason, details) };
    }
  });

  router.post('/api/v1/logout', { authRequired: true }, ({ ws, caller }) => {
    if (ws.policies.auth.logoutRevokesToken) ws.db.removeLoginToken(caller.user._id, caller.hashedToken);
    return loginEnvelope(ws, { status: 'success', data: { message: "You've been logged out!" } });
  });

  router.get('/api/v1/me', { authRequired: true }, ({ caller, c }) =>
    success(meOf(caller.user, new URL(c.req.url).origin)),
  );
}
