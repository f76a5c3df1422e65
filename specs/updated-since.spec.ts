import { setTimeout as sleep } from 'node:timers/promises';
import { checkContract } from '../src/core/contract-check.js';
import { INVALID_UPDATED_SINCE_ERROR, INVALID_UPDATED_SINCE_KEYS } from '../src/core/rocketchat-api.js';
import {
  equivalentSpellings,
  FAR_FUTURE,
  INVALID_UPDATED_SINCE,
  isIsoUtcMillis,
  isoUtc,
  isStrictlyAfter,
} from '../src/core/updated-since.js';
import { clause, expect, requireWrite, test } from '../src/playwright/fixtures.js';
import { expectNoProblems, type Listing, listRooms, roomIn } from '../src/playwright/listing.js';
import type { RocketChatClient } from '../src/playwright/rocketchat-client.js';
import type { Seeder, SeededRoom } from '../src/playwright/seed.js';
import { redactor } from '../src/playwright/secrets.js';

/**
 * @updatedSince: which rooms go into `update` and `remove` (rocketchat-behaviour.md §1.3–§1.5):
 * strictly after the date ($gt), on the room's own _updatedAt, to the millisecond, whatever the offset;
 * deleted rooms in `remove` as {_id, _deletedAt}; invalid dates → 400. Every T comes from the server's
 * own timestamps, and every assertion is about rooms the check created.
 */

/**
 * Lets the server's clock move on before the next write, so that write gets a strictly later
 * timestamp. Only a pause: no local time is ever compared with a server time.
 */
const tick = () => sleep(5);

/** A room's _updatedAt as listed, with a non-zero millisecond part (so second truncation shows). */
async function updatedAtWithMillis(api: RocketChatClient, seed: Seeder, room: SeededRoom): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const listed = roomIn(await listRooms(api), room._id, `the seeded ${room.kind}`);
    const updatedAt = listed._updatedAt;
    expect(isIsoUtcMillis(updatedAt), `_updatedAt of ${room._id} is ${JSON.stringify(updatedAt)}`).toBe(true);
    if (!String(updatedAt).endsWith('.000Z') || attempt === 3) return updatedAt as string;
    await tick();
    await seed.message(room._id); // bumps _updatedAt to another millisecond
  }
}

const minusOneMs = (iso: string) => isoUtc(Date.parse(iso) - 1);

function membership(
  listings: { label: string; listing: Listing }[],
  roomId: string,
  expected: boolean,
  what: string,
) {
  return listings
    .filter(({ listing }) => listing.rooms.has(roomId) !== expected)
    .map(({ label }) => `${label}: ${what} ${expected ? 'is missing from' : 'is listed in'} "update"`);
}

test(
  'remove-empty-without-updated-since: no date, no removals',
  clause('updatedSince', 'remove-empty-without-updated-since'),
  async ({ api, seed, target }) => {
    let deleted: string | undefined;
    if (target.write) {
      // A room deleted just now must appear neither in update nor (without a date) in remove.
      const room = await seed.channel();
      await seed.deleteRoom(room);
      deleted = room._id;
    }
    const [plain, empty] = await Promise.all([listRooms(api), listRooms(api, '')]);
    for (const listing of [plain, empty]) {
      expect(listing.remove, `${listing.response.path}: "remove" without a date must be []`).toEqual([]);
      if (deleted)
        expect(
          listing.rooms.has(deleted),
          `${listing.response.path} still lists the deleted room ${deleted}`,
        ).toBe(false);
    }
  },
);

test(
  'far-future-returns-nothing: nothing was updated after 2999',
  clause('updatedSince', 'far-future-returns-nothing'),
  async ({ api, seed, target }) => {
    const ours = target.write ? [await seed.channel()] : [];
    const listing = await listRooms(api, FAR_FUTURE);
    const problems = [
      ...listing.update.map(
        (room) => `update lists ${room._id} (_updatedAt ${JSON.stringify(room._updatedAt)})`,
      ),
      ...listing.remove.map(
        (item) => `remove lists ${item._id} (_deletedAt ${JSON.stringify(item._deletedAt)})`,
      ),
      ...ours
        .filter((room) => listing.rooms.has(room._id))
        .map((room) => `the suite's channel ${room._id} is listed`),
    ];
    expectNoProblems(problems, `rooms.get?updatedSince=${FAR_FUTURE} must list nothing`);
  },
);

