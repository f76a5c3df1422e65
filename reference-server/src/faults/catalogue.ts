import { PROFILE_MAJORS, type ProfileMajor } from '../profiles.js';

/**
 * The fault catalogue: realistic Rocket.Chat regressions the conformance suite must catch.
 * Each entry changes exactly the behaviour it names, in every version profile it applies to
 * (`versions`, default all), names the suite checks that must catch it (`checks`) and a real-world
 * precedent that makes it plausible (`precedent`). The mutation matrix (scripts/mutants.ts) reads
 * this table through `--list-faults --json`, so names and families are an interface: rename nothing.
 *
 * Removed for want of a precedent (README, "Removed faults"): dm-id-separator, dm-id-from-usernames,
 * room-type-long-name.
 */
type FaultFamily = 'shape' | 'auth' | 'updatedSince' | 'dm';

export interface FaultEntry {
  name: string;
  family: FaultFamily;
  breaks: string;
  /** The suite's checks (`<family>/<check-id>`) that must fail against this fault. */
  checks: readonly string[];
  /** The profiles the fault applies to; absent: every profile. */
  versions?: readonly ProfileMajor[];
  /** A Rocket.Chat issue/PR, or the real-world mechanism that makes the regression plausible. */
  precedent: string;
  /**
   * `refusal`: the server refuses a call the suite seeds with, as a configured server may; it breaks no
   * rooms.get contract, so `checks` is empty and the run must end INCOMPLETE naming the refusal.
   */
  effect?: 'refusal';
  /** For a refusal: a contract fault that read-only checks catch, run alongside it: its checks must still fail. */
  revealedBy?: string;
  /**
   * Why the suite's documented contract profile cannot see the fault although it names documented-profile
   * checks: the documentation page promises nothing the fault breaks.
   */
  documentedProfileBlind?: string;
}

const RC = 'https://github.com/RocketChat/Rocket.Chat';
const RESPONSE_VALIDATES = 'shape/response-validates';
const DATES = 'shape/dates-are-iso-8601-utc';
const FOLLOW_WRITES = 'shape/room-fields-follow-writes';
const FOLLOW_MEMBERSHIP = 'shape/users-count-follows-membership';
const LAST_MESSAGE = 'shape/last-message-matches-posted';
const ONLY_CALLERS = 'shape/update-lists-only-callers-rooms';
const AUTH_401S = [
  'auth/no-credentials',
  'auth/one-header-is-not-enough',
  'auth/wrong-token',
  'auth/token-of-another-user',
  'auth/token-after-logout',
];
const INVALID_400 = 'updatedSince/invalid-value-is-400';
const IN_REMOVE = 'updatedSince/deleted-room-in-remove';
const CHANGED_ROOM = 'updatedSince/changed-room-listed-unchanged-room-not';
const DRAWN_INSTANTS = 'updatedSince/drawn-instants-in-every-spelling';
const SORTED_IDS = 'dm/one-to-one-id-is-sorted-uids';
const ROOM_KINDS = 'shape/every-room-kind-validates';
const ROOM_TYPES = 'shape/room-types-match-kinds';
const EVERY_STATE = 'shape/subscribed-rooms-listed-in-every-state';
const ENDED = 'shape/ended-subscriptions-leave-update';

