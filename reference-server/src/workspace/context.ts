import type { Policies } from '../faults/policies.js';
import type { VersionProfile } from '../profiles.js';
import type { Collections } from '../store/collections.js';

/** Everything a workspace operation needs: the collections, the profile, the fault policies and the clock. */
export interface Workspace {
  db: Collections;
  profile: VersionProfile;
  policies: Policies;
  now(): Date;
}
