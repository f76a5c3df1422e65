import { isIsoUtcMillis, isoUtc } from '../src/core/updated-since.js';
import { documentedExample, getContractValidator } from '../src/core/validation.js';
import { formatViolations } from '../src/core/format-errors.js';
import type { Room } from '../src/core/rocketchat-api.js';
import { clause, expect, requireWrite, test } from '../src/playwright/fixtures.js';
import { expectNoProblems, listRooms, readListing, roomIn } from '../src/playwright/listing.js';

/**
 * @shape: the 200 answer of rooms.get — its schema (active profile), its headers, every kind of room,
 * lastMessage, and what Rocket.Chat's serialisation guarantees (absent not null, ISO dates).
 */

test(
  'response-validates: the 200 answer matches the contract',
  clause('shape', 'response-validates'),
  async ({ api, target, world }) => {
    // With write access the list holds every kind of room; read-only it is whatever the account has.
    if (target.write) await world.get();
    const [full, filtered] = await Promise.all([
      api.roomsGet(),
      api.roomsGet({ updatedSince: '2000-01-01T00:00:00.000Z' }),
    ]);
    await expect(full).toMatchContract('rooms.get', 200);
    await expect(filtered).toMatchContract('rooms.get', 200);
  },
);

test(
  'checked-account-response-validates: the checked account’s own list matches the contract',
  clause('shape', 'checked-account-response-validates'),
  async ({ checkedAccount }) => {
    test.skip(
      !checkedAccount,
      'no checked account: set ROCKETCHAT_USER/ROCKETCHAT_PASSWORD or ROCKETCHAT_USER_ID/ROCKETCHAT_AUTH_TOKEN',
    );
    await expect(await checkedAccount!.roomsGet()).toMatchContract('rooms.get', 200);
  },
);

test('response-headers: JSON, not cached', clause('shape', 'response-headers'), async ({ api }) => {
  const response = await api.roomsGet();
  expect(response.status).toBe(200);
  // Restivus (≤ 6.x) and the 8.x router send these on every answer (rocketchat-behaviour.md §3).
  expect(response.headers['content-type'], 'Content-Type').toMatch(/^application\/json\s*(;|$)/i);
  expect(response.headers['cache-control'], 'Cache-Control').toMatch(/(^|,)\s*no-store\s*(,|$)/i);
  expect(response.headers.pragma, 'Pragma').toMatch(/^\s*no-cache\s*$/i);
});

test(
  'room-ids-unique: no room appears twice in update',
  clause('shape', 'room-ids-unique'),
  async ({ api, seed, target, world }) => {
    if (target.write) {
      // Every kind of room, and one with a message (a lastMessage to project).
      await world.get();
      await seed.message((await seed.channel())._id);
    }
    const listings = await Promise.all([listRooms(api), listRooms(api, '2000-01-01T00:00:00.000Z')]);
    for (const listing of listings) {
      const counts = new Map<string, number>();
      for (const room of listing.update) counts.set(room._id, (counts.get(room._id) ?? 0) + 1);
      const repeated = [...counts].filter(([, count]) => count > 1).map(([id, count]) => `${id} ×${count}`);
      expectNoProblems(repeated, `${listing.response.path}: rooms listed more than once in "update"`);
    }
  },
);

test(
  'absent-fields-omitted-not-null: a room leaves absent fields out instead of sending null',
  clause('shape', 'absent-fields-omitted-not-null'),
  async ({ api, target, world }) => {
    if (target.write) await world.get();
    const listing = await listRooms(api);
    // The Mongo driver drops undefined values (§1.6); only lastMessage.alias is documented nullable.
    const problems: string[] = [];
    const visit = (value: unknown, path: string) => {
      if (value === null) {
        if (!/\/lastMessage\/alias$/.test(path)) problems.push(`${path} is null`);
      } else if (typeof value === 'object') {
        for (const [key, child] of Object.entries(value as object)) visit(child, `${path}/${key}`);
      }
    };
    for (const [index, room] of listing.update.entries()) visit(room, `/update/${index}(${room?._id})`);
    expectNoProblems(problems, 'fields sent as null instead of being left out');
  },
);

