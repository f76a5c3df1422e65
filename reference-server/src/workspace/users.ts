import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MeteorError } from '../errors.js';
import { randomId, randomSecret } from '../store/ids.js';
import type { UserDoc, UserRef } from '../store/types.js';
import type { Workspace } from './context.js';
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

export function passwordRecord(password: string): { salt: string; hash: string } {
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
  const user: UserDoc = {
    _id: input._id ?? randomId(),
    createdAt: now,
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
    },
  };
  ws.db.insertUser(user);
  if (input.joinDefaultChannels ?? true) {
    for (const room of [...ws.db.rooms.values()]) if (room.default === true) joinRoom(ws, room, user);
  }
  return user;
}

/** A fresh login token for the user; returns the token (only its hash is kept). */
export function issueLoginToken(ws: Workspace, user: UserDoc): string {
  const token = randomSecret();
  ws.db.addLoginToken(user._id, hashLoginToken(token), ws.now());
  return token;
}

/**
 * users.delete (§5.1): the user's 1:1 DMs and self-DM go to the trash; group DMs drop the user;
 * other rooms lose a member. All of these bump `_updatedAt`. Rooms left without members go too.
 */
export function deleteUser(ws: Workspace, user: UserDoc): void {
  for (const subscription of [...ws.db.subscriptionsOfUser(user._id).values()]) {
    const room = ws.db.rooms.get(subscription.rid);
    if (!room) continue;
    const memberCount = ws.db.directMembers.get(room._id)?.length ?? room.usersCount;
    if (room.t === 'd' && memberCount <= 2) {
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
