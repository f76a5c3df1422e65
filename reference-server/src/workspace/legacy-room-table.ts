import type { RoomDoc } from '../store/types.js';

/**
 * RC_REFERENCE_LEGACY=1's rooms, as data: what a long-lived server accumulated under older versions'
 * rules (legacy-rooms.ts says why each is there and loads them).
 */

export type Person = 'owner' | 'ana' | 'bruno' | 'chen';

/**
 * A legacy room's document as stored, field by field in its stored order, with what the loader fills in:
 * dates as ISO strings; `u: 'owner'`; `prid`/`teamId` as `@ref` of another row; `{key}` in a name is the
 * account's key ('a' admin, 'c' checked account), `{random}` a Random id; `lastMessage` (stored with its
 * `lm` before it) as who wrote what when; DM `usernames`/`uids` from the members.
 */
export type StoredRoom = Omit<
  RoomDoc,
  '_id' | 'u' | 'ts' | '_updatedAt' | 'lm' | 'lastMessage' | 'usernames' | 'uids'
> & {
  u?: 'owner';
  ts: string;
  _updatedAt: string;
  lastMessage?: { from: Person | 'integration'; ts: string; text: string };
  /** members: by display name; owner-twice: ≤3.0's `[me, me]`. */
  usernames?: 'members' | 'owner-twice';
  /** sorted: the members' ids sorted; owner-twice: migration 179's `[uid, uid]`. */
  uids?: 'sorted' | 'owner-twice';
};

interface LegacyRoom {
  /** The row's name, for the rows that point at it (`@ref`). */
  ref: string;
  /** random: a 17-character Random id; self: uid+uid (pre-3.1); composed: the sorted uids joined. */
  id: 'random' | 'self' | 'composed';
  members: readonly Person[];
  /** A team's main room: the team's `_id` is an ObjectId of `idAt`, its name and dates the room's. */
  team?: { idAt: string };
  room: StoredRoom;
}

