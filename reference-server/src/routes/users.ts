import { InvalidParamsError, MeteorError } from '../errors.js';
import { validateEmailDomain } from '../rules/email-domain.js';
import { validatePassword } from '../rules/password-policy.js';
import type { UserDoc } from '../store/types.js';
import type { Workspace } from '../workspace/context.js';
import { hasPermission } from '../workspace/permissions.js';
import {
  createUser,
  deleteUser,
  generatePersonalAccessToken,
  issueLoginToken,
  publicUser,
  removePersonalAccessToken,
  setPassword,
} from '../workspace/users.js';
import { optionalBoolean, optionalString, pagination, requireStrings } from './params.js';
import type { ApiRouter, AuthedContext, RequestContext } from './router.js';
import { success } from './router.js';

/** `getUserFromParams`: `userId` or `username`. */
export function userFromParams(ws: Workspace, body: Record<string, unknown>): UserDoc {
  const userId = typeof body.userId === 'string' ? body.userId.trim() : '';
  const username = typeof body.username === 'string' ? body.username.trim() : '';
  if (!userId && !username) {
    throw new MeteorError(
      'error-user-param-not-provided',
      'The required "userId" or "username" param was not provided',
    );
  }
  const user = userId ? ws.db.users.get(userId) : ws.db.findUserByUsername(username);
  if (!user) {
    throw new MeteorError(
      'error-invalid-user',
      'The required "userId" or "username" param provided does not match any users',
    );
  }
  return user;
}

const INSERT_OR_UPDATE = { method: 'insertOrUpdateUser' };

/** ajv's `additionalProperties: false` and `required` messages for a small object schema. */
function validateObject(
  body: Record<string, unknown>,
  required: readonly string[],
  allowed: readonly string[],
): void {
  const messages: string[] = [];
  for (const key of required) if (!(key in body)) messages.push(`must have required property '${key}'`);
  if (Object.keys(body).some((key) => !allowed.includes(key)))
    messages.push('must NOT have additional properties');
  if (messages.length > 0) throw new InvalidParamsError(messages);
}

/**
 * users.create → saveUser → saveNewUser (apps/meteor/app/lib/server/functions/saveUser/): `create-user`
 * is checked inside (400 error-action-not-allowed, not a 403), then the e-mail domain, then the insert
 * through Accounts (e-mail 2FA auto opt-in). No password policy: only a password change applies it
 * (saveUser.ts, https://github.com/RocketChat/Rocket.Chat/blob/7.10.0/apps/meteor/app/lib/server/functions/saveUser/saveUser.ts).
 * `twoFactorRequired` only with the setting RC_REFERENCE_USERS_CREATE_2FA (the develop branch's gate).
 */
function createAction({ ws, body, caller }: AuthedContext) {
  if (!hasPermission(caller.user, 'create-user')) {
    throw new MeteorError('error-action-not-allowed', 'Adding user is not allowed', {
      ...INSERT_OR_UPDATE,
      action: 'Adding_user',
    });
  }
  const email = String(body.email);
  validateEmailDomain(ws.profile, ws.settings, email);
  const roles = Array.isArray(body.roles)
    ? body.roles.filter((role): role is string => typeof role === 'string')
    : undefined;
  const user = createUser(ws, {
    username: String(body.username),
    name: String(body.name),
    email,
    password: String(body.password),
    roles: roles && roles.length > 0 ? roles : undefined,
    joinDefaultChannels: optionalBoolean(body, 'joinDefaultChannels') ?? true,
    verified: optionalBoolean(body, 'verified'),
  });
  return success({ user: publicUser(user) });
}

/**
 * users.update (twoFactorRequired in every profile; the gate is on the route, whoever is edited):
 * saveUser refuses editing another user without `edit-other-user-info`. Only name, e-mail and its
 * `verified` flag, and the password are applied here; a new password meets the password policy when
 * the caller has `edit-other-user-password` (saveUser.ts), and is ignored otherwise.
 */
function updateAction({ ws, body, caller }: AuthedContext) {
  const userId = String(body.userId);
  const data = body.data as Record<string, unknown>;
  if (userId !== caller.user._id && !hasPermission(caller.user, 'edit-other-user-info')) {
    throw new MeteorError('error-action-not-allowed', 'Editing user is not allowed', {
      ...INSERT_OR_UPDATE,
      action: 'Editing_user',
    });
  }
  const user = ws.db.users.get(userId);
  if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', INSERT_OR_UPDATE);
  const name = optionalString(data, 'name');
  const email = optionalString(data, 'email');
  const verified = optionalBoolean(data, 'verified');
  const password = optionalString(data, 'password')?.trim();
  if (password && hasPermission(caller.user, 'edit-other-user-password')) {
    validatePassword(ws.profile, ws.settings, password);
    setPassword(user, password);
  }
  if (name !== undefined) user.name = name;
  if (email !== undefined && email !== user.emails[0]?.address) {
    if (ws.db.findUserByEmail(email)) {
      throw new MeteorError('error-field-unavailable', `${email} is already in use :(`, {
        ...INSERT_OR_UPDATE,
        field: email,
      });
    }
    user.emails = [{ address: email, verified: verified ?? false }];
  } else if (verified !== undefined && user.emails[0]) {
    user.emails[0].verified = verified;
  }
  user._updatedAt = ws.now();
  return success({ user: publicUser(user) });
}

