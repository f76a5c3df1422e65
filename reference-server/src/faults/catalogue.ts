/**
 * The fault catalogue: realistic Rocket.Chat regressions the conformance suite must catch.
 * Each entry changes exactly the behaviour it names, in every version profile. The mutation matrix
 * (scripts/mutants.ts) reads this table through `--list-faults --json`, so names and families are
 * an interface: rename nothing.
 */
export type FaultFamily = 'shape' | 'auth' | 'updatedSince' | 'dm';

export interface FaultEntry {
  name: string;
  breaks: string;
  family: FaultFamily;
}

const catalogue = [
  // ── 200 shape ──
  {
    name: 'date-without-zone',
    family: 'shape',
    breaks: 'room _updatedAt/lm/ts serialised without the Z ("2024-07-16T08:49:34.732")',
  },
  { name: 'ts-as-epoch', family: 'shape', breaks: 'room ts serialised as an epoch-milliseconds number' },
  {
    name: 'updated-at-as-ejson',
    family: 'shape',
    breaks: 'room _updatedAt serialised as EJSON {"$date": "<iso>"}',
  },
  { name: 'counter-as-string', family: 'shape', breaks: 'room msgs and usersCount serialised as strings' },
  { name: 'missing-updated-at', family: 'shape', breaks: 'rooms in update lack _updatedAt' },
  {
    name: 'room-type-long-name',
    family: 'shape',
    breaks: 't is "channel"/"private"/"direct" instead of c/p/d',
  },
  { name: 'success-missing', family: 'shape', breaks: 'the rooms.get envelope lacks success' },
  {
    name: 'null-for-absent-fields',
    family: 'shape',
    breaks: 'absent optional room fields sent as null (lastMessage: null, topic: null, …)',
  },
  {
    name: 'last-message-stale',
    family: 'shape',
    breaks: 'chat.postMessage bumps msgs/lm/_updatedAt but leaves an existing lastMessage unchanged',
  },
  { name: 'last-message-missing', family: 'shape', breaks: 'lastMessage is never projected by rooms.get' },
  {
    name: 'duplicate-rooms',
    family: 'shape',
    breaks: 'every room with a lastMessage appears twice in update',
  },
  {
    name: 'other-users-rooms',
    family: 'shape',
    breaks: 'update also contains rooms the caller is not subscribed to',
  },
  {
    name: 'wrong-content-type',
    family: 'shape',
    breaks: 'rooms.get 200 has Content-Type text/html; charset=utf-8 (body still JSON)',
  },
  {
    name: 'missing-no-store',
    family: 'shape',
    breaks: 'rooms.get responses lack Cache-Control: no-store and Pragma: no-cache',
  },
  // ── 401 ──
  {
    name: 'auth-status-403',
    family: 'auth',
    breaks: 'not-logged-in answered 403 instead of 401 (same body)',
  },
  {
    name: 'auth-body-without-status',
    family: 'auth',
    breaks: 'not-logged-in body is the 9.0 shape {success:false, error} only',
  },
  { name: 'auth-message-changed', family: 'auth', breaks: 'not-logged-in message is "Unauthorized"' },
  {
    name: 'auth-not-enforced',
    family: 'auth',
    breaks: 'rooms.get without valid credentials answers 200 with the default public rooms (anonymous read)',
  },
  {
    name: 'auth-user-id-ignored',
    family: 'auth',
    breaks: 'a token is accepted whatever X-User-Id says; the token owner is the caller',
  },
  {
    name: 'auth-one-header-enough',
    family: 'auth',
    breaks: 'a request with X-Auth-Token and no X-User-Id is accepted',
  },
  {
    name: 'auth-token-survives-logout',
    family: 'auth',
    breaks: 'logout answers success but the token keeps working',
  },
  {
    name: 'auth-after-updated-since',
    family: 'auth',
    breaks: 'rooms.get validates updatedSince before authenticating: 400 instead of 401 when both are bad',
  },
  // ── updatedSince ──
  {
    name: 'updated-since-ignored',
    family: 'updatedSince',
    breaks: 'a valid updatedSince does not filter update (every subscribed room is listed)',
  },
  {
    name: 'updated-since-inclusive',
    family: 'updatedSince',
    breaks: 'update uses _updatedAt >= updatedSince instead of >',
  },
  {
    name: 'updated-since-subscription-updated-at',
    family: 'updatedSince',
    breaks: "compares the caller's subscription _updatedAt (messages do not bump it) instead of the room's",
  },
  {
    name: 'updated-since-room-ts',
    family: 'updatedSince',
    breaks: "compares the room's ts (creation time) instead of _updatedAt",
  },
  {
    name: 'updated-since-offset-dropped',
    family: 'updatedSince',
    breaks: 'the UTC offset is stripped and the wall time read as UTC',
  },
  {
    name: 'updated-since-seconds',
    family: 'updatedSince',
    breaks: 'updatedSince truncated to whole seconds before comparing',
  },
  {
    name: 'updated-since-invalid-accepted',
    family: 'updatedSince',
    breaks: 'an invalid updatedSince answers 200 with the full listing',
  },
  {
    name: 'updated-since-invalid-500',
    family: 'updatedSince',
    breaks: 'an invalid updatedSince answers 500 {success:false, error:"Internal server error"}',
  },
  {
    name: 'updated-since-epoch-accepted',
    family: 'updatedSince',
    breaks: 'digit-only updatedSince values are taken as epoch milliseconds',
  },
  {
    name: 'updated-since-400-body',
    family: 'updatedSince',
    breaks: 'the invalid-updatedSince 400 body lacks errorType and has another error text',
  },
  { name: 'remove-always-empty', family: 'updatedSince', breaks: 'remove is always []' },
  {
    name: 'remove-boundary-inclusive',
    family: 'updatedSince',
    breaks: 'remove uses _deletedAt >= updatedSince instead of >',
  },
  {
    name: 'deleted-kept-in-update',
    family: 'updatedSince',
    breaks: 'deleted rooms are still listed in update for their former members',
  },
  {
    name: 'remove-without-deleted-at',
    family: 'updatedSince',
    breaks: 'remove items are {_id} only, without _deletedAt',
  },
  // ── DM ids ──
  {
    name: 'dm-id-unsorted',
    family: 'dm',
    breaks: "1:1 DM _id is the creator's uid + the other uid, unsorted",
  },
  { name: 'dm-id-separator', family: 'dm', breaks: '1:1 DM _id is the sorted uids joined with "-"' },
  { name: 'dm-id-from-usernames', family: 'dm', breaks: '1:1 DM _id is the sorted usernames joined' },
  {
    name: 'dm-id-case-insensitive',
    family: 'dm',
    breaks: '1:1 DM _id sorts uids with localeCompare instead of UTF-16 code units',
  },
  { name: 'dm-self-id-doubled', family: 'dm', breaks: 'self-DM _id is uid+uid, as before 3.1' },
  {
    name: 'dm-group-id-composed',
    family: 'dm',
    breaks: 'group DM _id is the sorted uids joined instead of an ObjectId',
  },
  { name: 'dm-uids-unsorted', family: 'dm', breaks: 'DM uids kept in creation order instead of sorted' },
  { name: 'dm-uids-missing', family: 'dm', breaks: 'DM rooms have no uids field' },
  { name: 'dm-users-count-wrong', family: 'dm', breaks: 'DM usersCount is always 2' },
  {
    name: 'dm-usernames-wrong',
    family: 'dm',
    breaks: 'DM usernames holds display names instead of usernames',
  },
  {
    name: 'dm-recreate-bumps-updated-at',
    family: 'dm',
    breaks: "re-running im.create for an existing DM bumps the room's _updatedAt",
  },
  {
    name: 'dm-recreate-new-room',
    family: 'dm',
    breaks:
      're-running im.create (from either side) creates a new room instead of returning the existing one',
  },
] as const satisfies ReadonlyArray<FaultEntry>;

export const FAULT_CATALOGUE: ReadonlyArray<FaultEntry> = catalogue;

export type FaultName = (typeof catalogue)[number]['name'];

export const FAULT_NAMES: ReadonlySet<string> = new Set(catalogue.map((fault) => fault.name));

export function isFaultName(name: string): name is FaultName {
  return FAULT_NAMES.has(name);
}

/** The catalogue as a fixed-width text table, for `--list-faults`. */
export function formatFaultTable(entries: ReadonlyArray<FaultEntry> = FAULT_CATALOGUE): string {
  const nameWidth = Math.max(4, ...entries.map((entry) => entry.name.length));
  const familyWidth = Math.max(6, ...entries.map((entry) => entry.family.length));
  const row = (name: string, family: string, breaks: string): string =>
    `${name.padEnd(nameWidth)}  ${family.padEnd(familyWidth)}  ${breaks}`;
  return [
    row('name', 'family', 'what breaks'),
    row('-'.repeat(nameWidth), '-'.repeat(familyWidth), '-'.repeat(11)),
    ...entries.map((entry) => row(entry.name, entry.family, entry.breaks)),
  ].join('\n');
}