/** Every legacy room of one account, in the order they are stored (rooms.get lists in that order). */
export const LEGACY_ROOMS: readonly LegacyRoom[] = [
  // An archived channel from 2019 with admin-defined custom fields (nulls, nested objects) and an
  // integration's last message from before the message-parser (no md).
  {
    ref: 'archived',
    id: 'random',
    members: ['owner', 'ana', 'bruno'],
    room: {
      t: 'c',
      name: 'legacy-ops-2019-{key}',
      fname: 'legacy-ops-2019-{key}',
      u: 'owner',
      msgs: 5213,
      usersCount: 3,
      ts: '2019-03-14T09:26:53.589Z',
      _updatedAt: '2020-01-08T11:02:41.777Z',
      lastMessage: { from: 'integration', ts: '2019-11-02T17:45:10.032Z', text: 'Build failed: release-3.8' },
      default: false,
      ro: false,
      sysMes: ['uj', 'ul', 'ru', 'au'],
      archived: true,
      topic: 'CI notifications (archived)',
      announcement: 'Moved to #ops',
      // Saved without details: Rocket.Chat's newest IRoom types announcementDetails `{ style? } | null`.
      announcementDetails: null,
      description: 'Build and deploy notifications, 2019',
      avatarETag: 'kq7Wv8nEdXbt3ZdRu',
      federated: false,
      customFields: {
        costCenter: null,
        owner: { team: 'ops', oncall: null },
        tags: ['ci', 'legacy'],
        retired: true,
      },
    },
  },
  // A read-only broadcast channel (2021).
  {
    ref: 'broadcast',
    id: 'random',
    members: ['owner', 'ana', 'bruno', 'chen'],
    room: {
      t: 'c',
      name: 'legacy-announcements-{key}',
      fname: 'legacy-announcements-{key}',
      u: 'owner',
      msgs: 87,
      usersCount: 4,
      ts: '2021-02-01T08:00:00.125Z',
      _updatedAt: '2021-06-30T16:12:03.413Z',
      lastMessage: { from: 'owner', ts: '2021-06-30T16:12:03.400Z', text: 'Office closed on Friday' },
      default: false,
      ro: true,
      broadcast: true,
      reactWhenReadOnly: true,
      sysMes: true,
      muted: [],
      encrypted: false,
      customFields: {},
    },
  },
  // An encrypted private group with a retention policy (2020); no lastMessage.
  {
    ref: 'hr',
    id: 'random',
    members: ['owner', 'chen'],
    room: {
      t: 'p',
      name: 'legacy-hr-{key}',
      fname: 'legacy-hr-{key}',
      u: 'owner',
      msgs: 0,
      usersCount: 2,
      ts: '2020-07-21T13:37:00.001Z',
      _updatedAt: '2020-07-21T13:37:00.012Z',
      default: false,
      ro: false,
      sysMes: true,
      encrypted: true,
      retention: { enabled: true, overrideGlobal: true, maxAge: 90, filesOnly: false, excludePinned: true },
      description: '',
    },
  },
  // A team (2022): its main room and one team channel.
  {
    ref: 'team',
    id: 'random',
    members: ['owner', 'bruno'],
    team: { idAt: '2022-04-04T10:10:10.000Z' },
    room: {
      t: 'p',
      name: 'legacy-team-{key}',
      fname: 'legacy-team-{key}',
      u: 'owner',
      msgs: 12,
      usersCount: 2,
      ts: '2022-04-04T10:10:10.010Z',
      _updatedAt: '2023-09-18T07:55:21.654Z',
      default: false,
      ro: false,
      sysMes: true,
      teamMain: true,
      teamId: '@team',
    },
  },
  {
    ref: 'team-standup',
    id: 'random',
    members: ['owner', 'bruno'],
    room: {
      t: 'c',
      name: 'legacy-team-standup-{key}',
      fname: 'legacy-team-standup-{key}',
      u: 'owner',
      msgs: 344,
      usersCount: 2,
      ts: '2022-04-05T09:00:00.500Z',
      _updatedAt: '2023-09-18T07:55:21.655Z',
      lastMessage: { from: 'bruno', ts: '2023-09-18T07:55:21.640Z', text: 'standup in 5' },
      default: false,
      ro: false,
      sysMes: true,
      teamId: '@team',
      topic: 'daily standup',
    },
  },
  // A discussion of the archived channel (2019).
  {
    ref: 'discussion',
    id: 'random',
    members: ['owner', 'ana'],
    room: {
      t: 'c',
      name: '{random}',
      fname: 'Why is release-3.8 red?',
      u: 'owner',
      prid: '@archived',
      msgs: 9,
      usersCount: 2,
      ts: '2019-11-02T17:50:00.900Z',
      _updatedAt: '2019-11-03T08:01:02.003Z',
      default: false,
      ro: false,
      sysMes: true,
      description: 'Build #1432',
    },
  },
  // A group DM from the 3.1–6.1 era: a 17-character Random id.
  {
    ref: 'group-dm',
    id: 'random',
    members: ['owner', 'ana', 'bruno'],
    room: {
      t: 'd',
      usernames: 'members',
      uids: 'sorted',
      usersCount: 3,
      msgs: 41,
      ts: '2020-09-09T09:09:09.909Z',
      _updatedAt: '2020-12-24T18:30:45.912Z',
      lastMessage: { from: 'ana', ts: '2020-12-24T18:30:45.901Z', text: 'happy holidays' },
      default: false,
      ro: false,
      sysMes: true,
    },
  },
  // A pre-3.1 self-DM: _id uid+uid, usernames [me, me], usersCount 2, uids [uid, uid] (migration 179).
  {
    ref: 'self-dm',
    id: 'self',
    members: ['owner'],
    room: {
      t: 'd',
      usernames: 'owner-twice',
      uids: 'owner-twice',
      usersCount: 2,
      msgs: 3,
      ts: '2018-06-12T12:00:00.042Z',
      _updatedAt: '2018-06-12T12:04:31.118Z',
      lastMessage: { from: 'owner', ts: '2018-06-12T12:04:31.100Z', text: 'note to self' },
    },
  },
  // A 1:1 DM with a composed id (sorted uids), as every version up to 7.x made them — on 8.x/9.x,
  // made before the upgrade; im.create with this user finds it again by its member set.
  {
    ref: 'pair-dm',
    id: 'composed',
    members: ['owner', 'chen'],
    room: {
      t: 'd',
      usernames: 'members',
      uids: 'sorted',
      usersCount: 2,
      msgs: 128,
      ts: '2023-01-16T08:15:00.250Z',
      _updatedAt: '2024-02-29T23:59:59.999Z',
      lastMessage: { from: 'chen', ts: '2024-02-29T23:59:59.999Z', text: 'see you in March' },
      default: false,
      ro: false,
      sysMes: true,
    },
  },
];
