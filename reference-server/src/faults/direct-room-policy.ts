import type { VersionProfile } from '../profiles.js';
import {
  composedOneToOneId,
  type DirectMember,
  sortUids,
  usernamesByDisplayName,
} from '../rules/dm-room-id.js';
import type { FaultSet } from './fault-set.js';

export type DirectRoomKind = 'self' | 'one-to-one' | 'group';

/** How a DM's `_id` and fields are built and an existing DM found: Rocket.Chat's rules, bent by the `dm` faults. */
export interface DirectRoomPolicy {
  /** The composed `_id` for a new DM, or null for a fresh ObjectId. `members` are in creation order. */
  composedId(kind: DirectRoomKind, members: readonly DirectMember[]): string | null;
  /** The members a new DM's uids, usernames and usersCount are built from (dm-self-uids-doubled: the creator twice). */
  storedMembers(kind: DirectRoomKind, members: readonly DirectMember[]): readonly DirectMember[];
  /** `uids` as stored, or undefined when the field is left out. */
  uids(members: readonly DirectMember[]): string[] | undefined;
  usernames(members: readonly DirectMember[]): string[];
  usersCount(members: readonly DirectMember[]): number;
  /** Re-running im.create looks the existing DM up (not with dm-recreate-new-room). */
  reusesExistingRoom: boolean;
  /** Re-running im.create writes to the existing room (dm-recreate-bumps-updated-at). */
  recreateBumpsUpdatedAt: boolean;
  /**
   * Re-running im.create for an existing DM fails with a duplicate-key error, as when the lookup misses
   * and the insert collides (dm-recreate-error-creator: when its creator asks again;
   * dm-recreate-error-other-side: when another member does).
   */
  recreateFails(byCreator: boolean): boolean;
}

export function directRoomPolicy(faults: FaultSet, profile: VersionProfile): DirectRoomPolicy {
  const oneToOneId = (members: readonly DirectMember[]): string | null => {
    const uids = members.map((member) => member._id);
    if (faults.has('dm-id-unsorted')) return uids.join('');
    if (faults.has('dm-id-case-insensitive')) return [...uids].sort((a, b) => a.localeCompare(b)).join('');
    return profile.directRoomIds === 'composed-one-to-one' ? composedOneToOneId(uids) : null;
  };
  return {
    composedId: (kind, members) => {
      if (kind === 'one-to-one') return oneToOneId(members);
      const uids = members.map((member) => member._id);
      if (kind === 'self' && faults.has('dm-self-id-doubled')) return `${uids[0]}${uids[0]}`;
      if (kind === 'group' && faults.has('dm-group-id-composed')) return sortUids(uids).join('');
      return null;
    },
    storedMembers: (kind, members) =>
      kind === 'self' && faults.has('dm-self-uids-doubled') ? [...members, ...members] : members,
    uids: (members) => {
      if (faults.has('dm-uids-missing')) return undefined;
      const uids = members.map((member) => member._id);
      return faults.has('dm-uids-unsorted') ? uids : sortUids(uids);
    },
    usernames: (members) => {
      const sorted = usernamesByDisplayName(members);
      if (!faults.has('dm-usernames-wrong')) return sorted;
      const byUsername = new Map(members.map((member) => [member.username, member.name || member.username]));
      return sorted.map((username) => byUsername.get(username) ?? username);
    },
    usersCount: (members) => (faults.has('dm-users-count-wrong') ? 2 : members.length),
    reusesExistingRoom: !faults.has('dm-recreate-new-room'),
    recreateBumpsUpdatedAt: faults.has('dm-recreate-bumps-updated-at'),
    recreateFails: (byCreator) =>
      faults.has(byCreator ? 'dm-recreate-error-creator' : 'dm-recreate-error-other-side'),
  };
}
