import type { Room } from '../core/rocketchat-api.js';
import type { RocketChatClient } from './rocketchat-client.js';

/**
 * An account has one self-DM, which im.create returns again however often it is "created". The
 * workers share the admin's, and it may be older than the run: preflight records the self-DMs that
 * existed before (in the run state) and global teardown deletes every other one — several, on a
 * server that wrongly creates a new room each time.
 *
 * The _ids of the account's self-DMs in its own list. Recognised by membership rather than by `t`
 * alone, so that teardown still finds them on a server that misreports the type or the uids.
 */
export async function findSelfDms(
  client: RocketChatClient,
  userId: string,
  username?: string,
): Promise<string[]> {
  const response = await client.roomsGet();
  const rooms = (response.body?.update ?? []) as Room[];
  const only = (list: unknown, value: string | undefined) =>
    value !== undefined && Array.isArray(list) && list.length === 1 && list[0] === value;
  return rooms
    .filter((room) => room.name === undefined && (only(room.uids, userId) || only(room.usernames, username)))
    .map((room) => room._id);
}
