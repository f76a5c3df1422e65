import type { Findings } from '../src/core/run/findings.js';
import {
  INVALID_UPDATED_SINCE_ERROR,
  INVALID_UPDATED_SINCE_KEYS,
  type Room,
} from '../src/core/rocketchat/rocketchat-api.js';
import {
  dateOnlySpelling,
  equivalentSpellings,
  FAR_FUTURE,
  INVALID_UPDATED_SINCE,
  isIsoUtcMillis,
  isStrictlyAfter,
  replayValue,
  SKEW_TOLERANCE_MS,
  shifted,
  zonelessSpelling,
} from '../src/core/rocketchat/updated-since.js';
import {
  type DatedAnswer,
  exploreUpdatedSince,
  PROPERTY_REQUEST_BUDGET,
  PROPERTY_RUNS,
  type TimedRoom,
  type UpdatedSinceServer,
} from '../src/core/rocketchat/updated-since-property.js';
import { expect, forEachTarget, test } from '../src/playwright/fixtures/index.js';
import { fromRegistry } from '../src/playwright/registered-test.js';
import type { ContractProfile } from '../src/core/contract/contract-profiles.js';
import {
  endUnjudged,
  type Listing,
  listRooms,
  movedSinceRead,
  roomIn,
  timestampOf,
} from '../src/playwright/listing.js';
import type { RocketChatClient } from '../src/playwright/rocketchat-client.js';
import type { Seeder, SeededRoom } from '../src/playwright/seeder.js';
import type { WorldData } from '../src/playwright/shared-world.js';
import type { SharedListing } from '../src/playwright/fixtures/shared-listing.js';
import { writeAfter } from '../src/playwright/server-time.js';

/**
 * @updatedSince: which rooms go into `update` and `remove` (docs/rocketchat-behaviour.md §1.3–§1.5):
 * rooms updated after the date, on the room's own _updatedAt, to the millisecond, whatever the offset;
 * deleted rooms in `remove`; invalid dates → 400. Every instant comes from the server's own timestamps,
 * every assertion is about rooms the check created, and writes are ordered by the server's clock, never
 * by sleeping (a staging deployment's instances disagree by tens of milliseconds).
 */

/** A room's _updatedAt as listed, with a non-zero millisecond part (so second truncation shows). */
async function updatedAtWithMillis(
  api: RocketChatClient,
  seed: Seeder,
  room: SeededRoom,
  profile: ContractProfile,
): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const updatedAt = timestampOf(
      roomIn(await listRooms(api), room._id, `the seeded ${room.kind}`)._updatedAt,
      `_updatedAt of the seeded ${room.kind} ${room._id}`,
      profile,
    );
    if (!updatedAt.endsWith('.000Z') || attempt === 3) return updatedAt;
    await seed.message(room._id); // bumps _updatedAt, most likely to another millisecond
  }
}

/**
 * Rooms whose _updatedAt a check can read and rely on: the world's rooms nobody writes to once it is
 * built (its private group and the channel that got its messages), as the admin's listing shows them (the
 * one its worker read once: these rooms never change) — or, where their timestamps do not fit (a .000
 * millisecond, two alike), channels the check seeds itself.
 */
async function timedRooms(
  api: RocketChatClient,
  sharedListing: SharedListing,
  seed: Seeder,
  world: WorldData,
  count: 1 | 2,
  profile: ContractProfile,
  /** Read the world's rooms afresh, not from the worker's listing (a timed room moved since it). */
  fresh = false,
): Promise<Array<{ room: SeededRoom; at: string }>> {
  const listing = fresh ? await listRooms(api) : await sharedListing.full();
  // The messaged channel only when two rooms are asked for (a check of one names only the rooms piece).
  const stable = [world.group, ...(count === 2 ? [world.messaged[0]?.room as SeededRoom] : [])].map(
    (room) => ({
      room,
      at: timestampOf(
        roomIn(listing, room._id, `the world's ${room.kind}`)._updatedAt,
        `_updatedAt of the world's ${room.kind} ${room._id}`,
        profile,
      ),
    }),
  );
  const fits =
    stable.every(({ at }) => !at.endsWith('.000Z')) && new Set(stable.map(({ at }) => at)).size === count;
  if (fits) return stable.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
  const own = await Promise.all(Array.from({ length: count }, () => seed.channel()));
  const times: string[] = [];
  for (const room of own) times.push(await updatedAtWithMillis(api, seed, room, profile));
  if (count === 2 && times[0] === times[1]) {
    const second = own[1] as SeededRoom;
    await seed.message(second._id);
    times[1] = timestampOf(
      roomIn(await listRooms(api), second._id, 'the second channel')._updatedAt,
      `_updatedAt of the second channel ${second._id}`,
      profile,
    );
  }
  expect(new Set(times).size, 'two channels written one after the other must not share a millisecond').toBe(
    count,
  );
  return own
    .map((room, index) => ({ room, at: times[index] as string }))
    .sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}

