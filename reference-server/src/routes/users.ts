import { MeteorError } from '../errors.js';
import type { UserDoc } from '../store/types.js';
import type { Workspace } from '../workspace/context.js';
import { createUser, deleteUser, issueLoginToken, publicUser } from '../workspace/users.js';
import { optionalBoolean, optionalString, pagination, requireStrings } from './params.js';
import type { ApiRouter } from './router.js';
import { success } from './router.js';

/** `getUserFromParams`: `userId` or `username`. */
function userFromParams(ws: Workspace, body: Record<string, unknown>): UserDoc {
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

export function registerUsers(router: ApiRouter): void {
  router.post('/api/v1/users.create', { authRequired: true, permission: 'create-user' }, ({ ws, body }) => {
    requireStrings(body, ['email', 'name', 'password', 'username']);
    const roles = Array.isArray(body.roles)
      ? body.roles.filter((role): role is string => typeof role === 'string')
      : undefined;
    const user = createUser(ws, {
      username: String(body.username),
      name: String(body.name),
      email: String(body.email),
      password: String(body.password),
      roles: roles && roles.length > 0 ? roles : undefined,
      joinDefaultChannels: optionalBoolean(body, 'joinDefaultChannels') ?? true,
      verified: optionalBoolean(body, 'verified'),
    });
    return success({ user: publicUser(user) });
  });

  router.post('/api/v1/users.delete', { authRequired: true, permission: 'delete-user' }, ({ ws, body }) => {
    optionalBoolean(body, 'confirmRelinquish');
    deleteUser(ws, userFromParams(ws, body));
    return success();
  });

  router.post(
    '/api/v1/users.createToken',
    { authRequired: true, permission: 'create-user' },
    ({ ws, body }) => {
      optionalString(body, 'userId');
      const user = userFromParams(ws, body);
      return success({ data: { userId: user._id, authToken: issueLoginToken(ws, user) } });
    },
  );

  router.get(
    '/api/v1/users.list',
    { authRequired: true, permission: 'view-user-administration' },
    ({ ws, query }) => {
      const { count, offset } = pagination(query);
      const all = [...ws.db.users.values()];
      const users = all.slice(offset, offset + count).map(publicUser);
      return success({ users, count: users.length, offset, total: all.length });
    },
  );
}
