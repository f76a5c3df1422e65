import type { AdminAccount } from '../../core/config.js';
import { compareUtf16 } from '../../core/dm-room-id.js';
import { ApiError, type RocketChatClient } from '../rocketchat-client.js';
import type { TargetState } from '../run-state.js';
import { type SeededUser, Seeder, SeedingError, type SeedingPolicy } from '../seed.js';
import { buildWorld, INITIAL_WORLD_USERS, type Member, type WorldData, type WorldStart } from '../world.js';
import { explainSeededLoginRefusal, explainSeedingRefusal } from './explain.js';

/**
 * Seeds the run's shared world on one target, and finds out on the way how this server lets the suite
 * create users that can log in (docs/rocketchat-behaviour.md §9.1):
 * - first as a stock server needs: no verified e-mail (a verified address switches on e-mail two-factor
 *   for new users, which would ask every login for an e-mailed code);
 * - if the login of such a user is refused because Accounts_EmailVerification is on, again with verified
 *   addresses — which works where e-mail two-factor is off, and otherwise stops with one message naming
 *   the settings.
 * Whatever was seeded is deleted again when seeding stops half-way.
 */
export interface SeedWorldInput {
  url: string;
  admin: AdminAccount;
  adminMember: Member;
  emailDomain: string;
  serverVersion: string;
  prefix: string;
}

export async function seedWorld(
  adminClient: RocketChatClient,
  input: SeedWorldInput,
): Promise<{ seeding: NonNullable<TargetState['seeding']>; world: WorldData }> {
  let policy: SeedingPolicy = { writable: true, emailDomain: input.emailDomain, verifiedEmails: false };
  let seeder = new Seeder(adminClient, input.prefix, policy);
  try {
    let start = await createFirstUsers(seeder);
    if (start instanceof ApiError) {
      if (!refusedForUnverifiedEmail(start)) throw explainSeededLoginRefusal(input.url, start, false);
      await seeder.cleanup();
      policy = { ...policy, verifiedEmails: true };
      seeder = new Seeder(adminClient, `${input.prefix}v`, policy);
      start = await createFirstUsers(seeder);
      if (start instanceof ApiError) throw explainSeededLoginRefusal(input.url, start, true);
    }
    const world = await buildWorld(seeder, input.adminMember, start, {
      listAsPeer: (peer) => peer.roomsGet(),
    });
    return { seeding: { emailDomain: input.emailDomain, verifiedEmails: policy.verifiedEmails }, world };
  } catch (error) {
    await seeder.cleanup().catch(() => undefined);
    if (error instanceof SeedingError) throw explainSeedingRefusal(input.url, error, input);
    throw error;
  }
}

/**
 * The first two round trips of the world: users and the rooms that need none at once; then the login of
 * the user that becomes the peer — the probe of how this server lets seeded users log in — together with
 * the first message and the admin's first DM. Returns the refusal of that login instead, if refused.
 */
async function createFirstUsers(seeder: Seeder): Promise<WorldStart | ApiError> {
  const [users, channel, group, messagedChannel] = await Promise.all([
    Promise.all(Array.from({ length: INITIAL_WORLD_USERS }, () => seeder.user())),
    seeder.channel(),
    seeder.group(),
    seeder.channel(),
  ]);
  // The peer: the greatest id, so every other seeded user sorts before it.
  const peer = users.reduce((max, user) => (compareUtf16(user._id, max._id) > 0 ? user : max));
  const firstOther = users.find((user) => user !== peer) as SeededUser;
  const login = seeder.login(peer).then(
    (client) => client,
    (error: unknown) => {
      if (error instanceof SeedingError && error.original instanceof ApiError) return error.original;
      throw error;
    },
  );
  const [peerClient, messagedDm] = await Promise.all([
    login,
    seeder.dm([firstOther.username]),
    seeder.message(messagedChannel._id, `${seeder.prefix} first in a channel`),
  ]);
  if (peerClient instanceof ApiError) return peerClient;
  const session = peerClient.session;
  if (!session) throw new Error(`the login of ${peer.username} gave no session`);
  return {
    users,
    peer,
    peerClient,
    peerSession: { ...session, username: peer.username, kind: 'login' },
    channel,
    group,
    messagedChannel,
    messagedDm,
  };
}

/** Accounts_EmailVerification's refusal (error-invalid-email and its older spellings). */
function refusedForUnverifiedEmail(error: ApiError): boolean {
  return error.code !== undefined && error.code !== 'totp-required' && /email/i.test(error.code);
}
