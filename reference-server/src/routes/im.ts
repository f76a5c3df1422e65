import { InvalidParamsError, MeteorError } from '../errors.js';
import type { RoomDoc } from '../store/types.js';
import { createDirectMessage } from '../workspace/direct-rooms.js';
import { hasPermission } from '../workspace/permissions.js';
import { eraseRoom } from '../workspace/rooms.js';
import { assertMayErase } from './rooms.js';
import type { ApiRouter, AuthedContext } from './router.js';
import { success } from './router.js';

/** isDmCreateProps: exactly one of `username` / `usernames` (a comma-separated string), plus `excludeSelf`. */
function validateCreate(body: Record<string, unknown>): { usernames: string[]; excludeSelf: boolean } {
  const extra = Object.keys(body).filter((key) => !['username', 'usernames', 'excludeSelf'].includes(key));
  const hasUsername = 'username' in body;
  const hasUsernames = 'usernames' in body;
  if (extra.length > 0 || (hasUsername && hasUsernames)) {
    throw new InvalidParamsError([
      'must NOT have additional properties',
      'must NOT have additional properties',
      'must match exactly one schema in oneOf',
    ]);
  }
  if (!hasUsername && !hasUsernames) {
    throw new InvalidParamsError([
      "must have required property 'username'",
      "must have required property 'usernames'",
      'must match exactly one schema in oneOf',
    ]);
  }
  const value = hasUsername ? body.username : body.usernames;
  if (typeof value !== 'string') throw new InvalidParamsError(['must be string']);
  const excludeSelf = body.excludeSelf;
  if (excludeSelf !== undefined && typeof excludeSelf !== 'boolean')
    throw new InvalidParamsError(['must be boolean']);
  const usernames = hasUsername ? [value] : value.split(',').map((username) => username.trim());
  return { usernames, excludeSelf: excludeSelf === true };
}

function createAction({ ws, body, caller }: AuthedContext) {
  const { usernames, excludeSelf } = validateCreate(body);
  const { room } = createDirectMessage(ws, caller.user, usernames, excludeSelf);
  return success({ room: { t: 'd', rid: room._id, usernames: room.usernames, _id: room._id } });
}

/** im.delete: `{roomId}` or `{username}` (the 1:1 DM with that user). */
function deleteAction({ ws, body, caller }: AuthedContext) {
  const keys = Object.keys(body);
  const valid = keys.length === 1 && (typeof body.roomId === 'string' || typeof body.username === 'string');
  if (!valid) {
    throw new InvalidParamsError([
      "must have required property 'roomId'",
      "must have required property 'username'",
      'must match exactly one schema in oneOf',
    ]);
  }
  let room: RoomDoc | undefined;
  if (typeof body.roomId === 'string') room = ws.db.rooms.get(body.roomId);
  else {
    const other = ws.db.findUserByUsername(String(body.username));
    if (other) {
      const pair = [caller.user._id, other._id].sort().join('\u0000');
      for (const [rid, members] of ws.db.directMembers) {
        if ([...members].sort().join('\u0000') === pair) room = ws.db.rooms.get(rid);
      }
    }
  }
  if (room?.t !== 'd') {
    throw new MeteorError(
      'error-room-not-found',
      'The required "roomId" param provided does not match any direct message',
    );
  }
  const member = ws.db.findSubscription(room._id, caller.user._id);
  if (!member && !hasPermission(caller.user, 'view-room-administration')) {
    throw new MeteorError('error-not-allowed', 'Not allowed');
  }
  // eraseRoom needs `delete-d` (admin only by default): a non-admin member gets 400 error-not-allowed,
  // as Rocket.Chat's own e2e test "/im.delete … non-admin user" expects.
  assertMayErase(ws, caller.user, room);
  eraseRoom(ws, room);
  return success();
}

export function registerIm(router: ApiRouter): void {
  for (const prefix of ['im', 'dm']) {
    router.post(`/api/v1/${prefix}.create`, { authRequired: true }, createAction);
    router.post(`/api/v1/${prefix}.delete`, { authRequired: true }, deleteAction);
  }
}