/**
 * The timed rooms (`read`: timedRooms) and the dated answers at the instants `instants` takes from their
 * timestamps, asked at once. When an answer shows a timed room with another _updatedAt (it moved since its
 * timestamp was read: movedSinceRead), the timestamps are read afresh and the instants asked again, once;
 * the second answers are judged whatever they show.
 */
async function answersAtTimedRooms(
  api: RocketChatClient,
  steps: { read: string; ask: string },
  read: (fresh: boolean) => Promise<Array<{ room: SeededRoom; at: string }>>,
  instants: (timed: Array<{ room: SeededRoom; at: string }>) => string[],
): Promise<{ timed: Array<{ room: SeededRoom; at: string }>; answers: Listing[] }> {
  const ask = async (fresh: boolean) => {
    const timed = await test.step(steps.read, () => read(fresh));
    const answers = await test.step(steps.ask, () =>
      Promise.all(instants(timed).map((since) => listRooms(api, since))),
    );
    return { timed, answers };
  };
  const first = await ask(false);
  return movedSinceRead(first.answers, first.timed) ? ask(true) : first;
}

/** Whether a listing has the room in `update`, worded for a finding. */
function listedProblem(
  listing: Listing,
  roomId: string,
  expected: boolean,
  what: string,
): string | undefined {
  if (listing.rooms.has(roomId) === expected) return undefined;
  return `${listing.response.path}: ${what} ${expected ? 'is missing from' : 'is listed in'} "update"`;
}

