import {
  composedDmRoomId,
  dmIdEra,
  isObjectId,
  matchesGeneratedId,
  sortUtf16,
} from '../src/core/rocketchat/dm-room-id.js';
import type { Findings } from '../src/core/run/findings.js';
import type { Room } from '../src/core/rocketchat/rocketchat-api.js';
import type { RulesForVersion } from '../src/core/rocketchat/version-rules.js';
import { forEachTarget, test } from '../src/playwright/fixtures/index.js';
import type { SharedListing } from '../src/playwright/fixtures/shared-listing.js';
import { fromRegistry } from '../src/playwright/registered-test.js';
import { answerOrRefusal } from '../src/playwright/contract-call.js';
import { endUnjudged, listRooms, readListing, roomIn } from '../src/playwright/listing.js';
import type { SeededDm, WorldData } from '../src/playwright/shared-world.js';

/**
 * @dm: how direct-message rooms are composed (docs/rocketchat-behaviour.md §4): 1:1 ids from the sorted
 * uids, self and group DMs never composed, uids/usersCount/usernames describing the members, the same
 * room whichever side creates it. Rules that changed between versions come from src/core/rocketchat/version-rules.ts
 * and apply to the DMs this run made; DMs an account already had are judged by the rules of their time.
 */

/**
 * The world's DMs as their viewers list them: the admin's in its listing (read once per worker: the world
 * never changes), the peer's in its own list read once while the world was built (a normal user is
 * rate-limited). A DM missing from its viewer's list is a finding of its own.
 */
async function viewDms(
  world: WorldData,
  sharedListing: SharedListing,
  findings: Findings,
  options: { selfAndGroup?: boolean } = {},
): Promise<Array<{ dm: SeededDm; room: Room }>> {
  const admin = await sharedListing.full();
  const peer = readListing(world.peerListing);
  const dms: SeededDm[] = [...world.oneToOne, world.peerDm];
  if (options.selfAndGroup) dms.push(world.selfDm, world.groupDm);
  return dms.flatMap((dm) => {
    const [viewer, listing] = dm.viewer === 'admin' ? ['admin', admin] : ['peer', peer];
    const room = listing.rooms.get(dm._id);
    if (!room) findings.problem(`${dm.label} (${dm._id}) is missing from the ${viewer}'s own list`);
    return room ? [{ dm, room }] : [];
  });
}

/** Everything about a DM but its _id: uids, usernames and usersCount describe its members. */
function memberProblems(dm: SeededDm, room: Room): string[] {
  const problems: string[] = [];
  const uids = sortUtf16(dm.members.map((member) => member._id));
  if (JSON.stringify(room.uids) !== JSON.stringify(uids))
    problems.push(`uids ${JSON.stringify(room.uids)}, expected ${JSON.stringify(uids)}`);
  const usernames = dm.members.map((member) => member.username).sort();
  const listed = Array.isArray(room.usernames)
    ? [...(room.usernames as unknown[])].map(String).sort()
    : room.usernames;
  if (JSON.stringify(listed) !== JSON.stringify(usernames))
    problems.push(
      `usernames ${JSON.stringify(room.usernames)}, expected the set ${JSON.stringify(usernames)}`,
    );
  if (room.usersCount !== dm.members.length)
    problems.push(`usersCount ${JSON.stringify(room.usersCount)}, expected ${dm.members.length}`);
  return problems;
}

