import type { SeedUser } from '../src/config.js';
import type { FaultName } from '../src/faults/catalogue.js';
import {
  ADMIN,
  Client,
  findRoom,
  type HttpResult,
  type Json,
  LOWER,
  login,
  loginSeed,
  request,
  sleep,
  type TestServer,
  UPPER,
  uniqueName,
} from './helpers.js';

/**
 * Probes: small HTTP scenarios, each observing one behaviour as a JSON-comparable value.
 * fault-isolation.ts runs every probe against a clean server and against each faulted one.
 */

const WALTER: SeedUser = {
  _id: 'WWWWWWWWWWWWWWWWW',
  username: 'walter',
  name: 'Walter',
  password: 'pw-walter',
};
export const PROBE_SEED_USERS: readonly SeedUser[] = [LOWER, UPPER, WALTER];

export interface ProbeContext {
  server: TestServer;
  admin: Client;
  lower: Client;
  upper: Client;
  walter: Client;
}

async function probeContext(server: TestServer): Promise<ProbeContext> {
  return {
    server,
    admin: server.admin,
    lower: await loginSeed(server, LOWER),
    upper: await loginSeed(server, UPPER),
    walter: await loginSeed(server, WALTER),
  };
}

async function createChannel(client: Client, type: 'c' | 'p' = 'c', members: string[] = []): Promise<Json> {
  const result = await client.post(type === 'c' ? '/api/v1/channels.create' : '/api/v1/groups.create', {
    name: uniqueName(type === 'c' ? 'probe-channel' : 'probe-group'),
    ...(members.length > 0 ? { members } : {}),
  });
  if (result.status !== 200) throw new Error(`create failed: ${result.text}`);
  return type === 'c' ? result.body.channel : result.body.group;
}

async function ok(result: Promise<HttpResult>, what: string): Promise<Json> {
  const done = await result;
  if (done.status !== 200) throw new Error(`${what} failed: ${done.status} ${done.text}`);
  return done.body;
}

const OBJECT_ID = /^[0-9a-f]{24}$/;
/** A DM id as a comparable value: composed ids are deterministic (seed users), ObjectIds are random. */
const dmIdShape = (rid: string): string => (OBJECT_ID.test(rid) ? '(object id)' : rid);

/** Long enough before anything a probe makes, whatever the instances' clock skew. */
const EARLY_MS = 60_000;
const earlier = (iso: string): string => new Date(new Date(iso).getTime() - EARLY_MS).toISOString();

/** A room as rooms.adminRooms shows it (no rooms.get caching or serialisation in the way). */
async function adminView(ctx: ProbeContext, rid: string, type: string): Promise<Json> {
  const body = await ok(
    ctx.admin.get('/api/v1/rooms.adminRooms', { filter: '', 'types[]': type, count: '100' }),
    'rooms.adminRooms',
  );
  return body.rooms.find((room: Json) => room._id === rid);
}

async function listedTo(client: Client, rid: string, since?: string): Promise<boolean> {
  return findRoom(await client.roomsGet(since), rid) !== undefined;
}

/** How many times rooms.get lists the room in `update` (for the faults that list a room twice). */
async function timesListed(client: Client, rid: string): Promise<number> {
  const result = await client.roomsGet();
  return (result.body.update ?? []).filter((room: Json) => room._id === rid).length;
}

async function post(client: Client, roomId: string, text: string): Promise<Json> {
  const result = await client.post('/api/v1/chat.postMessage', { roomId, text });
  if (result.status !== 200) throw new Error(`postMessage failed: ${result.text}`);
  return result.body.message;
}

async function dm(client: Client, body: Record<string, unknown>): Promise<string> {
  const result = await client.post('/api/v1/im.create', body);
  if (result.status !== 200) throw new Error(`im.create failed: ${result.text}`);
  return result.body.room.rid;
}

async function discussionOf(client: Client, prid: string): Promise<Json> {
  const body = await ok(
    client.post('/api/v1/rooms.createDiscussion', { prid, t_name: uniqueName('probe discussion') }),
    'rooms.createDiscussion',
  );
  return body.discussion;
}

/** A channel of a new team of this type (0 public, 1 private), made by the admin. */
async function teamChannel(ctx: ProbeContext, type: 0 | 1): Promise<Json> {
  const { team } = await ok(
    ctx.admin.post('/api/v1/teams.create', { name: uniqueName('probe-team'), type }),
    'teams.create',
  );
  const channel = await createChannel(ctx.admin);
  await ok(
    ctx.admin.post('/api/v1/teams.addRooms', { teamId: team._id, rooms: [channel._id] }),
    'teams.addRooms',
  );
  return channel;
}

const plusMs = (iso: string, ms: number): string => new Date(new Date(iso).getTime() + ms).toISOString();

/** A room whose `_updatedAt` has a non-zero millisecond part, so truncation to seconds shows. */
async function channelWithMilliseconds(client: Client): Promise<Json> {
  for (;;) {
    const channel = await createChannel(client);
    if (!channel._updatedAt.endsWith('.000Z')) return channel;
  }
}

/** The rooms.get view of admin's own channel with two messages, a group and a DM (memoised per server). */
const snapshots = new WeakMap<
  ProbeContext,
  Promise<{ result: HttpResult; channel: Json; group: Json; dm: Json }>
