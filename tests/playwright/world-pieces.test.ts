import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANNOTATION } from '../../src/core/run/check-outcome.js';
import {
  CHECKS,
  plannedChecks,
  WORLD_PIECES,
  type WorldPiece,
  worldPiecesOf,
} from '../../src/core/run/checks.js';
import type { RocketChatClient } from '../../src/playwright/rocketchat-client.js';
import type { SeededUser, Seeder } from '../../src/playwright/seeder.js';
import {
  buildWorld,
  NOT_WANTED,
  type WorldOptions,
  type WorldUsers,
  worldPiecesFor,
} from '../../src/playwright/shared-world.js';

// Preflight seeds the pieces of the shared world the planned checks read, and what those are built from:
// everything in a normal run, a piece or two for a mutation-matrix target that plans one check.

const ids = (profile: 'strict' | 'documented') =>
  plannedChecks(profile, true).planned.map((check) => check.id);

test('a run that plans every check of either profile seeds the whole world', () => {
  assert.deepEqual(worldPiecesFor(ids('strict')), [...WORLD_PIECES]);
  assert.deepEqual(worldPiecesFor(ids('documented')), [...WORLD_PIECES]);
});

test('checks that use no world seed none', () => {
  assert.deepEqual(worldPiecesFor([]), []);
  assert.deepEqual(worldPiecesFor(['auth/no-credentials', 'shape/room-fields-follow-writes']), []);
});

test('a check reading whatever the run seeded (reads-world) seeds every piece', () => {
  assert.deepEqual(worldPiecesFor(['shape/room-ids-unique']), [...WORLD_PIECES]);
  assert.deepEqual(worldPiecesFor(['updatedSince/remove-empty-without-updated-since']), [...WORLD_PIECES]);
});

test('a check seeds the pieces it names and the pieces those are built from', () => {
  const cases: Array<[string, WorldPiece[]]> = [
    ['updatedSince/remove-boundary-is-strict', ['deleted-room']],
    ['dm/same-room-whichever-side-creates', ['peer']],
    ['dm/uids-are-sorted-member-ids', ['peer', 'dms']],
    // The messaged DM is the first of the DMs, made with the peer's users.
    ['shape/last-message-matches-posted', ['peer', 'messages', 'dms']],
    // The rooms bring the discussion the room-kind checks read.
    ['updatedSince/boundary-is-strict', ['rooms', 'discussion']],
    ['updatedSince/millisecond-precision', ['peer', 'rooms', 'messages', 'dms', 'discussion']],
    // The rooms the admin is not in include the foreign DM and the peer's discussion in the admin's channel.
    ['shape/update-lists-only-callers-rooms', ['peer', 'rooms', 'dms', 'not-member', 'discussion']],
  ];
  for (const [check, pieces] of cases) assert.deepEqual(worldPiecesFor([check]), pieces, check);
});

test('every world check gets at least the pieces it names; a selection is the union of its checks', () => {
  for (const check of CHECKS) {
    const pieces = worldPiecesFor([check.id]);
    for (const piece of worldPiecesOf(check)) assert.ok(pieces.includes(piece), `${check.id}: ${piece}`);
  }
  const pair = ['updatedSince/remove-boundary-is-strict', 'dm/uids-are-sorted-member-ids'];
  assert.deepEqual(worldPiecesFor(pair), ['peer', 'deleted-room', 'dms']);
});

/** A seeder that answers every call at once and logs it, and the users preflight would hand over. */
function fakeWorld(
  pieces: readonly WorldPiece[],
  drawn: { ids?: string[]; more?: string[][]; loginWaitsFor?: (messagedRooms: string[]) => boolean } = {},
) {
  const calls: string[] = [];
  const messagedRooms: string[] = [];
  let next = 0;
  const room = (kind: string) => async () => {
    calls.push(kind);
    next += 1;
    return { _id: `${kind}-${next}`, kind, name: `${kind}-${next}` };
  };
  const seeder = {
    prefix: 'ct-test-w',
    admin: {} as RocketChatClient,
    channel: room('channel'),
    group: room('group'),
    team: async () => ({ ...(await room('team')()), teamId: `team-id-${next}` }),
    dm: room('dm'),
    discussion: room('discussion'),
    message: async (rid: string) => {
      calls.push('message');
      messagedRooms.push(rid);
      return { _id: `m-${++next}`, rid, msg: 'hello', ts: '2026-01-01T00:00:00.000Z' };
    },
    deleteRoom: async () => void calls.push('deleteRoom'),
    addToTeam: async () => void calls.push('addToTeam'),
    leave: async () => void calls.push('leave'),
  } as unknown as Seeder;
  // Ids with a pair whose order depends on letter case ("Abc" < "aab" in UTF-16); the peer sorts last.
  const user = (id: string): SeededUser => ({
    _id: id,
    username: `user-${id}`,
    name: `User ${id}`,
    password: 'pw',
  });
  const users = (drawn.ids ?? ['Abc', 'aab', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'zzz']).map(user);
  const more = [...(drawn.more ?? [])];
  const seeded: WorldUsers = pieces.includes('peer')
    ? {
        users: { ok: true, value: users },
        login: {
          ok: true,
          value: {
            client: {} as RocketChatClient,
            session: { userId: 'zzz', authToken: 't', username: 'user-zzz', kind: 'login' },
          },
        },
      }
    : { users: NOT_WANTED, login: NOT_WANTED };
  // The peer's login, held back until the test's condition holds of the messages posted so far (or a
  // second has passed: a world that waits for the login to post them must fail, not hang).
  const loginDone = async (): Promise<WorldUsers> => {
    const until = Date.now() + 1_000;
    while (drawn.loginWaitsFor && !drawn.loginWaitsFor(messagedRooms) && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 1));
    return seeded;
  };
  const options: WorldOptions = {
    pieces,
    users: loginDone(),
    firstUsers: Promise.resolve(seeded.users),
    moreUsers: async () => {
      const next = more.shift();
      if (!next) throw new Error('no more users are needed');
      return next.map(user);
    },
    refusal: () => {
      throw new Error('nothing is refused');
    },
    listAsPeer: async () => {
      calls.push('listAsPeer');
      return { status: 200, body: { update: [], remove: [], success: true } } as never;
    },
  };
  return { calls, build: () => buildWorld(seeder, { _id: 'admin', username: 'admin' }, options) };
}

