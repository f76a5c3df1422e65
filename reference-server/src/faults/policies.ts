import type { VersionProfile } from '../profiles.js';
import { type AuthPolicy, authPolicy } from './auth-policy.js';
import { type DirectRoomPolicy, directRoomPolicy } from './direct-room-policy.js';
import { type DiscussionPolicy, discussionPolicy } from './discussion-policy.js';
import type { FaultSet } from './fault-set.js';
import { type FreshnessPolicy, freshnessPolicy } from './freshness-policy.js';
import { type MembershipScopePolicy, membershipScopePolicy } from './membership-scope-policy.js';
import { type RoomsGetResponsePolicy, roomsGetResponsePolicy } from './rooms-get-response-policy.js';
import { type UpdatedSincePolicy, updatedSincePolicy } from './updated-since-policy.js';

/**
 * The hook points where faults enter. The server's code asks these policies, never the fault
 * names, so each fault lives in exactly one place. A clean server gets Rocket.Chat's behaviour.
 */
export interface Policies {
  auth: AuthPolicy;
  updatedSince: UpdatedSincePolicy;
  directRooms: DirectRoomPolicy;
  discussions: DiscussionPolicy;
  roomsGetResponse: RoomsGetResponsePolicy;
  membership: MembershipScopePolicy;
  freshness: FreshnessPolicy;
  messages: {
    /** chat.postMessage refreshes the room's lastMessage (last-message-stale: only the first one sets it). */
    updatesLastMessage: boolean;
  };
  users: {
    /** users.create refuses every e-mail domain as blacklisted (users-create-refused). */
    createRefusesEveryDomain: boolean;
  };
}

export function buildPolicies(faults: FaultSet, profile: VersionProfile): Policies {
  return {
    auth: authPolicy(faults, profile),
    updatedSince: updatedSincePolicy(faults),
    directRooms: directRoomPolicy(faults, profile),
    discussions: discussionPolicy(faults),
    roomsGetResponse: roomsGetResponsePolicy(faults),
    membership: membershipScopePolicy(faults),
    freshness: freshnessPolicy(faults),
    messages: { updatesLastMessage: !faults.has('last-message-stale') },
    users: { createRefusesEveryDomain: faults.has('users-create-refused') },
  };
}