>();
function snapshot(ctx: ProbeContext) {
  let pending = snapshots.get(ctx);
  if (!pending) {
    pending = (async () => {
      const channel = await createChannel(ctx.admin);
      await post(ctx.admin, channel._id, 'first');
      await post(ctx.admin, channel._id, 'second');
      const group = await createChannel(ctx.admin, 'p');
      const rid = await dm(ctx.admin, { username: 'walter' });
      const result = await ctx.admin.roomsGet();
      return {
        result,
        channel: findRoom(result, channel._id),
        group: findRoom(result, group._id),
        dm: findRoom(result, rid),
      };
    })();
    snapshots.set(ctx, pending);
  }
  return pending;
}

async function ownRoomsListed(client: Client, since: string, ids: string[]): Promise<string[]> {
  const result = await client.roomsGet(since);
  return ids
    .filter((id) => (result.body.update ?? []).some((room: Json) => room._id === id))
    .map((id) => ids.indexOf(id).toString());
}

/**
 * Deletes a fresh room; returns what rooms.get says about it from a cursor well before the deletion
 * (a minute before the room was made: instances' clocks may stamp the deletion earlier than the creation).
 */
async function deletedRoom(ctx: ProbeContext): Promise<{ id: string; before: string; item: Json }> {
  const channel = await createChannel(ctx.admin);
  const before = earlier(channel.ts);
  await sleep(3);
  await ctx.admin.post('/api/v1/channels.delete', { roomId: channel._id });
  const result = await ctx.admin.roomsGet(before);
  return {
    id: channel._id,
    before,
    item: (result.body.remove ?? []).find((entry: Json) => entry._id === channel._id),
  };
}

type Probe = (ctx: ProbeContext) => Promise<unknown>;

