import type { WorldPiece } from '../../core/run/checks.js';
import type { AdminAccount } from '../../core/run/config.js';
import { ApiError, type RocketChatClient } from '../rocketchat-client.js';
import type { TargetState } from '../run-state.js';
import { type SeededUser, Seeder, SeedingError, type SeedingPolicy } from '../seeder.js';
import {
  type BuiltWorld,
  buildWorld,
  INITIAL_WORLD_USERS,
  type Member,
  NOT_WANTED,
  type Outcome,
  peerAmong,
  type Refusal,
  type WorldUsers,
} from '../shared-world.js';
import { explainSeededLoginRefusal, explainSeedingRefusal } from './explain.js';
import type { PreflightError } from './preflight-error.js';

/**
 * Seeds the run's shared world on one target, every piece as far as the server allows (a refused call
 * loses the pieces that depend on it: world.ts), and finds out on the way how this server lets the suite
 * create users that can log in (docs/rocketchat-behaviour.md §9.1):
 * - first as a stock server needs: no verified e-mail (a verified address switches on e-mail two-factor
 *   for new users, which would ask every login for an e-mailed code);
 * - if the login of such a user is refused because Accounts_EmailVerification is on, again with verified
 *   addresses — which works where e-mail two-factor is off, and otherwise loses what needs the peer,
 *   with one message naming the settings.
 * Whatever was seeded is deleted again when seeding stops on something that is not a refusal (a bug).
 */
export interface SeedWorldInput {
  url: string;
  admin: AdminAccount;
  adminMember: Member;
  emailDomain: string;
  /** Read alongside the seeding: it words the refusals, once known. */
  serverVersion: Promise<string>;
  prefix: string;
  /** The pieces to seed (worldPiecesFor the target's planned checks). */
  pieces: readonly WorldPiece[];
}

export async function seedWorld(
  adminClient: RocketChatClient,
  input: SeedWorldInput,
): Promise<{ seeding: NonNullable<TargetState['seeding']>; world: BuiltWorld }> {
  const policy: SeedingPolicy = { writable: true, emailDomain: input.emailDomain, verifiedEmails: false };
  const seeder = new Seeder(adminClient, input.prefix, policy);
  // The seeder of the users: the world's, or one with verified addresses when the server needs them.
  let usersSeeder = seeder;
  // Each refusal's fix names the server's version: filled in once the version is read (a failed read is
  // preflight's to report, also when the seeding stops first).
  input.serverVersion.catch(() => undefined);
  const unworded: Array<{ refusal: Refusal; error: SeedingError }> = [];
  const refusal = (error: SeedingError): Refusal => {
    const refused: Refusal = {
      call: error.step ?? error.message,
      ...(error.original instanceof ApiError && error.original.code ? { code: error.original.code } : {}),
      // The server's answer alone ("POST /api/v1/… answered 400: {…}", redacted by the client).
      answer: (error.original instanceof Error ? error.original.message : error.message).replace(
        /^.*? failed: /,
        '',
      ),
      fix: '',
    };
    unworded.push({ refusal: refused, error });
    return refused;
  };
  // The first users as soon as they exist: the world's messaged DM needs them, not the peer's login.
  let usersCreated: (users: Outcome<SeededUser[]>) => void = () => undefined;
  const firstUsers = new Promise<Outcome<SeededUser[]>>((resolve) => {
    usersCreated = resolve;
  });
  const users = async (): Promise<{ users: Outcome<SeededUser[]>; login: PeerLogin }> => {
    const first = await seedUsers(usersSeeder, refusal, usersCreated);
    if (first.login.ok || first.login.refusedForUnverifiedEmail === undefined) return first;
    await usersSeeder.deleteUsers();
    usersSeeder = new Seeder(adminClient, `${input.prefix}v`, { ...policy, verifiedEmails: true });
    return seedUsers(usersSeeder, refusal);
  };
  try {
    const world = await buildWorld(seeder, input.adminMember, {
      pieces: input.pieces,
      // Every piece made with the seeded users needs the peer (PIECE_INPUTS): without it, no users.
      users: input.pieces.includes('peer')
        ? users().then((seeded) => ({
            users: seeded.users,
            login: seeded.login.ok
              ? seeded.login
              : {
                  ok: false,
                  refusal: seeded.login.refusal ?? loginRefusal(input.url, seeded.login, usersSeeder),
                },
          }))
        : Promise.resolve({ users: NOT_WANTED, login: NOT_WANTED }),
      ...(input.pieces.includes('peer') ? { firstUsers } : {}),
      moreUsers: () => Promise.all([usersSeeder.user(), usersSeeder.user()]),
      refusal,
      listAsPeer: (peer) => peer.roomsGet(),
    });
    world.created = merged(seeder, usersSeeder);
    const serverVersion = await input.serverVersion;
    for (const { refusal: refused, error } of unworded)
      refused.fix = withoutPrefix(explainSeedingRefusal(input.url, error, { ...input, serverVersion }));
    return {
      seeding: { emailDomain: input.emailDomain, verifiedEmails: usersSeeder.policy.verifiedEmails },
      world,
    };
  } catch (error) {
    // What was seeded goes again; the error that stopped the seeding is the one said.
    await Promise.all([seeder.deleteCreated(), usersSeeder.deleteCreated()]).catch(() => undefined);
    throw error;
  }
}

