import type { Room } from '../core/rocketchat-api.js';
import type { RocketChatClient } from './rocketchat-client.js';

/**
 * An account has one self-DM, which im.create returns again however often it is "created". The
 * workers share the admin's, and it may be older than the run: preflight records the self-DMs that
 * existed before (CONTRACT_ADMIN_SELF_DMS_BEFORE, comma-separated ids) and global teardown deletes
 * every other one — several, on a server that wrongly creates a new room each time.
 */
export const ADMIN_SELF_DMS_ENV = 'CONTRACT_ADMIN_SELF_DMS_BEFORE';

/** The _ids of the account's self-DMs in its own list. */
export async function findSelfDms(client: RocketChatClient, userId: string): Promise<string[]> {
  const response = await client.roomsGet();
  const rooms = (response.body?.update ?? []) as Room[];
  return rooms
    .filter(
      (room) =>
        room.t === 'd' && Array.isArray(room.uids) && room.uids.length === 1 && room.uids[0] === userId,
    )
    .map((room) => room._id);
}