const catalogue = [
  // ── 200 shape ──
  {
    name: 'date-without-zone',
    family: 'shape',
    breaks: 'room _updatedAt/lm/ts serialised without the Z ("2024-07-16T08:49:34.732")',
    checks: [RESPONSE_VALIDATES, DATES],
    documentedProfileBlind:
      'the documented schema types every date as a plain string: it promises no format and no zone',
    precedent:
      'a serialiser formatting dates with a zone-less pattern (e.g. moment().format("YYYY-MM-DDTHH:mm:ss.SSS")) instead of toISOString()',
  },
  {
    name: 'ts-as-epoch',
    family: 'shape',
    breaks: 'room ts serialised as an epoch-milliseconds number',
    checks: [RESPONSE_VALIDATES, DATES],
    precedent:
      'Rocket.Chat already answers chat.postMessage with ts as epoch ms and DDP encodes dates as {$date: ms}; a shared serialiser applied to rooms',
  },
  {
    name: 'updated-at-as-ejson',
    family: 'shape',
    breaks: 'room _updatedAt serialised as EJSON {"$date": "<iso>"}',
    checks: [RESPONSE_VALIDATES, DATES],
    precedent: `Meteor EJSON leaking into REST: ${RC}/pull/12706 moved the REST query parser to EJSON; https://github.com/pulp/pulp/pull/1269 fixed the same {"$date"} leak in another Mongo-backed REST API`,
  },
  {
    name: 'counter-as-string',
    family: 'shape',
    breaks: 'room msgs and usersCount serialised as strings',
    checks: [RESPONSE_VALIDATES],
    precedent: `MongoDB is schemaless: an importer or admin script $set-ting counters from CSV/form input stores strings rooms.get returns verbatim (corrupted counters surviving in rooms: ${RC}/issues/14463)`,
  },
  {
    name: 'missing-updated-at',
    family: 'shape',
    breaks: 'rooms in update lack _updatedAt',
    checks: [RESPONSE_VALIDATES, DATES],
    documentedProfileBlind:
      'the documented schema requires no field of a room: one without _updatedAt validates',
    precedent:
      'an edit of the roomFields projection (apps/meteor/lib/publishFields.ts, changed again in 8.x for contactId/verified) dropping a field',
  },
  {
    name: 'success-missing',
    family: 'shape',
    breaks: 'the rooms.get envelope lacks success',
    checks: [RESPONSE_VALIDATES],
    documentedProfileBlind:
      'the documented schema requires no field of the envelope: an answer without success validates',
    precedent: `REST envelopes without success: login/logout answer status:"success" instead (${RC}/issues/13903, ${RC}/issues/6779)`,
  },
  {
    name: 'null-for-absent-fields',
    family: 'shape',
    breaks: 'absent optional room fields sent as null (lastMessage: null, topic: null, …)',
    checks: ['shape/absent-fields-omitted-not-null', RESPONSE_VALIDATES],
    precedent:
      'Rocket.Chat relies on the Mongo driver option ignoreUndefined; writes that $set a field to null instead of $unset-ting it (null-vs-absent regressions: https://github.com/jellyfin/jellyfin/pull/3435)',
  },
  {
    name: 'last-message-stale',
    family: 'shape',
    breaks: 'chat.postMessage bumps msgs/lm/_updatedAt but leaves an existing lastMessage unchanged',
    checks: [LAST_MESSAGE, FOLLOW_WRITES],
    precedent: `${RC}/issues/9202 (last message not updated after an edit or deletion); ${RC}/pull/285 (room update selector missing fields)`,
  },
  {
    name: 'last-message-missing',
    family: 'shape',
    breaks: 'lastMessage is never projected by rooms.get',
    checks: [LAST_MESSAGE, FOLLOW_WRITES],
    precedent: `${RC}/pull/12266 (0.71, [BREAK]) changed how lastMessage is attached to rooms.get items; a projection or compose step that drops it`,
  },
  {
    name: 'duplicate-rooms',
    family: 'shape',
    breaks: 'every room with a lastMessage appears twice in update',
    checks: ['shape/room-ids-unique', EVERY_STATE],
    precedent: `${RC}/issues/3925 (rooms appearing twice after a migration); a $lookup/join on messages that fans a room out`,
  },
  {
    name: 'other-users-rooms',
    family: 'shape',
    breaks: 'update also contains rooms the caller is not subscribed to',
    checks: [ONLY_CALLERS, ENDED],
    precedent:
      'a rewrite of rooms.get that queries Rooms by _updatedAt without the subscription join (findBySubscriptionUserIdUpdatedAfter, apps/meteor/server/models/raw/Rooms.ts)',
  },
  {
    name: 'wrong-content-type',
    family: 'shape',
    breaks: 'rooms.get 200 has Content-Type text/html; charset=utf-8 (body still JSON)',
    checks: [RESPONSE_VALIDATES],
    precedent: `${RC}/issues/14458 and ${RC}/issues/5244 (REST answers served as HTML)`,
  },
  {
    name: 'missing-no-store',
    family: 'shape',
    breaks: 'rooms.get responses lack Cache-Control: no-store and Pragma: no-cache',
    checks: ['shape/response-headers'],
    precedent: `the REST stack was rewritten twice (Restivus → Express → Hono, ${RC}/pull/35078); a router that forgets Restivus's default headers`,
  },
  {
    name: 'rooms-get-admin-only',
    family: 'shape',
    breaks:
      'rooms.get requires view-room-administration: a caller without it (every non-admin) gets 403 instead of its rooms',
    checks: ['shape/checked-account-response-validates'],
    precedent: `rooms.adminRooms, in the same file as rooms.get (apps/meteor/app/api/server/v1/rooms.ts), is gated on view-room-administration; its route options copied onto rooms.get. Own-room listings wrongly gated on an admin permission: ${RC}/issues/13894 (users.info userRooms needs view-other-user-channels), ${RC}/issues/21279 (channels.messages answering 403 after a permissionsRequired change)`,
  },
  {
    name: 'discussion-of-channel-private',
    family: 'shape',
    breaks: 'a discussion of a public channel outside any team is created private (t "p" instead of "c")',
    checks: [ROOM_TYPES],
    precedent: `getDiscussionType (apps/meteor/server/lib/rooms/roomTypes/public.ts) became team-aware in ${RC}/pull/27601 (a public channel's discussion is private when the channel is in a private team); the test written team?.type !== TEAM_TYPE.PUBLIC also holds without a team`,
  },
  // ── membership scope ──
  {
    name: 'private-groups-of-others-listed',
    family: 'shape',
    breaks: 'update also lists private groups the caller does not belong to',
    checks: [ONLY_CALLERS, ENDED],
    precedent: `room listings scoped by access rather than membership leak rooms (${RC}/issues/28982: team channels found by non-members; https://github.com/RocketChat/EmbeddedChat/issues/1127: rooms/get exposing rooms beyond its scope)`,
  },
  {
    name: 'public-channels-listed',
    family: 'shape',
    breaks: 'update lists every public channel, joined or not',
    checks: [ONLY_CALLERS, ENDED],
    precedent: `view-c-room (read access to every public channel, as channels.list and the directory use it) mistaken for membership; ${RC}/issues/28982`,
  },
  {
    name: 'discussions-of-joined-rooms-listed',
    family: 'shape',
    breaks: "update lists discussions of the caller's rooms even when the caller is not in the discussion",
    checks: [ONLY_CALLERS],
    precedent: `discussions inherit access from their parent room (canAccessRoom checks prid), so an access-based query lists them; ${RC}/issues/17244, ${RC}/issues/14799`,
  },
  {
    name: 'team-rooms-listed-to-team-members',
    family: 'shape',
    breaks: 'update lists every room of a team whose main room the caller is in, joined or not',
    checks: [ONLY_CALLERS],
    precedent: `team membership confused with room membership: ${RC}/issues/21573, ${RC}/issues/28982, ${RC}/issues/22239`,
  },
  {
    name: 'left-rooms-still-listed',
    family: 'shape',
    breaks: 'a room the caller left is still listed (leaving only hides the subscription)',
    checks: [ONLY_CALLERS, ENDED],
    precedent: `hide vs leave: ${RC}/pull/6299; https://github.com/assistify/Rocket.Chat/issues/163 (a left room reappearing after re-login); ${RC}/issues/859`,
  },
  {
    name: 'updated-since-ignores-membership',
    family: 'shape',
    breaks: 'with updatedSince, any room updated after the date is listed, member or not',
    checks: [ONLY_CALLERS, ENDED],
    precedent:
      'rooms.get has two query paths (with and without a date; roomsGetMethod in apps/meteor/server/publications/room/index.ts); a refactor that drops the subscription filter from one',
  },
  {
    name: 'discussions-not-listed',
    family: 'shape',
    breaks: 'update leaves out the discussions the caller is a member of',
    checks: [ROOM_KINDS, ROOM_TYPES],
    precedent: `the Rooms model pairs its by-room-ids queries with variants that add prid: {$exists: false} (findRoomsWithoutDiscussionsByRoomIds, for rooms.autocomplete.channelAndPrivate); rooms.get built on the wrong one of the pair. Room lists that leave discussions out on purpose: the directory, the apps room-list bridge (${RC}/pull/37719)`,
  },
  // ── freshness ──
  {
    name: 'stale-room-cache',
    family: 'shape',
    breaks:
      'rooms.get serves each room from a cache filled on first read and kept 60 s (msgs/lm/lastMessage/_updatedAt/usersCount go stale)',
    checks: [FOLLOW_WRITES, FOLLOW_MEMBERSHIP],
    precedent: `${RC}/issues/5558 (0.49's cache engine hid new messages), ${RC}/pull/8314 (cache not synchronised after a room deletion)`,
  },
  {
    name: 'users-count-not-updated',
    family: 'shape',
    breaks: 'joins and leaves do not change usersCount',
    checks: [FOLLOW_MEMBERSHIP],
    precedent: `${RC}/issues/35266 (usersCount read from the cached room count, wrong), ${RC}/issues/14463 (wrong and negative user counts)`,
  },
  {
    name: 'updated-at-not-bumped-by-message',
    family: 'shape',
    breaks: 'chat.postMessage updates msgs/lm/lastMessage but not the room _updatedAt',
    checks: [FOLLOW_WRITES, CHANGED_ROOM],
    precedent: `${RC}/pull/22306 ([FIX] _updatedAt attribute not being automatically updated by raw models)`,
  },
  {
    name: 'lm-frozen-after-first-message',
    family: 'shape',
    breaks:
      "a room's lm is set by its first message and never moved by later ones (msgs/lastMessage/_updatedAt still move)",
    checks: [FOLLOW_WRITES, LAST_MESSAGE],
    precedent: `lm written with $setOnInsert-like "only if absent" semantics, as lastMessage was in ${RC}/issues/9202 (last message not updated); ${RC}/pull/285 (room update selector missing fields)`,
  },
  {
    name: 'updated-at-frozen-after-first-message',
    family: 'shape',
    breaks: "a room's _updatedAt is bumped by its first message only (msgs/lm/lastMessage still move)",
    checks: [FOLLOW_WRITES],
    precedent: `${RC}/pull/22306 (raw-model updates that skip setUpdatedAt); the first message's update and the later ones take different model methods (Rooms.setLastMessageById vs incMsgCountAndSetLastMessageById)`,
  },
  {
    name: 'msgs-counts-first-message-only',
    family: 'shape',
    breaks:
      "a room's msgs becomes 1 with its first message and stops counting (lm/lastMessage/_updatedAt still move)",
    checks: [FOLLOW_WRITES],
    precedent: `${RC}/issues/14463 (wrong message and user counts); an $inc replaced by a $set of the first value`,
  },
  {
    name: 'room-not-updated-by-members-messages',
    family: 'shape',
    breaks:
      "a message from a member other than the room's creator leaves the room's lm/lastMessage/_updatedAt as they were (msgs still counts)",
    checks: [FOLLOW_WRITES],
    precedent: `a room update whose selector carries the creator ({_id: rid, 'u._id': …}) matches nothing for other members; ${RC}/pull/285 (room update selector missing fields)`,
  },
  {
    name: 'discussion-frozen-after-first-message',
    family: 'shape',
    breaks:
      'in a discussion, messages after the first leave its lm/lastMessage/_updatedAt as they were (msgs still counts; other rooms are fine)',
    checks: [FOLLOW_WRITES],
    precedent: `discussions take their own path after a message (the parent's dcount/dlm are updated by a discussion callback, ${RC}/pull/13541); a branch that returns early for rooms with a prid skips the room's own update`,
  },
  {
    name: 'message-stamped-at-room-creation',
    family: 'shape',
    breaks:
      "chat.postMessage stamps the message's ts, the room's lm and _updatedAt with the room's creation time: no message moves them",
    checks: [FOLLOW_WRITES, CHANGED_ROOM],
    precedent: `a timestamp captured once and reused (a Date cached with the room document, as ${RC}/issues/5558's cache engine cached rooms); ${RC}/pull/22306 (raw updates that skip setUpdatedAt)`,
  },
  {
    name: 'post-answers-error-for-members',
    family: 'shape',
    breaks:
      "chat.postMessage by a member other than the room's creator answers 400 although the message is saved and the room updated",
    checks: [FOLLOW_WRITES],
    precedent:
      "sendMessage's after-save callbacks (notifications to the room's members, the apps engine's post-message events) run inside the request; one that throws for some senders turns a saved message into an error answer",
  },
  {
    name: 'dated-answer-cacheable',
    family: 'shape',
    breaks:
      'rooms.get answers with updatedSince lack Cache-Control: no-store and Pragma: no-cache (the plain answer keeps them)',
    checks: ['shape/response-headers'],
    precedent: `rooms.get answers its two query paths separately (roomsGetMethod in apps/meteor/server/publications/room/index.ts); a response helper used on one path only, or a cache rule keyed on the query string (an "If-Modified-Since"-style optimisation of ${RC}/issues/5558's era), leaves the dated answer cacheable`,
  },
  // ── 401 ──
  {
    name: 'auth-status-403',
    family: 'auth',
    breaks: 'not-logged-in answered 403 instead of 401 (same body)',
    checks: AUTH_401S,
    precedent: `${RC}/pull/4508 (switched unauthorized() from 401 to 403); 6.x API.v1.unauthorized() answers 403`,
  },
  {
    name: 'auth-body-without-status',
    family: 'auth',
    breaks:
      "a 6.x–8.x server answering with 9.0's body {success:false, error} (a breaking change shipped early)",
    checks: ['auth/not-logged-in-body-matches-version'],
    versions: [6, 7, 8],
    precedent:
      '9.0 drops status/message behind applyBreakingChanges = shouldBreakInVersion("9.0.0") (apps/meteor/server/api/ApiClass.ts); a flag flipped or a version bumped early',
  },
  {
    name: 'auth-message-changed',
    family: 'auth',
    breaks: 'not-logged-in message is "Unauthorized"',
    checks: ['auth/not-logged-in-body-matches-version'],
    precedent:
      'the REST login already masks "User not found" as "Unauthorized" (ApiClass.ts _initAuth); reusing that text for the not-logged-in answer',
  },
  {
    name: 'auth-not-enforced',
    family: 'auth',
    breaks: 'rooms.get without valid credentials answers 200 with the default public rooms (anonymous read)',
    checks: AUTH_401S,
    precedent:
      'early 7.x (Express router): with Accounts_AllowAnonymousRead on, authRequired routes were not rejected (the authOrAnonRequired branch in ApiClass.ts)',
  },
  {
    name: 'auth-user-id-ignored',
    family: 'auth',
    breaks: 'a token is accepted whatever X-User-Id says; the token owner is the caller',
    checks: ['auth/token-of-another-user'],
    precedent:
      'ApiClass authMethods (OAuth Bearer / access_token) find the user from the token alone; a refactor applying that lookup to X-Auth-Token',
  },
  {
    name: 'auth-one-header-enough',
    family: 'auth',
    breaks: 'a request with X-Auth-Token and no X-User-Id is accepted',
    checks: ['auth/one-header-is-not-enough'],
    precedent:
      'authenticatedRoute falls through to the plug-in authMethods when a header is missing (apps/meteor/server/api/ApiClass.ts); one that resolves X-Auth-Token alone',
  },
  {
    name: 'auth-token-survives-logout',
    family: 'auth',
    breaks: 'logout answers success but the token keeps working',
    checks: ['auth/token-after-logout'],
    precedent: `${RC}/issues/11810 (user not logged out by /api/v1/logout), ${RC}/issues/12045 (REST login creating a second token that survives)`,
  },
  {
    name: 'auth-after-updated-since',
    family: 'auth',
    breaks: 'rooms.get validates updatedSince before authenticating: 400 instead of 401 when both are bad',
    checks: ['auth/authenticates-before-validating-updated-since'],
    precedent: `8.x typed routes validate query schemas in the Hono router; the middleware order was reworked again in ${RC}/pull/39894`,
  },
  // ── updatedSince ──
  {
    name: 'updated-since-ignored',
    family: 'updatedSince',
    breaks: 'a valid updatedSince does not filter update (every subscribed room is listed)',
    checks: [
      'updatedSince/far-future-returns-nothing',
      'updatedSince/listed-rooms-updated-after-date',
      CHANGED_ROOM,
      DRAWN_INSTANTS,
    ],
    precedent:
      'the parameter was renamed updatedAt → updatedSince before 0.60 (commit 75a4a62b8d); a handler reading the other name filters nothing',
  },
  {
    name: 'updated-since-inclusive',
    family: 'updatedSince',
    breaks: 'update uses _updatedAt >= updatedSince instead of >',
    checks: ['updatedSince/boundary-is-strict', DRAWN_INSTANTS],
    precedent:
      "$gte for $gt; Rocket.Chat's own e2e test (updatedSince=now gives two empty arrays) depends on the strict $gt",
  },
  {
    name: 'updated-since-subscription-updated-at',
    family: 'updatedSince',
    breaks: "compares the caller's subscription _updatedAt (messages do not bump it) instead of the room's",
    checks: [CHANGED_ROOM],
    precedent:
      'subscriptions.get takes the same updatedSince over subscription _updatedAt; the two queries mixed up',
  },
  {
    name: 'updated-since-room-ts',
    family: 'updatedSince',
    breaks: "compares the room's ts (creation time) instead of _updatedAt",
    checks: [CHANGED_ROOM],
    precedent:
      'ts (creation) and _updatedAt are both dates on every room document; the wrong one in the query',
  },
  {
    name: 'updated-since-offset-dropped',
    family: 'updatedSince',
    breaks: 'the UTC offset is stripped and the wall time read as UTC',
    checks: ['updatedSince/offsets-name-the-same-instant', DRAWN_INSTANTS],
    precedent:
      'parsing with a fixed ISO pattern (or moment.utc with a format) that ignores the offset, instead of Date.parse',
  },
  {
    name: 'updated-since-offset-quarter-hours',
    family: 'updatedSince',
    breaks:
      "an offset's minutes other than :00 and :30 are ignored (+05:45 read as +05:00, -09:15 as -09:00)",
    checks: [DRAWN_INSTANTS],
    precedent:
      'offset handling written for whole- and half-hour zones only (a pattern or table that knows ":30"); Nepal (+05:45), Chatham (+12:45) and Eucla (+08:45) are the zones such code gets wrong',
  },
  {
    name: 'updated-since-seconds',
    family: 'updatedSince',
    breaks: 'updatedSince truncated to whole seconds before comparing',
    checks: ['updatedSince/millisecond-precision', DRAWN_INSTANTS],
    precedent:
      'epoch-seconds arithmetic (Math.floor(ms / 1000)) on the cursor; clients already widen it by hand (https://github.com/RocketChat/Rocket.Chat.iOS/issues/2569)',
  },
  {
    name: 'updated-since-invalid-accepted',
    family: 'updatedSince',
    breaks: 'an invalid updatedSince answers 200 with the full listing',
    checks: [INVALID_400],
    precedent:
      'new Date(value) without the isNaN(Date.parse(value)) guard; an Invalid Date treated as "no date"',
  },
  {
    name: 'updated-since-invalid-500',
    family: 'updatedSince',
    breaks: 'an invalid updatedSince answers 500',
    checks: [INVALID_400],
    precedent: `an Invalid Date reaching the Mongo driver throws a non-Meteor error → internalError(); date query parameters mishandled: ${RC}/issues/12660`,
  },
  {
    name: 'updated-since-epoch-accepted',
    family: 'updatedSince',
    breaks: 'digit-only updatedSince values are taken as epoch milliseconds',
    checks: [INVALID_400],
    precedent: `a "helpful" Number(value) branch for numeric dates (${RC}/issues/12660 discusses numeric date parameters)`,
  },
  {
    name: 'updated-since-400-body',
    family: 'updatedSince',
    breaks: 'the invalid-updatedSince 400 body lacks errorType and has another error text',
    checks: [INVALID_400],
    precedent:
      '8.x typed query validators answer with their own bodies (error-invalid-params); rooms.get gaining a query schema would change the 400',
  },
  {
    name: 'remove-always-empty',
    family: 'updatedSince',
    breaks: 'remove is always []',
    checks: [IN_REMOVE, ENDED],
    precedent:
      'the REST layer wraps a bare array as {update, remove: []} (rooms.get route); a data function that returns an array with a date too loses remove',
  },
  {
    name: 'remove-boundary-inclusive',
    family: 'updatedSince',
    breaks: 'remove uses _deletedAt >= updatedSince instead of >',
    checks: ['updatedSince/remove-boundary-is-strict'],
    precedent: '$gte for $gt in trashFindDeletedAfter (apps/meteor/server/models/raw/BaseRaw.ts)',
  },
  {
    name: 'deleted-kept-in-update',
    family: 'updatedSince',
    breaks: 'deleted rooms are still listed in update for their former members',
    checks: [IN_REMOVE, ENDED],
    precedent: `${RC}/issues/7769 and ${RC}/pull/8314 (a deleted room kept in the room cache)`,
  },
  {
    name: 'remove-without-deleted-at',
    family: 'updatedSince',
    breaks: 'remove items are {_id} only, without _deletedAt',
    checks: [IN_REMOVE],
    documentedProfileBlind:
      'the documentation gives remove items no properties at all: an item without _deletedAt is what it shows',
    precedent:
      'a {_id: 1} projection on the trash query; the published contract (Rocket.Chat-Open-API rooms.yaml) gives remove items no properties at all',
  },
  {
    name: 'remove-list-cached',
    family: 'updatedSince',
    breaks: 'remove is computed from a trash snapshot refreshed every 60 s',
    checks: [IN_REMOVE],
    precedent:
      'reads served from a cache or a lagging replica (readPreference secondary; https://github.com/Meteor-Community-Packages/meteor-collection-hooks/issues/257) miss fresh deletions',
  },
  {
    name: 'remove-listed-without-date',
    family: 'updatedSince',
    breaks: 'without updatedSince, remove lists every room deleted in the last 30 days',
    checks: ['updatedSince/remove-empty-without-updated-since'],
    precedent:
      'roomsGetMethod returns a bare array without a date and {update, remove} with one (apps/meteor/server/publications/room/index.ts); folding the two paths into one that defaults the cursor (updatedAt ?? new Date(0)) sends the whole trash',
  },
  // ── DM ids ──
  {
    name: 'dm-id-unsorted',
    family: 'dm',
    breaks: "1:1 DM _id is the creator's uid + the other uid, unsorted",
    checks: [SORTED_IDS],
    versions: [6, 7],
    precedent: `composed ids are built at several call sites ([a, b].sort().join(''), replaced in ${RC}/pull/29497); one without the sort. ≤3.0 kept usernames creator-first`,
  },
  {
    name: 'dm-id-case-insensitive',
    family: 'dm',
    breaks: '1:1 DM _id sorts uids with localeCompare instead of UTF-16 code units',
    checks: [SORTED_IDS],
    versions: [6, 7],
    precedent:
      'createDirectRoom sorts usernames with localeCompare right next to the uids sort (apps/meteor/app/lib/server/functions/createDirectRoom.ts); the two mixed up',
  },
  {
    name: 'dm-self-id-doubled',
    family: 'dm',
    breaks: 'self-DM _id is uid+uid, as before 3.1',
    checks: ['dm/self-dm-id-not-composed'],
    precedent: `${RC}/issues/21138 (self chats duplicated: one with id uid+uid, one random)`,
  },
  {
    name: 'dm-self-uids-doubled',
    family: 'dm',
    breaks:
      'a new self-DM stores its creator twice: uids [uid, uid], usernames [me, me], usersCount 2 (its _id is still generated)',
    checks: [
      'dm/listed-dm-rooms-are-consistent',
      'dm/uids-are-sorted-member-ids',
      'dm/users-count-is-member-count',
      'dm/usernames-are-member-usernames',
    ],
    precedent:
      'createDirectMessage drops the caller from the requested usernames before building [me, ...users] (username !== me.username, later isUserMe; apps/meteor/server/methods/createDirectMessage.ts), an exact match while the lookup ignores case; a request that slips past it stores the ≤3.0 self-DM shape (usernames [me, me], usersCount 2, uids [uid, uid] since migration 179)',
  },
  {
    name: 'dm-group-id-composed',
    family: 'dm',
    breaks: 'group DM _id is the sorted uids joined instead of an ObjectId',
    checks: ['dm/group-dm-id-not-composed'],
    precedent: `group DMs (${RC}/pull/16761, 3.1) got random ids; extending the 1:1 composition to N members is the natural wrong generalisation`,
  },
  {
    name: 'dm-uids-unsorted',
    family: 'dm',
    breaks: 'DM uids kept in creation order instead of sorted',
    checks: ['dm/uids-are-sorted-member-ids'],
    precedent:
      '≤3.0 DMs stored usernames creator-first ([me.username, to.username]); the same order for uids',
  },
  {
    name: 'dm-uids-missing',
    family: 'dm',
    breaks: 'DM rooms have no uids field',
    checks: ['dm/uids-are-sorted-member-ids', 'dm/listed-dm-rooms-are-consistent'],
    precedent:
      'DMs made before 3.1 had no uids until migration 179 added them (server/startup/migrations/v179.js)',
  },
  {
    name: 'dm-users-count-wrong',
    family: 'dm',
    breaks: 'DM usersCount is always 2',
    checks: ['dm/users-count-is-member-count'],
    precedent: '≤3.0 DMs had usersCount 2 even for a self-DM',
  },
  {
    name: 'dm-usernames-wrong',
    family: 'dm',
    breaks: 'DM usernames holds display names instead of usernames',
    checks: ['dm/usernames-are-member-usernames'],
    precedent: `usernames are sorted by display name (name || username), ${RC}/pull/8717; storing the sort key instead of the username`,
  },
  {
    name: 'dm-recreate-bumps-updated-at',
    family: 'dm',
    breaks: "re-running im.create for an existing DM bumps the room's _updatedAt",
    checks: ['dm/recreate-keeps-updated-at'],
    precedent:
      '≤3.0 createDirectMessage upserted the room with $set: {usernames} on every call, which writes (and bumps) the existing room',
  },
  {
    name: 'dm-recreate-new-room',
    family: 'dm',
    breaks:
      're-running im.create (from either side) creates a new room instead of returning the existing one',
    checks: ['dm/same-room-whichever-side-creates', 'dm/recreate-keeps-updated-at'],
    precedent: `${RC}/issues/21138 (duplicated self chats), ${RC}/issues/24175 (E11000 in createDirectMessage on 20 instances); 8.x added forceNew`,
  },
  {
    name: 'dm-recreate-error-creator',
    family: 'dm',
    breaks:
      "re-running im.create for an existing DM by its creator fails: 400 with MongoDB's E11000 duplicate-key error",
    checks: ['dm/same-room-whichever-side-creates', 'dm/recreate-keeps-updated-at'],
    precedent: `${RC}/issues/24175 (im.create answering "E11000 duplicate key error collection: rocketchat_room index: _id_" for an existing DM)`,
  },
  {
    name: 'dm-recreate-error-other-side',
    family: 'dm',
    breaks:
      'running im.create for an existing DM by a member who did not create it fails: 400 with the E11000 duplicate-key error',
    checks: ['dm/same-room-whichever-side-creates', 'dm/recreate-keeps-updated-at'],
    precedent: `${RC}/issues/24175 (E11000 duplicate key in createDirectMessage: the lookup by the caller's uids misses and the insert of the composed _id collides)`,
  },
  // ── seeding refusals (an administrator's choices; no rooms.get contract broken) ──
  {
    name: 'seeding-email-domain-refused',
    family: 'shape',
    breaks:
      "users.create refuses the suite's e-mail domain (Accounts_AllowedDomainsList names one company domain)",
    checks: [],
    effect: 'refusal',
    revealedBy: 'auth-not-enforced',
    precedent:
      'saveUser → validateEmailDomain (apps/meteor/app/lib/server/lib/validateEmailDomain.js) answers error-invalid-domain on company servers that allow only their own domain',
  },
  {
    name: 'seeding-create-p-revoked',
    family: 'shape',
    breaks: 'groups.create is refused: the permission create-p is taken from every role',
    checks: [],
    effect: 'refusal',
    revealedBy: 'auth-not-enforced',
    precedent:
      'Administration → Permissions: servers that forbid private groups remove create-p; createRoom answers error-not-allowed (apps/meteor/app/lib/server/methods/createPrivateGroup.ts)',
  },
  {
    name: 'seeding-create-d-revoked',
    family: 'shape',
    breaks: 'im.create is refused: the permission create-d is taken from every role',
    checks: [],
    effect: 'refusal',
    revealedBy: 'auth-not-enforced',
    precedent:
      'Administration → Permissions: servers that forbid direct messages remove create-d; createDirectMessage answers error-not-allowed (apps/meteor/server/methods/createDirectMessage.ts)',
  },
  {
    name: 'seeding-message-prevented',
    family: 'shape',
    breaks: 'chat.postMessage is refused: an installed app prevents every message (error-app-prevented)',
    checks: [],
    effect: 'refusal',
    revealedBy: 'auth-not-enforced',
    precedent:
      'Apps-Engine IPreMessageSentPrevent: a moderation app holding messages for review makes sendMessage throw error-app-prevented (apps/meteor/app/lib/server/functions/sendMessage.ts)',
  },
  // ── subscription states ──
  {
    name: 'hidden-rooms-not-listed',
    family: 'shape',
    breaks:
      'update leaves out rooms whose subscription is hidden (open: false): hidden rooms, closed DMs, archived rooms',
    checks: [EVERY_STATE],
    precedent: `the documentation page describes rooms.get as "all opened rooms", and the sidebar queries subscriptions with open: true; a query written to that description (${RC}/pull/6299 separated hiding from leaving)`,
  },
  {
    name: 'archived-rooms-not-listed',
    family: 'shape',
    breaks: 'update leaves out archived rooms',
    checks: [EVERY_STATE],
    precedent:
      'channel listings filter archived: {$ne: true} and findChannelByIdOrName refuses archived rooms by default (checkedArchived, apps/meteor/app/api/server/v1/channels.ts); the filter carried over to rooms.get',
  },
  {
    name: 'favourite-rooms-listed-twice',
    family: 'shape',
    breaks: 'a room the caller marked favourite is listed twice in update',
    checks: [EVERY_STATE],
    precedent:
      'the sidebar groups favourites (subscription f: true) apart from the other rooms; a listing built by concatenating the groups without removing duplicates',
  },
  {
    name: 'unread-rooms-not-listed',
    family: 'shape',
    breaks:
      'update leaves out rooms whose subscription has unread activity (alert: true, as subscriptions.unread sets it)',
    checks: [EVERY_STATE],
    precedent:
      'the Subscriptions model pairs its per-user queries with alert/unread variants for the unread counters; rooms.get built on the wrong one of a pair',
  },
  {
    name: 'silenced-rooms-not-listed',
    family: 'shape',
    breaks: 'update leaves out rooms whose notifications the caller switched off (disableNotifications)',
    checks: [EVERY_STATE],
    precedent:
      'the notification queries skip subscriptions with disableNotifications (apps/meteor/app/lib/server/lib/sendNotificationsOnMessage.ts); a query shared with them',
  },
  {
    name: 'read-only-rooms-not-listed',
    family: 'shape',
    breaks: 'update leaves out read-only rooms (ro: true)',
    checks: [EVERY_STATE],
    precedent:
      'room pickers that list only rooms the user can post in (the forward-message dialog) leave out read-only rooms; such a filter reused for rooms.get',
  },
  {
    name: 'muted-caller-rooms-not-listed',
    family: 'shape',
    breaks: 'update leaves out rooms in which the caller is muted (its username in the room’s muted)',
    checks: [EVERY_STATE],
    precedent:
      'as read-only-rooms-not-listed: a "rooms I can post in" filter (muted: {$ne: username}) reused for rooms.get',
  },
  {
    name: 'rooms-with-ignored-members-not-listed',
    family: 'shape',
    breaks: 'update leaves out rooms in which the caller ignores a member (subscription ignored)',
    checks: [EVERY_STATE],
    precedent:
      'ignored users live on the subscription (ignored, set by chat.ignoreUser); a query meant to exclude ignored senders matched on the subscription instead',
  },
  {
    name: 'rooms-with-caller-roles-listed-twice',
    family: 'shape',
    breaks: 'a room in which the caller was made moderator or leader is listed twice in update',
    checks: [EVERY_STATE],
    precedent:
      'room roles live on the subscription (roles); a listing that unions the caller’s subscriptions with those found by role (Subscriptions.findByUserIdAndRoles) without removing duplicates',
  },
  {
    name: 'kicked-rooms-still-listed',
    family: 'shape',
    breaks: 'a room the caller was kicked from (channels.kick, groups.kick) is still listed',
    checks: [ENDED],
    precedent: `kick and hide confused, as leave and hide were before ${RC}/pull/6299: the removed member's subscription closed (open: false) rather than deleted`,
  },
  {
    name: 'team-removal-keeps-channels',
    family: 'shape',
    breaks:
      'teams.removeMember removes the member from the team’s main room only: the team channels it named stay listed',
    checks: [ENDED],
    precedent: `team membership and room membership kept apart (${RC}/issues/21573, ${RC}/issues/22239); removeMember's rooms parameter ignored`,
  },
  {
    name: 'deleted-partner-dms-kept',
    family: 'shape',
    breaks:
      'users.delete keeps the deleted user’s 1:1 DMs: the other member still lists them, and they never reach remove',
    checks: [ENDED],
    precedent:
      'users.delete erases only DMs with usersCount <= 2 that list the username (apps/meteor/app/lib/server/functions/deleteUser.ts); a DM whose usernames or usersCount drifted is kept',
  },
] as const satisfies ReadonlyArray<FaultEntry>;

