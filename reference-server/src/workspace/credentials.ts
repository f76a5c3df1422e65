import type { UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';
import { hashLoginToken } from './users.js';

export interface Caller {
  user: UserDoc;
  hashedToken: string;
}

/**
 * X-User-Id + X-Auth-Token → the user whose `_id` is X-User-Id and who holds base64(sha256(token)).
 * Every failure looks the same (undefined): missing header, unknown token, another user's token.
 */
export function findCaller(
  ws: Workspace,
  userId: string | undefined,
  token: string | undefined,
): Caller | undefined {
  const policy = ws.policies.auth;
  if (!token) return undefined;
  if (!userId && !policy.userIdHeaderOptional) return undefined;
  const hashedToken = hashLoginToken(token);
  const ownerId = ws.db.findUserIdByHashedToken(hashedToken);
  if (ownerId === undefined) return undefined;
  if (userId && userId !== ownerId && !policy.tokenOwnerIsCaller) return undefined;
  const user = ws.db.users.get(ownerId);
  if (!user?.active) return undefined;
  return { user, hashedToken };
}