test(
  'dates-are-iso-8601-utc: every date is an ISO-8601 UTC string with milliseconds',
  clause('shape', 'dates-are-iso-8601-utc'),
  async ({ api, target, world, seed }) => {
    let since = '2000-01-01T00:00:00.000Z';
    if (target.write) {
      await world.get();
      // A message gives a room lastMessage and lm; a deleted room puts a `remove` item with _deletedAt into the filtered listing.
      const [posted, doomed] = await Promise.all([seed.channel(), seed.channel()]);
      await seed.message(posted._id);
      const before = roomIn(await listRooms(api), doomed._id, 'the channel about to be deleted');
      // 1 ms before the doomed room's last change, so its deletion is certainly after it.
      const updatedAt = Date.parse(String(before._updatedAt));
      if (!Number.isNaN(updatedAt)) since = isoUtc(updatedAt - 1);
      await seed.deleteRoom(doomed);
    }
    const listings = await Promise.all([listRooms(api), listRooms(api, since)]);
    const problems: string[] = [];
    const checkDate = (value: unknown, where: string, required: boolean) => {
      if (value === undefined && !required) return;
      if (!isIsoUtcMillis(value)) problems.push(`${where} = ${JSON.stringify(value)}`);
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
    expectNoProblems(
      problems,
      'dates not written as ISO-8601 UTC with milliseconds (e.g. 2017-11-25T15:08:17.248Z)',
    );
  },
);

test(
  'every-room-kind-validates: channel, group, DMs and discussion are listed with their type and validate',
  clause('shape', 'every-room-kind-validates'),
  async ({ api, target, world }, testInfo) => {
    requireWrite(target, 'seeds a channel, a private group, 1:1, self and group DMs and a discussion');
    const seeded = await world.get();
    if (seeded.discussionSkipped)
      testInfo.annotations.push({ type: 'note', description: seeded.discussionSkipped });
    const response = await api.roomsGet();
    await expect(response).toMatchContract('rooms.get', 200);
    const listing = readListing(response);
    const expected: { id: string; what: string; t: string; prid?: string }[] = [
      { id: seeded.channel._id, what: 'the public channel', t: 'c' },
      { id: seeded.group._id, what: 'the private group', t: 'p' },
      { id: (seeded.oneToOne[0] as { _id: string })._id, what: 'a 1:1 DM', t: 'd' },
      { id: seeded.selfDm._id, what: 'the self-DM', t: 'd' },
      { id: seeded.groupDm._id, what: 'the group DM', t: 'd' },
    ];
    if (seeded.discussion)
      expected.push({ id: seeded.discussion._id, what: 'the discussion', t: 'c', prid: seeded.channel._id });
    const problems: string[] = [];
    for (const room of expected) {
      const listed = listing.rooms.get(room.id);
      if (!listed) problems.push(`${room.what} (${room.id}) is not in "update"`);
      else {
        if (listed.t !== room.t)
          problems.push(`${room.what} (${room.id}) has t ${JSON.stringify(listed.t)}, expected "${room.t}"`);
        if (room.prid && listed.prid !== room.prid)
          problems.push(
            `${room.what} (${room.id}) has prid ${JSON.stringify(listed.prid)}, expected "${room.prid}"`,
          );
      }
    }
    expectNoProblems(problems, 'seeded rooms as rooms.get lists them');
  },
);

test(
  'last-message-matches-posted: lastMessage and lm are the message last posted',
  clause('shape', 'last-message-matches-posted'),
  async ({ api, seed, account, target }) => {
    requireWrite(target, 'seeds a channel and a DM and posts messages in them');
    const [channel, peer] = await Promise.all([seed.channel(), seed.user()]);
    const dm = await seed.dm([peer.username]);
    // Two messages each: a server that keeps the first as lastMessage is caught.
    const posted = await Promise.all(
      [channel._id, dm._id].map(async (roomId) => {
        await seed.message(roomId, `${seed.prefix} first`);
        return seed.message(roomId, `${seed.prefix} second in ${roomId}`);
      }),
    );
    const listing = await listRooms(api);
    const problems: string[] = [];
    for (const message of posted) {
      const room = roomIn(listing, message.rid, 'a room the suite posted in');
      const last = room.lastMessage;
      if (!last) {
        problems.push(`room ${message.rid}: no lastMessage after posting ${message._id}`);
        continue;
      }
      const expected: Record<string, unknown> = {
        _id: message._id,
        rid: message.rid,
        msg: message.msg,
        ts: message.ts,
      };
      for (const [field, value] of Object.entries(expected)) {
        if (last[field] !== value)
          problems.push(
            `room ${message.rid}: lastMessage.${field} is ${JSON.stringify(last[field])}, posted ${JSON.stringify(value)}`,
          );
      }
      if (last.u?._id !== account._id)
        problems.push(
          `room ${message.rid}: lastMessage.u._id is ${JSON.stringify(last.u?._id)}, the poster is ${account._id}`,
        );
      if (room.lm !== message.ts)
        problems.push(
          `room ${message.rid}: lm is ${JSON.stringify(room.lm)}, the last message's ts is ${message.ts}`,
        );
    }
    expectNoProblems(problems, 'lastMessage/lm against the messages posted');
  },
);

test(
  'update-lists-only-callers-rooms: a room the caller is not in is not listed',
  clause('shape', 'update-lists-only-callers-rooms'),
  async ({ api, account, target, world }) => {
    requireWrite(target, 'seeds a DM between two other users');
    const { foreignDm } = await world.get();
    const listings = await Promise.all([listRooms(api), listRooms(api, '2000-01-01T00:00:00.000Z')]);
    for (const listing of listings) {
      expect(
        listing.rooms.has(foreignDm._id),
        `${listing.response.path} lists ${foreignDm.label} (${foreignDm._id}), which the caller is not a member of`,
      ).toBe(false);
    }
    // Only rooms the caller is subscribed to: a listed DM always has the caller among its uids.
    const strangers = (listings[0]?.update ?? []).filter(
      (room: Room) => room.t === 'd' && Array.isArray(room.uids) && !room.uids.includes(account._id),
    );
    expectNoProblems(
      strangers.map((room) => `DM ${room._id} with uids ${JSON.stringify(room.uids)}`),
      'DMs listed whose uids do not include the caller',
    );
  },
);

test(
  'documentation-example-matches-documented-schema: the documentation’s 200 example validates against its schema',
  clause('shape', 'documentation-example-matches-documented-schema'),
  async () => {
    const example = documentedExample('rooms.get', 200);
    const result = getContractValidator('documented').validate('rooms.get', 200, example);
    expect(
      result.valid,
      `the documented example violates ${result.schemaId}:\n${formatViolations(result.violations, example)}`,
    ).toBe(true);
  },
);
