import { FailureError, MeteorError } from '../errors.js';
import { projectRoom } from '../rules/projection.js';
import type { RoomDoc, UserDoc } from '../store/types.js';
import type { Workspace } from '../workspace/context.js';
import { postMessage } from '../workspace/messages.js';
import { hasPermission, hasRoomPermission } from '../workspace/permissions.js';
import {
  createRoom,
  eraseRoom,
  findRoomByIdOrName,
  roomForApi,
  validateNewRoomName,
} from '../workspace/rooms.js';
import { randomId } from '../store/ids.js';
import { optionalBoolean, optionalString, pagination, requireStrings } from './params.js';
import type { ApiRouter, AuthedContext } from './router.js';
import { success } from './router.js';

function membersFrom(ws: Workspace, value: unknown): UserDoc[] {
  if (!Array.isArray(value)) return [];
  // createRoom skips usernames it cannot find.
  return value
    .filter((username): username is string => typeof username === 'string')
    .map((username) => ws.db.findUserByUsername(username))
    .filter((user): user is UserDoc => user !== undefined);
}

/** channels.create / groups.create. */
function createAction(type: 'c' | 'p') {
  return ({ ws, body, caller }: AuthedContext) => {
    requireStrings(body, ['name']);
    const name = String(body.name);
    const permission = type === 'c' ? 'create-c' : 'create-p';
    if (!hasPermission(caller.user, permission) || ws.policies.refusals.revoked.has(permission)) {
      throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'createRoom' });
    }
    validateNewRoomName(ws, name);
    const customFields =
      body.customFields !== null && typeof body.customFields === 'object'
        ? (body.customFields as Record<string, unknown>)
        : undefined;
    const room = createRoom(ws, {
      type,
      name,
      owner: caller.user,
      members: membersFrom(ws, body.members),
      readOnly: optionalBoolean(body, 'readOnly'),
      customFields,
    });
    return success(type === 'c' ? { channel: roomForApi(room) } : { group: roomForApi(room) });
  };
}

/**
 * eraseRoom's canBeDeleted (roomCoordinator directives): `delete-c` / `delete-p` / `delete-d`
 * checked in the room's scope, so a room owner (subscription role) may erase a channel or group;
 * `delete-d` is admin-only by default.
 */
export function assertMayErase(ws: Workspace, user: UserDoc, room: RoomDoc): void {
  const permission = room.t === 'c' ? 'delete-c' : room.t === 'p' ? 'delete-p' : 'delete-d';
  if (!hasRoomPermission(ws, user, permission, room._id)) {
    throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'eraseRoom' });
  }
}

function deleteAction(type: 'c' | 'p') {
  return ({ ws, body, caller }: AuthedContext) => {
    const room = findRoomByIdOrName(ws, body, type);
    assertMayErase(ws, caller.user, room);
    eraseRoom(ws, room);
    return success();
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function registerRooms(router: ApiRouter): void {
  router.post('/api/v1/channels.create', { authRequired: true }, createAction('c'));
  router.post('/api/v1/groups.create', { authRequired: true }, createAction('p'));
  router.post('/api/v1/channels.delete', { authRequired: true }, deleteAction('c'));
  router.post('/api/v1/groups.delete', { authRequired: true }, deleteAction('p'));

  router.post('/api/v1/rooms.delete', { authRequired: true }, ({ ws, body, caller }) => {
    const roomId = optionalString(body, 'roomId');
    if (!roomId) throw new FailureError("'roomId' is required");
    const room = ws.db.rooms.get(roomId);
    if (!room) throw new MeteorError('error-invalid-room', 'Invalid room', { method: 'eraseRoom' });
    if (room.teamMain) {
      throw new MeteorError('error-cannot-delete-team-channel', 'Cannot delete a team channel', {
        method: 'eraseRoom',
      });
    }
    assertMayErase(ws, caller.user, room);
    eraseRoom(ws, room);
    return success();
  });

  // A discussion is a room with `prid`, a type the parent decides (discussion-policy.ts), a random
  // `name` and `fname` = t_name; the parent gets a `discussion-created` message.
  router.post('/api/v1/rooms.createDiscussion', { authRequired: true }, ({ ws, body, caller }) => {
    const prid = optionalString(body, 'prid');
    const tName = optionalString(body, 't_name');
    if (!prid) throw new FailureError('Body parameter "prid" is required.');
    if (!tName) throw new FailureError('Body parameter "t_name" is required.');
    const parent = ws.db.rooms.get(prid);
    const member = parent ? ws.db.findSubscription(parent._id, caller.user._id) : undefined;
    // createDiscussion (apps/meteor/app/discussion/server/methods/createDiscussion.ts).
    if (
      !hasPermission(caller.user, 'start-discussion') &&
      !hasRoomPermission(ws, caller.user, 'start-discussion-other-user', prid)
    ) {
      throw new MeteorError('error-action-not-allowed', 'You are not allowed to create a discussion', {
        method: 'createDiscussion',
      });
    }
    if (!parent || (parent.t !== 'c' && !member)) {
      throw new MeteorError('error-invalid-room', 'Invalid room', { method: 'DiscussionCreation' });
    }
    const room = createRoom(ws, {
      type: ws.policies.discussions.type(parent, parent.teamId ? ws.db.teams.get(parent.teamId) : undefined),
      name: randomId(),
      fname: tName,
      owner: caller.user,
      members: membersFrom(ws, body.users),
      prid: parent._id,
      description: optionalString(body, 'description'),
    });
    postMessage(ws, parent, caller.user, tName, {
      t: 'discussion-created',
      drid: room._id,
      groupable: false,
    });
    return success({ discussion: { ...roomForApi(room), rid: room._id } });
  });

  router.get(
    '/api/v1/rooms.adminRooms',
    { authRequired: true, permission: 'view-room-administration' },
    ({ ws, query, queryAll }) => {
      const { count, offset } = pagination(query);
      const filter = query('filter') ?? '';
      const types = [...queryAll('types[]'), ...queryAll('types')].flatMap((type) => type.split(','));
      const pattern = new RegExp(escapeRegExp(filter), 'i');
      const matching = [...ws.db.rooms.values()].filter(
        (room) =>
          (types.length === 0 || types.includes(room.t)) &&
          (filter === '' || pattern.test(room.name ?? '') || pattern.test(room.fname ?? '')),
      );
      const rooms = matching.slice(offset, offset + count).map(projectRoom);
      return success({ rooms, count: rooms.length, offset, total: matching.length });
    },
  );
}
