import { PlainError } from '../errors.js';
import { objectId } from '../store/ids.js';
import type { RoomDoc, TeamDoc, UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';
import { createRoom, eraseRoom, touchRoom, validateNewRoomName } from './rooms.js';

/**
 * TeamService (apps/meteor/server/services/team/service.ts). Its failures are plain `Error`s, which
 * the REST wrapper answers as 400 `{success:false, error: <message>}`.
 */

/** Team.create: the team document, then its main room (`teamMain: true`, `teamId`), owned by the creator. */
export function createTeam(
  ws: Workspace,
  creator: UserDoc,
  input: { name: string; type: 0 | 1; members: readonly UserDoc[] },
): TeamDoc {
  if (ws.db.findUserByUsername(input.name) || ws.db.findTeamByName(input.name)) {
    throw new PlainError('team-name-already-exists');
  }
  if (ws.db.findRoomByName(input.name)) throw new PlainError('room-name-already-exists');
  validateNewRoomName(ws, input.name);
  const now = ws.now();
  const team: TeamDoc = {
    _id: objectId(now.getTime()),
    name: input.name,
    type: input.type,
    createdAt: now,
    createdBy: { _id: creator._id, username: creator.username },
    _updatedAt: now,
    roomId: '',
  };
  ws.db.teams.set(team._id, team);
  const room = createRoom(ws, {
    type: input.type === 1 ? 'p' : 'c',
    name: input.name,
    owner: creator,
    members: input.members.filter((member) => member._id !== creator._id),
    teamId: team._id,
    teamMain: true,
  });
  team.roomId = room._id;
  return team;
}

export function findTeam(ws: Workspace, params: Record<string, unknown>): TeamDoc | undefined {
  if (typeof params.teamId === 'string' && params.teamId) return ws.db.teams.get(params.teamId);
  if (typeof params.teamName === 'string' && params.teamName) return ws.db.findTeamByName(params.teamName);
  return undefined;
}

/**
 * Team.addRooms: every room must exist and be visible to the caller, not be in a team already, and
 * be owned by the caller; then `Rooms.setTeamByIds` (an update, so `_updatedAt` moves).
 */
export function addRoomsToTeam(
  ws: Workspace,
  caller: UserDoc,
  team: TeamDoc,
  rids: readonly string[],
): RoomDoc[] {
  const rooms = rids.map((rid) => ws.db.rooms.get(rid));
  if (rooms.some((room) => room === undefined)) throw new PlainError('invalid-room');
  const valid = rooms as RoomDoc[];
  for (const room of valid) {
    const visible = room.t === 'c' || ws.db.findSubscription(room._id, caller._id) !== undefined;
    if (!visible) throw new PlainError('invalid-room');
  }
  for (const room of valid) {
    if (room.teamId) throw new PlainError('room-already-on-team');
    if (!ws.db.findSubscription(room._id, caller._id)?.roles?.includes('owner')) {
      throw new PlainError('error-no-owner-channel');
    }
  }
  for (const room of valid) {
    room.teamId = team._id;
    touchRoom(ws, room);
  }
  return valid;
}

/**
 * eraseTeam (apps/meteor/server/api/lib/eraseTeam.ts): the chosen team rooms are erased, the others
 * leave the team (`$unset: teamId`, an update), the main room goes to the trash like any erased
 * room, and the team document is deleted.
 */
export function eraseTeam(ws: Workspace, team: TeamDoc, roomsToRemove: readonly string[]): void {
  const teamRooms = [...ws.db.rooms.values()].filter(
    (room) => room.teamId === team._id && room._id !== team.roomId,
  );
  for (const room of teamRooms) {
    if (roomsToRemove.includes(room._id)) {
      eraseRoom(ws, room);
    } else {
      delete room.teamId;
      touchRoom(ws, room);
    }
  }
  const main = ws.db.rooms.get(team.roomId);
  if (main) eraseRoom(ws, main);
  ws.db.teams.delete(team._id);
}
