import type { ContractProfile } from '../contract/contract-profiles.js';

/**
 * Every check of the suite, in one place: its family, its id, what it holds the server to, which
 * contract profile it belongs to, and what it needs to run. The specs register tests from these
 * entries (src/playwright/registered-test.ts); the summary lists them even when a spec never loaded; waivers,
 * the fault catalogue's named checks and the version matrix refer to them by id.
 *
 * Profiles: a `documented` check asserts only what the documentation page states, and runs in both
 * profiles; a `strict` check asserts what only Rocket.Chat's source guarantees, and runs in the strict
 * profile alone.
 */
export const CHECK_FAMILIES = ['shape', 'auth', 'updatedSince', 'dm'] as const;
export type CheckFamily = (typeof CHECK_FAMILIES)[number];

export const FAMILY_TITLES: Readonly<Record<CheckFamily, string>> = {
  shape: '200 response shape',
  auth: '401 error body',
  updatedSince: 'updatedSince semantics',
  dm: 'direct-message _id rules',
};

/**
 * The pieces of the shared world preflight seeds (src/playwright/shared-world.ts), each built on its own: a
 * call the server refuses loses only the pieces that depend on it.
 * - `peer`: a seeded user logged in for the whole run, and a user a check may log in and out with;
 * - `rooms`: the admin's public channel and private group;
 * - `messages`: a channel and a 1:1 DM with two messages each from the admin;
 * - `deleted-room`: a channel deleted while the world was built;
 * - `dms`: 1:1 DMs of the admin and of the peer, the peer's self-DM, a group DM, a DM between two others;
 * - `not-member`: rooms of every type made by the peer, the admin not in them (or in them through a team);
 * - `discussion`: a discussion in the admin's channel.
 */
export const WORLD_PIECES = [
  'peer',
  'rooms',
  'messages',
  'deleted-room',
  'dms',
  'not-member',
  'discussion',
] as const;
export type WorldPiece = (typeof WORLD_PIECES)[number];

/**
 * What a check needs beyond a session: `write` (it seeds users, rooms or messages, so it is skipped in
 * a read-only run), `world` (the users and rooms preflight seeds once per run; implies write) with
 * `world:<piece>` for each piece of it the check reads — a check whose pieces were refused ends as an
 * error naming the refused call, the others run —,
 * `reads-world` (runs read-only on whatever the server holds, and reads the world too when the run may
 * write: a fault that only shows on messaged rooms, a deleted room or the run's own DMs needs them there;
 * preflight seeds the world, or the pieces of it, only for checks that say so: worldPiecesFor in
 * src/playwright/shared-world.ts) or `checked-account` (the optional ROCKETCHAT_USER… account; without
 * one the check does not apply and is left out of the run).
 */
type CheckNeed = 'write' | 'world' | `world:${WorldPiece}` | 'reads-world' | 'checked-account';

export interface CheckDefinition {
  /** `<family>/<check-id>`, the check's name everywhere (waivers, reports, the fault catalogue). */
  id: string;
  family: CheckFamily;
  /** One line: what the server is held to. */
  title: string;
  profile: ContractProfile;
  needs: readonly CheckNeed[];
}

type Entry = [checkId: string, profile: ContractProfile, needs: readonly CheckNeed[], title: string];

const WRITE = ['write'] as const;
/** A check of the shared world, with the pieces of it that it reads. */
const world = (...pieces: WorldPiece[]): readonly CheckNeed[] => [
  'write',
  'world',
  ...pieces.map((piece) => `world:${piece}` as const),
];
const DMS = world('dms');
const READ = [] as const;
const READS_WORLD = ['reads-world'] as const;

