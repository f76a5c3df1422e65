import type { Room } from '../src/core/rocketchat-api.js';
import { isIsoUtcMillis } from '../src/core/updated-since.js';
import { check } from '../src/playwright/check.js';
import { expect, test } from '../src/playwright/fixtures/index.js';
import { endUnjudged, listRooms, readListing, roomIn } from '../src/playwright/listing.js';
import type { WorldData } from '../src/playwright/world.js';

/**
 * @shape: the 200 answer of rooms.get — its schema (active profile), its headers, every kind of room the
 * caller belongs to and none it does not, lastMessage, fields that follow each write, and what Rocket.Chat's
 * serialisation guarantees (absent not null, ISO dates). docs/rocketchat-behaviour.md §1.4–§1.8, §3.
 */

/** A date before any room: with it, rooms.get lists every room and the last 30 days of deletions. */
const LONG_AGO = '2000-01-01T00:00:00.000Z';

check('shape/response-validates', async ({ api }) => {
  const [full, dated] = await test.step('list the rooms, without and with updatedSince', () =>
    Promise.all([api.roomsGet(), api.roomsGet({ updatedSince: LONG_AGO })]));
  await test.step('both answers match the contract', async () => {
    await expect(full).toMatchContract('rooms.get', 200);
    await expect(dated).toMatchContract('rooms.get', 200);
  });
});

check('shape/checked-account-response-validates', async ({ checkedAccount }) => {
  const response = await test.step('list the checked account’s rooms', () =>
    (checkedAccount as NonNullable<typeof checkedAccount>).roomsGet());
  await expect(response).toMatchContract('rooms.get', 200);
});

check('shape/every-room-kind-validates', async ({ api, world, findings }) => {
  const response = await test.step('list the admin’s rooms', () => api.roomsGet());
  await test.step('the answer matches the contract', () =>
    expect(response).toMatchContract('rooms.get', 200));
  const listing = readListing(response);
  await test.step('every kind of room the admin joined is listed', () => {
    const joined = [
      { id: world.channel._id, what: 'the public channel' },
      { id: world.group._id, what: 'the private group' },
      { id: (world.oneToOne[0] as { _id: string })._id, what: 'a 1:1 DM' },
      { id: world.groupDm._id, what: 'the group DM' },
      ...(world.discussion ? [{ id: world.discussion._id, what: 'the discussion' }] : []),
      ...world.memberThroughOthers.map((room) => ({ id: room._id, what: room.label })),
    ];
    for (const room of joined)
      findings.expect(listing.rooms.has(room.id), `${room.what} (${room.id}) is not in "update"`);
  });
  // The self-DM is the peer's (a room of the run's own): its list, read while the world was built.
  await test.step('the peer’s own list matches the contract and holds its self-DM', async () => {
    await expect(world.peerListing).toMatchContract('rooms.get', 200);
    findings.expect(
      readListing(world.peerListing).rooms.has(world.selfDm._id),
      `${world.selfDm.label} (${world.selfDm._id}) is not in the peer's "update"`,
    );
  });
  endUnjudged(findings, discussionNotJudged(world));
});

/** The part of a room-kind check left unjudged when the server would not create a discussion. */
function discussionNotJudged(world: WorldData): string[] {
  return world.discussionSkipped ? [`the discussion (${world.discussionSkipped})`] : [];
}

check('shape/update-lists-only-callers-rooms', async ({ api, account, world, findings }) => {
  const listings = await test.step('list the admin’s rooms, without and with updatedSince', () =>
    Promise.all([listRooms(api), listRooms(api, LONG_AGO)]));
  await test.step('no room the admin does not belong to is listed; the rooms it joined are', () => {
    for (const listing of listings) {
      const query = listing.response.path;
      for (const room of world.notMember) {
        findings.expect(
          !listing.rooms.has(room._id),
          `${query} lists ${room.label} (${room._id}), which the caller is not a member of`,
        );
      }
      for (const room of world.memberThroughOthers) {
        findings.expect(
          listing.rooms.has(room._id),
          `${query} misses ${room.label} (${room._id}), which the caller joined`,
        );
      }
      // Whatever else is listed: a listed DM always has the caller among its uids (a DM without uids is
      // dm/listed-dm-rooms-are-consistent's finding; this title is about the rooms above).
      for (const room of listing.update) {
        if (room?.t === 'd' && Array.isArray(room.uids) && !room.uids.includes(account._id)) {
          findings.problem(
            `${query} lists DM ${room._id} whose uids ${JSON.stringify(room.uids)} do not include the caller`,
          );
        }
      }
    }
  });
});

