import type { Settings } from '../settings.js';
import type { Permission } from '../workspace/permissions.js';
import type { FaultSet } from './fault-set.js';

/**
 * Refusals: what an administrator of a real server may configure that makes it refuse a call the
 * conformance suite uses to seed its test data — a permission taken from every role, a restricted list
 * of e-mail domains, an app that blocks messages. They break no rooms.get
 * contract: the suite must judge everything that does not need the refused call, and name the cause.
 */
export interface RefusalPolicy {
  /** Permissions no role holds on this server (Administration → Permissions). */
  revoked: ReadonlySet<Permission>;
  /** Settings an administrator changed (merged over the profile's and RC_REFERENCE_SETTINGS). */
  settings: Partial<Settings>;
  /** An installed app prevents every message (IPreMessageSentPrevent): chat.postMessage is refused. */
  appPreventsMessages: boolean;
}

export function refusalPolicy(faults: FaultSet): RefusalPolicy {
  const revoked = new Set<Permission>();
  if (faults.has('seeding-create-p-revoked')) revoked.add('create-p');
  if (faults.has('seeding-create-d-revoked')) revoked.add('create-d');
  const settings: Partial<Settings> = {
    // A company server: only its own domain may register.
    ...(faults.has('seeding-email-domain-refused') ? { Accounts_AllowedDomainsList: 'rocket.chat' } : {}),
  };
  return { revoked, settings, appPreventsMessages: faults.has('seeding-message-prevented') };
}