test(
  'listed-rooms-updated-after-date: with a date, exactly the rooms updated after it',
  clause('updatedSince', 'listed-rooms-updated-after-date'),
  async ({ api, target, world }) => {
    if (target.write) await world.get();
    const full = await listRooms(api);
    const dated = full.update
      .filter((room) => isIsoUtcMillis(room._updatedAt))
      .map((room) => room._updatedAt as string);
    test.skip(dated.length === 0, 'the account has no rooms to compare');
    // The median _updatedAt of the account's own rooms: some rooms are after it, the median's room is not.
    const since = dated.sort()[Math.floor(dated.length / 2)] as string;
    const filtered = await listRooms(api, since);
    const problems: string[] = [];
    for (const room of filtered.update) {
      if (!isIsoUtcMillis(room._updatedAt) || !isStrictlyAfter(room._updatedAt, since)) {
        problems.push(
          `${room._id} is listed with _updatedAt ${JSON.stringify(room._updatedAt)}, not after ${since}`,
        );
      }
    }
    for (const room of full.update) {
      const after = isIsoUtcMillis(room._updatedAt) && isStrictlyAfter(room._updatedAt, since);
      // Changed or removed between the two calls is fine (a busy server); missing is not.
      if (after && !filtered.rooms.has(room._id) && !filtered.removed.has(room._id)) {
        problems.push(
          `${room._id} (_updatedAt ${room._updatedAt}) is missing although updated after ${since}`,
        );
      }
    }
    expectNoProblems(problems, `rooms.get?updatedSince=${since} (a listed room's own _updatedAt)`);
  },
);

test(
  'boundary-is-strict: a room updated exactly at the date is out, 1 ms earlier it is in',
  clause('updatedSince', 'boundary-is-strict'),
  async ({ api, seed, target }) => {
    requireWrite(target, 'seeds a channel to read its exact _updatedAt');
    const room = await seed.channel();
    const at = await updatedAtWithMillis(api, seed, room);
    const [equal, before] = await Promise.all([listRooms(api, at), listRooms(api, minusOneMs(at))]);
    expectNoProblems(
      [
        ...membership(
          [{ label: `updatedSince=${at} (its _updatedAt)`, listing: equal }],
          room._id,
          false,
          `channel ${room._id}`,
        ),
        ...membership(
          [{ label: `updatedSince=${minusOneMs(at)} (1 ms earlier)`, listing: before }],
          room._id,
          true,
          `channel ${room._id}`,
        ),
      ],
      'update holds rooms whose _updatedAt is strictly after updatedSince',
    );
  },
);

test(
  'changed-room-listed-unchanged-room-not: a message after T puts its room in update, and only it',
  clause('updatedSince', 'changed-room-listed-unchanged-room-not'),
  async ({ api, seed, target }) => {
    requireWrite(target, 'seeds two channels and posts in one');
    const [changed, unchanged] = await Promise.all([seed.channel(), seed.channel()]);
    const listing = await listRooms(api);
    // T: the later of the two rooms' own _updatedAt, i.e. after all seeding.
    const times = [changed, unchanged].map(
      (room) => roomIn(listing, room._id, 'a seeded channel')._updatedAt as string,
    );
    const since = times.sort()[1] as string;
    await tick();
    const message = await seed.message(changed._id);
    expect(
      isStrictlyAfter(message.ts, since),
      `the message's ts ${message.ts} must be after T ${since}`,
    ).toBe(true);
    const after = await listRooms(api, since);
    expectNoProblems(
      [
        ...membership(
          [{ label: `updatedSince=${since}`, listing: after }],
          changed._id,
          true,
          `the channel posted in at ${message.ts} (${changed._id})`,
        ),
        ...membership(
          [{ label: `updatedSince=${since}`, listing: after }],
          unchanged._id,
          false,
          `the untouched channel (${unchanged._id})`,
        ),
      ],
      "update is decided by the room's _updatedAt, which a posted message moves",
    );
  },
);