/**
 * users.createToken: ≤7.x the createToken method needs the CREATE_TOKENS_FOR_USERS flag
 * (apps/meteor/app/lib/server/methods/createToken.ts); 8.x needs a `secret` equal to
 * CREATE_TOKENS_FOR_USERS_SECRET and is `twoFactorRequired` (apps/meteor/server/api/v1/users.ts).
 * Others than the caller need `user-generate-access-token`.
 */
function createTokenAction({ ws, body, caller }: AuthedContext) {
  const user = userFromParams(ws, body);
  const configured = ws.createTokensSecret;
  const secretOk = ws.profile.createTokenNeedsSecret
    ? configured !== null && body.secret === configured
    : configured !== null;
  if (
    !secretOk ||
    (user._id !== caller.user._id && !hasPermission(caller.user, 'user-generate-access-token'))
  ) {
    throw new MeteorError('error-not-authorized', 'Not authorized', { method: 'createToken' });
  }
  return success({ data: { userId: user._id, authToken: issueLoginToken(ws, user) } });
}

function validateTokenName(ctx: RequestContext, allowed: readonly string[]): void {
  validateObject(ctx.body, ['tokenName'], allowed);
  if (typeof ctx.body.tokenName !== 'string') throw new InvalidParamsError(['must be string']);
  if (
    ctx.body.bypassTwoFactor !== undefined &&
    ctx.body.bypassTwoFactor !== null &&
    typeof ctx.body.bypassTwoFactor !== 'boolean'
  )
    throw new InvalidParamsError(['must be boolean']);
}

export function registerUsers(router: ApiRouter): void {
  router.post(
    '/api/v1/users.create',
    {
      authRequired: true,
      twoFactorRequired: (profile) => profile.usersCreateTwoFactor,
      validate: ({ body }) => requireStrings(body, ['email', 'name', 'password', 'username']),
    },
    createAction,
  );

  router.post(
    '/api/v1/users.update',
    {
      authRequired: true,
      twoFactorRequired: true,
      validate: ({ body }) => {
        validateObject(body, ['userId', 'data'], ['userId', 'data', 'confirmRelinquish']);
        if (typeof body.userId !== 'string') throw new InvalidParamsError(['must be string']);
        if (body.data === null || typeof body.data !== 'object' || Array.isArray(body.data))
          throw new InvalidParamsError(['must be object']);
      },
    },
    updateAction,
  );

  router.post('/api/v1/users.delete', { authRequired: true, permission: 'delete-user' }, ({ ws, body }) => {
    optionalBoolean(body, 'confirmRelinquish');
    deleteUser(ws, userFromParams(ws, body));
    return success();
  });

  router.post(
    '/api/v1/users.createToken',
    {
      authRequired: true,
      twoFactorRequired: (profile) => profile.createTokenNeedsSecret,
      validate: ({ ws, body }) => {
        if (!ws.profile.createTokenNeedsSecret) return;
        validateObject(body, ['userId', 'secret'], ['userId', 'secret']);
        if (typeof body.userId !== 'string' || typeof body.secret !== 'string')
          throw new InvalidParamsError(['must be string']);
      },
    },
    createTokenAction,
  );

  // users.list needs `view-d-room` (every user role has it), not view-user-administration.
  router.get('/api/v1/users.list', { authRequired: true, permission: 'view-d-room' }, ({ ws, query }) => {
    const { count, offset } = pagination(query);
    const all = [...ws.db.users.values()].sort((a, b) =>
      a.username < b.username ? -1 : a.username > b.username ? 1 : 0,
    );
    const users = all.slice(offset, offset + count).map(publicUser);
    return success({ users, count: users.length, offset, total: all.length });
  });

  router.post(
    '/api/v1/users.generatePersonalAccessToken',
    {
      authRequired: true,
      twoFactorRequired: true,
      validate: (ctx) => validateTokenName(ctx, ['tokenName', 'bypassTwoFactor']),
    },
    ({ ws, body, caller }) => {
      const token = generatePersonalAccessToken(
        ws,
        caller.user,
        String(body.tokenName),
        body.bypassTwoFactor === true,
      );
      return success({ token });
    },
  );

  router.post(
    '/api/v1/users.removePersonalAccessToken',
    { authRequired: true, twoFactorRequired: true, validate: (ctx) => validateTokenName(ctx, ['tokenName']) },
    ({ ws, body, caller }) => {
      removePersonalAccessToken(ws, caller.user, String(body.tokenName));
      return success();
    },
  );

  router.get(
    '/api/v1/users.getPersonalAccessTokens',
    { authRequired: true, permission: 'create-personal-access-tokens' },
    ({ caller }) =>
      success({
        tokens: caller.user.services.resume.loginTokens.flatMap((token) =>
          token.type === 'personalAccessToken'
            ? [
                {
                  name: token.name,
                  createdAt: token.createdAt.toISOString(),
                  lastTokenPart: token.lastTokenPart,
                  bypassTwoFactor: Boolean(token.bypassTwoFactor),
                },
              ]
            : [],
        ),
      }),
  );
}
