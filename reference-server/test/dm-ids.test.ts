import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SeedUser } from '../src/config.js';
import type { ProfileMajor } from '../src/profiles.js';
import {
  type Client,
  findRoom,
  type Json,
  LOWER,
  loginSeed,
  sleep,
  startTestServer,
  type TestServer,
  UPPER,
} from './helpers.js';

/** Sorts after "rocket.cat" by code units ("z" > "r"), while LOWER ("a…") sorts before it. */
const ZED: SeedUser = { _id: 'zzzzzzzzzzzzzzzzz', username: 'zed', name: 'Zed', password: 'pw-zed' };
/** Display names that order the other way round from the usernames. */
const AMY: SeedUser = { _id: 'AmyAmyAmyAmyAmyAm', username: 'zz-amy', name: 'Amy', password: 'pw-amy' };
const BOB: SeedUser = { _id: 'BobBobBobBobBobBo', username: 'aa-bob', name: 'Bob', password: 'pw-bob' };
const SEED_USERS = [LOWER, UPPER, ZED, AMY, BOB];

const OBJECT_ID = /^[0-9a-f]{24}$/;

async function createDm(client: Client, body: Record<string, unknown>): Promise<Json> {
  const result = await client.post('/api/v1/im.create', body);
  assert.equal(result.status, 200, result.text);
  assert.equal(result.body.room._id, result.body.room.rid);
  assert.equal(result.body.room.t, 'd');
  return result.body.room;
}

for (const version of [6, 7, 8, 9] as ProfileMajor[]) {
  describe(`DM rooms, profile ${version}`, () => {
    let server: TestServer;
    let lower: Client;
    let upper: Client;
    before(async () => {
      server = await startTestServer({ version, seedUsers: SEED_USERS });
      lower = await loginSeed(server, LOWER);
      upper = await loginSeed(server, UPPER);
    });
    after(() => server.close());

    test('1:1: id rule, uids by UTF-16 code units ("Z" before "a"), same room from either side', async () => {
      const room = await createDm(lower, { username: UPPER.username });
      if (version >= 8) assert.match(room.rid, OBJECT_ID);
      else assert.equal(room.rid, `${UPPER._id}${LOWER._id}`, 'sorted by code units, not localeCompare');
      const listed = findRoom(await lower.roomsGet(), room.rid);
      assert.deepEqual(listed.uids, [UPPER._id, LOWER._id]);
      assert.deepEqual(
        listed.usernames,
        [LOWER.username, UPPER.username],
        'by display name: Xavier, Yolanda',
      );
      assert.equal(listed.usersCount, 2);
      const before = findRoom(await upper.roomsGet(), room.rid);
      assert.ok(before, 'the other member is subscribed too');
      await sleep(3);
      const again = await createDm(upper, { username: LOWER.username });
      assert.equal(again.rid, room.rid, 'the existing DM is returned from the other side');
      const after = findRoom(await upper.roomsGet(), room.rid);
      assert.equal(
        after._updatedAt,
        before._updatedAt,
        're-creating an existing DM writes nothing to the room',
      );
    });

    test('rocket.cat: its _id is literally "rocket.cat" and sorts like any other id', async () => {
      const before = await createDm(lower, { username: 'rocket.cat' });
      const afterCat = await createDm(await loginSeed(server, ZED), { username: 'rocket.cat' });
      if (version >= 8) {
        assert.match(before.rid, OBJECT_ID);
        assert.match(afterCat.rid, OBJECT_ID);
      } else {
        assert.equal(before.rid, `${LOWER._id}rocket.cat`);
        assert.equal(afterCat.rid, `rocket.cat${ZED._id}`);
      }
    });

    test('self-DM: an ObjectId, one member, usersCount 1', async () => {
      const room = await createDm(lower, { username: LOWER.username });
      assert.match(room.rid, OBJECT_ID);
      const listed = findRoom(await lower.roomsGet(), room.rid);
      assert.deepEqual(listed.uids, [LOWER._id]);
      assert.deepEqual(listed.usernames, [LOWER.username]);
      assert.equal(listed.usersCount, 1);
      assert.equal((await createDm(lower, { username: LOWER.username })).rid, room.rid);
    });

    test('group DM: an ObjectId, usernames by display name, found again by its member set', async () => {
      const amy = await loginSeed(server, AMY);
      const room = await createDm(amy, { usernames: `${BOB.username}, ${LOWER.username}` });
      assert.match(room.rid, OBJECT_ID);
      const listed = findRoom(await amy.roomsGet(), room.rid);
      assert.deepEqual(listed.usernames, [AMY.username, BOB.username, LOWER.username], 'Amy, Bob, Xavier');
      assert.deepEqual(listed.uids, [AMY._id, BOB._id, LOWER._id].sort());
      assert.equal(listed.usersCount, 3);
      for (const key of ['name', 'fname', 'u']) assert.ok(!(key in listed), key);
      const again = await createDm(lower, { usernames: `${AMY.username},${BOB.username}` });
      assert.equal(again.rid, room.rid);
    });

    test('excludeSelf (admin): just the listed users', async () => {
      const room = await createDm(server.admin, {
        usernames: `${LOWER.username},${UPPER.username}`,
        excludeSelf: true,
      });
      assert.deepEqual(new Set(room.usernames), new Set([LOWER.username, UPPER.username]));
    });

    test('im.create wants exactly one of username / usernames', async () => {
      for (const body of [{}, { username: 'zed', usernames: 'zed' }, { username: 'zed', extra: 1 }]) {
        const result = await lower.post('/api/v1/im.create', body);
        assert.equal(result.status, 400, JSON.stringify(body));
        assert.equal(result.body.errorType, 'invalid-params');
        assert.equal(result.body.success, false);
      }
    });

    test('im.delete: delete-d is admin-only (a member gets 400); the admin puts the DM in remove', async () => {
      const room = await createDm(upper, { username: ZED.username });
      await sleep(2);
      const cursor = new Date();
      await sleep(2);
      // Rocket.Chat's own e2e test "/im.delete … non-admin user": 400, success false.
      const refused = await upper.post('/api/v1/dm.delete', { roomId: room.rid });
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body, {
        success: false,
        error: 'Not allowed [error-not-allowed]',
        errorType: 'error-not-allowed',
        details: { method: 'eraseRoom' },
      });
      assert.equal((await server.admin.post('/api/v1/dm.delete', { roomId: room.rid })).status, 200);
      const result = await upper.roomsGet(cursor);
      assert.ok(result.body.remove.some((entry: Json) => entry._id === room.rid));
      assert.equal(findRoom(result, room.rid), undefined);
    });
  });
}
