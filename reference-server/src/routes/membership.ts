import { FailureError, MeteorError } from '../errors.js';
import type { RoomDoc, UserDoc } from '../store/types.js';
import type { Workspace } from '../workspace/context.js';
import { hasPermission, hasRoomPermission } from '../workspace/permissions.js';
import { findRoomByIdOrName, joinRoom, leaveRoom, roomForApi } from '../workspace/rooms.js';
import type { ApiRouter, AuthedContext } from './router.js';
import { success } from './router.js';

/** getUserListFromParams: `userId`, `userIds`, `username` or `usernames`; unknown users are skipped. */
function usersFromParams(ws: Workspace, body: Record<string, unknown>): UserDoc[] {
  const ids: string[] = [];
  const names: string[] = [];
  if (typeof body.userId === 'string') ids.push(body.userId);
  if (Array.isArray(body.userIds))
    ids.push(...body.userIds.filter((id): id is string => typeof id === 'string'));
  if (typeof body.username === 'string') names.push(body.username);
  if (Array.isArray(body.usernames))
    names.push(...body.usernames.filter((name): name is string => typeof name === 'string'));
  const users = [
    ...ids.map((id) => ws.db.users.get(id)),
    ...names.map((name) => ws.db.findUserByUsername(name)),
  ].filter((user): user is UserDoc => user !== undefined);
  return [...new Map(users.map((user) => [user._id, user])).values()];
}

/**
 * addUsersToRoom (apps/meteor/app/lib/server/methods/addUsersToRoom.ts): a member with
 * `add-user-to-joined-room` (admin, owner, moderator) in the room's scope, or anyone with
 * `add-user-to-any-c-room` / `add-user-to-any-p-room`, may add users; each joins (subscription,
 * usersCount + 1, `_updatedAt` bumped); users already in are skipped.
 */
function addUsersToRoom(ws: Workspace, caller: UserDoc, room: RoomDoc, users: readonly UserDoc[]): void {
  const inRoom = ws.db.findSubscription(room._id, caller._id) !== undefined;
  const canAdd =
    (inRoom && hasRoomPermission(ws, caller, 'add-user-to-joined-room', room._id)) ||
    (room.t === 'c' && hasPermission(caller, 'add-user-to-any-c-room')) ||
    (room.t === 'p' && hasPermission(caller, 'add-user-to-any-p-room'));
  if (!canAdd) throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'addUsersToRoom' });
  for (const user of users) joinRoom(ws, room, user);
}

/**
 * leaveRoomMethod (apps/meteor/server/methods/leaveRoom.ts): `leave-c` / `leave-p`, a subscription,
 * and not the last owner; then removeUserFromRoom.
 */
function leaveRoomMethod(ws: Workspace, user: UserDoc, room: RoomDoc): void {
  const permission = room.t === 'c' ? 'leave-c' : 'leave-p';
  if (!hasPermission(user, permission))
    throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'leaveRoom' });
  const subscription = ws.db.findSubscription(room._id, user._id);
  if (!subscription) {
    throw new MeteorError('error-user-not-in-room', 'You are not in this room', { method: 'leaveRoom' });
  }
  if (subscription.roles?.includes('owner')) {
    const owners = ws.db
      .memberIdsOfRoom(room._id)
      .filter((uid) => ws.db.findSubscription(room._id, uid)?.roles?.includes('owner')).length;
    if (owners === 1) {
      throw new MeteorError(
        'error-you-are-last-owner',
        'You are the last owner. Please set new owner before leaving the room.',
        { method: 'leaveRoom' },
      );
    }
  }
  leaveRoom(ws, room, user);
}

function inviteAction(type: 'c' | 'p') {
  return ({ ws, body, caller }: AuthedContext) => {
    const room = findRoomByIdOrName(ws, body, type);
    const users = usersFromParams(ws, body);
    if (users.length === 0) {
      // channels.invite: API.v1.failure('invalid-user-invite-list', 'Cannot invite if no users are provided')
      // (failure's second argument is the errorType). groups.invite's text is not confirmed; the same is used.
      throw new FailureError('invalid-user-invite-list', 'Cannot invite if no users are provided');
    }
    addUsersToRoom(ws, caller.user, room, users);
    const current = ws.db.rooms.get(room._id) ?? room;
    return success(type === 'c' ? { channel: roomForApi(current) } : { group: roomForApi(current) });
  };
}

export function registerMembership(router: ApiRouter): void {
  router.post('/api/v1/channels.invite', { authRequired: true }, inviteAction('c'));
  router.post('/api/v1/groups.invite', { authRequired: true }, inviteAction('p'));

  // channels.leave answers the channel; groups.leave only success (apps/meteor/app/api/server/v1/groups.ts).
  router.post('/api/v1/channels.leave', { authRequired: true }, ({ ws, body, caller }) => {
    const room = findRoomByIdOrName(ws, body, 'c');
    leaveRoomMethod(ws, caller.user, room);
    return success({ channel: roomForApi(room) });
  });
  router.post('/api/v1/groups.leave', { authRequired: true }, ({ ws, body, caller }) => {
    const room = findRoomByIdOrName(ws, body, 'p');
    leaveRoomMethod(ws, caller.user, room);
    return success();
  });
}