test(
  'offsets-name-the-same-instant: Z, +02:00 and -05:30 spellings give the same answer',
  clause('updatedSince', 'offsets-name-the-same-instant'),
  async ({ api, seed, target }) => {
    requireWrite(target, 'seeds a channel to read its exact _updatedAt');
    const room = await seed.channel();
    const at = Date.parse(await updatedAtWithMillis(api, seed, room));
    const cases = [
      ...equivalentSpellings(at - 1).map((spelling) => ({
        ...spelling,
        expected: true,
        what: '1 ms before its _updatedAt',
      })),
      ...equivalentSpellings(at).map((spelling) => ({
        ...spelling,
        expected: false,
        what: 'its _updatedAt',
      })),
    ];
    const listings = await Promise.all(cases.map((spelling) => listRooms(api, spelling.value)));
    const problems = cases.flatMap((spelling, index) =>
      membership(
        [
          {
            label: `updatedSince=${spelling.value} (${spelling.what}, written with ${spelling.label})`,
            listing: listings[index] as Listing,
          },
        ],
        room._id,
        spelling.expected,
        `channel ${room._id}`,
      ),
    );
    expectNoProblems(problems, 'one instant, three spellings, one answer');
  },
);

test(
  'millisecond-precision: rooms 1 ms apart are told apart',
  clause('updatedSince', 'millisecond-precision'),
  async ({ api, seed, target }) => {
    requireWrite(target, 'seeds two channels one after the other');
    const first = await seed.channel();
    const firstAt = await updatedAtWithMillis(api, seed, first);
    await tick();
    const second = await seed.channel();
    const secondAt = roomIn(await listRooms(api), second._id, 'the second channel')._updatedAt as string;
    expect(
      isStrictlyAfter(secondAt, firstAt),
      `the second channel (${secondAt}) must be updated after the first (${firstAt})`,
    ).toBe(true);
    const [atFirst, justBeforeSecond] = await Promise.all([
      listRooms(api, firstAt),
      listRooms(api, minusOneMs(secondAt)),
    ]);
    const label = (value: string) => `updatedSince=${value}`;
    expectNoProblems(
      [
        ...membership(
          [{ label: label(firstAt), listing: atFirst }],
          first._id,
          false,
          `the first channel (${firstAt})`,
        ),
        ...membership(
          [{ label: label(firstAt), listing: atFirst }],
          second._id,
          true,
          `the second channel (${secondAt})`,
        ),
        ...membership(
          [{ label: label(minusOneMs(secondAt)), listing: justBeforeSecond }],
          first._id,
          false,
          `the first channel (${firstAt})`,
        ),
        ...membership(
          [{ label: label(minusOneMs(secondAt)), listing: justBeforeSecond }],
          second._id,
          true,
          `the second channel (${secondAt})`,
        ),
      ],
      'updatedSince is compared to the millisecond',
    );
  },
);

/** Seeds a channel, reads T = its _updatedAt, deletes it after T; returns the room and T. */
async function deletedAfterT(api: RocketChatClient, seed: Seeder) {
  const room = await seed.channel();
  const since = roomIn(await listRooms(api), room._id, 'the channel about to be deleted')
    ._updatedAt as string;
  await tick();
  await seed.deleteRoom(room);
  return { room, since };
}

