import {
  composedDmRoomId,
  dmIdRulesFor,
  isObjectId,
  METEOR_ID_PATTERN,
  sortUtf16,
} from '../src/core/dm-room-id.js';
import { isAtLeast, majorLine } from '../src/core/rocketchat-version.js';
import { loadWaivers } from '../src/core/waivers.js';
import { clause, requireWrite, test } from '../src/playwright/fixtures.js';
import { expectNoProblems, listRooms, roomIn } from '../src/playwright/listing.js';
import type { RocketChatClient } from '../src/playwright/rocketchat-client.js';
import type { SeededDm, World } from '../src/playwright/world.js';

/**
 * @dm: how direct-message rooms are composed (rocketchat-behaviour.md §4): 1:1 ids from the sorted uids,
 * self and group DMs never composed, uids/usersCount/usernames describing the members, the same room
 * whichever side creates it. Version-aware: 8.x gives new DMs ObjectIds (waiver rc8-dm-object-ids).
 */

/**
 * The world's DMs as their viewers list them: the admin's 1:1 DMs (a fresh listing), the peer's own
 * (creator sorts second; the peer lists once per worker: it is rate-limited like any user), and
 * optionally the self-DM and the group DM.
 */
async function viewDms(world: World, api: RocketChatClient, options: { selfAndGroup?: boolean } = {}) {
  const [admin, peer] = await Promise.all([listRooms(api), world.peerView()]);
  const dms: SeededDm[] = [...world.oneToOne, ...peer.dms];
  if (options.selfAndGroup) dms.push(world.selfDm, world.groupDm);
  return dms.map((dm) => ({
    dm,
    room: roomIn(dm.viewer === 'peer' ? peer.listing : admin, dm._id, dm.label),
  }));
}

/** Names the waiver that would accept a deviation of `check`, for the failure message. */
function waiverHint(check: string): string {
  const ids = loadWaivers()
    .filter((waiver) => waiver.check === check)
    .map((waiver) => `${waiver.id}${waiver.versions ? ` (for ${waiver.versions})` : ''}`);
  return ids.length > 0
    ? ` (the waiver that would accept it: ${ids.join(', ')} in contract/waivers.yaml)`
    : '';
}

test(
  'one-to-one-id-is-sorted-uids: a 1:1 DM’s _id is its two user ids sorted by UTF-16 code unit and concatenated',
  clause('dm', 'one-to-one-id-is-sorted-uids'),
  async ({ api, target, world }, testInfo) => {
    requireWrite(target, 'seeds users and 1:1 DMs with them');
    const seeded = await world.get();
    if (!seeded.caseSensitive) {
      testInfo.annotations.push({
        type: 'note',
        description:
          'no pair of user ids whose UTF-16 order differs from their case-insensitive order was found',
      });
    }
    const problems: string[] = [];
    for (const { dm, room } of await viewDms(seeded, api)) {
      // From the members the suite created, not from the uids the server reports.
      const expected = composedDmRoomId(dm.members.map((member) => member._id));
      if (room._id === expected) continue;
      const versionNote =
        isAtLeast(target.serverVersion, '8.0.0') && isObjectId(room._id)
          ? ` Rocket.Chat ${majorLine(target.serverVersion)} gives every new DM a 24-hex ObjectId instead (rocketchat-behaviour.md §4.2).`
          : '';
      problems.push(`${dm.label}: _id ${room._id}, expected ${expected}.${versionNote}`);
    }
    // The DM between two seeded users, as im.create answered it: the admin is not in it, so no listing
    // shows it, but its id follows the same rule.
    const foreign = seeded.foreignDm;
    const foreignExpected = composedDmRoomId(foreign.members.map((member) => member._id));
    if (foreign._id !== foreignExpected) {
      problems.push(`${foreign.label}: im.create answered _id ${foreign._id}, expected ${foreignExpected}.`);
    }
    expectNoProblems(
      problems,
      `1:1 DM ids must be sortUtf16(uids).join('') on Rocket.Chat ${target.serverVersion ?? '?'}` +
        waiverHint('dm/one-to-one-id-is-sorted-uids'),
    );
  },
);

test(
  'uids-are-sorted-member-ids: uids lists exactly the members, in UTF-16 order',
  clause('dm', 'uids-are-sorted-member-ids'),
  async ({ api, target, world }) => {
    requireWrite(target, 'seeds users and DMs with them');
    const viewed = await viewDms(await world.get(), api, { selfAndGroup: true });
    const problems = viewed.flatMap(({ dm, room }) => {
      const expected = sortUtf16(dm.members.map((member) => member._id));
      return JSON.stringify(room.uids) === JSON.stringify(expected)
        ? []
        : [
            `${dm.label} (${dm._id}): uids ${JSON.stringify(room.uids)}, expected ${JSON.stringify(expected)}`,
          ];
    });
    expectNoProblems(problems, 'uids must be the member ids sorted by UTF-16 code unit');
  },
);

