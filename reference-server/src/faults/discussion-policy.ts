import type { RoomDoc, TeamDoc } from '../store/types.js';
import type { FaultSet } from './fault-set.js';

/**
 * The type a new discussion gets: its parent's room type decides (getDiscussionType,
 * apps/meteor/server/lib/rooms/roomTypes/*.ts). A public channel's discussion is public unless the
 * channel belongs to a private team (since #27601); a private group's or a DM's is private.
 */
export interface DiscussionPolicy {
  type(parent: RoomDoc, parentTeam: TeamDoc | undefined): 'c' | 'p';
}

/** TEAM_TYPE (core-typings). */
const TEAM_PUBLIC = 0;
const TEAM_PRIVATE = 1;

export function discussionPolicy(faults: FaultSet): DiscussionPolicy {
  // discussion-of-channel-private: "not public" where "private" is meant, true without a team too.
  const privateTeam = faults.has('discussion-of-channel-private')
    ? (team: TeamDoc | undefined) => team?.type !== TEAM_PUBLIC
    : (team: TeamDoc | undefined) => team?.type === TEAM_PRIVATE;
  return {
    type: (parent, parentTeam) => (parent.t === 'c' && !privateTeam(parentTeam) ? 'c' : 'p'),
  };
}