export const PROBES = {
  // ── shape ──
  'dates-end-with-Z': async (ctx) => {
    const { channel } = await snapshot(ctx);
    return ['_updatedAt', 'ts', 'lm']
      .filter((key) => typeof channel[key] === 'string')
      .every((key) => channel[key].endsWith('Z'));
  },
  'ts-type': async (ctx) => typeof (await snapshot(ctx)).channel.ts,
  'updated-at-type': async (ctx) => typeof (await snapshot(ctx)).channel._updatedAt,
  'updated-at-present': async (ctx) => {
    const { channel, group, dm } = await snapshot(ctx);
    return [channel, group, dm].map((room) => '_updatedAt' in room);
  },
  'counter-types': async (ctx) => {
    const { channel } = await snapshot(ctx);
    return [typeof channel.msgs, typeof channel.usersCount];
  },
  't-values': async (ctx) => {
    const { channel, group, dm } = await snapshot(ctx);
    return [channel.t, group.t, dm.t];
  },
  'success-key': async (ctx) => (await snapshot(ctx)).result.body.success,
  'null-values': async (ctx) => {
    const { channel, group, dm } = await snapshot(ctx);
    return [channel, group, dm]
      .flatMap((room) => Object.keys(room).filter((key) => room[key] === null))
      .sort();
  },
  'last-message-text': async (ctx) => (await snapshot(ctx)).channel.lastMessage?.msg ?? '(absent)',
  'last-message-after-one-message': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await post(ctx.admin, channel._id, 'only');
    return 'lastMessage' in (findRoom(await ctx.admin.roomsGet(), channel._id) ?? {});
  },
  'occurrences-of-a-room': async (ctx) => {
    const { result, channel } = await snapshot(ctx);
    return result.body.update.filter((room: Json) => room._id === channel._id).length;
  },
  'other-users-room-visible': async (ctx) => {
    const theirs = await createChannel(ctx.walter);
    return findRoom(await ctx.admin.roomsGet(), theirs._id) !== undefined;
  },
  'content-type': async (ctx) => (await snapshot(ctx)).result.headers.get('content-type'),
  'cache-headers': async (ctx) => {
    const { headers } = (await snapshot(ctx)).result;
    return [headers.get('cache-control'), headers.get('pragma')];
  },
  'dated-cache-headers': async (ctx) => {
    const { headers } = await ctx.admin.roomsGet('2000-01-01T00:00:00.000Z');
    return [headers.get('cache-control'), headers.get('pragma')];
  },
  'rooms-get-status-for-a-user': async (ctx) => (await ctx.walter.roomsGet()).status,
  'own-discussion-listed': async (ctx) => {
    const discussion = await discussionOf(ctx.admin, (await createChannel(ctx.admin))._id);
    return listedTo(ctx.admin, discussion._id);
  },
  // Read from rooms.createDiscussion's answer: whether rooms.get lists discussions is another probe's business.
  'discussion-types': async (ctx) => {
    const parents = [
      await createChannel(ctx.admin),
      await createChannel(ctx.admin, 'p'),
      await teamChannel(ctx, 0),
      await teamChannel(ctx, 1),
    ];
    const types: unknown[] = [];
    for (const parent of parents) types.push((await discussionOf(ctx.admin, parent._id)).t);
    return types;
  },

  // ── auth ──
  'me-unauthenticated-status': async (ctx) => (await new Client(ctx.server.url).get('/api/v1/me')).status,
  'me-unauthenticated-keys': async (ctx) =>
    Object.keys((await new Client(ctx.server.url).get('/api/v1/me')).body).sort(),
  'me-unauthenticated-text': async (ctx) => {
    const { body } = await new Client(ctx.server.url).get('/api/v1/me');
    return [...new Set([body.message, body.error].filter((text) => text !== undefined))];
  },
  // The next probes ask "accepted?" rather than the exact refusal status, which auth-status-403 owns.
  'rooms-get-accepted-without-credentials': async (ctx) =>
    (await new Client(ctx.server.url).roomsGet()).status === 200,
  'token-with-another-user-id-accepted': async (ctx) => {
    const { credentials } = ctx.upper;
    const mixed = new Client(ctx.server.url, { userId: LOWER._id, authToken: credentials?.authToken ?? '' });
    return (await mixed.get('/api/v1/me')).status === 200;
  },
  'token-without-user-id-accepted': async (ctx) => {
    const result = await request(`${ctx.server.url}/api/v1/me`, {
      headers: { 'X-Auth-Token': ctx.lower.credentials?.authToken ?? '' },
    });
    return result.status === 200;
  },
  'token-accepted-after-logout': async (ctx) => {
    const session = await login(ctx.server.url, ADMIN.username, ADMIN.password);
    await session.post('/api/v1/logout');
    return (await session.get('/api/v1/me')).status === 200;
  },
  'bad-credentials-and-bad-date-answer-400': async (ctx) =>
    (await new Client(ctx.server.url, { userId: 'nobody', authToken: 'nothing' }).roomsGet('yesterday'))
      .status === 400,

  // ── updatedSince ──
  'cursor-after-everything': async (ctx) => {
    const first = await createChannel(ctx.admin);
    await sleep(2);
    const second = await createChannel(ctx.admin);
    const last = [first._updatedAt, second._updatedAt].sort().at(-1) as string;
    return ownRoomsListed(ctx.admin, plusMs(last, 1), [first._id, second._id]);
  },
  'cursor-equal-to-updated-at': async (ctx) => {
    const channel = await channelWithMilliseconds(ctx.admin);
    return ownRoomsListed(ctx.admin, channel._updatedAt, [channel._id]);
  },
  'room-bumped-by-a-message': async (ctx) => {
    // With skewed instances a message may be stamped before the cursor: retry until it is after it.
    for (let attempt = 0; ; attempt++) {
      const channel = await createChannel(ctx.admin);
      await sleep(3);
      const cursor = plusMs(channel._updatedAt, 2);
      await sleep(3);
      const message = await post(ctx.admin, channel._id, 'bump');
      if (Date.parse(message.ts) > Date.parse(cursor) || attempt >= 10)
        return ownRoomsListed(ctx.admin, cursor, [channel._id]);
    }
  },
  // first._updatedAt + 1 ms written at +02:00.
  'cursor-with-offset': (ctx) => cursorWithOffset(ctx, 120, '+02:00'),
  // first._updatedAt + 1 ms written at Nepal's +05:45: read as +05:00, it is 45 minutes later.
  'cursor-with-quarter-hour-offset': (ctx) => cursorWithOffset(ctx, 345, '+05:45'),

  'invalid-date': async (ctx) => {
    const result = await ctx.admin.roomsGet('yesterday');
    return { status: result.status, body: result.body.update ? '(listing)' : result.body };
  },
  'epoch-milliseconds-date': async (ctx) => (await ctx.admin.roomsGet('1700000000000')).status,
  'trash-item': async (ctx) => {
    const { item } = await deletedRoom(ctx);
    return item ? Object.keys(item).sort() : '(absent)';
  },
  'cursor-equal-to-deleted-at': async (ctx) => {
    const { id, item } = await deletedRoom(ctx);
    if (!item?._deletedAt) return '(no _deletedAt to use)';
    const result = await ctx.admin.roomsGet(item._deletedAt);
    return result.body.remove.some((entry: Json) => entry._id === id);
  },
  'remove-without-date': async (ctx) => {
    const { id } = await deletedRoom(ctx);
    return ((await ctx.admin.roomsGet()).body.remove ?? []).some((entry: Json) => entry._id === id);
  },
  'deleted-room-in-update': async (ctx) => {
    const { id } = await deletedRoom(ctx);
    return findRoom(await ctx.admin.roomsGet(), id) !== undefined;
  },

  // ── DM ids ──
  'one-to-one-id': async (ctx) => dmIdShape(await dm(ctx.lower, { username: UPPER.username })),
  'self-dm-id-is-object-id': async (ctx) =>
    /^[0-9a-f]{24}$/.test(await dm(ctx.admin, { username: ADMIN.username })),
  'group-dm-id-is-object-id': async (ctx) =>
    /^[0-9a-f]{24}$/.test(await dm(ctx.admin, { usernames: `${LOWER.username},${UPPER.username}` })),
  uids: async (ctx) => {
    const rid = await dm(ctx.lower, { username: UPPER.username });
    return findRoom(await ctx.lower.roomsGet(), rid)?.uids ?? '(absent)';
  },
  'uids-present': async (ctx) => {
    const rid = await dm(ctx.lower, { username: WALTER.username });
    return 'uids' in (findRoom(await ctx.lower.roomsGet(), rid) ?? {});
  },
  // Upper's, not the admin's: a staging admin already has a legacy self-DM whose uids are doubled.
  'self-dm-uids': async (ctx) => {
    const rid = await dm(ctx.upper, { username: UPPER.username });
    return findRoom(await ctx.upper.roomsGet(), rid)?.uids?.length ?? '(absent)';
  },
  'self-dm-users-count': async (ctx) => {
    const rid = await dm(ctx.lower, { username: LOWER.username });
    // Read as a number: the type of counters is counter-as-string's business.
    return Number(findRoom(await ctx.lower.roomsGet(), rid)?.usersCount);
  },
  usernames: async (ctx) => {
    const rid = await dm(ctx.upper, { username: WALTER.username });
    return findRoom(await ctx.upper.roomsGet(), rid)?.usernames;
  },
  'recreate-keeps-updated-at': async (ctx) => {
    const rid = await dm(ctx.admin, { username: UPPER.username });
    const before = (
      await ctx.admin.get('/api/v1/rooms.adminRooms', { filter: '', 'types[]': 'd', count: '100' })
    ).body.rooms.find((room: Json) => room._id === rid)?._updatedAt;
    await sleep(3);
    await dm(ctx.admin, { username: UPPER.username });
    const after = (
      await ctx.admin.get('/api/v1/rooms.adminRooms', { filter: '', 'types[]': 'd', count: '100' })
    ).body.rooms.find((room: Json) => room._id === rid)?._updatedAt;
    return before === after;
  },
  'recreate-returns-same-room': async (ctx) => {
    const first = await dm(ctx.walter, { username: ADMIN.username });
    const again = await dm(ctx.walter, { username: ADMIN.username });
    const otherSide = await dm(ctx.admin, { username: WALTER.username });
    return [again === first, otherSide === first];
  },

  // ── membership scope: rooms the admin is not subscribed to ──
  'others-private-group-visible': async (ctx) =>
    listedTo(ctx.admin, (await createChannel(ctx.walter, 'p'))._id),
  'discussion-of-a-joined-room-visible': async (ctx) => {
    const parent = await createChannel(ctx.lower, 'p', [ADMIN.username]);
    const body = await ok(
      ctx.lower.post('/api/v1/rooms.createDiscussion', { prid: parent._id, t_name: 'probe discussion' }),
      'rooms.createDiscussion',
    );
    return listedTo(ctx.admin, body.discussion._id);
  },
  'team-room-visible-to-team-member': async (ctx) => {
    const adminId = ctx.admin.credentials?.userId ?? '';
    const team = await ok(
      ctx.lower.post('/api/v1/teams.create', { name: uniqueName('probe-team'), type: 1, members: [adminId] }),
      'teams.create',
    );
    const room = await createChannel(ctx.lower, 'p');
    await ok(
      ctx.lower.post('/api/v1/teams.addRooms', { teamId: team.team._id, rooms: [room._id] }),
      'teams.addRooms',
    );
    return listedTo(ctx.admin, room._id);
  },
  'left-room-visible': async (ctx) => {
    const group = await createChannel(ctx.lower, 'p', [ADMIN.username]);
    await ok(ctx.admin.post('/api/v1/groups.leave', { roomId: group._id }), 'groups.leave');
    return listedTo(ctx.admin, group._id);
  },
  'room-updated-after-cursor-visible-to-non-member': async (ctx) => {
    const group = await createChannel(ctx.walter, 'p');
    return listedTo(ctx.admin, group._id, earlier(group._updatedAt));
  },

  // ── freshness: what rooms.get shows after writes ──
  'fields-after-read-write-read': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await ctx.admin.roomsGet();
    await post(ctx.admin, channel._id, 'fresh');
    const room = findRoom(await ctx.admin.roomsGet(), channel._id);
    return [Number(room?.msgs), room?.lastMessage?.msg ?? '(absent)'];
  },
  'users-count-after-invite-and-leave': async (ctx) => {
    const group = await createChannel(ctx.admin, 'p');
    await ok(
      ctx.admin.post('/api/v1/groups.invite', { roomId: group._id, userIds: [LOWER._id, UPPER._id] }),
      'groups.invite',
    );
    await ok(ctx.lower.post('/api/v1/groups.leave', { roomId: group._id }), 'groups.leave');
    return Number(findRoom(await ctx.admin.roomsGet(), group._id)?.usersCount);
  },
  'updated-at-moved-by-message': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    const before = (await adminView(ctx, channel._id, 'c'))?._updatedAt;
    await sleep(3);
    await post(ctx.admin, channel._id, 'move it');
    const after = (await adminView(ctx, channel._id, 'c'))?._updatedAt;
    return before !== after;
  },
  // ── subscription states: a subscribed room is listed once in each state; an ended one is not ──
  'hidden-room-listed': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await ok(ctx.admin.post('/api/v1/channels.close', { roomId: channel._id }), 'channels.close');
    return listedTo(ctx.admin, channel._id);
  },
  'archived-room-listed': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await ok(ctx.admin.post('/api/v1/channels.archive', { roomId: channel._id }), 'channels.archive');
    return listedTo(ctx.admin, channel._id);
  },
  'favourite-room-listed': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await ok(
      ctx.admin.post('/api/v1/rooms.favorite', { roomId: channel._id, favorite: true }),
      'rooms.favorite',
    );
    return timesListed(ctx.admin, channel._id);
  },
  'unread-room-listed': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await ok(ctx.admin.post('/api/v1/subscriptions.unread', { roomId: channel._id }), 'subscriptions.unread');
    return listedTo(ctx.admin, channel._id);
  },
  'silenced-room-listed': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await ok(
      ctx.admin.post('/api/v1/rooms.saveNotification', {
        roomId: channel._id,
        notifications: { disableNotifications: '1' },
      }),
      'rooms.saveNotification',
    );
    return listedTo(ctx.admin, channel._id);
  },
  'read-only-room-listed': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await ok(
      ctx.admin.post('/api/v1/channels.setReadOnly', { roomId: channel._id, readOnly: true }),
      'channels.setReadOnly',
    );
    return listedTo(ctx.admin, channel._id);
  },
  'muted-caller-room-listed': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await ok(
      ctx.admin.post('/api/v1/rooms.muteUser', { roomId: channel._id, username: ADMIN.username }),
      'rooms.muteUser',
    );
    return listedTo(ctx.admin, channel._id);
  },
  'room-with-ignored-member-listed': async (ctx) => {
    const channel = await createChannel(ctx.admin, 'c', [LOWER.username]);
    await ok(
      ctx.admin.get('/api/v1/chat.ignoreUser', { rid: channel._id, userId: LOWER._id, ignore: 'true' }),
      'chat.ignoreUser',
    );
    return listedTo(ctx.admin, channel._id);
  },
  'moderator-room-listed': async (ctx) => {
    const channel = await createChannel(ctx.lower, 'c', [ADMIN.username]);
    await ok(
      ctx.lower.post('/api/v1/channels.addModerator', { roomId: channel._id, username: ADMIN.username }),
      'channels.addModerator',
    );
    return timesListed(ctx.admin, channel._id);
  },
  'kicked-room-listed': async (ctx) => {
    const channel = await createChannel(ctx.lower, 'c', [ADMIN.username]);
    await ok(
      ctx.lower.post('/api/v1/channels.kick', { roomId: channel._id, username: ADMIN.username }),
      'channels.kick',
    );
    return listedTo(ctx.admin, channel._id);
  },
  'team-channel-listed-after-team-removal': async (ctx) => {
    const admin = await ok(ctx.admin.get('/api/v1/me'), 'me');
    const team = await ok(
      ctx.lower.post('/api/v1/teams.create', {
        name: uniqueName('probe-team'),
        type: 0,
        members: [admin._id],
      }),
      'teams.create',
    );
    const channel = await createChannel(ctx.lower, 'c', [ADMIN.username]);
    await ok(
      ctx.lower.post('/api/v1/teams.addRooms', { teamId: team.team._id, rooms: [channel._id] }),
      'teams.addRooms',
    );
    await ok(
      ctx.lower.post('/api/v1/teams.removeMember', {
        teamId: team.team._id,
        userId: admin._id,
        rooms: [channel._id],
      }),
      'teams.removeMember',
    );
    return [await timesListed(ctx.admin, team.team.roomId), await timesListed(ctx.admin, channel._id)];
  },
  'dm-listed-after-partner-deleted': async (ctx) => {
    const partner = await ctx.server.createUser();
    const rid = await dm(ctx.admin, { username: partner.username });
    const since = earlier(new Date().toISOString());
    await ok(ctx.admin.post('/api/v1/users.delete', { username: partner.username }), 'users.delete');
    const result = await ctx.admin.roomsGet(since);
    return [
      findRoom(result, rid) !== undefined,
      (result.body.remove ?? []).some((entry: Json) => entry._id === rid),
    ];
  },
  'deletion-after-an-earlier-dated-read': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await ctx.admin.roomsGet(earlier(channel.ts));
    await ok(ctx.admin.post('/api/v1/channels.delete', { roomId: channel._id }), 'channels.delete');
    const result = await ctx.admin.roomsGet(earlier(channel.ts));
    return (result.body.remove ?? []).some((entry: Json) => entry._id === channel._id);
  },
  // ── seeding refusals: what each seeding call answers (status and errorType) ──
  'users-create-answer': async (ctx) => {
    const username = uniqueName('probe-user');
    const result = await ctx.admin.post('/api/v1/users.create', {
      username,
      name: username,
      email: `${username}@probe.invalid`,
      password: `pw-${username}`,
    });
    return [result.status, result.body.errorType ?? null];
  },
  'groups-create-answer': async (ctx) => {
    const result = await ctx.lower.post('/api/v1/groups.create', { name: uniqueName('probe-group') });
    return [result.status, result.body.errorType ?? null];
  },
  'im-create-answer': async (ctx) => {
    const result = await ctx.lower.post('/api/v1/im.create', { username: WALTER.username });
    return [result.status, result.body.errorType ?? null];
  },
  'post-message-answer': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    const result = await ctx.admin.post('/api/v1/chat.postMessage', { roomId: channel._id, text: 'probe' });
    return [result.status, result.body.errorType ?? null];
  },
  // ── freshness after the first message ──
  'fields-after-second-message': async (ctx) => {
    const channel = await createChannel(ctx.admin);
    await post(ctx.admin, channel._id, 'one');
    await sleep(3);
    const second = await post(ctx.admin, channel._id, 'two');
    // As stored (rooms.adminRooms): rooms.get's serialisation faults are other probes' business.
    const room = await adminView(ctx, channel._id, 'c');
    return {
      msgs: room?.msgs,
      lmIsSecond: room?.lm === second.ts,
      updatedAtIsSecond: room?._updatedAt === second.ts,
    };
  },
  'message-ts-after-room-creation': async (ctx) => {
    // With skewed instances a message may be stamped at the room's very millisecond: retry a few times.
    for (let attempt = 0; ; attempt++) {
      const channel = await createChannel(ctx.admin);
      await sleep(3);
      const message = await post(ctx.admin, channel._id, 'later');
      if (message.ts !== channel.ts || attempt >= 10) return message.ts !== channel.ts;
    }
  },
  'members-message-is-last': async (ctx) => {
    const channel = await createChannel(ctx.admin, 'c', [WALTER.username]);
    await post(ctx.admin, channel._id, 'by the creator');
    // Whatever the answer: whether rooms.get shows the message is what this probe reads.
    await ctx.walter.post('/api/v1/chat.postMessage', { roomId: channel._id, text: 'by a member' });
    return findRoom(await ctx.admin.roomsGet(), channel._id)?.lastMessage?.msg ?? '(absent)';
  },
  'members-post-status': async (ctx) => {
    const channel = await createChannel(ctx.admin, 'c', [WALTER.username]);
    return (await ctx.walter.post('/api/v1/chat.postMessage', { roomId: channel._id, text: 'hello' })).status;
  },
  'discussion-last-message': async (ctx) => {
    const discussion = await discussionOf(ctx.admin, (await createChannel(ctx.admin))._id);
    await post(ctx.admin, discussion._id, 'one');
    await post(ctx.admin, discussion._id, 'two');
    return findRoom(await ctx.admin.roomsGet(), discussion._id)?.lastMessage?.msg ?? '(absent)';
  },
  'dm-recreate-statuses': async (ctx) => {
    await dm(ctx.admin, { username: LOWER.username });
    const byCreator = await ctx.admin.post('/api/v1/im.create', { username: LOWER.username });
    const byOther = await ctx.lower.post('/api/v1/im.create', { username: ADMIN.username });
    return [byCreator.status, byOther.status];
  },
} satisfies Readonly<Record<string, Probe>>;