test(
  'users-count-is-member-count: usersCount is 2 for 1:1, 1 for self, N for a group',
  clause('dm', 'users-count-is-member-count'),
  async ({ api, target, world }) => {
    requireWrite(target, 'seeds users and DMs with them');
    const viewed = await viewDms(await world.get(), api, { selfAndGroup: true });
    const problems = viewed.flatMap(({ dm, room }) =>
      room.usersCount === dm.members.length
        ? []
        : [
            `${dm.label} (${dm._id}): usersCount ${JSON.stringify(room.usersCount)}, expected ${dm.members.length}`,
          ],
    );
    expectNoProblems(problems, 'usersCount must be the number of members');
  },
);

test(
  'usernames-are-member-usernames: usernames are the members’ usernames (order not asserted)',
  clause('dm', 'usernames-are-member-usernames'),
  async ({ api, target, world }) => {
    requireWrite(target, 'seeds users with display names unlike their usernames, and DMs with them');
    const viewed = await viewDms(await world.get(), api, { selfAndGroup: true });
    const problems = viewed.flatMap(({ dm, room }) => {
      // Rocket.Chat sorts usernames by display name (§4.3): compare as sets.
      const expected = dm.members.map((member) => member.username).sort();
      const actual = Array.isArray(room.usernames)
        ? [...(room.usernames as unknown[])].map(String).sort()
        : room.usernames;
      return JSON.stringify(actual) === JSON.stringify(expected)
        ? []
        : [
            `${dm.label} (${dm._id}): usernames ${JSON.stringify(room.usernames)}, expected the set ${JSON.stringify(expected)}`,
          ];
    });
    expectNoProblems(problems, 'usernames must be the members’ usernames');
  },
);

test(
  'self-dm-id-not-composed: a self-DM’s _id is not built from the user id',
  clause('dm', 'self-dm-id-not-composed'),
  async ({ api, target, world }) => {
    requireWrite(target, 'creates a self-DM');
    const seeded = await world.get();
    const room = roomIn(await listRooms(api), seeded.selfDm._id, seeded.selfDm.label);
    const uid = seeded.admin._id;
    const problems = idShapeProblems(room._id, target.serverVersion, [uid, uid + uid], 'self-DM');
    expectNoProblems(
      problems,
      `the admin's self-DM (${room._id}) on Rocket.Chat ${target.serverVersion ?? '?'}`,
    );
  },
);

test(
  'group-dm-id-not-composed: a group DM’s _id is not built from the user ids',
  clause('dm', 'group-dm-id-not-composed'),
  async ({ api, target, world }) => {
    requireWrite(target, 'creates a group DM');
    const seeded = await world.get();
    const room = roomIn(await listRooms(api), seeded.groupDm._id, seeded.groupDm.label);
    const ids = seeded.groupDm.members.map((member) => member._id);
    const compositions = [composedDmRoomId(ids), ids.join(''), sortUtf16(ids).join(','), ids.join(',')];
    const problems = idShapeProblems(room._id, target.serverVersion, compositions, 'group DM');
    expectNoProblems(
      problems,
      `${seeded.groupDm.label} (${room._id}) on Rocket.Chat ${target.serverVersion ?? '?'}`,
    );
  },
);

/** Self and group DM ids: never a composition; from 6.2 a 24-hex ObjectId, in 3.1–6.1 a Meteor id. */
function idShapeProblems(
  id: string,
  version: string | undefined,
  compositions: string[],
  kind: string,
): string[] {
  const problems: string[] = [];
  if (compositions.includes(id)) problems.push(`the ${kind} _id ${id} is composed from the member ids`);
  const rule = dmIdRulesFor(version).selfAndGroup;
  if (rule === 'object-id' && !isObjectId(id))
    problems.push(`the ${kind} _id ${id} is not a 24-hex ObjectId (Rocket.Chat ≥ 6.2)`);
  if (rule === 'meteor-id' && !METEOR_ID_PATTERN.test(id))
    problems.push(`the ${kind} _id ${id} is not a random 17-char id (Rocket.Chat 3.1–6.1)`);
  return problems;
}

