import type { Room } from '../core/rocketchat-api.js';
import type { RocketChatClient } from './rocketchat-client.js';

/**
 * An account has one self-DM, which im.create returns again however often it is "created". The
 * workers share the admin's, and it may be older than the run: preflight records whether it existed
 * (CONTRACT_ADMIN_SELF_DM = preexisting | absent) so global teardown deletes it only if the run made it.
 */
export const ADMIN_SELF_DM_ENV = 'CONTRACT_ADMIN_SELF_DM';

/** The _id of the account's self-DM in its own list, if it has one. */
export async function findSelfDm(client: RocketChatClient, userId: string): Promise<string | undefined> {
  const response = await client.roomsGet();
  const rooms = (response.body?.update ?? []) as Room[];
  const self = rooms.find(
    (room) => room.t === 'd' && Array.isArray(room.uids) && room.uids.length === 1 && room.uids[0] === userId,
  );
  return self?._id;
}