export type ProbeName = keyof typeof PROBES;

/** Which probe must notice each fault. Several faults may share a probe; a fault without one fails the typecheck. */
export const PROBE_FOR_FAULT = {
  'date-without-zone': 'dates-end-with-Z',
  'ts-as-epoch': 'ts-type',
  'updated-at-as-ejson': 'updated-at-type',
  'counter-as-string': 'counter-types',
  'missing-updated-at': 'updated-at-present',
  'success-missing': 'success-key',
  'null-for-absent-fields': 'null-values',
  'last-message-stale': 'last-message-text',
  'last-message-missing': 'last-message-after-one-message',
  'duplicate-rooms': 'occurrences-of-a-room',
  'other-users-rooms': 'other-users-room-visible',
  'wrong-content-type': 'content-type',
  'missing-no-store': 'cache-headers',
  'seeding-email-domain-refused': 'users-create-answer',
  'seeding-create-p-revoked': 'groups-create-answer',
  'seeding-create-d-revoked': 'im-create-answer',
  'seeding-message-prevented': 'post-message-answer',
  'dated-answer-cacheable': 'dated-cache-headers',
  'rooms-get-admin-only': 'rooms-get-status-for-a-user',
  'discussion-of-channel-private': 'discussion-types',
  'discussions-not-listed': 'own-discussion-listed',
  'auth-status-403': 'me-unauthenticated-status',
  'auth-body-without-status': 'me-unauthenticated-keys',
  'auth-message-changed': 'me-unauthenticated-text',
  'auth-not-enforced': 'rooms-get-accepted-without-credentials',
  'auth-user-id-ignored': 'token-with-another-user-id-accepted',
  'auth-one-header-enough': 'token-without-user-id-accepted',
  'auth-token-survives-logout': 'token-accepted-after-logout',
  'auth-after-updated-since': 'bad-credentials-and-bad-date-answer-400',
  'updated-since-ignored': 'cursor-after-everything',
  'updated-since-inclusive': 'cursor-equal-to-updated-at',
  'updated-since-subscription-updated-at': 'room-bumped-by-a-message',
  'updated-since-room-ts': 'room-bumped-by-a-message',
  'updated-since-offset-dropped': 'cursor-with-offset',
  'updated-since-offset-quarter-hours': 'cursor-with-quarter-hour-offset',
  'updated-since-seconds': 'cursor-equal-to-updated-at',
  'updated-since-invalid-accepted': 'invalid-date',
  'updated-since-invalid-500': 'invalid-date',
  'updated-since-epoch-accepted': 'epoch-milliseconds-date',
  'updated-since-400-body': 'invalid-date',
  'remove-always-empty': 'trash-item',
  'remove-boundary-inclusive': 'cursor-equal-to-deleted-at',
  'deleted-kept-in-update': 'deleted-room-in-update',
  'remove-without-deleted-at': 'trash-item',
  'dm-id-unsorted': 'one-to-one-id',
  'dm-id-case-insensitive': 'one-to-one-id',
  'dm-self-id-doubled': 'self-dm-id-is-object-id',
  'dm-group-id-composed': 'group-dm-id-is-object-id',
  'dm-uids-unsorted': 'uids',
  'dm-uids-missing': 'uids-present',
  'dm-users-count-wrong': 'self-dm-users-count',
  'dm-usernames-wrong': 'usernames',
  'dm-recreate-bumps-updated-at': 'recreate-keeps-updated-at',
  'dm-recreate-new-room': 'recreate-returns-same-room',
  'private-groups-of-others-listed': 'others-private-group-visible',
  'public-channels-listed': 'other-users-room-visible',
  'discussions-of-joined-rooms-listed': 'discussion-of-a-joined-room-visible',
  'team-rooms-listed-to-team-members': 'team-room-visible-to-team-member',
  'left-rooms-still-listed': 'left-room-visible',
  'updated-since-ignores-membership': 'room-updated-after-cursor-visible-to-non-member',
  'stale-room-cache': 'fields-after-read-write-read',
  'users-count-not-updated': 'users-count-after-invite-and-leave',
  'updated-at-not-bumped-by-message': 'updated-at-moved-by-message',
  'remove-list-cached': 'deletion-after-an-earlier-dated-read',
  'remove-listed-without-date': 'remove-without-date',
  'dm-self-uids-doubled': 'self-dm-uids',
  'lm-frozen-after-first-message': 'fields-after-second-message',
  'updated-at-frozen-after-first-message': 'fields-after-second-message',
  'msgs-counts-first-message-only': 'fields-after-second-message',
  'room-not-updated-by-members-messages': 'members-message-is-last',
  'discussion-frozen-after-first-message': 'discussion-last-message',
  'message-stamped-at-room-creation': 'message-ts-after-room-creation',
  'post-answers-error-for-members': 'members-post-status',
  'dm-recreate-error-creator': 'dm-recreate-statuses',
  'dm-recreate-error-other-side': 'dm-recreate-statuses',
  'hidden-rooms-not-listed': 'hidden-room-listed',
  'archived-rooms-not-listed': 'archived-room-listed',
  'favourite-rooms-listed-twice': 'favourite-room-listed',
  'unread-rooms-not-listed': 'unread-room-listed',
  'silenced-rooms-not-listed': 'silenced-room-listed',
  'read-only-rooms-not-listed': 'read-only-room-listed',
  'muted-caller-rooms-not-listed': 'muted-caller-room-listed',
  'rooms-with-ignored-members-not-listed': 'room-with-ignored-member-listed',
  'rooms-with-caller-roles-listed-twice': 'moderator-room-listed',
  'kicked-rooms-still-listed': 'kicked-room-listed',
  'team-removal-keeps-channels': 'team-channel-listed-after-team-removal',
  'deleted-partner-dms-kept': 'dm-listed-after-partner-deleted',
} as const satisfies Readonly<Record<FaultName, ProbeName>>;