test(
  'deleted-room-in-remove: a room deleted after T is in remove as {_id, _deletedAt}, not in update',
  clause('updatedSince', 'deleted-room-in-remove'),
  async ({ api, seed, target }) => {
    requireWrite(target, 'seeds a channel and deletes it');
    const { room, since } = await deletedAfterT(api, seed);
    const [listing, full] = await Promise.all([listRooms(api, since), listRooms(api)]);
    const problems: string[] = [];
    const removed = listing.remove.filter((item) => item._id === room._id);
    if (removed.length !== 1)
      problems.push(`remove lists the deleted channel ${room._id} ${removed.length} times, expected once`);
    for (const item of removed) {
      const keys = Object.keys(item).sort();
      if (keys.join(',') !== '_deletedAt,_id')
        problems.push(
          `its remove item has keys ${JSON.stringify(keys)}, expected exactly ["_deletedAt","_id"]`,
        );
      if (!isIsoUtcMillis(item._deletedAt))
        problems.push(`its _deletedAt is ${JSON.stringify(item._deletedAt)}, not an ISO-8601 UTC date`);
      else if (!isStrictlyAfter(item._deletedAt, since))
        problems.push(`its _deletedAt ${item._deletedAt} is not after T ${since}`);
    }
    if (listing.rooms.has(room._id))
      problems.push(`update (updatedSince=${since}) still lists the deleted channel`);
    if (full.rooms.has(room._id)) problems.push('update (no updatedSince) still lists the deleted channel');
    expectNoProblems(problems, `a channel deleted after T=${since}`);
  },
);

test(
  'remove-boundary-is-strict: a room deleted exactly at the date is not in remove',
  clause('updatedSince', 'remove-boundary-is-strict'),
  async ({ api, seed, target }) => {
    requireWrite(target, 'seeds a channel and deletes it');
    const { room, since } = await deletedAfterT(api, seed);
    const item = (await listRooms(api, since)).removed.get(room._id);
    expect(item, `precondition: the channel deleted after ${since} must be in remove`).toBeDefined();
    const deletedAt = item?._deletedAt;
    expect(
      isIsoUtcMillis(deletedAt),
      `_deletedAt ${JSON.stringify(deletedAt)} must be an ISO-8601 UTC date`,
    ).toBe(true);
    const [equal, before] = await Promise.all([
      listRooms(api, deletedAt as string),
      listRooms(api, minusOneMs(deletedAt as string)),
    ]);
    const problems: string[] = [];
    if (equal.removed.has(room._id))
      problems.push(`updatedSince=${deletedAt} (its _deletedAt) lists it in remove`);
    if (!before.removed.has(room._id))
      problems.push(
        `updatedSince=${minusOneMs(deletedAt as string)} (1 ms earlier) does not list it in remove`,
      );
    expectNoProblems(problems, 'remove holds rooms whose _deletedAt is strictly after updatedSince');
  },
);

test(
  'invalid-value-is-400: words, impossible dates, epoch numbers and repeated parameters are refused',
  clause('updatedSince', 'invalid-value-is-400'),
  async ({ api, validator }) => {
    const answers = await Promise.all(
      INVALID_UPDATED_SINCE.map(async (invalid) => ({
        label: invalid.label,
        response: await api.roomsGet({
          updatedSince: invalid.values.length === 1 ? (invalid.values[0] as string) : invalid.values,
        }),
      })),
    );
    const problems: string[] = [];
    for (const { label, response } of answers) {
      const body = response.body as Record<string, unknown> | undefined;
      const found: string[] = [];
      if (response.status !== 400) found.push(`status ${response.status}, expected 400`);
      for (const [key, value] of Object.entries(INVALID_UPDATED_SINCE_ERROR)) {
        if (body?.[key] !== value)
          found.push(`"${key}" is ${JSON.stringify(body?.[key])}, expected ${JSON.stringify(value)}`);
      }
      const extra = Object.keys(body ?? {}).filter(
        (key) => !(INVALID_UPDATED_SINCE_KEYS as readonly string[]).includes(key),
      );
      if (extra.length > 0) found.push(`unexpected keys ${JSON.stringify(extra)}`);
      if (found.length === 0) {
        const contract = checkContract(validator, 'rooms.get', 400, response, redactor.fn);
        if (!contract.pass) found.push(contract.message);
      }
      if (found.length > 0) problems.push(`${label} (${response.path}): ${found.join('; ')}`);
    }
    expectNoProblems(
      problems,
      "an invalid updatedSince must get Rocket.Chat's 400 error-updatedSince-param-invalid",
    );
  },
);
