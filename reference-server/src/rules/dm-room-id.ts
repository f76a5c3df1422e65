/**
 * Rocket.Chat's DM rules (apps/meteor/app/lib/server/functions/createDirectRoom.ts, 6.2–7.x), written here from
 * the source — the suite has its own reading in src/core/rocketchat/dm-room-id.ts and shares none of this.
 */

export interface DirectMember {
  _id: string;
  username: string;
  name?: string;
}

/** `uids` are sorted by JS's default sort: UTF-16 code units, so "Z" < "a". */
export function sortUids(uids: readonly string[]): string[] {
  return [...uids].sort();
}

/** `usernames` are sorted by display name (`name || username`) with `localeCompare`, not aligned with `uids`. */
export function usernamesByDisplayName(members: readonly DirectMember[]): string[] {
  return [...members]
    .sort((a, b) => (a.name || a.username).localeCompare(b.name || b.username))
    .map((member) => member.username);
}

/** Up to 7.x a 1:1 DM (two distinct members) has `_id` = its sorted uids concatenated. */
export function composedOneToOneId(uids: readonly string[]): string {
  return sortUids(uids).join('');
}