// biome-ignore format: one check per line reads as a table
const ENTRIES: Readonly<Record<CheckFamily, readonly Entry[]>> = {
  shape: [
    ['response-validates', 'documented', READ, 'the 200 answer matches the contract'],
    ['checked-account-response-validates', 'documented', ['checked-account'], 'the checked account’s own list matches the contract'],
    ['every-room-kind-validates', 'documented', world('rooms', 'dms', 'not-member'), 'channels, groups, DMs and discussions the caller joined are listed and validate'],
    ['update-lists-only-callers-rooms', 'documented', world('not-member', 'dms'), 'a room the caller does not belong to is never listed, with or without updatedSince'],
    ['response-headers', 'strict', READ, 'its 200 answers, with and without updatedSince, are JSON and not cached (Cache-Control: no-store, Pragma: no-cache)'],
    ['room-ids-unique', 'strict', READS_WORLD, 'no room appears twice in update'],
    ['absent-fields-omitted-not-null', 'strict', READ, 'Rocket.Chat’s own room fields are left out when absent, never sent as null'],
    ['dates-are-iso-8601-utc', 'strict', READS_WORLD, '_updatedAt, ts, lm, lastMessage.ts and lastMessage._updatedAt of every room, and _deletedAt of every removed one, are ISO-8601 UTC strings with milliseconds'],
    ['room-types-match-kinds', 'strict', world('rooms', 'dms'), 'a channel is t "c", a private group "p", a DM "d", a discussion carries its parent’s prid'],
    ['last-message-matches-posted', 'strict', world('messages'), 'lastMessage and lm are the message last posted'],
    ['room-fields-follow-writes', 'strict', WRITE, 'msgs, lm, lastMessage and _updatedAt follow every message, the first and later ones, from the creator and another member, in a channel, a private group, a 1:1 DM, a group DM and a discussion'],
    ['users-count-follows-membership', 'strict', WRITE, 'usersCount and _updatedAt follow every invite and leave, in a channel and a private group'],
    ['subscribed-rooms-listed-in-every-state', 'strict', WRITE, 'a room stays in update exactly once, with and without updatedSince, whatever state REST puts it or the caller’s subscription in (hidden, re-opened, a closed DM, favourite, unread, read, notifications off, archived, read-only, the caller muted, moderator or leader, a member ignored), and the answers validate'],
    ['ended-subscriptions-leave-update', 'documented', world('peer'), 'a room leaves update, with and without updatedSince, once the caller’s subscription ends (left, kicked, removed from a team with its channel, the room deleted, the DM partner deleted); a deleted room is in remove'],
  ],
  auth: [
    ['no-credentials', 'documented', READ, 'without auth headers: 401'],
    ['one-header-is-not-enough', 'documented', READ, 'X-User-Id or X-Auth-Token alone: 401'],
    ['wrong-token', 'documented', READ, 'a valid user id with a token never issued: 401'],
    ['token-of-another-user', 'documented', READ, 'user A’s token with user B’s X-User-Id: 401'],
    ['token-after-logout', 'documented', READ, 'a token is dead once logged out: 401'],
    ['not-logged-in-body-matches-version', 'strict', READ, 'the 401 body is exactly the one the server’s Rocket.Chat version sends, with no room data'],
    ['authenticates-before-validating-updated-since', 'strict', READ, 'bad credentials with an invalid updatedSince: 401, not 400'],
  ],
  updatedSince: [
    ['far-future-returns-nothing', 'documented', READ, 'nothing was updated or removed after 2999'],
    ['listed-rooms-updated-after-date', 'documented', READS_WORLD, 'with a date, exactly the rooms updated after it'],
    ['changed-room-listed-unchanged-room-not', 'documented', WRITE, 'a message after T puts its room in update; a room untouched since T stays out'],
    ['offsets-name-the-same-instant', 'documented', world('rooms'), 'Z, +02:00 and -05:30 spellings of one instant give the same answer'],
    ['deleted-room-in-remove', 'documented', WRITE, 'a room deleted after T is in remove, and no longer in update'],
    ['remove-empty-without-updated-since', 'strict', READS_WORLD, 'without a date, remove is []'],
    ['boundary-is-strict', 'strict', world('rooms'), 'a room updated exactly at the date is out, 1 ms earlier it is in'],
    ['millisecond-precision', 'strict', world('rooms', 'messages'), 'rooms updated 1 ms apart are told apart'],
    ['remove-boundary-is-strict', 'strict', world('deleted-room'), 'a room deleted exactly at the date is not in remove, 1 ms earlier it is'],
    ['invalid-value-is-400', 'strict', READ, 'words, impossible dates, epoch numbers and repeated parameters get Rocket.Chat’s 400'],
    ['drawn-instants-in-every-spelling', 'strict', world('rooms', 'messages'), 'instants drawn by fast-check around two rooms’ own _updatedAt (exactly at, 1 ms either side, within an hour), written with any offset (Z, ±hh:mm such as +05:45 or −09:30) to the minute, the second or 1–9 fraction digits, list in update exactly the rooms updated after them; a failure shrinks and names the seed that replays it'],
  ],
  dm: [
    ['one-to-one-id-is-sorted-uids', 'strict', DMS, 'a 1:1 DM’s _id is its two user ids sorted by UTF-16 code unit and concatenated'],
    ['uids-are-sorted-member-ids', 'strict', DMS, 'uids lists exactly the members, in UTF-16 order'],
    ['users-count-is-member-count', 'strict', DMS, 'usersCount is 2 for 1:1, 1 for self, N for a group'],
    ['usernames-are-member-usernames', 'strict', DMS, 'usernames are the members’ usernames'],
    ['self-dm-id-not-composed', 'strict', DMS, 'a self-DM’s _id is not built from the user id'],
    ['group-dm-id-not-composed', 'strict', DMS, 'a group DM’s _id is not built from the user ids'],
    ['same-room-whichever-side-creates', 'strict', world('peer'), 'the DM one member creates, the other creates back and the first creates again is one room, and every re-creation succeeds'],
    ['recreate-keeps-updated-at', 'strict', WRITE, 're-creating an existing DM, by its creator or the other member, succeeds and returns it unchanged'],
    ['listed-dm-rooms-are-consistent', 'strict', READS_WORLD, 'every DM in the accounts’ lists has uids in UTF-16 order, as many usernames and usersCount as uids, and an _id the Rocket.Chat version that made it could make'],
  ],
};

