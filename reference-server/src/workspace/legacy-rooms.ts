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

/** The legacy rooms of one account (the admin, or the checked account). */
function legacyRoomsFor(ws: Workspace, owner: UserDoc, people: readonly UserDoc[], key: string): void {
  const [ana, bruno, chen] = people as [UserDoc, UserDoc, UserDoc];
  const ownerRef = userRef(owner);

  // An archived channel from 2019 with admin-defined custom fields (nulls, nested objects) and an
  // integration's last message from before the message-parser (no md).
  const archivedTs = at('2019-03-14T09:26:53.589Z');
  const archivedId = randomId();
  const archivedLast = integrationMessage(
    archivedId,
    at('2019-11-02T17:45:10.032Z'),
    'Build failed: release-3.8',
  );
  insert(
    ws,
    {
      _id: archivedId,
      t: 'c',
      name: `legacy-ops-2019-${key}`,
      fname: `legacy-ops-2019-${key}`,
      u: ownerRef,
      msgs: 5213,
      usersCount: 3,
      ts: archivedTs,
      _updatedAt: at('2020-01-08T11:02:41.777Z'),
      lm: archivedLast.ts,
      lastMessage: archivedLast,
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
    [owner, ana, bruno],
    owner,
  );

  // A read-only broadcast channel (2021).
  const broadcastTs = at('2021-02-01T08:00:00.125Z');
  const broadcastId = randomId();
  const broadcastLast = plainOldMessage(
    broadcastId,
    owner,
    at('2021-06-30T16:12:03.400Z'),
    'Office closed on Friday',
  );
  insert(
    ws,
    {
      _id: broadcastId,
      t: 'c',
      name: `legacy-announcements-${key}`,
      fname: `legacy-announcements-${key}`,
      u: ownerRef,
      msgs: 87,
      usersCount: 4,
      ts: broadcastTs,
      _updatedAt: at('2021-06-30T16:12:03.413Z'),
      lm: broadcastLast.ts,
      lastMessage: broadcastLast,
      default: false,
      ro: true,
      broadcast: true,
      reactWhenReadOnly: true,
      sysMes: true,
      muted: [],
      encrypted: false,
      customFields: {},
    },
    [owner, ana, bruno, chen],
    owner,
  );

  // An encrypted private group with a retention policy (2020); no lastMessage.
  insert(
    ws,
    {
      _id: randomId(),
      t: 'p',
      name: `legacy-hr-${key}`,
      fname: `legacy-hr-${key}`,
      u: ownerRef,
      msgs: 0,
      usersCount: 2,
      ts: at('2020-07-21T13:37:00.001Z'),
      _updatedAt: at('2020-07-21T13:37:00.012Z'),
      default: false,
      ro: false,
      sysMes: true,
      encrypted: true,
      retention: { enabled: true, overrideGlobal: true, maxAge: 90, filesOnly: false, excludePinned: true },
      description: '',
    },
    [owner, chen],
    owner,
  );

  // A team (2022): its main room and one team channel.
  const teamId = objectId(at('2022-04-04T10:10:10.000Z').getTime());
  const teamRoomId = randomId();
  const team: TeamDoc = {
    _id: teamId,
    name: `legacy-team-${key}`,
    type: 1,
    createdAt: at('2022-04-04T10:10:10.010Z'),
    createdBy: { _id: owner._id, username: owner.username },
    _updatedAt: at('2022-04-04T10:10:10.010Z'),
    roomId: teamRoomId,
  };
  ws.db.teams.set(team._id, team);
  insert(
    ws,
    {
      _id: teamRoomId,
      t: 'p',
      name: team.name,
      fname: team.name,
      u: ownerRef,
      msgs: 12,
      usersCount: 2,
      ts: team.createdAt,
      _updatedAt: at('2023-09-18T07:55:21.654Z'),
      default: false,
      ro: false,
      sysMes: true,
      teamMain: true,
      teamId,
    },
    [owner, bruno],
    owner,
  );
  const teamChannelId = randomId();
  const teamChannelLast = plainOldMessage(
    teamChannelId,
    bruno,
    at('2023-09-18T07:55:21.640Z'),
    'standup in 5',
  );
  insert(
    ws,
    {
      _id: teamChannelId,
      t: 'c',
      name: `legacy-team-standup-${key}`,
      fname: `legacy-team-standup-${key}`,
      u: ownerRef,
      msgs: 344,
      usersCount: 2,
      ts: at('2022-04-05T09:00:00.500Z'),
      _updatedAt: at('2023-09-18T07:55:21.655Z'),
      lm: teamChannelLast.ts,
      lastMessage: teamChannelLast,
      default: false,
      ro: false,
      sysMes: true,
      teamId,
      topic: 'daily standup',
    },
    [owner, bruno],
    owner,
  );

  // A discussion of the archived channel (2019).
  insert(
    ws,
    {
      _id: randomId(),
      t: 'c',
      name: randomId(),
      fname: 'Why is release-3.8 red?',
      u: ownerRef,
      prid: archivedId,
      msgs: 9,
      usersCount: 2,
      ts: at('2019-11-02T17:50:00.900Z'),
      _updatedAt: at('2019-11-03T08:01:02.003Z'),
      default: false,
      ro: false,
      sysMes: true,
      description: 'Build #1432',
    },
    [owner, ana],
    owner,
  );

  // A group DM from the 3.1–6.1 era: a 17-character Random id.
  const groupMembers = [owner, ana, bruno];
  const groupId = randomId();
  const groupLast = plainOldMessage(groupId, ana, at('2020-12-24T18:30:45.901Z'), 'happy holidays');
  insertDirect(
    ws,
    {
      _id: groupId,
      t: 'd',
      usernames: usernamesByDisplayName(groupMembers),
      uids: sortUids(groupMembers.map((member) => member._id)),
      usersCount: 3,
      msgs: 41,
      ts: at('2020-09-09T09:09:09.909Z'),
      _updatedAt: at('2020-12-24T18:30:45.912Z'),
      lm: groupLast.ts,
      lastMessage: groupLast,
      default: false,
      ro: false,
      sysMes: true,
    },
    groupMembers,
    groupMembers.map((member) => member._id),
  );

  // A pre-3.1 self-DM: _id uid+uid, usernames [me, me], usersCount 2, uids [uid, uid] (migration 179).
  const selfId = `${owner._id}${owner._id}`;
  if (!ws.db.rooms.has(selfId)) {
    insertDirect(
      ws,
      {
        _id: selfId,
        t: 'd',
        usernames: [owner.username, owner.username],
        uids: [owner._id, owner._id],
        usersCount: 2,
        msgs: 3,
        ts: at('2018-06-12T12:00:00.042Z'),
        _updatedAt: at('2018-06-12T12:04:31.118Z'),
        lm: at('2018-06-12T12:04:31.100Z'),
        lastMessage: plainOldMessage(selfId, owner, at('2018-06-12T12:04:31.100Z'), 'note to self'),
      },
      [owner],
      [owner._id, owner._id],
    );
  }

  // A 1:1 DM with a composed id (sorted uids), as every version up to 7.x made them — on 8.x/9.x,
  // made before the upgrade; im.create with this user finds it again by its member set.
  const pair = [owner, chen];
  const pairIds = sortUids(pair.map((member) => member._id));
  const composed = composedOneToOneId(pairIds);
  if (!ws.db.rooms.has(composed)) {
    const pairLast = plainOldMessage(composed, chen, at('2024-02-29T23:59:59.999Z'), 'see you in March');
    insertDirect(
      ws,
      {
        _id: composed,
        t: 'd',
        usernames: usernamesByDisplayName(pair),
        uids: pairIds,
        usersCount: 2,
        msgs: 128,
        ts: at('2023-01-16T08:15:00.250Z'),
        _updatedAt: at('2024-02-29T23:59:59.999Z'),
        lm: pairLast.ts,
        lastMessage: pairLast,
        default: false,
        ro: false,
        sysMes: true,
      },
      pair,
      pairIds,
    );
  }
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
