import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MeteorError } from '../errors.js';
import { randomId, randomSecret } from '../store/ids.js';
import type { PersonalAccessToken, UserDoc, UserRef } from '../store/types.js';
import type { Workspace } from './context.js';
import { hasPermission } from './permissions.js';
import { eraseRoom, joinRoom, leaveRoom } from './rooms.js';

/** Rocket.Chat stores base64(sha256(token)), never the token itself. */
export function hashLoginToken(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}

const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Meteor clients may send `{digest, algorithm: 'sha-256'}` instead of the password. */
export type PasswordInput = string | { digest: string; algorithm: string };

function saltedHash(salt: string, passwordDigest: string): string {
  return createHash('sha256').update(salt).update(passwordDigest).digest('hex');
}

function passwordRecord(password: string): { salt: string; hash: string } {
  const salt = randomBytes(16).toString('hex');
  return { salt, hash: saltedHash(salt, sha256Hex(password)) };
}

export function checkPassword(user: UserDoc, input: PasswordInput): boolean {
  const record = user.services.password;
  if (!record) return false;
  const digest = typeof input === 'string' ? sha256Hex(input) : input.digest.toLowerCase();
  const expected = Buffer.from(record.hash, 'hex');
  const actual = Buffer.from(saltedHash(record.salt, digest), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function userRef(user: UserDoc): UserRef {
  return { _id: user._id, username: user.username, name: user.name };
}

/** The user as Rocket.Chat's REST answers show it: no `services`. */
export function publicUser(user: UserDoc): Record<string, unknown> {
  const { services: _services, ...rest } = user;
  return rest;
}

export interface NewUser {
  _id?: string;
  username: string;
  name: string;
  email?: string;
  password?: string;
  roles?: string[];
  type?: 'user' | 'bot';
  joinDefaultChannels?: boolean;
  verified?: boolean;
  /** Set: the stored createdAt (accounts "made" in the past: the staging admin, legacy users). */
  createdAt?: Date;
  /**
   * Through `Accounts.insertUserDoc` (users.create, registration, the setup wizard), which applies
   * `Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In` (apps/meteor/server/lib/auth/startup.js).
   * rocket.cat and seeded bots are inserted directly and skip it.
   */
  viaAccounts?: boolean;
}

/** users.create / the start-up accounts: a new user, joined to the default channels unless told not to. */
export function createUser(ws: Workspace, input: NewUser): UserDoc {
  if (ws.db.findUserByUsername(input.username)) {
    throw new MeteorError('error-field-unavailable', `${input.username} is already in use :(`, {
      method: 'insertOrUpdateUser',
      field: input.username,
    });
  }
  if (input.email && ws.db.findUserByEmail(input.email)) {
    throw new MeteorError('error-field-unavailable', `${input.email} is already in use :(`, {
      method: 'insertOrUpdateUser',
      field: input.email,
    });
  }
  const now = ws.now();
  const optIn =
    (input.viaAccounts ?? true) && ws.settings.Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In;
  const user: UserDoc = {
    _id: input._id ?? randomId(),
    createdAt: input.createdAt ?? now,
    username: input.username,
    name: input.name,
    emails: input.email ? [{ address: input.email, verified: input.verified ?? false }] : [],
    type: input.type ?? 'user',
    status: 'offline',
    active: true,
    roles: input.roles ?? ['user'],
    _updatedAt: now,
    settings: {},
    services: {
      ...(input.password !== undefined ? { password: passwordRecord(input.password) } : {}),
      resume: { loginTokens: [] },
      ...(optIn ? { email2fa: { enabled: true, changedAt: now } } : {}),
    },
  };
  ws.db.insertUser(user);
  if (input.joinDefaultChannels ?? true) {
    for (const room of [...ws.db.rooms.values()]) if (room.default === true) joinRoom(ws, room, user);
  }
  return user;
}

/** A fresh login token for the user (`when` from the serving instance's clock); returns the token. */
/** Replaces the user's password (saveUser's setPasswordUpdater). */
export function setPassword(user: UserDoc, password: string): void {
  user.services.password = passwordRecord(password);
}

export function issueLoginToken(ws: Workspace, user: UserDoc): string {
  const token = randomSecret();
  ws.db.addLoginToken(user._id, { hashedToken: hashLoginToken(token), when: ws.now() });
  return token;
}

/** generatePersonalAccessTokenOfUser (imports/personal-access-tokens/server/api/methods/generateToken.ts). */
export function generatePersonalAccessToken(
  ws: Workspace,
  user: UserDoc,
  tokenName: string,
  bypassTwoFactor: boolean,
): string {
  if (!hasPermission(user, 'create-personal-access-tokens')) {
    throw new MeteorError('not-authorized', 'Not Authorized', {
      method: 'personalAccessTokens:generateToken',
    });
  }
  const exists = user.services.resume.loginTokens.some(
    (token) => token.type === 'personalAccessToken' && token.name === tokenName,
  );
  if (exists) {
    throw new MeteorError('error-token-already-exists', 'A token with this name already exists', {
      method: 'personalAccessTokens:generateToken',
    });
  }
  const token = randomSecret();
  const record: PersonalAccessToken = {
    hashedToken: hashLoginToken(token),
    type: 'personalAccessToken',
    createdAt: ws.now(),
    lastTokenPart: token.slice(-6),
    name: tokenName,
    bypassTwoFactor,
  };
  ws.db.addLoginToken(user._id, record);
  return token;
}

/** personalAccessTokens:removeToken (imports/personal-access-tokens/server/api/methods/removeToken.ts). */
export function removePersonalAccessToken(ws: Workspace, user: UserDoc, tokenName: string): void {
  if (!hasPermission(user, 'create-personal-access-tokens')) {
    throw new MeteorError('not-authorized', 'Not Authorized', { method: 'personalAccessTokens:removeToken' });
  }
  const token = user.services.resume.loginTokens.find(
    (candidate) => candidate.type === 'personalAccessToken' && candidate.name === tokenName,
  );
  if (!token) {
    throw new MeteorError('error-token-does-not-exists', 'Token does not exist', {
      method: 'personalAccessTokens:removeToken',
    });
  }
  ws.db.removeLoginToken(user._id, token.hashedToken);
}

/**
 * users.delete (apps/meteor/app/lib/server/functions/deleteUser.ts): the user's 1:1 DMs and self-DM go to the trash; group DMs drop the user;
 * other rooms lose a member. All of these bump `_updatedAt`. Rooms left without members go too.
 */
export function deleteUser(ws: Workspace, user: UserDoc): void {
  for (const subscription of [...ws.db.subscriptionsOfUser(user._id).values()]) {
    const room = ws.db.rooms.get(subscription.rid);
    if (!room) continue;
    const memberCount = ws.db.directMembers.get(room._id)?.length ?? room.usersCount;
    if (room.t === 'd' && memberCount <= 2 && !ws.policies.subscriptionStates.deleteUserKeepsDirectRooms) {
      eraseRoom(ws, room);
      continue;
    }
    leaveRoom(ws, room, user);
    if (room.t !== 'd' && room.u?._id === user._id && ws.db.memberIdsOfRoom(room._id).length === 0) {
      eraseRoom(ws, room);
    }
  }
  ws.db.removeSubscriptionsOfUser(user._id);
  ws.db.removeUser(user._id);
}
