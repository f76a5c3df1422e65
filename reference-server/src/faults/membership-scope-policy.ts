import type { FaultSet } from './fault-set.js';

/**
 * Which rooms rooms.get counts as the caller's: Rocket.Chat's rule is "the rooms the caller holds a
 * subscription to" (findBySubscriptionUserIdUpdatedAfter, apps/meteor/server/models/raw/Rooms.ts),
 * bent by the membership-scope faults. Each flag widens the scope one realistic way, but
 * discussionsLeftOut, which narrows it.
 */
export interface MembershipScopePolicy {
  /** private-groups-of-others-listed: every private group, joined or not. */
  othersPrivateGroups: boolean;
  /** public-channels-listed: every public channel, joined or not. */
  allPublicChannels: boolean;
  /** discussions-of-joined-rooms-listed: discussions of the caller's rooms, subscribed or not. */
  discussionsOfJoinedRooms: boolean;
  /** team-rooms-listed-to-team-members: every room of a team whose main room the caller is in. */
  teamRoomsOfJoinedTeams: boolean;
  /** left-rooms-still-listed: leaving only hides the subscription. */
  leaveHidesSubscription: boolean;
  /** updated-since-ignores-membership: with a date, any room updated after it is listed. */
  datedQueryIgnoresMembership: boolean;
  /** discussions-not-listed: the caller's rooms without the discussions (prid: {$exists: false}). */
  discussionsLeftOut: boolean;
}

export function membershipScopePolicy(faults: FaultSet): MembershipScopePolicy {
  return {
    othersPrivateGroups: faults.has('private-groups-of-others-listed'),
    allPublicChannels: faults.has('public-channels-listed'),
    discussionsOfJoinedRooms: faults.has('discussions-of-joined-rooms-listed'),
    teamRoomsOfJoinedTeams: faults.has('team-rooms-listed-to-team-members'),
    leaveHidesSubscription: faults.has('left-rooms-still-listed'),
    datedQueryIgnoresMembership: faults.has('updated-since-ignores-membership'),
    discussionsLeftOut: faults.has('discussions-not-listed'),
  };
}
