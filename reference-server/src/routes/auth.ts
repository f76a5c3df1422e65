import type { UserDoc } from '../store/types.js';
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
export function meOf(user: UserDoc, origin: string): Record<string, unknown> {
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

/** Failed login: "User not found" is masked as Unauthorized; we answer every failure that way. */
function loginFailed(ws: Workspace): ApiResponse {
  const body = { status: 'error', error: 'Unauthorized', message: 'Unauthorized' };
  return { status: 401, body: ws.profile.unauthorizedBodyHasSuccess ? { success: false, ...body } : body };
}

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

export function registerAuth(router: ApiRouter): void {
  router.post('/api/v1/login', { authRequired: false }, ({ ws, body, c }) => {
    let user: UserDoc | undefined;
    if (typeof body.resume === 'string') {
      const ownerId = ws.db.findUserIdByHashedToken(hashLoginToken(body.resume));
      user = ownerId === undefined ? undefined : ws.db.users.get(ownerId);
    } else {
      const candidate = findLoginUser(ws, body);
      if (candidate && isPassword(body.password) && checkPassword(candidate, body.password)) user = candidate;
    }
    if (!user?.active) return loginFailed(ws);
    const authToken = issueLoginToken(ws, user);
    return loginEnvelope(ws, {
      status: 'success',
      data: { userId: user._id, authToken, me: meOf(user, new URL(c.req.url).origin) },
    });
  });

  router.post('/api/v1/logout', { authRequired: true }, ({ ws, caller }) => {
    if (ws.policies.auth.logoutRevokesToken) ws.db.removeLoginToken(caller.user._id, caller.hashedToken);
    return loginEnvelope(ws, { status: 'success', data: { message: "You've been logged out!" } });
  });

  router.get('/api/v1/me', { authRequired: true }, ({ caller, c }) =>
    success(meOf(caller.user, new URL(c.req.url).origin)),
  );
}