// One block of checks per target of a multi-target run; a plain run declares them once.
forEachTarget(() => {
  test(
    ...fromRegistry('updatedSince/remove-empty-without-updated-since'),
    async ({ api, sharedListing, worldIfSeeded, findings }) => {
      // With write access the world holds a channel deleted while it was built: not in update, not in remove.
      const deleted = worldIfSeeded?.deletedRoomId;
      const listings = await test.step('list without updatedSince, and with it empty', () =>
        Promise.all([sharedListing.full(), listRooms(api, '')]));
      for (const listing of listings) {
        findings.expect(
          listing.remove.length === 0,
          `${listing.response.path}: "remove" without a date holds ${JSON.stringify(listing.remove).slice(0, 200)}, expected []`,
        );
        if (deleted)
          findings.expect(
            !listing.rooms.has(deleted),
            `${listing.response.path} still lists the deleted room ${deleted}`,
          );
      }
    },
  );

  test(
    ...fromRegistry('updatedSince/far-future-returns-nothing'),
    async ({ api, worldIfSeeded, findings }) => {
      const listing = await test.step(`list with updatedSince=${FAR_FUTURE}`, () =>
        listRooms(api, FAR_FUTURE));
      for (const room of listing.update)
        findings.problem(`update lists ${room._id} (_updatedAt ${JSON.stringify(room._updatedAt)})`);
      for (const item of listing.remove)
        findings.problem(`remove lists ${item._id} (_deletedAt ${JSON.stringify(item._deletedAt)})`);
      // With write access the admin is certainly in rooms (the world's); read-only, whatever it has.
      if (worldIfSeeded)
        findings.expect(
          !listing.rooms.has(worldIfSeeded.channel._id),
          `the suite's channel ${worldIfSeeded.channel._id} is listed`,
        );
    },
  );

  test(
    ...fromRegistry('updatedSince/listed-rooms-updated-after-date'),
    async ({ api, sharedListing, config, findings }) => {
      // A busy server changes rooms while the check looks: only rooms that did not change between the two
      // full listings around the dated one are judged (the first is the one its worker read once).
      const before = await test.step('list every room', () => sharedListing.full());
      test.skip(before.update.length === 0, 'the account has no rooms to compare');
      // A room without a readable _updatedAt cannot be placed before or after a date: a contract failure
      // where the contract requires the date (strict), a part not judged where it does not (documented).
      const undated: string[] = [];
      const readable = (room: Room, listing: Listing): room is Room & { _updatedAt: string } => {
        if (isIsoUtcMillis(room._updatedAt)) return true;
        const what = `${listing.response.path}: room ${JSON.stringify(room?._id)} has _updatedAt ${JSON.stringify(room?._updatedAt) ?? 'missing'}`;
        if (config.profile === 'strict') findings.problem(`${what}, not an ISO-8601 UTC date`);
        else undated.push(what);
        return false;
      };
      const dated = before.update.filter((room) => readable(room, before)).map((room) => room._updatedAt);
      if (dated.length > 0) {
        // The median _updatedAt: some rooms are after it, some are not.
        const since = dated.sort()[Math.floor(dated.length / 2)] as string;
        const filtered = await test.step(`list with updatedSince=${since}`, () => listRooms(api, since));
        const after = await test.step('list every room again', () => listRooms(api));
        judgeDatedListing(before, filtered, after, since, readable, findings);
      }
      endUnjudged(
        findings,
        undated.length > 0
          ? [`${undated.length} rooms without a date: ${undated.slice(0, 3).join('; ')}`]
          : [],
      );
    },
  );

  /** Every room of `filtered` is from `since` on; every room of `before` updated after it and unchanged since is listed. */
  function judgeDatedListing(
    before: Listing,
    filtered: Listing,
    after: Listing,
    since: string,
    readable: (room: Room, listing: Listing) => room is Room & { _updatedAt: string },
    findings: Findings,
  ): void {
    for (const room of filtered.update) {
      if (!readable(room, filtered)) continue;
      // The documentation says "updated since": a room at the very instant is the strict profile's question.
      findings.expect(
        Date.parse(room._updatedAt) >= Date.parse(since),
        `${room._id} is listed with _updatedAt ${JSON.stringify(room._updatedAt)}, before ${since}`,
      );
    }
    for (const room of before.update) {
      const stable = after.rooms.get(room._id)?._updatedAt === room._updatedAt;
      if (!stable || !isIsoUtcMillis(room._updatedAt) || !isStrictlyAfter(room._updatedAt, since)) continue;
      findings.expect(
        filtered.rooms.has(room._id) || filtered.removed.has(room._id),
        `${room._id} (_updatedAt ${room._updatedAt}) is missing although updated after ${since}`,
      );
    }
  }

  test(
    ...fromRegistry('updatedSince/boundary-is-strict'),
    async ({ api, sharedListing, config, seed, world, findings }) => {
      const { timed, answers } = await answersAtTimedRooms(
        api,
        { read: 'read a room’s _updatedAt (T)', ask: 'list with updatedSince=T and T−1 ms' },
        (fresh) => timedRooms(api, sharedListing, seed, world, 1, config.profile, fresh),
        // T and T−1 ms of the one room.
        (timed) => timed.flatMap(({ at }) => [at, shifted(at, -1)]),
      );
      const [{ room, at }] = timed as [{ room: SeededRoom; at: string }];
      const [equal, before] = answers as [Listing, Listing];
      findings.expect(
        !equal.rooms.has(room._id),
        `updatedSince=${at} (the ${room.kind}'s own _updatedAt) lists it: the boundary must be strict (>)`,
      );
      findings.expect(
        before.rooms.has(room._id),
        `updatedSince=${shifted(at, -1)} (1 ms earlier) does not list the ${room.kind} ${room._id}`,
      );
    },
  );

  test(
    ...fromRegistry('updatedSince/changed-room-listed-unchanged-room-not'),
    async ({ api, config, seed, findings }, testInfo) => {
      const [changed, unchanged] = await test.step('seed two channels', () =>
        Promise.all([seed.channel(), seed.channel()]));
      const since = await test.step('read T: 1 ms after the later channel’s _updatedAt', async () => {
        const listing = await listRooms(api);
        const times = [changed, unchanged].map((room) =>
          timestampOf(
            roomIn(listing, room._id, 'a seeded channel')._updatedAt,
            `_updatedAt of the seeded channel ${room._id}`,
            config.profile,
          ),
        );
        return shifted(times.sort()[1] as string, 1);
      });
      const { result: message } = await test.step('post in one channel, stamped after T by the server', () =>
        writeAfter(
          testInfo,
          since,
          () => seed.message(changed._id),
          (posted) => posted.ts,
          'the message',
        ));
      const [dated, full] = await test.step(`list with updatedSince=T (${since})`, () =>
        Promise.all([listRooms(api, since), listRooms(api)]));
      // Premise, from the server: the untouched channel is still from before T.
      const untouchedAt = timestampOf(
        roomIn(full, unchanged._id, 'the untouched channel')._updatedAt,
        `_updatedAt of the untouched channel ${unchanged._id}`,
        config.profile,
      );
      expect(
        Date.parse(untouchedAt) < Date.parse(since),
        `the untouched channel's _updatedAt ${JSON.stringify(untouchedAt)} moved past T ${since}`,
      ).toBe(true);
      const inProblem = listedProblem(
        dated,
        changed._id,
        true,
        `the channel posted in at ${message.ts} (${changed._id})`,
      );
      const outProblem = listedProblem(
        dated,
        unchanged._id,
        false,
        `the untouched channel (${unchanged._id})`,
      );
      for (const problem of [inProblem, outProblem]) if (problem) findings.problem(problem);
    },
  );

  test(
    ...fromRegistry('updatedSince/offsets-name-the-same-instant'),
    async ({ api, sharedListing, config, seed, world, findings }) => {
      const [{ room, at }] = (await test.step('read a room’s _updatedAt', () =>
        timedRooms(api, sharedListing, seed, world, 1, config.profile))) as [
        { room: SeededRoom; at: string },
      ];
      // Both instants at once: each is judged on its own answers.
      const instants = [
        { ms: Date.parse(at) - 1, what: '1 ms before its _updatedAt' },
        { ms: Date.parse(at), what: 'its _updatedAt' },
      ];
      await Promise.all(
        instants.map((instant) =>
          test.step(`one instant (${instant.what}), three spellings`, async () => {
            const spellings = equivalentSpellings(instant.ms);
            const listings = await Promise.all(spellings.map((spelling) => listRooms(api, spelling.value)));
            const answers = listings.map((listing) => listing.rooms.has(room._id));
            // The documentation promises ISO dates: whatever a spelling answers, every spelling answers the same.
            if (new Set(answers).size > 1) {
              const told = spellings.map(
                (spelling, index) => `${spelling.value} → ${answers[index] ? 'listed' : 'not listed'}`,
              );
              findings.problem(`${room.kind} ${room._id}, ${instant.what}: ${told.join('; ')}`);
            }
          }),
        ),
      );
    },
  );

  test(
    ...fromRegistry('updatedSince/millisecond-precision'),
    async ({ api, sharedListing, config, seed, world, findings }) => {
      const { timed, answers: listings } = await answersAtTimedRooms(
        api,
        {
          read: 'two rooms updated at different milliseconds',
          ask: 'list with updatedSince at the earlier room and 1 ms before the later one',
        },
        (fresh) => timedRooms(api, sharedListing, seed, world, 2, config.profile, fresh),
        // The earlier room's _updatedAt, 1 ms before the later one's (timedRooms sorts them).
        (timed) => timed.map(({ at }, index) => (index === 0 ? at : shifted(at, -1))),
      );
      const [earlier, later] = timed as [{ room: SeededRoom; at: string }, { room: SeededRoom; at: string }];
      for (const listing of listings) {
        for (const problem of [
          listedProblem(
            listing,
            earlier.room._id,
            false,
            `the earlier ${earlier.room.kind} (_updatedAt ${earlier.at})`,
          ),
          listedProblem(
            listing,
            later.room._id,
            true,
            `the later ${later.room.kind} (_updatedAt ${later.at})`,
          ),
        ]) {
          if (problem) findings.problem(problem);
        }
      }
    },
  );

  /**
   * Seeds a channel, reads its _updatedAt T, and returns the instant S the deletion checks query from:
   * T minus twice the skew tolerance, so a deletion stamped by an instance whose clock is behind is still
   * after S.
   */
  async function channelToDelete(api: RocketChatClient, seed: Seeder, profile: ContractProfile) {
    const room = await seed.channel();
    const updatedAt = timestampOf(
      roomIn(await listRooms(api), room._id, 'the channel about to be deleted')._updatedAt,
      `_updatedAt of the channel about to be deleted ${room._id}`,
      profile,
    );
    return { room, since: shifted(updatedAt, -2 * SKEW_TOLERANCE_MS) };
  }

  test(...fromRegistry('updatedSince/deleted-room-in-remove'), async ({ api, config, seed, findings }) => {
    const { room, since } = await test.step('seed a channel and read its _updatedAt', () =>
      channelToDelete(api, seed, config.profile));
    const before = await test.step(`before the deletion: list with updatedSince=${since}`, () =>
      listRooms(api, since));
    findings.expect(
      before.rooms.has(room._id),
      `before its deletion, ${before.response.path} does not list the channel ${room._id} in update`,
    );
    findings.expect(
      !before.removed.has(room._id),
      `before its deletion, ${before.response.path} already lists the channel ${room._id} in remove`,
    );
    await test.step('delete the channel', () => seed.deleteRoom(room));
    const [dated, full] =
      await test.step('after the deletion: list with the same updatedSince, and without', () =>
        Promise.all([api.roomsGet({ updatedSince: since }), listRooms(api)]));
    await expect(dated).toMatchContract('rooms.get', 200);
    const listing = dated.body;
    const removed = (listing?.remove ?? []).filter((item) => item?._id === room._id);
    findings.expect(
      removed.length === 1,
      `remove (updatedSince=${since}) lists the deleted channel ${room._id} ${removed.length} times, expected once`,
    );
    findings.expect(
      !(listing?.update ?? []).some((item) => item?._id === room._id),
      `update (updatedSince=${since}) still lists the deleted channel`,
    );
    findings.expect(!full.rooms.has(room._id), 'update (no updatedSince) still lists the deleted channel');
  });

  test(
    ...fromRegistry('updatedSince/remove-boundary-is-strict'),
    async ({ api, sharedListing, world, findings }) => {
      // The world's channel deleted while it was built: its _deletedAt (D) as remove lists it.
      const room = world.deletedRoomId;
      const deletedAt = await test.step('read the deleted channel’s _deletedAt (D) from remove', async () => {
        const item = (await sharedListing.dated()).removed.get(room);
        expect(
          item,
          `precondition: the channel deleted while the world was built must be in remove`,
        ).toBeDefined();
        expect(
          isIsoUtcMillis(item?._deletedAt),
          `_deletedAt ${JSON.stringify(item?._deletedAt)} must be an ISO-8601 UTC date`,
        ).toBe(true);
        return item?._deletedAt as string;
      });
      const [equal, before] = await test.step('list with updatedSince=D and D−1 ms', () =>
        Promise.all([listRooms(api, deletedAt), listRooms(api, shifted(deletedAt, -1))]));
      findings.expect(
        !equal.removed.has(room),
        `updatedSince=${deletedAt} (its _deletedAt) lists it in remove: the boundary must be strict (>)`,
      );
      findings.expect(
        before.removed.has(room),
        `updatedSince=${shifted(deletedAt, -1)} (1 ms earlier) does not list it in remove`,
      );
    },
  );

  test(...fromRegistry('updatedSince/invalid-value-is-400'), async ({ api, findings }) => {
    const answers = await test.step('send each invalid value', () =>
      Promise.all(
        INVALID_UPDATED_SINCE.map(async (invalid) => ({
          label: invalid.label,
          response: await api.roomsGet({
            updatedSince: invalid.values.length === 1 ? (invalid.values[0] as string) : invalid.values,
          }),
        })),
      ));
    for (const { label, response } of answers) {
      await test.step(label, async () => {
        const body = response.body as Record<string, unknown> | undefined;
        const where = `${label} (${response.path})`;
        findings.expect(response.status === 400, `${where}: status ${response.status}, expected 400`);
        for (const [key, value] of Object.entries(INVALID_UPDATED_SINCE_ERROR)) {
          findings.expect(
            body?.[key] === value,
            `${where}: "${key}" is ${JSON.stringify(body?.[key])}, expected ${JSON.stringify(value)}`,
          );
        }
        const extra = Object.keys(body ?? {}).filter(
          (key) => !(INVALID_UPDATED_SINCE_KEYS as readonly string[]).includes(key),
        );
        findings.expect(extra.length === 0, `${where}: unexpected keys ${JSON.stringify(extra)}`);
        if (response.status === 400) await expect(response).toMatchContract('rooms.get', 400);
      });
    }
  });

  /**
   * What rooms.get answered for one updatedSince, as the property reads it: the ids in update, or the
   * answer that was not a listing (a valid date refused is a failure of the property, shrunk like any).
   */
  async function datedAnswer(api: RocketChatClient, updatedSince: string): Promise<DatedAnswer> {
    const response = await api.roomsGet({ updatedSince });
    const update = response.body?.update;
    if (response.status !== 200 || !Array.isArray(update))
      return { refused: `${response.status} ${response.text.slice(0, 200)}` };
    return { listed: new Set(update.flatMap((room) => (typeof room?._id === 'string' ? [room._id] : []))) };
  }

  /**
   * How the server read the spellings ECMAScript leaves to the reader (a date-time without a zone: local
   * time; a date alone: UTC midnight), from the later room's _updatedAt T — a finding, never a failure.
   */
  async function serverDependentReadings(api: RocketChatClient, room: TimedRoom): Promise<string> {
    const at = Date.parse(room.updatedAt);
    const values = [
      zonelessSpelling(at - 1),
      zonelessSpelling(at),
      dateOnlySpelling(at),
      dateOnlySpelling(at + 86_400_000),
    ];
    const answers = await Promise.all(values.map((value) => datedAnswer(api, value)));
    const told = answers.map((answer, index) =>
      'refused' in answer
        ? `${values[index]} → ${answer.refused.split(' ')[0]}`
        : `${values[index]} → ${answer.listed.has(room.id) ? 'listed' : 'not listed'}`,
    );
    const [before, exact, day, nextDay] = answers.map((answer) =>
      'listed' in answer ? answer.listed.has(room.id) : undefined,
    );
    const zoneless =
      before === true && exact === false
        ? 'as UTC'
        : before === true && exact === true
          ? 'as a local time east of UTC (earlier instants)'
          : before === false && exact === false
            ? 'as a local time west of UTC (later instants)'
            : 'inconsistently';
    const dateOnly = day === true && nextDay === false ? 'as UTC midnight' : 'not as UTC midnight';
    return (
      `spellings the grammar leaves to the server, around the ${room.label} ${room.id} (_updatedAt ${room.updatedAt}): ` +
      `a date-time without a zone read ${zoneless}, a date alone read ${dateOnly} (${told.join('; ')})`
    );
  }

  test(
    ...fromRegistry('updatedSince/drawn-instants-in-every-spelling'),
    async ({ api, sharedListing, config, seed, world, findings }) => {
      // One listing without a date is the model: the rooms' _updatedAt. Only these rooms are judged, so
      // other users' rooms changing meanwhile cannot fail the check; a judged room that moved is re-read.
      const rooms = (
        await test.step('read two rooms’ _updatedAt from a listing without a date', () =>
          timedRooms(api, sharedListing, seed, world, 2, config.profile))
      ).map(({ room, at }): TimedRoom => ({ id: room._id, label: room.kind, updatedAt: at }));
      const server: UpdatedSinceServer = {
        listed: (value) => datedAnswer(api, value),
        reread: async () => {
          const listing = await listRooms(api);
          return new Map(
            rooms.flatMap((room) => {
              const at = listing.rooms.get(room.id)?._updatedAt;
              return typeof at === 'string' ? [[room.id, at] as const] : [];
            }),
          );
        },
      };
      const replay = config.propertyReplay;
      const [verdict, readings] =
        await test.step(`ask ${PROPERTY_RUNS} drawn instants at once (at most ${PROPERTY_REQUEST_BUDGET} requests), and the server-dependent spellings`, () =>
          Promise.all([
            exploreUpdatedSince(rooms, server, replay ? { replay } : {}),
            serverDependentReadings(api, rooms[rooms.length - 1] as TimedRoom),
          ]));
      findings.note(readings);
      if (verdict.moved.length > 0) findings.note(`re-read, not failed: ${verdict.moved.join('; ')}`);
      if (verdict.kind === 'held') {
        findings.note(
          `${verdict.runs} drawn instants held (${verdict.requests} requests); the same cases again: CONTRACT_PROPERTY_SEED=${replayValue({ seed: verdict.seed })}`,
        );
      } else if (verdict.kind === 'replay-held') {
        findings.note(
          `CONTRACT_PROPERTY_SEED=${replayValue(verdict)}: the replayed counterexample holds on this server`,
        );
      } else {
        const shrunk = verdict.budgetSpent
          ? `shrunk ${verdict.shrinks} times, until the request budget (${PROPERTY_REQUEST_BUDGET}) ran out`
          : `shrunk ${verdict.shrinks} times to the smallest case fast-check found`;
        findings.problem(
          `${verdict.description}: ${verdict.mismatches.join('; ')} — case ${verdict.runs} of the run, ${shrunk}; ` +
            `replay this case: CONTRACT_PROPERTY_SEED=${replayValue(verdict)}, the whole run: CONTRACT_PROPERTY_SEED=${replayValue({ seed: verdict.seed })}`,
        );
      }
    },
  );
});