test('the whole world records every piece built', async () => {
  const world = fakeWorld(WORLD_PIECES);
  const built = await world.build();
  assert.deepEqual(
    built.pieces.map((state) => [state.piece, state.built]),
    WORLD_PIECES.map((piece) => [piece, true]),
  );
  assert.ok(world.calls.includes('team') && world.calls.includes('listAsPeer'));
});

test('a narrowed world takes only the steps of its pieces and records only them', async () => {
  const deleted = fakeWorld(worldPiecesFor(['updatedSince/remove-boundary-is-strict']));
  const onlyDeleted = await deleted.build();
  assert.deepEqual(deleted.calls, ['channel', 'deleteRoom']);
  assert.deepEqual(onlyDeleted.pieces, [{ piece: 'deleted-room', built: true }]);
  assert.equal(onlyDeleted.channel, undefined);
  assert.equal('discussionSkipped' in onlyDeleted, false, 'an unwanted discussion is not a refused one');

  const dms = fakeWorld(worldPiecesFor(['dm/uids-are-sorted-member-ids']));
  const withDms = await dms.build();
  assert.deepEqual(withDms.pieces.map((state) => state.piece).sort(), ['dms', 'peer']);
  assert.deepEqual([...new Set(dms.calls)].sort(), ['dm', 'listAsPeer']);
  assert.ok(withDms.peer && withDms.oneToOne && withDms.peerListing);
});

test('a wanted piece whose input was left out is a bug, never a silently missing piece', async () => {
  await assert.rejects(fakeWorld(['messages']).build(), /messages was wanted but a step it is built from/);
});

test('a check naming a piece preflight did not seed is not judged, naming the piece', async () => {
  const { worldFor } = await import('../../src/playwright/fixtures/shared-world.js');
  const world = await fakeWorld(worldPiecesFor(['updatedSince/remove-boundary-is-strict'])).build();
  const annotations: Array<{ type: string; description?: string }> = [
    { type: ANNOTATION.check, description: 'dm/uids-are-sorted-member-ids' },
  ];
  assert.throws(
    () => worldFor(world, { annotations }),
    /Not judged — seeding: the shared world's dms not seeded for this target \(preflight seeded deleted-room/,
  );
  assert.ok(annotations.some((annotation) => annotation.type === ANNOTATION.notJudged));
  // The pieces it names were seeded: the world is its.
  assert.equal(
    worldFor(world, {
      annotations: [{ type: ANNOTATION.check, description: 'updatedSince/remove-boundary-is-strict' }],
    }),
    world,
  );
});

test('the foreign DM takes its case-dependent pair from drawn users whose ids sort above the peer’s too', async () => {
  // No pair among the first users; the second draw brings one, both above the peer "zzz" (which stays the
  // peer: the admin's and the peer's DMs never take them).
  const ids = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'zzz'];
  const world = await fakeWorld(WORLD_PIECES, {
    ids,
    more: [
      ['k9', 'ka'],
      ['zzzB', 'zzza'],
    ],
  }).build();
  assert.deepEqual(world.foreignDm?.members.map((member) => member._id).sort(), ['zzzB', 'zzza']);
  assert.equal(world.peer?._id, 'zzz');
  const inAdminsDms = world.oneToOne?.flatMap((dm) => dm.members.map((member) => member._id)) ?? [];
  assert.ok(!inAdminsDms.includes('zzzB') && !inAdminsDms.includes('zzza'), inAdminsDms.join(', '));
});

test("the messaged DM and its two messages do not wait for the peer's login", async () => {
  let dmMessages = 0;
  const world = await fakeWorld(WORLD_PIECES, {
    // The login ends only once two messages went into a DM (the channel's go to a room named channel-…).
    loginWaitsFor: (rooms) => {
      dmMessages = rooms.filter((rid) => rid.startsWith('dm-')).length;
      return dmMessages >= 2;
    },
  }).build();
  assert.equal(dmMessages, 2);
  const [, dm] = world.messaged ?? [];
  assert.equal(dm?.room._id, world.oneToOne?.[0]?._id, 'the messaged DM is the first 1:1 DM, made once');
  assert.equal(new Set(world.oneToOne?.map((room) => room._id)).size, world.oneToOne?.length);
});
