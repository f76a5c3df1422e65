/**
 * The shapes of the Rocket.Chat REST answers the suite reads, and the wire strings it asserts, as the
 * suite understands them from Rocket.Chat's source and documentation (docs/rocketchat-behaviour.md).
 * Framework-neutral: the Playwright client in src/playwright/ returns these types.
 *
 * Fields are optional wherever a broken server could omit them: the checks, not the types, decide.
 */

export const API_PREFIX = '/api/v1';

/** The 400 for an invalid `updatedSince`, identical from 0.60 to 8.x (§2.3). */
export const INVALID_UPDATED_SINCE_ERROR = {
  success: false,
  error: 'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
  errorType: 'error-updatedSince-param-invalid',
} as const;
/** Keys a 400 may carry: `stack` only when the server runs with TEST_MODE (§2.3). */
export const INVALID_UPDATED_SINCE_KEYS = ['success', 'error', 'errorType', 'stack'] as const;

interface UserRef {
  _id?: string;
  username?: string;
  name?: string;
}

interface LastMessage {
  _id?: string;
  rid?: string;
  msg?: string;
  ts?: unknown;
  u?: UserRef;
  _updatedAt?: unknown;
  [field: string]: unknown;
}

/** An item of rooms.get's `update`. */
export interface Room {
  _id: string;
  t?: unknown;
  name?: string;
  fname?: string;
  ts?: unknown;
  _updatedAt?: unknown;
  lm?: unknown;
  msgs?: unknown;
  usersCount?: unknown;
  uids?: unknown;
  usernames?: unknown;
  prid?: string;
  u?: UserRef;
  lastMessage?: LastMessage | null;
  [field: string]: unknown;
}

/** An item of rooms.get's `remove`: exactly `{_id, _deletedAt}`. */
export interface RemovedRoom {
  _id: string;
  _deletedAt?: unknown;
  [field: string]: unknown;
}

export interface RoomsGetBody {
  update?: Room[];
  remove?: RemovedRoom[];
  success?: unknown;
  [field: string]: unknown;
}

export interface InfoBody {
  version?: unknown;
  info?: { version?: unknown };
  success?: unknown;
}

/** The credentials of one logged-in account: the two headers Rocket.Chat authenticates with. */
export interface Session {
  userId: string;
  authToken: string;
  username?: string;
}

/** A session the run keeps (in its run state) for the whole run. */
export interface StoredSession extends Session {
  username: string;
  /** `personal-token`: never logged out (it is the user's own). */
  kind: 'login' | 'personal-token';
}

export interface LoginBody {
  status?: string;
  data?: { userId?: string; authToken?: string; me?: { username?: string } };
}

export interface CreatedUser {
  _id: string;
  username: string;
  name: string;
}

export interface PostedMessage {
  _id: string;
  rid: string;
  msg: string;
  ts: string;
  u?: UserRef;
}