check('shape/response-headers', async ({ api, findings }) => {
  // Both query paths of rooms.get: without a date and with one.
  const answers = await test.step('list the rooms, without and with updatedSince', () =>
    Promise.all([api.roomsGet(), api.roomsGet({ updatedSince: LONG_AGO })]));
  for (const response of answers) {
    const where = `${response.method} ${response.path}`;
    if (response.status !== 200) {
      findings.problem(`${where} answered ${response.status}, expected 200: ${response.text.slice(0, 200)}`);
      continue;
    }
    // Restivus (≤ 6.x) and the 7.x/8.x router send these on every answer (docs/rocketchat-behaviour.md §3).
    const { headers } = response;
    findings.expect(
      /^application\/json\s*(;|$)/i.test(headers['content-type'] ?? ''),
      `${where}: Content-Type is ${JSON.stringify(headers['content-type'])}, expected application/json`,
    );
    findings.expect(
      /(^|,)\s*no-store\s*(,|$)/i.test(headers['cache-control'] ?? ''),
      `${where}: Cache-Control is ${JSON.stringify(headers['cache-control'])}, expected no-store`,
    );
    findings.expect(
      /^\s*no-cache\s*$/i.test(headers.pragma ?? ''),
      `${where}: Pragma is ${JSON.stringify(headers.pragma)}, expected no-cache`,
    );
  }
});

check('shape/room-ids-unique', async ({ api, findings }) => {
  // With write access the list holds the world's rooms, messaged ones among them: a server that repeats
  // rooms with a lastMessage is caught.
  const listings = await test.step('list the rooms, without and with updatedSince', () =>
    Promise.all([listRooms(api), listRooms(api, LONG_AGO)]));
  for (const listing of listings) {
    const counts = new Map<string, number>();
    listing.update.forEach((room, index) => {
      // The strict contract requires a string _id: a room without one cannot be told apart from others.
      if (typeof room?._id === 'string') counts.set(room._id, (counts.get(room._id) ?? 0) + 1);
      else
        findings.problem(
          `${listing.response.path}: update[${index}] has _id ${JSON.stringify(room?._id) ?? 'missing'}, so it cannot be told apart from other rooms`,
        );
    });
    for (const [id, count] of counts) {
      findings.expect(
        count === 1,
        `${listing.response.path}: room ${id} is listed ${count} times in "update"`,
      );
    }
  }
});

/**
 * Subtrees whose values an administrator or an integration chose, not Rocket.Chat: they may hold null
 * (docs/rocketchat-behaviour.md §9.6), so the "absent, never null" rule does not reach into them.
 */
const ADMIN_DEFINED =
  /^\/(customFields|livechatData)(\/|$)|^\/lastMessage\/(attachments|customFields|blocks)(\/|$)/;
/** The one field the documentation itself declares nullable. */
const NULLABLE = /^\/lastMessage\/alias$/;

check('shape/absent-fields-omitted-not-null', async ({ api, findings }) => {
  const listings = await test.step('list the rooms, without and with updatedSince', () =>
    Promise.all([listRooms(api), listRooms(api, LONG_AGO)]));
  // The Mongo driver drops undefined values (§1.6): Rocket.Chat's own fields are left out, never null.
  const visit = (value: unknown, path: string, room: Room, query: string) => {
    if (ADMIN_DEFINED.test(path)) return;
    if (value === null) {
      if (!NULLABLE.test(path)) findings.problem(`${query}: room ${room._id}: ${path} is null`);
    } else if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value as object)) visit(child, `${path}/${key}`, room, query);
    }
  };
  for (const listing of listings)
    for (const room of listing.update)
      if (room && typeof room === 'object') visit(room, '', room, listing.response.path);
});

check('shape/dates-are-iso-8601-utc', async ({ api, findings }) => {
  // With write access the world holds rooms with messages (lm, lastMessage) and a deleted room (a remove
  // item with _deletedAt in the dated listing); read-only, whatever the account has.
  const listings = await Promise.all([listRooms(api), listRooms(api, LONG_AGO)]);
  const checkDate = (value: unknown, where: string, required: boolean) => {
    if (value === undefined && !required) return;
    findings.expect(
      isIsoUtcMillis(value),
      `${where} = ${JSON.stringify(value)}, not an ISO-8601 UTC date with milliseconds (e.g. 2017-11-25T15:08:17.248Z)`,
    );
  };
  for (const listing of listings) {
    for (const room of listing.update) {
      const where = `${listing.response.path} room ${room._id}`;
      checkDate(room._updatedAt, `${where} _updatedAt`, true);
      checkDate(room.ts, `${where} ts`, false);
      checkDate(room.lm, `${where} lm`, false);
      if (room.lastMessage) {
        checkDate(room.lastMessage.ts, `${where} lastMessage.ts`, true);
        checkDate(room.lastMessage._updatedAt, `${where} lastMessage._updatedAt`, false);
      }
    }
    for (const item of listing.remove)
      checkDate(item._deletedAt, `${listing.response.path} removed ${item._id} _deletedAt`, true);
  }
});

