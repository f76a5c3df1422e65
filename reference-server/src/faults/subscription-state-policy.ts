import type { RoomDoc, SubscriptionDoc } from '../store/types.js';
import type { FaultName } from './catalogue.js';
import type { FaultSet } from './fault-set.js';

/**
 * How rooms.get treats the states a subscription or a room can be in, and how a subscription ends.
 * Rocket.Chat lists every subscribed room once, whatever its flags (findBySubscriptionUserIdUpdatedAfter
 * filters on `u._id` alone), and drops a room once the subscription is gone. Each fault bends one state.
 */
export interface SubscriptionStatePolicy {
  /** How many times a subscribed room is listed (Rocket.Chat: once, in every state). */
  copiesListed(room: RoomDoc, subscription: SubscriptionDoc): number;
  /** kicked-rooms-still-listed: a kick only hides the removed member's subscription. */
  kickHidesSubscription: boolean;
  /** team-removal-keeps-channels: teams.removeMember ignores its `rooms`. */
  teamRemovalKeepsRooms: boolean;
  /** deleted-partner-dms-kept: users.delete leaves the deleted user's 1:1 DMs (and their other member). */
  deleteUserKeepsDirectRooms: boolean;
}

/** Each listing fault: the state it keeps out of (0) or repeats in (2) `update`. */
const LISTING_FAULTS: ReadonlyArray<
  [fault: FaultName, copies: 0 | 2, applies: (room: RoomDoc, sub: SubscriptionDoc) => boolean]
> = [
  ['hidden-rooms-not-listed', 0, (_room, sub) => sub.open === false],
  ['archived-rooms-not-listed', 0, (room) => room.archived === true],
  ['favourite-rooms-listed-twice', 2, (_room, sub) => sub.f === true],
  ['unread-rooms-not-listed', 0, (_room, sub) => sub.alert === true],
  ['silenced-rooms-not-listed', 0, (_room, sub) => sub.disableNotifications === true],
  ['read-only-rooms-not-listed', 0, (room) => room.ro === true],
  ['muted-caller-rooms-not-listed', 0, (room, sub) => room.muted?.includes(sub.u.username) === true],
  ['rooms-with-ignored-members-not-listed', 0, (_room, sub) => (sub.ignored?.length ?? 0) > 0],
  [
    'rooms-with-caller-roles-listed-twice',
    2,
    (_room, sub) => sub.roles?.some((role) => role === 'moderator' || role === 'leader') === true,
  ],
];

export function subscriptionStatePolicy(faults: FaultSet): SubscriptionStatePolicy {
  const active = LISTING_FAULTS.filter(([fault]) => faults.has(fault));
  return {
    copiesListed(room, subscription) {
      for (const [, copies, applies] of active) if (applies(room, subscription)) return copies;
      return 1;
    },
    kickHidesSubscription: faults.has('kicked-rooms-still-listed'),
    teamRemovalKeepsRooms: faults.has('team-removal-keeps-channels'),
    deleteUserKeepsDirectRooms: faults.has('deleted-partner-dms-kept'),
  };
}