export async function observeAll(server: TestServer): Promise<Record<string, unknown>> {
  const ctx = await probeContext(server);
  const observations: Record<string, unknown> = {};
  for (const [name, probe] of Object.entries(PROBES)) {
    try {
      observations[name] = await probe(ctx);
    } catch (error) {
      observations[name] = `(probe failed: ${error instanceof Error ? error.message : String(error)})`;
    }
  }
  return observations;
}

/**
 * Other probes a fault may also move, each because it follows from the fault itself (a probe
 * cannot look past it). Anything else moving means the fault changes more than it names.
 */
/** Probes that read the shared snapshot of a channel, a group and a DM with messages (created through the seeding calls). */
const SNAPSHOT_PROBES: readonly ProbeName[] = [
  'dates-end-with-Z',
  'ts-type',
  'updated-at-type',
  'updated-at-present',
  'counter-types',
  't-values',
  'success-key',
  'null-values',
  'last-message-text',
  'occurrences-of-a-room',
  'content-type',
  'cache-headers',
];

/** Probes that see a room the admin is not subscribed to: any wider membership scope moves them all. */
const NON_MEMBER_ROOM_PROBES: readonly ProbeName[] = [
  'discussion-of-a-joined-room-visible',
  'team-room-visible-to-team-member',
  'left-room-visible',
  'room-updated-after-cursor-visible-to-non-member',
  'kicked-room-listed',
  'team-channel-listed-after-team-removal',
];

