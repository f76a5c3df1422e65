import type { InstanceClock } from '../clock.js';
import type { Policies } from '../faults/policies.js';
import type { VersionProfile } from '../profiles.js';
import type { Settings } from '../settings.js';
import type { Collections } from '../store/collections.js';

/**
 * Everything a workspace operation needs: the collections, the profile, the settings, the fault
 * policies, the serving instance's clock and the log (where e-mailed 2FA codes "arrive").
 */
export interface Workspace {
  db: Collections;
  profile: VersionProfile;
  settings: Settings;
  policies: Policies;
  clock: InstanceClock;
  now(): Date;
  log(line: string): void;
  /** Rocket.Chat's CREATE_TOKENS_FOR_USERS(_SECRET), or null when unset. */
  createTokensSecret: string | null;
}