type PeerLogin =
  | Extract<WorldUsers['login'], { ok: true }>
  | {
      ok: false;
      /** The refusal of a step before the login (the users). */
      refusal?: Refusal;
      /** The login's own refusal, and whether it is Accounts_EmailVerification's. */
      error?: ApiError;
      username?: string;
      refusedForUnverifiedEmail?: true;
    };

/** Creates the first users, then logs in the one that becomes the peer (the probe of how this server lets seeded users log in). */
async function seedUsers(
  seeder: Seeder,
  refusal: (error: SeedingError) => Refusal,
  /** Told the users (or the refusal) before the peer logs in. */
  created: (users: Outcome<SeededUser[]>) => void = () => undefined,
): Promise<{ users: Outcome<SeededUser[]>; login: PeerLogin }> {
  let users: SeededUser[];
  try {
    users = await Promise.all(Array.from({ length: INITIAL_WORLD_USERS }, () => seeder.user()));
  } catch (error) {
    if (!(error instanceof SeedingError)) throw error;
    const refused = refusal(error);
    created({ ok: false, refusal: refused });
    return { users: { ok: false, refusal: refused }, login: { ok: false, refusal: refused } };
  }
  created({ ok: true, value: users });
  const peer = peerAmong(users);
  try {
    const client = await seeder.login(peer);
    const session = client.session;
    if (!session) throw new Error(`the login of ${peer.username} gave no session`);
    return {
      users: { ok: true, value: users },
      login: { ok: true, value: { client, session: { ...session, username: peer.username, kind: 'login' } } },
    };
  } catch (error) {
    if (!(error instanceof SeedingError && error.original instanceof ApiError)) throw error;
    return {
      users: { ok: true, value: users },
      login: {
        ok: false,
        error: error.original,
        username: peer.username,
        ...(refusedForUnverifiedEmail(error.original) ? { refusedForUnverifiedEmail: true as const } : {}),
      },
    };
  }
}

function loginRefusal(url: string, login: Extract<PeerLogin, { ok: false }>, seeder: Seeder): Refusal {
  const error = login.error as ApiError;
  return {
    call: `login of ${login.username}`,
    ...(error.code ? { code: error.code } : {}),
    answer: error.message.replace(/^.*? failed: /, ''),
    fix: withoutPrefix(explainSeededLoginRefusal(url, error, seeder.policy.verifiedEmails)),
  };
}

/** Everything both seeders created (one seeder when the first users could log in). */
function merged(seeder: Seeder, usersSeeder: Seeder): BuiltWorld['created'] {
  const own = seeder.created();
  if (usersSeeder === seeder) return own;
  const users = usersSeeder.created();
  return { rooms: [...own.rooms, ...users.rooms], users: [...own.users, ...users.users] };
}

const withoutPrefix = (error: PreflightError): string =>
  error.message.replace(/^rooms-get-conformance: /, '');

/** Accounts_EmailVerification's refusal (error-invalid-email and its older spellings). */
function refusedForUnverifiedEmail(error: ApiError): boolean {
  return error.code !== undefined && error.code !== 'totp-required' && /email/i.test(error.code);
}
