import type { DirectRoomKind } from '../faults/direct-room-policy.js';
import { FailureError, MeteorError } from '../errors.js';
import { sortUids } from '../rules/dm-room-id.js';
import { objectId } from '../store/ids.js';
import type { RoomDoc, UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';
import { hasPermission } from './permissions.js';
import { subscribe, touchRoom } from './rooms.js';

export interface DirectMessageResult {
  room: RoomDoc;
  inserted: boolean;
}

/** The existing DM for exactly these members (Rocket.Chat: `{t:'d', uids:{$size:n, $all:uids}}`). */
function findByMembers(ws: Workspace, uids: readonly string[]): RoomDoc | undefined {
  const wanted = sortUids(uids).join('\u0000');
  for (const [rid, members] of ws.db.directMembers) {
    if (members.length === uids.length && sortUids(members).join('\u0000') === wanted)
      return ws.db.rooms.get(rid);
  }
  return undefined;
}

/**
 * createDirectMessage (apps/meteor/server/methods/createDirectMessage.ts) → createDirectRoom
 * (apps/meteor/app/lib/server/functions/createDirectRoom.ts). Members are `[me, ...others]` (just the others
 * with `excludeSelf`), users looked up by username ignoring case and de-duplicated.
 */
export function createDirectMessage(
  ws: Workspace,
  me: UserDoc,
  requested: readonly string[],
  excludeSelf = false,
): DirectMessageResult {
  if (!hasPermission(me, 'create-d') || ws.policies.refusals.revoked.has('create-d')) {
    throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'createDirectMessage' });
  }
  const others: UserDoc[] = [];
  for (const username of requested) {
    if (username === me.username) continue;
    const user = ws.db.findUserByUsername(username);
    if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'createDirectMessage' });
    if (user._id !== me._id && !others.some((other) => other._id === user._id)) others.push(user);
  }
  const members = excludeSelf ? others : [me, ...others];
  // Only a self-DM may have a single member (excludeSelf with one other user is refused).
  const loneOther = members.length === 1 && members[0]?._id !== me._id;
  const selfDmRefused = members.length === 1 && !ws.settings.Message_AllowDirectMessagesToYourself;
  if (members.length === 0 || loneOther || selfDmRefused) {
    throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'createDirectMessage' });
  }
  const maxUsers = ws.settings.DirectMesssage_maxUsers;
  if (members.length > maxUsers) {
    throw new MeteorError(
      'error-direct-message-max-user-exceeded',
      `You cannot add more than ${maxUsers} users, including yourself to a direct message`,
      { method: 'createDirectMessage' },
    );
  }

  const policy = ws.policies.directRooms;
  const kind: DirectRoomKind = members.length === 1 ? 'self' : members.length === 2 ? 'one-to-one' : 'group';
  const composedId = policy.composedId(kind, members);
  const memberIds = members.map((member) => member._id);

  let room: RoomDoc | undefined;
  if (policy.reusesExistingRoom) {
    // Up to 7.x a composed id is the lookup key; otherwise the member set is.
    room = composedId !== null ? ws.db.rooms.get(composedId) : findByMembers(ws, memberIds);
    if (room && room.t !== 'd') room = undefined;
  }
  if (room && policy.recreateFails(ws.db.directMembers.get(room._id)?.[0] === me._id)) {
    // What the insert of an existing _id answers (Rocket.Chat issue #24175), through API.v1.failure.
    throw new FailureError(
      `E11000 duplicate key error collection: rocketchat.rocketchat_room index: _id_ dup key: { _id: "${room._id}" }`,
    );
  }
  const inserted = !room;
  if (!room) {
    const now = ws.now();
    const id = composedId !== null && !ws.db.rooms.has(composedId) ? composedId : objectId(now.getTime());
    const stored = policy.storedMembers(kind, members);
    const uids = policy.uids(stored);
    room = {
      _id: id,
      t: 'd',
      usernames: policy.usernames(stored),
      usersCount: policy.usersCount(stored),
      msgs: 0,
      ts: now,
      ...(uids ? { uids } : {}),
      default: false,
      ro: false,
      sysMes: true,
      _updatedAt: now,
    };
    ws.db.rooms.set(room._id, room);
    ws.db.directMembers.set(room._id, memberIds);
  } else if (policy.recreateBumpsUpdatedAt) {
    touchRoom(ws, room);
  }

  // Subscriptions: name = the other members' usernames, fname = their names; hidden for the others of a 1:1.
  for (const member of members) {
    const peers = members.length === 1 ? members : members.filter((other) => other._id !== member._id);
    subscribe(ws, room, member, {
      name: peers.map((peer) => peer.username).join(', '),
      fname: peers.map((peer) => peer.name || peer.username).join(', '),
      open: member._id === me._id || members.length > 2,
    });
  }
  return { room, inserted };
}
