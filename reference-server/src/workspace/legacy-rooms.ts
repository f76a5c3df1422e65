import { composedOneToOneId, sortUids, usernamesByDisplayName } from '../rules/dm-room-id.js';
import { objectId, randomId } from '../store/ids.js';
import type { MessageDoc, RoomDoc, TeamDoc, UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';
import { LEGACY_ROOMS, type Person, type StoredRoom } from './legacy-room-table.js';
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
 *   hidden system-message types; topic/announcement/description/avatarETag/federated; an
 *   `announcementDetails: null`;
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

    const room = storedRoom(row.room, { _id, owner, members, sorted, who, ids, key });
    // The DM members lookup as each era stored it.
    const lookup =
      row.id === 'self' ? ownerTwice : row.id === 'composed' ? sorted : members.map((m) => m._id);
    if (room.t === 'd') insertDirect(ws, room, members, lookup);
    else insert(ws, room, members, owner);
  }
}

interface RowContext {
  _id: string;
  owner: UserDoc;
  members: readonly UserDoc[];
  /** The members' ids, sorted. */
  sorted: string[];
  who: Record<Person, UserDoc>;
  /** The ids of earlier rows by `ref` (a team main room's: its team's). */
  ids: ReadonlyMap<string, string>;
  key: string;
}

/** A row's stored room: each field in the row's order, the loader's columns filled in (legacy-room-table.ts). */
function storedRoom(row: StoredRoom, context: RowContext): RoomDoc {
  const { _id, owner, members, sorted, who, ids, key } = context;
  const fields: Record<string, unknown> = { _id };
  for (const [field, value] of Object.entries(row)) {
    if (field === 'ts' || field === '_updatedAt') fields[field] = at(value as string);
    else if (field === 'u') fields.u = userRef(owner);
    else if (field === 'prid' || field === 'teamId') fields[field] = ids.get((value as string).slice(1));
    else if (field === 'name' || field === 'fname') fields[field] = named(value as string, key);
    else if (field === 'usernames')
      fields.usernames =
        value === 'owner-twice' ? [owner.username, owner.username] : usernamesByDisplayName(members);
    else if (field === 'uids') fields.uids = value === 'owner-twice' ? [owner._id, owner._id] : sorted;
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
  return fields as unknown as RoomDoc;
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
