import { composedOneToOneId } from '../rules/dm-room-id.js';
import { objectId, randomId } from '../store/ids.js';
import type { RoomDoc, UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';
import { postMessage } from './messages.js';
import { createRoom, subscribe } from './rooms.js';
import { createUser } from './users.js';

/**
 * RC_REFERENCE_SEED_ROOMS: N extra rooms the checked account is subscribed to — channels, private
 * groups and 1:1 DMs (the first with rocket.cat), every third with a lastMessage. Written straight
 * into the collections (no HTTP, no per-room lookups) so that 10 000 rooms take well under a second.
 */
export function seedRooms(ws: Workspace, owner: UserDoc, count: number): void {
  const rocketCat = ws.db.users.get('rocket.cat');
  for (let i = 0; i < count; i++) {
    const kind = i % 5;
    let room: RoomDoc;
    if (kind <= 1 || kind === 2) {
      room = createRoom(ws, {
        type: kind === 2 ? 'p' : 'c',
        name: `seed-${kind === 2 ? 'group' : 'channel'}-${i}`,
        owner,
      });
    } else {
      const other =
        i === 3 && rocketCat
          ? rocketCat
          : createUser(ws, {
              username: `seed.user.${i}`,
              name: `Seed User ${i}`,
              joinDefaultChannels: false,
            });
      const members = [owner, other];
      const uids = members.map((member) => member._id).sort();
      const now = ws.now();
      const id =
        ws.profile.directRoomIds === 'composed-one-to-one'
          ? composedOneToOneId(uids)
          : objectId(now.getTime());
      room = {
        _id: ws.db.rooms.has(id) ? randomId() : id,
        t: 'd',
        usernames: [...members]
          .sort((a, b) => (a.name || a.username).localeCompare(b.name || b.username))
          .map((member) => member.username),
        usersCount: 2,
        msgs: 0,
        ts: now,
        uids,
        default: false,
        ro: false,
        sysMes: true,
        _updatedAt: now,
      };
      ws.db.rooms.set(room._id, room);
      ws.db.directMembers.set(room._id, uids);
      for (const member of members) {
        const peer = member === owner ? other : owner;
        subscribe(ws, room, member, { name: peer.username, fname: peer.name, open: true });
      }
    }
    if (i % 3 === 0) postMessage(ws, room, owner, `seed message ${i}`);
  }
}
