import { MeteorError } from '../errors.js';
import { randomId } from '../store/ids.js';
import type { RoomDoc, RoomType, SubscriptionDoc, UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';

/** Every model update on rooms sets `_updatedAt = new Date()` (setUpdatedAt.ts): the serving instance's clock. */
export function touchRoom(ws: Workspace, room: RoomDoc): void {
  room._updatedAt = ws.now();
}

/** `UTF8_Channel_Names_Validation` default. */
const VALID_ROOM_NAME = /^[0-9a-zA-Z-_.]+$/;

export function validateNewRoomName(ws: Workspace, name: string): void {
  if (!VALID_ROOM_NAME.test(name)) {
    throw new MeteorError('error-invalid-room-name', `${name} is not a valid room name`, {
      function: 'RocketChat.getValidRoomName',
      channel_name: name,
    });
  }
  if (ws.db.findRoomByName(name)) {
    throw new MeteorError('error-duplicate-channel-name', `A channel with name '${name}' exists`, {
      function: 'RocketChat.getValidRoomName',
      channel_name: name,
    });
  }
}

export function subscribe(
  ws: Workspace,
  room: RoomDoc,
  user: UserDoc,
  fields: { name: string; fname?: string; open: boolean; roles?: string[] },
): SubscriptionDoc {
  const now = ws.now();
  const existing = ws.db.findSubscription(room._id, user._id);
  const subscription: SubscriptionDoc = existing
    ? { ...existing, open: existing.open || fields.open, _updatedAt: now }
    : {
        _id: randomId(),
        rid: room._id,
        u: { _id: user._id, username: user.username, name: user.name },
        t: room.t,
        name: fields.name,
        ...(fields.fname !== undefined ? { fname: fields.fname } : {}),
        open: fields.open,
        alert: false,
        unread: 0,
        userMentions: 0,
        groupMentions: 0,
        ts: now,
        ls: now,
        ...(fields.roles ? { roles: fields.roles } : {}),
        _updatedAt: now,
      };
  ws.db.upsertSubscription(subscription);
  ws.db.hiddenSubscriptions.get(room._id)?.delete(user._id);
  return subscription;
}

/**
 * addUserToRoom: a subscription, one more member (`Rooms.incUsersCountById`), `_updatedAt` bumped.
 * Returns false when the user was already in.
 */
export function joinRoom(ws: Workspace, room: RoomDoc, user: UserDoc, roles?: string[]): boolean {
  if (ws.db.findSubscription(room._id, user._id)) return false;
  subscribe(ws, room, user, { name: room.name ?? room._id, fname: room.fname, open: true, roles });
  if (ws.policies.freshness.membershipChangesUsersCount) room.usersCount += 1;
  touchRoom(ws, room);
  return true;
}

/**
 * removeUserFromRoom: the subscription goes, one member less, `_updatedAt` bumped; group DMs also
 * drop the user from `uids`/`usernames`.
 */
export function leaveRoom(ws: Workspace, room: RoomDoc, user: UserDoc): void {
  if (!ws.db.findSubscription(room._id, user._id)) return;
  ws.db.removeSubscription(room._id, user._id);
  if (ws.policies.membership.leaveHidesSubscription) ws.db.hideSubscription(room._id, user._id);
  if (ws.policies.freshness.membershipChangesUsersCount) room.usersCount = Math.max(0, room.usersCount - 1);
  if (room.t === 'd') {
    if (room.uids) room.uids = room.uids.filter((uid) => uid !== user._id);
    if (room.usernames) room.usernames = room.usernames.filter((username) => username !== user.username);
    const members = ws.db.directMembers.get(room._id);
    if (members)
      ws.db.directMembers.set(
        room._id,
        members.filter((uid) => uid !== user._id),
      );
  }
  touchRoom(ws, room);
}

export interface NewRoom {
  type: Extract<RoomType, 'c' | 'p'>;
  name: string;
  fname?: string;
  owner: UserDoc;
  members?: UserDoc[];
  readOnly?: boolean;
  customFields?: Record<string, unknown>;
  prid?: string;
  description?: string;
  isDefault?: boolean;
  teamId?: string;
  teamMain?: boolean;
  _id?: string;
}

/**
 * createRoom: the insert with its first member count, then the owner's and members' subscriptions
 * (apps/meteor/app/lib/server/functions/createRoom.ts; the member-count write bumps `_updatedAt` again).
 */
export function createRoom(ws: Workspace, input: NewRoom): RoomDoc {
  const now = ws.now();
  const members = [input.owner, ...(input.members ?? []).filter((member) => member._id !== input.owner._id)];
  const room: RoomDoc = {
    _id: input._id ?? randomId(),
    fname: input.fname ?? input.name,
    name: input.name,
    t: input.type,
    msgs: 0,
    usersCount: 0,
    u: { _id: input.owner._id, username: input.owner.username, name: input.owner.name },
    ts: now,
    ro: input.readOnly === true,
    default: input.isDefault === true,
    sysMes: true,
    _updatedAt: now,
    ...(input.customFields ? { customFields: input.customFields } : {}),
    ...(input.prid ? { prid: input.prid } : {}),
    ...(input.description ? { description: input.description } : {}),
    ...(input.teamId ? { teamId: input.teamId } : {}),
    ...(input.teamMain ? { teamMain: true } : {}),
  };
  ws.db.rooms.set(room._id, room);
  for (const member of members) {
    subscribe(ws, room, member, {
      name: room.name ?? room._id,
      fname: room.fname,
      open: true,
      roles: member === input.owner ? ['owner'] : undefined,
    });
  }
  room.usersCount = members.length;
  touchRoom(ws, room);
  return room;
}

/**
 * eraseRoom / deleteRoom: the room (and its discussions) leave the rooms collection for the trash,
 * with `_deletedAt: now`; subscriptions and messages go with it.
 */
export function eraseRoom(ws: Workspace, room: RoomDoc): void {
  for (const child of [...ws.db.rooms.values()]) if (child.prid === room._id) eraseRoom(ws, child);
  const formerMembers = ws.db.memberIdsOfRoom(room._id);
  ws.db.removeSubscriptionsOfRoom(room._id);
  ws.db.hiddenSubscriptions.delete(room._id);
  ws.db.removeMessagesOfRoom(room._id);
  ws.db.removeRoom(room._id);
  const now = ws.now();
  ws.db.expireTrash(now.getTime());
  ws.db.trashRoom({ _id: room._id, __collection__: 'room', _deletedAt: now, doc: room, formerMembers });
}

/** Finds a channel (`c`) or group (`p`) by `roomId` or `roomName`, as channels.* / groups.* do. */
export function findRoomByIdOrName(
  ws: Workspace,
  params: { roomId?: unknown; roomName?: unknown },
  type: 'c' | 'p',
): RoomDoc {
  const roomId = typeof params.roomId === 'string' ? params.roomId.trim() : '';
  const roomName = typeof params.roomName === 'string' ? params.roomName.trim() : '';
  if (!roomId && !roomName) {
    throw new MeteorError(
      'error-room-param-not-provided',
      'The parameter "roomId" or "roomName" is required',
    );
  }
  const room = roomId ? ws.db.rooms.get(roomId) : ws.db.findRoomByName(roomName.replace(/^#/, ''));
  if (!room || room.t !== type) {
    const what = type === 'c' ? 'channel' : 'group';
    throw new MeteorError(
      'error-room-not-found',
      `The required "roomId" or "roomName" param provided does not match any ${what}`,
    );
  }
  return room;
}

/** The room without what `API.v1.defaultFieldsToExclude` hides (joinCode, members, importIds, e2e). */
export function roomForApi(room: RoomDoc): Record<string, unknown> {
  const { joinCode: _joinCode, ...rest } = room;
  return rest;
}
