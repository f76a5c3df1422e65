import type { Context, MiddlewareHandler } from 'hono';
import type { VersionProfile } from '../profiles.js';
import { NOT_LOGGED_IN, unauthorizedBody } from '../rules/error-bodies.js';
import type { Permission } from '../workspace/permissions.js';
import type { FaultSet } from './fault-set.js';

/** How credentials are checked and refused: Rocket.Chat's rules, bent by the `auth` faults. */
export interface AuthPolicy {
  /** A token is looked up alone, whatever X-User-Id says (auth-user-id-ignored). */
  tokenOwnerIsCaller: boolean;
  /** X-Auth-Token without X-User-Id is enough (auth-one-header-enough). */
  userIdHeaderOptional: boolean;
  /** Logout removes the token (not with auth-token-survives-logout). */
  logoutRevokesToken: boolean;
  /**
   * Middleware in front of rooms.get's own chain: it checks updatedSince before credentials
   * (auth-after-updated-since); it answers an unauthenticated caller with the default public rooms
   * (auth-not-enforced). None on a clean server.
   */
  roomsGetMiddleware(route: RoomsGetAnswers): MiddlewareHandler[];
  /** rooms.get's permissionsRequired: none, as any logged-in user lists its own rooms (not with rooms-get-admin-only). */
  roomsGetPermission: Permission | undefined;
  /** The not-logged-in response. */
  notLoggedIn(): { status: 401 | 403; body: Record<string, unknown> };
}

/** The answers rooms.get lends the auth faults that reorder or skip its authentication. */
interface RoomsGetAnswers {
  /** The refusal of an invalid updatedSince; undefined when the value is accepted. */
  invalidUpdatedSince(c: Context): Response | undefined;
  /** The listing for a call without valid credentials; undefined when the call has a caller. */
  anonymousListing(c: Context): Response | undefined;
}

/** Answers at once when `answer` has an answer, else lets the route's chain run. */
const answerFirst =
  (answer: (c: Context) => Response | undefined): MiddlewareHandler =>
  async (c, next) => {
    const response = answer(c);
    if (response) return response;
    await next();
  };

export function authPolicy(faults: FaultSet, profile: VersionProfile): AuthPolicy {
  const message = faults.has('auth-message-changed') ? 'Unauthorized' : NOT_LOGGED_IN;
  return {
    tokenOwnerIsCaller: faults.has('auth-user-id-ignored'),
    userIdHeaderOptional: faults.has('auth-one-header-enough'),
    logoutRevokesToken: !faults.has('auth-token-survives-logout'),
    roomsGetMiddleware: (route) => [
      ...(faults.has('auth-after-updated-since') ? [answerFirst(route.invalidUpdatedSince)] : []),
      ...(faults.has('auth-not-enforced') ? [answerFirst(route.anonymousListing)] : []),
    ],
    roomsGetPermission: faults.has('rooms-get-admin-only') ? 'view-room-administration' : undefined,
    notLoggedIn: () => ({
      status: faults.has('auth-status-403') ? 403 : 401,
      body: faults.has('auth-body-without-status')
        ? { success: false, error: message }
        : unauthorizedBody(profile, message),
    }),
  };
}