// One block of checks per target of a multi-target run; a plain run declares them once.
forEachTarget(() => {
  test(
    ...fromRegistry('dm/one-to-one-id-is-sorted-uids'),
    async ({ sharedListing, world, rules, findings }, testInfo) => {
      if (!world.caseSensitive) {
        testInfo.annotations.push({
          type: 'note',
          description:
            'no pair of user ids whose UTF-16 order differs from their case-insensitive order was found',
        });
      }
      const viewed = await test.step('list the DMs as their creators see them', () =>
        viewDms(world, sharedListing, findings));
      // The DM between two seeded users as im.create answered it: the admin is not in it, so no listing shows it.
      const judged: Array<{ dm: SeededDm; id: string; room?: Room }> = [
        ...viewed.map(({ dm, room }) => ({ dm, id: room._id, room })),
        { dm: world.foreignDm, id: world.foreignDm._id },
      ];
      await test.step('each 1:1 _id is its sorted uids concatenated', () => {
        for (const { dm, id, room } of judged) {
          // From the members the suite created, not from the uids the server reports.
          const expected = composedDmRoomId(dm.members.map((member) => member._id));
          if (id === expected) continue;
          const otherwiseRight = room === undefined || memberProblems(dm, room).length === 0;
          if (isObjectId(id) && otherwiseRight) {
            findings.deviation(
              'one-to-one-id-is-object-id',
              `${dm.label}: _id ${id} is a 24-hex ObjectId, not ${expected} (Rocket.Chat ${rules.version}; version rule dm-one-to-one-id: ${rules.oneToOneDmId})`,
            );
          } else {
            findings.problem(`${dm.label}: _id ${id}, expected ${expected}`);
          }
        }
      });
    },
  );

  /** One member property of every seeded DM, as its viewer lists it. */
  function memberCheck(
    pick: (problem: string) => boolean,
  ): (fixtures: { sharedListing: SharedListing; world: WorldData; findings: Findings }) => Promise<void> {
    return async ({ sharedListing, world, findings }) => {
      const viewed = await test.step('list the DMs as their members see them', () =>
        viewDms(world, sharedListing, findings, { selfAndGroup: true }));
      for (const { dm, room } of viewed) {
        for (const problem of memberProblems(dm, room).filter(pick))
          findings.problem(`${dm.label} (${dm._id}): ${problem}`);
      }
    };
  }

  test(
    ...fromRegistry('dm/uids-are-sorted-member-ids'),
    memberCheck((problem) => problem.startsWith('uids')),
  );
  test(
    ...fromRegistry('dm/users-count-is-member-count'),
    memberCheck((problem) => problem.startsWith('usersCount')),
  );
  // Rocket.Chat sorts usernames by display name (§4.3): compared as sets.
  test(
    ...fromRegistry('dm/usernames-are-member-usernames'),
    memberCheck((problem) => problem.startsWith('usernames')),
  );

  /** Self and group DM ids: never a composition of the member ids; the version's id format. */
  function generatedIdProblems(
    id: string,
    uids: string[],
    rule: RulesForVersion['selfDmId'],
    compositions: string[],
    kind: string,
  ): string[] {
    const problems: string[] = [];
    if (compositions.includes(id)) problems.push(`the ${kind} _id ${id} is composed from the member ids`);
    else if (!matchesGeneratedId(id, rule, uids))
      problems.push(
        `the ${kind} _id ${id} is not ${rule === 'object-id' ? 'a 24-hex ObjectId' : rule === 'meteor-id' ? 'a random 17-character id' : 'the doubled user id'}`,
      );
    return problems;
  }

  test(...fromRegistry('dm/self-dm-id-not-composed'), async ({ world, rules, findings }) => {
    // As its owner listed it while the world was built.
    const room = roomIn(readListing(world.peerListing), world.selfDm._id, world.selfDm.label);
    const uid = world.peer._id;
    for (const problem of generatedIdProblems(
      room._id,
      [uid],
      rules.selfDmId,
      rules.selfDmId === 'doubled-uid' ? [uid] : [uid, uid + uid],
      'self-DM',
    )) {
      findings.problem(`${problem} (Rocket.Chat ${rules.version}: ${rules.selfDmId})`);
    }
  });

  test(...fromRegistry('dm/group-dm-id-not-composed'), async ({ sharedListing, world, rules, findings }) => {
    const room = roomIn(await sharedListing.full(), world.groupDm._id, world.groupDm.label);
    const ids = world.groupDm.members.map((member) => member._id);
    const compositions = [composedDmRoomId(ids), ids.join(''), sortUtf16(ids).join(','), ids.join(',')];
    for (const problem of generatedIdProblems(room._id, ids, rules.groupDmId, compositions, 'group DM')) {
      findings.problem(
        `${world.groupDm.label}: ${problem} (Rocket.Chat ${rules.version}: ${rules.groupDmId})`,
      );
    }
  });

  /**
   * Creates a DM that exists already: a call the DM rules cover, so a refusal (e.g. the E11000 duplicate-key
   * error of Rocket.Chat issue #24175) is a finding with the server's answer, not a seeding error.
   */
  async function recreateDm(
    findings: Findings,
    what: string,
    create: () => Promise<{ _id: string }>,
  ): Promise<{ _id: string } | undefined> {
    const outcome = await answerOrRefusal(create);
    if (!outcome.refusal) return outcome.answer;
    findings.problem(`${what} of the existing DM was refused: ${outcome.refusal.message}`);
    return undefined;
  }

  test(
    ...fromRegistry('dm/same-room-whichever-side-creates'),
    async ({ api, account, seed, world, peer, findings }) => {
      // The peer's first im.create makes the DM (seeding); every later call finds it (the rule judged here).
      const first = await test.step('the peer creates the DM', () =>
        seed.dm([account.username], { as: peer }));
      const [second, third] = await test.step('the admin creates it back, then the peer again', async () => {
        const byAdmin = await recreateDm(findings, "the admin's im.create", () =>
          seed.dm([world.peer.username]),
        );
        return [
          byAdmin,
          await recreateDm(findings, "the peer's second im.create", () =>
            seed.dm([account.username], { as: peer }),
          ),
        ];
      });
      const listing = await test.step('list the admin’s rooms', () => listRooms(api));
      const matching = listing.update.filter(
        (room) =>
          room.t === 'd' &&
          Array.isArray(room.uids) &&
          room.uids.length === 2 &&
          room.uids.includes(world.peer._id) &&
          room.uids.includes(account._id),
      );
      if (second)
        findings.expect(
          second._id === first._id,
          `the admin's im.create returned ${second._id}, the peer's ${first._id}`,
        );
      if (third)
        findings.expect(
          third._id === first._id,
          `the peer's second im.create returned ${third._id}, its first ${first._id}`,
        );
      findings.expect(
        matching.length === 1,
        `the admin's rooms.get lists ${matching.length} DMs between the two (${matching.map((room) => room._id).join(', ')})`,
      );
    },
  );

  test(...fromRegistry('dm/recreate-keeps-updated-at'), async ({ api, account, seed, findings }) => {
    const { user, userClient, created } = await test.step('seed a user and a DM with it', async () => {
      const seeded = await seed.user();
      const [client, dm] = await Promise.all([seed.login(seeded), seed.dm([seeded.username])]);
      return { user: seeded, userClient: client, created: dm };
    });
    const what = `the DM with ${user.username}`;
    const before = await test.step('read the DM', async () =>
      roomIn(await listRooms(api), created._id, what));
    const again = await test.step('create it again, by its creator and by the other member', () =>
      Promise.all([
        recreateDm(findings, "its creator's im.create", () => seed.dm([user.username])),
        recreateDm(findings, "the other member's im.create", () =>
          seed.dm([account.username], { as: userClient }),
        ),
      ]));
    const after = await test.step('read the DM again', async () =>
      roomIn(await listRooms(api), created._id, what));
    for (const [index, side] of ['its creator', 'the other member'].entries()) {
      const answer = again[index];
      if (answer)
        findings.expect(
          answer._id === created._id,
          `im.create again by ${side} returned ${answer._id}, first ${created._id}`,
        );
    }
    findings.expect(
      JSON.stringify(after._updatedAt) === JSON.stringify(before._updatedAt),
      `_updatedAt moved from ${JSON.stringify(before._updatedAt)} to ${JSON.stringify(after._updatedAt)}: Rocket.Chat writes nothing to an existing DM created again (§4.5)`,
    );
  });

  /**
   * What every Rocket.Chat version since 3.1 guarantees of a DM's members fields, whoever made it: `uids`
   * in UTF-16 order (migration 179 derived older DMs' from their sorted composed ids), and as many
   * `usernames` and as `usersCount` as `uids` — a ≤ 3.0 self-DM included, whose migrated `uids` hold
   * its user twice beside `usernames` [me, me] and `usersCount` 2 (docs/rocketchat-behaviour.md §4.2–§4.3).
   */
  function everyVersionProblems(room: Room, uids: readonly string[]): string[] {
    const problems: string[] = [];
    if (JSON.stringify(uids) !== JSON.stringify(sortUtf16(uids)))
      problems.push(`uids ${JSON.stringify(uids)} not in UTF-16 order`);
    if (room.usersCount !== uids.length)
      problems.push(`usersCount ${JSON.stringify(room.usersCount)} but ${uids.length} uids`);
    const usernames = room.usernames;
    if (
      !Array.isArray(usernames) ||
      usernames.length !== uids.length ||
      !usernames.every((name) => typeof name === 'string')
    )
      problems.push(`usernames ${JSON.stringify(usernames)} are not ${uids.length} usernames, one per uid`);
    return problems;
  }

  /** A DM's uids when they are an array of user ids, else undefined. */
  function uidsOf(room: Room): string[] | undefined {
    const { uids } = room;
    return Array.isArray(uids) && uids.every((uid) => typeof uid === 'string')
      ? (uids as string[])
      : undefined;
  }

  test(
    ...fromRegistry('dm/listed-dm-rooms-are-consistent'),
    async ({ sharedListing, checkedAccount, rules, worldIfSeeded, findings }) => {
      const lists = await test.step('list the rooms of the admin and of the checked account', async () => [
        { whose: 'the account', listing: await sharedListing.full() },
        ...(checkedAccount
          ? [{ whose: 'the checked account', listing: await listRooms(checkedAccount) }]
          : []),
        // The peer's own list, read while the world was built: its self-DM and the DM it created.
        ...(worldIfSeeded ? [{ whose: 'the peer', listing: readListing(worldIfSeeded.peerListing) }] : []),
      ]);
      const ours = new Set(
        worldIfSeeded
          ? [
              ...worldIfSeeded.oneToOne,
              worldIfSeeded.selfDm,
              worldIfSeeded.groupDm,
              worldIfSeeded.peerDm,
            ].map((dm) => dm._id)
          : [],
      );
      const eras = new Map<string, number>();
      const withoutUids: string[] = [];
      const dms = lists.flatMap(({ whose, listing }) =>
        listing.update.filter((room) => room?.t === 'd').map((room) => ({ whose, room })),
      );
      test.skip(dms.length === 0, 'the accounts have no DMs to check');
      for (const { whose, room } of dms) {
        const where = `${whose}: DM ${JSON.stringify(room._id)}`;
        const uids = uidsOf(room);
        if (!uids) {
          // Every DM has uids since 3.1 (migration 179 gave older ones theirs); before, none could be judged.
          if (rules.dmHasUids)
            findings.problem(
              `${where}: uids ${JSON.stringify(room.uids) ?? 'missing'}, not an array of user ids (Rocket.Chat ${rules.version} gives every DM one)`,
            );
          else withoutUids.push(where);
          continue;
        }
        for (const problem of everyVersionProblems(room, uids)) findings.problem(`${where}: ${problem}`);
        if (ours.has(room._id)) {
          // Made by this run: Rocket.Chat's rules for this server's version.
          findings.expect(
            new Set(uids).size === uids.length,
            `${where}: uids ${JSON.stringify(uids)} repeat a member`,
          );
          if (uids.length === 2) {
            const composed = room._id === composedDmRoomId(uids);
            findings.expect(
              composed || (rules.oneToOneDmId === 'object-id' && isObjectId(room._id)),
              `${where}: a 1:1 DM whose _id is not ${composedDmRoomId(uids)} (Rocket.Chat ${rules.version}: ${rules.oneToOneDmId})`,
            );
          }
          continue;
        }
        // There before the run, perhaps made by an older Rocket.Chat: its _id judged by the rules of its time.
        const era = typeof room._id === 'string' ? dmIdEra(room._id, uids) : undefined;
        if (era === undefined)
          findings.problem(
            `${where} with uids ${JSON.stringify(uids)}: no Rocket.Chat version makes such an _id`,
          );
        else eras.set(era, (eras.get(era) ?? 0) + 1);
      }
      if (eras.size > 0) {
        findings.note(
          `DMs the accounts already had: ${[...eras].map(([era, count]) => `${count} × ${era}`).join('; ')}`,
        );
      }
      endUnjudged(
        findings,
        withoutUids.length > 0
          ? [
              `${withoutUids.length} DMs without uids on Rocket.Chat ${rules.version} (${withoutUids.slice(0, 3).join(', ')})`,
            ]
          : [],
      );
    },
  );
});