export const FAULT_CATALOGUE: ReadonlyArray<FaultEntry> = catalogue;

export type FaultName = (typeof catalogue)[number]['name'];

const FAULT_NAMES: ReadonlySet<string> = new Set(catalogue.map((fault) => fault.name));

export function isFaultName(name: string): name is FaultName {
  return FAULT_NAMES.has(name);
}

/** The profiles a fault applies to (every one when the entry does not say). */
export function faultVersions(name: FaultName): readonly ProfileMajor[] {
  const entry: FaultEntry | undefined = FAULT_CATALOGUE.find((fault) => fault.name === name);
  return entry?.versions ?? PROFILE_MAJORS;
}

/** The catalogue as `--list-faults --json` prints it: every field, versions spelt out. */
export function catalogueForTooling(): Array<FaultEntry & { checks: string[]; versions: ProfileMajor[] }> {
  return FAULT_CATALOGUE.map((entry: FaultEntry) => ({
    name: entry.name,
    family: entry.family,
    breaks: entry.breaks,
    checks: [...entry.checks],
    versions: [...(entry.versions ?? PROFILE_MAJORS)],
    precedent: entry.precedent,
    ...(entry.effect ? { effect: entry.effect } : {}),
    ...(entry.revealedBy ? { revealedBy: entry.revealedBy } : {}),
    ...(entry.documentedProfileBlind ? { documentedProfileBlind: entry.documentedProfileBlind } : {}),
  }));
}

/** The catalogue as a fixed-width text table, for `--list-faults`. */
export function formatFaultTable(entries: ReadonlyArray<FaultEntry> = FAULT_CATALOGUE): string {
  const nameWidth = Math.max(4, ...entries.map((entry) => entry.name.length));
  const familyWidth = Math.max(6, ...entries.map((entry) => entry.family.length));
  const row = (name: string, family: string, versions: string, breaks: string): string =>
    `${name.padEnd(nameWidth)}  ${family.padEnd(familyWidth)}  ${versions.padEnd(8)}  ${breaks}`;
  return [
    row('name', 'family', 'versions', 'what breaks'),
    row('-'.repeat(nameWidth), '-'.repeat(familyWidth), '-'.repeat(8), '-'.repeat(11)),
    ...entries.map((entry) =>
      row(entry.name, entry.family, (entry.versions ?? PROFILE_MAJORS).join(','), entry.breaks),
    ),
  ].join('\n');
}