export const CHECKS: readonly CheckDefinition[] = CHECK_FAMILIES.flatMap((family) =>
  ENTRIES[family].map(([checkId, profile, needs, title]) => ({
    id: `${family}/${checkId}`,
    family,
    title,
    profile,
    needs,
  })),
);

const BY_ID = new Map(CHECKS.map((check) => [check.id, check]));

export function isCheckId(id: string): boolean {
  return BY_ID.has(id);
}

/** The definition of a check; throws naming the unknown id (a typo in a spec, a waiver or a fault). */
export function checkById(id: string): CheckDefinition {
  const check = BY_ID.get(id);
  if (!check) throw new Error(`unknown check "${id}": the checks are listed in src/core/run/checks.ts`);
  return check;
}

/** The checks a contract profile runs: every documented check, plus the strict ones in `strict`. */
function checksOfProfile(profile: ContractProfile): CheckDefinition[] {
  return CHECKS.filter((check) => profile === 'strict' || check.profile === 'documented');
}

/**
 * The checks a run is meant to judge, and those that do not apply to its configuration (a checked-account
 * check without a checked account) — left out of the run, and listed as such in the report.
 */
export function plannedChecks(
  profile: ContractProfile,
  hasCheckedAccount: boolean,
): { planned: CheckDefinition[]; notApplicable: Array<{ check: string; reason: string }> } {
  const inProfile = checksOfProfile(profile);
  const applies = (check: CheckDefinition) => hasCheckedAccount || !check.needs.includes('checked-account');
  return {
    planned: inProfile.filter(applies),
    notApplicable: inProfile
      .filter((check) => !applies(check))
      .map((check) => ({
        check: check.id,
        reason:
          'no checked account is configured (ROCKETCHAT_USER/ROCKETCHAT_PASSWORD or ROCKETCHAT_USER_ID/ROCKETCHAT_AUTH_TOKEN)',
      })),
  };
}

/** The pieces of the shared world a check reads (its `world:<piece>` needs). */
export function worldPiecesOf(check: CheckDefinition): WorldPiece[] {
  return WORLD_PIECES.filter((piece) => check.needs.includes(`world:${piece}`));
}