check('shape/room-types-match-kinds', async ({ api, world, findings }) => {
  const listing = await listRooms(api);
  // The self-DM as its owner, the peer, listed it while the world was built.
  const peerListing = readListing(world.peerListing);
  const expected = [
    { id: world.channel._id, what: 'the public channel', t: 'c', in: listing },
    { id: world.group._id, what: 'the private group', t: 'p', in: listing },
    { id: (world.oneToOne[0] as { _id: string })._id, what: 'a 1:1 DM', t: 'd', in: listing },
    { id: world.selfDm._id, what: 'the self-DM', t: 'd', in: peerListing },
    { id: world.groupDm._id, what: 'the group DM', t: 'd', in: listing },
    ...(world.discussion
      ? [{ id: world.discussion._id, what: 'the discussion', t: 'c', prid: world.channel._id, in: listing }]
      : []),
  ];
  for (const room of expected) {
    const listed = room.in.rooms.get(room.id);
    if (!listed) {
      findings.problem(`${room.what} (${room.id}) is missing from "update" of ${room.in.response.path}`);
      continue;
    }
    findings.expect(
      listed.t === room.t,
      `${room.what} (${room.id}) has t ${JSON.stringify(listed.t)}, expected "${room.t}"`,
    );
    if (room.prid) {
      findings.expect(
        listed.prid === room.prid,
        `${room.what} (${room.id}) has prid ${JSON.stringify(listed.prid)}, expected its parent "${room.prid}"`,
      );
    }
  }
  endUnjudged(findings, discussionNotJudged(world));
});

check('shape/last-message-matches-posted', async ({ api, account, world, findings }) => {
  // The world's channel and DM each got two messages from the admin: a server that keeps the first as
  // lastMessage is caught.
  const listing = await test.step('list the rooms', () => listRooms(api));
  for (const { room: messaged, last: message } of world.messaged) {
    const room = roomIn(listing, messaged._id, `a ${messaged.kind} the admin posted in`);
    const last = room.lastMessage;
    if (!last) {
      findings.problem(`room ${message.rid}: no lastMessage after posting ${message._id}`);
      continue;
    }
    for (const [field, value] of Object.entries({
      _id: message._id,
      rid: message.rid,
      msg: message.msg,
      ts: message.ts,
    })) {
      findings.expect(
        last[field] === value,
        `room ${message.rid}: lastMessage.${field} is ${JSON.stringify(last[field])}, posted ${JSON.stringify(value)}`,
      );
    }
    findings.expect(
      last.u?._id === account._id,
      `room ${message.rid}: lastMessage.u._id is ${JSON.stringify(last.u?._id)}, the poster is ${account._id}`,
    );
    findings.expect(
      room.lm === message.ts,
      `room ${message.rid}: lm is ${JSON.stringify(room.lm)}, the last message's ts is ${message.ts}`,
    );
  }
});

/** The fields a write changes, as one listing shows them. */
function freshness(room: Room) {
  return {
    msgs: room.msgs,
    lm: room.lm,
    lastMessageId: room.lastMessage?._id,
    updatedAt: room._updatedAt,
    usersCount: room.usersCount,
  };
}

check('shape/room-fields-follow-writes', async ({ api, seed, findings }) => {
  const [channel, joiner] = await test.step('seed a channel and a user to invite', () =>
    Promise.all([seed.channel(), seed.user()]));
  const read = async (what: string) =>
    freshness(roomIn(await listRooms(api), channel._id, `the channel ${what}`));
  // Each step reads the same query before and after its write: a stale copy anywhere shows.
  let before = await test.step('read the channel before any write', () => read('before any write'));
  const staleUpdatedAt: string[] = [];
  for (const label of ['first', 'second']) {
    const message = await test.step(`post the ${label} message`, () =>
      seed.message(channel._id, `${seed.prefix} ${label}`));
    const after = await test.step(`read the channel after the ${label} message`, () =>
      read(`after the ${label} message`));
    const where = `after the ${label} message (${message._id}, ts ${message.ts})`;
    findings.expect(
      after.msgs === Number(before.msgs) + 1,
      `${where}: msgs is ${JSON.stringify(after.msgs)}, was ${JSON.stringify(before.msgs)}`,
    );
    findings.expect(after.lm === message.ts, `${where}: lm is ${JSON.stringify(after.lm)}`);
    findings.expect(
      after.lastMessageId === message._id,
      `${where}: lastMessage._id is ${JSON.stringify(after.lastMessageId)}`,
    );
    // The room's _updatedAt must be the write's: at or after the message, and moved. Another instance's
    // clock can make one write land on the very millisecond of the last, so only twice in a row counts.
    const moved =
      after.updatedAt === message.ts ||
      (Date.parse(String(after.updatedAt)) >= Date.parse(message.ts) && after.updatedAt !== before.updatedAt);
    if (!moved)
      staleUpdatedAt.push(
        `${where}: _updatedAt is ${JSON.stringify(after.updatedAt)}, was ${JSON.stringify(before.updatedAt)}`,
      );
    before = after;
  }
  if (staleUpdatedAt.length === 2) for (const problem of staleUpdatedAt) findings.problem(problem);
  await test.step('invite a user', () => seed.invite(channel, joiner._id));
  const joined = await test.step('read the channel after the join', () => read('after a user joined'));
  findings.expect(
    joined.usersCount === Number(before.usersCount) + 1,
    `after a user joined: usersCount is ${JSON.stringify(joined.usersCount)}, was ${JSON.stringify(before.usersCount)}`,
  );
});