export const FOLLOW_ON_PROBES: Readonly<Partial<Record<FaultName, readonly ProbeName[]>>> = {
  // A refused seeding call stops every probe that makes its rooms or messages through that call.
  'seeding-create-p-revoked': [
    ...SNAPSHOT_PROBES,
    'discussion-types',
    'others-private-group-visible',
    'discussion-of-a-joined-room-visible',
    'team-room-visible-to-team-member',
    'left-room-visible',
    'room-updated-after-cursor-visible-to-non-member',
    'users-count-after-invite-and-leave',
  ],
  'seeding-create-d-revoked': [
    ...SNAPSHOT_PROBES,
    'one-to-one-id',
    'self-dm-id-is-object-id',
    'group-dm-id-is-object-id',
    'uids',
    'uids-present',
    'self-dm-uids',
    'self-dm-users-count',
    'usernames',
    'recreate-keeps-updated-at',
    'recreate-returns-same-room',
    'dm-recreate-statuses',
    'dm-listed-after-partner-deleted',
  ],
  'seeding-message-prevented': [
    ...SNAPSHOT_PROBES,
    'last-message-after-one-message',
    'room-bumped-by-a-message',
    'fields-after-read-write-read',
    'updated-at-moved-by-message',
    'fields-after-second-message',
    'message-ts-after-room-creation',
    'members-message-is-last',
    'members-post-status',
    'discussion-last-message',
  ],
  // Its users cannot be created, so neither can the DM whose partner the probe deletes.
  'seeding-email-domain-refused': ['dm-listed-after-partner-deleted'],

  // Every rooms.get answer loses the headers, the dated one too.
  'missing-no-store': ['dated-cache-headers'],
  // Every room listed: each narrower scope's room is listed too.
  'other-users-rooms': ['others-private-group-visible', ...NON_MEMBER_ROOM_PROBES],
  // Those rooms are private groups the admin is not in.
  'private-groups-of-others-listed': NON_MEMBER_ROOM_PROBES,
  // Without lastMessage there is no text to read after a write either, whoever wrote, in whatever room.
  'last-message-missing': [
    'last-message-text',
    'fields-after-read-write-read',
    'members-message-is-last',
    'discussion-last-message',
  ],
  // A discussion rooms.get does not list has no lastMessage to read either.
  'discussions-not-listed': ['discussion-last-message'],
  // A lastMessage set once is the first message's in every room, whoever posted the later ones.
  'last-message-stale': ['members-message-is-last', 'discussion-last-message'],
  // A room not bumped by a message is not listed after a cursor taken before it, nor bumped by a second one.
  'updated-at-not-bumped-by-message': ['room-bumped-by-a-message', 'fields-after-second-message'],
  // A message stamped at the room's creation neither bumps the room nor lists it after a later cursor.
  'message-stamped-at-room-creation': ['room-bumped-by-a-message', 'updated-at-moved-by-message'],
  // Every probe that creates a DM again, as its creator or as the other member, gets the error too.
  'dm-recreate-error-creator': [
    'uids',
    'recreate-keeps-updated-at',
    'recreate-returns-same-room',
    // The probe creates the DM the probes before it already made: a re-creation by its creator.
    'im-create-answer',
  ],
  'dm-recreate-error-other-side': ['recreate-returns-same-room'],
  // Earlier probes' dated reads took the snapshot these deletions are missing from.
  'remove-list-cached': ['trash-item', 'cursor-equal-to-deleted-at', 'dm-listed-after-partner-deleted'],
  // Without _updatedAt there is no type to read.
  'missing-updated-at': ['updated-at-type'],
  // With authentication skipped, the invalid date is what rooms.get reports.
  'auth-not-enforced': ['bad-credentials-and-bad-date-answer-400'],
  // An unfiltered update lists the rooms the other cursors exclude.
  'updated-since-ignored': [
    'cursor-equal-to-updated-at',
    'cursor-with-offset',
    'cursor-with-quarter-hour-offset',
  ],
  // Dropping every offset drops Nepal's too.
  'updated-since-offset-dropped': ['cursor-with-quarter-hour-offset'],
  // A cursor truncated to the second may fall before rooms made in that second, for update and remove alike.
  'updated-since-seconds': [
    'cursor-after-everything',
    'cursor-with-offset',
    'cursor-with-quarter-hour-offset',
    'cursor-equal-to-deleted-at',
  ],
  // Epoch milliseconds are an invalid date, so they get the invalid-date answer.
  'updated-since-invalid-accepted': ['epoch-milliseconds-date'],
  'updated-since-invalid-500': ['epoch-milliseconds-date'],
  // No remove item, or no _deletedAt in it, leaves no deletion time to use as a cursor.
  'remove-always-empty': [
    'cursor-equal-to-deleted-at',
    'deletion-after-an-earlier-dated-read',
    'dm-listed-after-partner-deleted',
  ],
  'remove-without-deleted-at': ['cursor-equal-to-deleted-at'],
  // Composed from the creator first, the two sides of a pair compose different ids, so different rooms.
  'dm-id-unsorted': ['recreate-returns-same-room'],
  // Without uids there are none to read.
  'dm-uids-missing': ['uids', 'self-dm-uids'],
  // Every probe that lists rooms as a seed user (no admin role) gets the 403 too.
  'rooms-get-admin-only': ['uids', 'uids-present', 'self-dm-users-count', 'usernames', 'self-dm-uids'],
  // The creator stored twice is counted twice.
  'dm-self-uids-doubled': ['self-dm-users-count'],
  // Archiving closes every subscription of the room (open: false).
  'hidden-rooms-not-listed': ['archived-room-listed'],
  // A channel the admin no longer belongs to is one of "every public channel".
  'public-channels-listed': ['kicked-room-listed', 'team-channel-listed-after-team-removal'],
  // The erased DM of a deleted partner is replayed into update as well.
  'deleted-kept-in-update': ['dm-listed-after-partner-deleted'],
  // Room roles are announced by a system message, so the room has a lastMessage and is repeated.
  'duplicate-rooms': ['moderator-room-listed'],
  // Leaving, kicking and team removal all go through removeUserFromRoom.
  'left-rooms-still-listed': ['kicked-room-listed', 'team-channel-listed-after-team-removal'],
};

/**
 * Two channels stamped one after the other (not a given with skewed instances), and rooms.get asked
 * with first._updatedAt + 1 ms written at the given offset: only the second is listed.
 */
async function cursorWithOffset(ctx: ProbeContext, offsetMinutes: number, offset: string) {
  const first = await createChannel(ctx.admin);
  await sleep(3);
  let second = await createChannel(ctx.admin);
  for (
    let attempt = 0;
    Date.parse(second._updatedAt) <= Date.parse(first._updatedAt) + 1 && attempt < 10;
    attempt++
  )
    second = await createChannel(ctx.admin);
  const instant = new Date(first._updatedAt).getTime() + 1;
  const wall = new Date(instant + offsetMinutes * 60_000).toISOString().replace('Z', offset);
  return ownRoomsListed(ctx.admin, wall, [first._id, second._id]);
}