test(
  'same-room-whichever-side-creates: both members creating the DM get one room',
  clause('dm', 'same-room-whichever-side-creates'),
  async ({ api, account, seed, target, world }) => {
    requireWrite(target, 'a seeded user creates a DM with the admin and the admin creates it back');
    const seeded = await world.get();
    const peer = (await seeded.peerView()).client;
    // The peer creates it first, the admin again, then the peer once more.
    const first = await seed.dm([account.username], { as: peer });
    const second = await seed.dm([seeded.peer.username]);
    const third = await seed.dm([account.username], { as: peer });
    const listing = await listRooms(api);
    const matching = listing.update.filter(
      (room) =>
        room.t === 'd' &&
        Array.isArray(room.uids) &&
        room.uids.length === 2 &&
        room.uids.includes(seeded.peer._id) &&
        room.uids.includes(account._id),
    );
    const problems: string[] = [];
    if (second._id !== first._id)
      problems.push(`the admin's im.create returned ${second._id}, the peer's ${first._id}`);
    if (third._id !== first._id)
      problems.push(`the peer's second im.create returned ${third._id}, its first ${first._id}`);
    if (matching.length !== 1)
      problems.push(
        `the admin's rooms.get lists ${matching.length} DMs between the two (${matching.map((room) => room._id).join(', ')})`,
      );
    expectNoProblems(problems, `one DM between ${seeded.peer.username} and ${account.username}`);
  },
);

test(
  'recreate-keeps-updated-at: re-creating an existing DM returns it unchanged',
  clause('dm', 'recreate-keeps-updated-at'),
  async ({ api, seed, target }) => {
    requireWrite(target, 'seeds a user and a DM with it');
    const user = await seed.user();
    const created = await seed.dm([user.username]);
    const before = roomIn(await listRooms(api), created._id, `the DM with ${user.username}`);
    const again = await seed.dm([user.username]);
    const after = roomIn(await listRooms(api), created._id, `the DM with ${user.username}`);
    const problems: string[] = [];
    if (again._id !== created._id)
      problems.push(`im.create again returned ${again._id}, first ${created._id}`);
    if (JSON.stringify(after._updatedAt) !== JSON.stringify(before._updatedAt)) {
      problems.push(
        `_updatedAt moved from ${JSON.stringify(before._updatedAt)} to ${JSON.stringify(after._updatedAt)}`,
      );
    }
    expectNoProblems(
      problems,
      'Rocket.Chat writes nothing to an existing DM when it is created again (§4.5)',
    );
  },
);

test(
  'listed-dm-rooms-are-consistent: every t:"d" room in the account’s list follows the DM rules',
  clause('dm', 'listed-dm-rooms-are-consistent'),
  async ({ api, checkedAccount, target, world }) => {
    if (target.write) await world.get();
    const client = checkedAccount ?? api;
    const listing = await listRooms(client);
    const rules = dmIdRulesFor(target.serverVersion);
    const problems: string[] = [];
    let checked = 0;
    for (const room of listing.update) {
      if (room.t !== 'd') continue;
      // Rooms from before 3.1 have no uids: nothing to check them against.
      if (!Array.isArray(room.uids)) continue;
      checked += 1;
      const uids = room.uids as string[];
      const where = `DM ${room._id}`;
      if (JSON.stringify(uids) !== JSON.stringify(sortUtf16(uids)))
        problems.push(`${where}: uids ${JSON.stringify(uids)} not in UTF-16 order`);
      if (new Set(uids).size !== uids.length)
        problems.push(`${where}: uids ${JSON.stringify(uids)} repeat a member`);
      if (room.usersCount !== uids.length)
        problems.push(`${where}: usersCount ${JSON.stringify(room.usersCount)} but ${uids.length} uids`);
      if (!Array.isArray(room.usernames) || room.usernames.length !== uids.length) {
        problems.push(
          `${where}: usernames ${JSON.stringify(room.usernames)} do not match ${uids.length} uids`,
        );
      }
      if (uids.length === 2) {
        // Up to 7.x composed; an 8.x server keeps old composed ids and gives new DMs ObjectIds.
        const composedOk = room._id === composedDmRoomId(uids);
        const objectIdOk = rules.oneToOne === 'object-id' && isObjectId(room._id);
        if (!composedOk && !objectIdOk)
          problems.push(`${where}: a 1:1 DM whose _id is not ${composedDmRoomId(uids)}`);
      } else if (uids.length === 1 && room._id === `${uids[0]}${uids[0]}`) {
        problems.push(`${where}: a self-DM whose _id doubles the user id (a pre-3.1 rule)`);
      } else if (uids.length > 2 && room._id === composedDmRoomId(uids)) {
        problems.push(`${where}: a group DM whose _id is composed from its uids`);
      }
    }
    test.skip(checked === 0, 'the account has no DMs with uids to check');
    expectNoProblems(
      problems,
      `the ${checked} DM(s) in ${checkedAccount ? 'the checked account' : 'the account'}’s list`,
    );
  },
);
