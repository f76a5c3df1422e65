import { composedOneToOneId, sortUids, usernamesByDisplayName } from '../rules/dm-room-id.js';
import { objectId, randomId } from '../store/ids.js';
import type { MessageDoc, RoomDoc, TeamDoc, UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';
import { createUser, userRef } from './users.js';

/**
 * RC_REFERENCE_LEGACY=1: rooms a long-lived server accumulated under older versions' rules,
 * written straight into the collections at start (no HTTP, nothing bumped). Every one is still
 * something a real Rocket.Chat returns today: `t` c/p/d, `_id`/`t`/`_updatedAt` present, dates with
 * milliseconds, only `roomFields` projected (rooms.get projects them anyway), documented message
 * fields typed as Rocket.Chat types them. What is old is the shape:
 *
 * - group DMs with 17-character Random ids (3.1–6.1, before 6.2 gave them ObjectIds);
 * - a pre-3.1 self-DM whose `_id` is uid+uid: ≤3.0 stored `usernames: [me, me]`, `usersCount: 2`,
 *   and migration 179 (server/startup/migrations/v179.js) later derived `uids` by splitting the
 *   `_id` in half, giving `[uid, uid]`;
 * - a 1:1 DM with a composed id (sorted uids joined) — on an 8.x/9.x server, made before the upgrade;
 * - an archived channel, a broadcast channel, an encrypted group with a retention policy, a team
 *   and a team channel, a discussion;
 * - admin-defined `customFields` with `null` values and nested objects; `sysMes` as an array of
 *   hidden system-message types; topic/announcement/description/avatarETag/federated;
 * - lastMessages from integrations (alias, emoji, avatar, bot, attachments with color/fields/
 *   actions/author_name and an admin-defined null inside an extra field), from before the `md` era.
 */

const at = (iso: string): Date => new Date(iso);

function legacyUser(ws: Workspace, username: string, name: string, createdAt: string): UserDoc {
  const existing = ws.db.findUserByUsername(username);
  if (existing) return existing;
  // Made before migration 177 set e-mail 2FA auto opt-in off on existing servers: no email2fa.
  return createUser(ws, {
    username,
    name,
    createdAt: at(createdAt),
    joinDefaultChannels: false,
    viaAccounts: false,
  });
}

function integrationMessage(rid: string, ts: Date, text: string): MessageDoc {
  const rocketCat = { _id: 'rocket.cat', username: 'rocket.cat', name: 'Rocket.Cat' };
  return {
    _id: randomId(),
    rid,
    msg: text,
    ts,
    u: rocketCat,
    _updatedAt: ts,
    urls: [],
    mentions: [],
    channels: [],
    groupable: false,
    alias: 'Jenkins',
    emoji: ':construction_worker:',
    avatar: 'https://ci.reference.invalid/static/jenkins.png',
    bot: { i: 'Hk6ZKcrsgqHJ4u7Fz' },
    attachments: [
      {
        color: '#d00000',
        title: 'build #1432 failed',
        title_link: 'https://ci.reference.invalid/job/app/1432/',
        text: 'Stage "test" failed after 4 min',
        author_name: 'jenkins',
        fields: [
          { short: true, title: 'Branch', value: 'release-3.8' },
          { short: true, title: 'Commit', value: '9f1c2ab' },
        ],
        actions: [
          {
            type: 'button',
            text: 'Open build',
            url: 'https://ci.reference.invalid/job/app/1432/',
            msg_in_chat_window: false,
          },
        ],
        x_ticket: { id: 'OPS-1432', assignee: null, labels: ['ci', 'flaky'] },
      },
    ],
  };
}

function plainOldMessage(rid: string, author: UserDoc, ts: Date, text: string): MessageDoc {
  return {
    _id: randomId(),
    rid,
    msg: text,
    ts,
    u: userRef(author),
    _updatedAt: ts,
    urls: [],
    mentions: [],
    channels: [],
  };
}

/** Subscribes without touching the room (as the data was written years ago). */
function subscribeOld(
  ws: Workspace,
  room: RoomDoc,
  user: UserDoc,
  since: Date,
  owner: boolean,
  name?: string,
): void {
  if (ws.db.findSubscription(room._id, user._id)) return;
  ws.db.upsertSubscription({
    _id: randomId(),
    rid: room._id,
    u: userRef(user),
    t: room.t,
    name: name ?? room.name ?? room._id,
    ...(room.fname ? { fname: room.fname } : {}),
    open: true,
    alert: false,
    unread: 0,
    userMentions: 0,
    groupMentions: 0,
    ts: since,
    ls: since,
    ...(owner ? { roles: ['owner'] } : {}),
    _updatedAt: since,
  });
}

function insert(ws: Workspace, room: RoomDoc, members: readonly UserDoc[], owner: UserDoc | null): RoomDoc {
  ws.db.rooms.set(room._id, room);
  for (const member of members) subscribeOld(ws, room, member, room.ts, member === owner);
  return room;
}

function insertDirect(
  ws: Workspace,
  room: RoomDoc,
  members: readonly UserDoc[],
  lookupMembers: readonly string[],
): RoomDoc {
  ws.db.rooms.set(room._id, room);
  ws.db.directMembers.set(room._id, lookupMembers);
  for (const member of members) {
    const peers = members.length === 1 ? members : members.filter((other) => other !== member);
    subscribeOld(ws, room, member, room.ts, false, peers.map((peer) => peer.username).join(', '));
  }
  return room;
}

type Person = 'owner' | 'ana' | 'bruno' | 'chen';

/**
 * A legacy room's document as stored, field by field in its stored order, with what the loader fills in:
 * dates as ISO strings; `u: 'owner'`; `prid`/`teamId` as `@ref` of another row; `{key}` in a name is the
 * account's key ('a' admin, 'c' checked account), `{random}` a Random id; `lastMessage` (stored with its
 * `lm` before it) as who wrote what when; DM `usernames`/`uids` from the members.
 */
type StoredRoom = Omit<
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
const LEGACY_ROOMS: readonly LegacyRoom[] = [
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

/** The legacy rooms of one account (the admin, or the checked account): LEGACY_ROOMS, loaded. */
function legacyRoomsFor(ws: Workspace, owner: UserDoc, people: readonly UserDoc[], key: string): void {
  const [ana, bruno, chen] = people as [UserDoc, UserDoc, UserDoc];
  const who: Record<Person, UserDoc> = { owner, ana, bruno, chen };
  const ids = new Map<string, string>();

  for (const row of LEGACY_ROOMS) {
    const members = row.members.map((person) => who[person]);
    const sorted = sortUids(members.map((member) => member._id));
    const ownerTwice = [owner._id, owner._id];
    const _id =
      row.id === 'self'
        ? ownerTwice.join('')
        : row.id === 'composed'
          ? composedOneToOneId(sorted)
          : randomId();
    // A DM with a derived id may already be there.
    if (row.id !== 'random' && ws.db.rooms.has(_id)) continue;
    ids.set(row.ref, _id);
    if (row.team) ids.set(row.ref, legacyTeam(ws, _id, at(row.team.idAt), row.room, owner, key)._id);

    const fields: Record<string, unknown> = { _id };
    for (const [field, value] of Object.entries(row.room)) {
      if (field === 'ts' || field === '_updatedAt') fields[field] = at(value as string);
      else if (field === 'u') fields.u = userRef(owner);
      else if (field === 'prid' || field === 'teamId') fields[field] = ids.get((value as string).slice(1));
      else if (field === 'name' || field === 'fname') fields[field] = named(value as string, key);
      else if (field === 'usernames')
        fields.usernames =
          value === 'owner-twice' ? [owner.username, owner.username] : usernamesByDisplayName(members);
      else if (field === 'uids') fields.uids = value === 'owner-twice' ? ownerTwice : sorted;
      else if (field === 'lastMessage') {
        const last = value as NonNullable<StoredRoom['lastMessage']>;
        const message =
          last.from === 'integration'
            ? integrationMessage(_id, at(last.ts), last.text)
            : plainOldMessage(_id, who[last.from], at(last.ts), last.text);
        fields.lm = message.ts;
        fields.lastMessage = message;
      } else fields[field] = value;
    }
    const room = fields as unknown as RoomDoc;
    // The DM members lookup as each era stored it.
    const lookup =
      row.id === 'self' ? ownerTwice : row.id === 'composed' ? sorted : members.map((m) => m._id);
    if (room.t === 'd') insertDirect(ws, room, members, lookup);
    else insert(ws, room, members, owner);
  }
}

const named = (text: string, key: string): string =>
  text === '{random}' ? randomId() : text.replaceAll('{key}', key);

/** A team main room's team, stored before its room (the room's `teamId` names it). */
function legacyTeam(
  ws: Workspace,
  roomId: string,
  idAt: Date,
  room: StoredRoom,
  creator: UserDoc,
  key: string,
): TeamDoc {
  const createdAt = at(room.ts);
  const team: TeamDoc = {
    _id: objectId(idAt.getTime()),
    name: named(room.name ?? '', key),
    type: 1,
    createdAt,
    createdBy: { _id: creator._id, username: creator.username },
    _updatedAt: createdAt,
    roomId,
  };
  ws.db.teams.set(team._id, team);
  return team;
}

export function seedLegacyRooms(ws: Workspace, admin: UserDoc, checked: UserDoc | null): void {
  const people = [
    legacyUser(ws, 'legacy.ana', 'Ana Legacy', '2018-02-11T08:30:00.000Z'),
    legacyUser(ws, 'legacy.bruno', 'Bruno Legacy', '2019-05-20T14:00:00.000Z'),
    legacyUser(ws, 'legacy.chen', 'Chen Legacy', '2020-10-01T10:45:00.000Z'),
  ];
  legacyRoomsFor(ws, admin, people, 'a');
  if (checked) legacyRoomsFor(ws, checked, people, 'c');
}
