import { FailureError, ForbiddenError, InvalidParamsError } from '../errors.js';
import type { UserDoc } from '../store/types.js';
import { hasRoomPermission } from '../workspace/permissions.js';
import { roomForApi } from '../workspace/rooms.js';
import { addRoomsToTeam, createTeam, eraseTeam, findTeam } from '../workspace/teams.js';
import type { ApiRouter } from './router.js';
import { success } from './router.js';

/** teams.* routes (apps/meteor/server/api/v1/teams.ts; 7.x apps/meteor/app/api/server/v1/teams.ts). */
export function registerTeams(router: ApiRouter): void {
  router.post(
    '/api/v1/teams.create',
    {
      authRequired: true,
      permission: 'create-team',
      validate: ({ body }) => {
        const messages: string[] = [];
        if (!('name' in body)) messages.push("must have required property 'name'");
        if (!('type' in body)) messages.push("must have required property 'type'");
        if (messages.length > 0) throw new InvalidParamsError(messages);
        if (typeof body.name !== 'string') throw new InvalidParamsError(['must be string']);
        if (body.type !== 0 && body.type !== 1)
          throw new InvalidParamsError(['must be equal to one of the allowed values']);
        if (body.members !== undefined && !Array.isArray(body.members))
          throw new InvalidParamsError(['must be array']);
      },
    },
    ({ ws, body, caller }) => {
      // Members are user ids (Team.create resolves them with Users.findActiveByIds); unknown ids are skipped.
      const members = (Array.isArray(body.members) ? body.members : [])
        .map((id) => (typeof id === 'string' ? ws.db.users.get(id) : undefined))
        .filter((user): user is UserDoc => user !== undefined);
      const team = createTeam(ws, caller.user, {
        name: String(body.name),
        type: body.type as 0 | 1,
        members,
      });
      return success({ team: { ...team } });
    },
  );

  router.post('/api/v1/teams.addRooms', { authRequired: true }, ({ ws, body, caller }) => {
    const team = findTeam(ws, body);
    if (!team) throw new FailureError('team-does-not-exist');
    if (!hasRoomPermission(ws, caller.user, 'move-room-to-team', team.roomId)) {
      throw new ForbiddenError('error-no-permission-team-channel');
    }
    if (!Array.isArray(body.rooms)) throw new InvalidParamsError(["must have required property 'rooms'"]);
    const rids = body.rooms.filter((rid): rid is string => typeof rid === 'string' && rid !== '');
    const rooms = addRoomsToTeam(ws, caller.user, team, rids);
    return success({ rooms: rooms.map(roomForApi) });
  });

  router.post('/api/v1/teams.delete', { authRequired: true }, ({ ws, body, caller }) => {
    const team = findTeam(ws, body);
    if (!team) throw new FailureError('team-does-not-exist');
    if (!hasRoomPermission(ws, caller.user, 'delete-team', team.roomId)) throw new ForbiddenError();
    const roomsToRemove = Array.isArray(body.roomsToRemove)
      ? body.roomsToRemove.filter((rid): rid is string => typeof rid === 'string')
      : [];
    eraseTeam(ws, team, roomsToRemove);
    return success();
  });
}
