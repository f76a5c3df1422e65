import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ADMIN,
  Client,
  findRoom,
  type Json,
  login,
  request,
  sleep,
  startTestServer,
  type TestServer,
  uniqueName,
} from './helpers.js';

const INVALID_BODY = {
  success: false,
  error: 'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
  errorType: 'error-updatedSince-param-invalid',
};

async function createChannel(client: Client): Promise<Json> {
  const result = await client.post('/api/v1/channels.create', { name: uniqueName('room') });
  assert.equal(result.status, 200, result.text);
  return result.body.channel;
}

describe('rooms.get', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  // apps/meteor/tests/end-to-end/api/rooms.ts
  test("Rocket.Chat's e2e: a plain call has success, update and remove", async () => {
    const result = await server.admin.roomsGet();
    assert.equal(result.status, 200);
    assert.equal(result.body.success, true);
    assert.ok(Array.isArray(result.body.update));
    assert.deepEqual(result.body.remove, []);
  });

  test("Rocket.Chat's e2e: updatedSince = now gives two empty arrays on a quiet server", async () => {
    // Same process, same clock: the server's "now" is ours.
    await sleep(2);
    const result = await server.admin.roomsGet(new Date());
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.update, []);
    assert.deepEqual(result.body.remove, []);
    assert.equal(result.body.success, true);
  });

  test('sends JSON with no-store and no-cache', async () => {
    const result = await server.admin.roomsGet();
    assert.equal(result.headers.get('content-type'), 'application/json');
    assert.equal(result.headers.get('cache-control'), 'no-store');
    assert.equal(result.headers.get('pragma'), 'no-cache');
  });

  test('the boundary is strict: a room updated exactly at updatedSince is not listed, 1 ms earlier it is', async () => {
    const channel = await createChannel(server.admin);
    const updatedAt = findRoom(await server.admin.roomsGet(), channel._id)._updatedAt as string;
    assert.match(updatedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(findRoom(await server.admin.roomsGet(updatedAt), channel._id), undefined);
    const earlier = new Date(new Date(updatedAt).getTime() - 1);
    assert.ok(findRoom(await server.admin.roomsGet(earlier), channel._id));
  });

  test('a message bumps the room: listed after a cursor taken before it, with lastMessage current', async () => {
    const channel = await createChannel(server.admin);
    await sleep(2);
    const cursor = new Date();
    await sleep(2);
    const first = await server.admin.post('/api/v1/chat.postMessage', { roomId: channel._id, text: 'one' });
    const second = await server.admin.post('/api/v1/chat.postMessage', { roomId: channel._id, text: 'two' });
    assert.equal(typeof first.body.ts, 'number');
    const room = findRoom(await server.admin.roomsGet(cursor), channel._id);
    assert.ok(room, 'the bumped room is listed');
    assert.equal(room.msgs, 2);
    assert.equal(room.lastMessage._id, second.body.message._id);
    assert.equal(room.lm, second.body.message.ts);
    assert.deepEqual(room.lastMessage.md, [
      { type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'two' }] },
    ]);
  });

  test('trash: a deleted room is in remove as exactly {_id, _deletedAt}, for every caller, strictly after', async () => {
    const other = await server.createUser();
    const channel = await createChannel(server.admin);
    await sleep(2);
    const cursor = new Date();
    await sleep(2);
    assert.equal((await server.admin.post('/api/v1/channels.delete', { roomId: channel._id })).status, 200);

    const mine = await server.admin.roomsGet(cursor);
    const item = mine.body.remove.find((entry: Json) => entry._id === channel._id);
    assert.deepEqual(Object.keys(item).sort(), ['_deletedAt', '_id']);
    assert.equal(findRoom(mine, channel._id), undefined, 'not in update any more');
    // Workspace-wide: a user who never belonged to the room is told too.
    const theirs = await other.roomsGet(cursor);
    assert.ok(theirs.body.remove.some((entry: Json) => entry._id === channel._id));
    // Strict $gt on _deletedAt, and no remove without a date.
    const atDeletion = await server.admin.roomsGet(item._deletedAt);
    assert.ok(!atDeletion.body.remove.some((entry: Json) => entry._id === channel._id));
    assert.deepEqual((await server.admin.roomsGet()).body.remove, []);
  });

  test('users.delete sends the 1:1 DMs to the trash and bumps GENERAL', async () => {
    const user = await server.createUser();
    const dm = await server.admin.post('/api/v1/im.create', { username: user.username });
    await sleep(2);
    const cursor = new Date();
    await sleep(2);
    assert.equal((await server.admin.post('/api/v1/users.delete', { username: user.username })).status, 200);
    const result = await server.admin.roomsGet(cursor);
    assert.ok(result.body.remove.some((entry: Json) => entry._id === dm.body.room.rid));
    assert.ok(findRoom(result, 'GENERAL'), 'GENERAL lost a member, so it was updated');
  });

  test('an empty updatedSince lists everything; an invalid one is the exact 400', async () => {
    const empty = await server.admin.get('/api/v1/rooms.get', 'updatedSince=');
    assert.equal(empty.status, 200);
    assert.ok(findRoom(empty, 'GENERAL'));
    for (const value of ['yesterday', '1700000000000', '2017-13-01', ' 2017-11-25T15:08:17.248Z ']) {
      const result = await server.admin.roomsGet(value);
      assert.equal(result.status, 400, value);
      assert.deepEqual(result.body, INVALID_BODY);
    }
    const repeated = await server.admin.get(
      '/api/v1/rooms.get',
      'updatedSince=2017-01-01&updatedSince=2018-01-01',
    );
    assert.equal(repeated.status, 400);
  });

  test("V8's Date.parse decides: these odd values are accepted", async () => {
    for (const value of [
      '2017',
      '2017-11-25T15:08:17+02:00',
      'Sat, 25 Nov 2017 15:08:17 GMT',
      '2017-02-30',
      '0',
    ]) {
      assert.equal((await server.admin.roomsGet(value)).status, 200, value);
    }
  });

  test('authentication comes first: bad credentials and a bad date give 401', async () => {
    const stranger = new Client(server.url, { userId: 'nobody', authToken: 'nothing' });
    const result = await stranger.roomsGet('yesterday');
    assert.equal(result.status, 401);
    assert.equal(result.headers.get('x-ratelimit-limit'), null);
  });

  test('projection: DMs lack name, fname and u; nothing null; no internal fields', async () => {
    const user = await server.createUser();
    const dm = await server.admin.post('/api/v1/im.create', { username: user.username });
    const result = await server.admin.roomsGet();
    const room = findRoom(result, dm.body.room.rid);
    for (const key of ['name', 'fname', 'u']) assert.ok(!(key in room), key);
    assert.deepEqual(
      Object.keys(room).sort(),
      [
        '_id',
        '_updatedAt',
        'default',
        'msgs',
        'ro',
        'sysMes',
        't',
        'ts',
        'uids',
        'usernames',
        'usersCount',
      ].sort(),
    );
    for (const each of result.body.update) {
      assert.ok(!Object.values(each).includes(null), `${each._id} has a null field`);
      assert.ok(!('joinCode' in each));
    }
  });

  test('unknown query parameters are ignored', async () => {
    const result = await server.admin.get('/api/v1/rooms.get', { foo: 'bar', count: '1' });
    assert.equal(result.status, 200);
    assert.ok(result.body.update.length > 1);
  });

  test('the per-request log never shows query values or credentials', async () => {
    const lines: string[] = [];
    const logged = await startTestServer({ log: (line) => lines.push(line) });
    try {
      await logged.admin.roomsGet('2017-11-25T15:08:17.248Z');
      assert.ok(
        lines.some((line) => /^GET \/api\/v1\/rooms\.get 200 \d+ms$/.test(line)),
        lines.join('\n'),
      );
      const all = lines.join('\n');
      assert.ok(!all.includes('2017') && !all.includes(ADMIN.password) && !all.includes('?'));
      assert.ok(!all.includes(logged.admin.credentials?.authToken ?? '-'));
    } finally {
      await logged.close();
    }
  });

  test('RC_REFERENCE_SHUFFLE: same set, varying order', async () => {
    const shuffled = await startTestServer({ shuffle: true, seedRooms: 30 });
    try {
      const orders = new Set<string>();
      let ids: string | undefined;
      for (let i = 0; i < 5; i++) {
        const update: Json[] = (await shuffled.admin.roomsGet()).body.update;
        const order = update.map((room) => room._id);
        orders.add(order.join());
        ids ??= [...order].sort().join();
        assert.equal([...order].sort().join(), ids);
      }
      assert.ok(orders.size > 1, 'the order changed at least once in five calls');
    } finally {
      await shuffled.close();
    }
  });

  test('malformed JSON and missing parameters get Rocket.Chat 400 bodies; the server survives', async () => {
    const malformed = await request(`${server.url}/api/v1/channels.create`, {
      method: 'POST',
      headers: {
        'X-User-Id': server.admin.credentials?.userId ?? '',
        'X-Auth-Token': server.admin.credentials?.authToken ?? '',
      },
      rawBody: '{"name": ',
    });
    assert.equal(malformed.status, 400);
    assert.deepEqual(malformed.body, {
      success: false,
      errorType: 'invalid-params',
      error: "must have required property 'name'",
    });
    const duplicate = await createChannel(server.admin);
    const again = await server.admin.post('/api/v1/channels.create', { name: duplicate.name });
    assert.equal(again.status, 400);
    assert.equal(again.body.errorType, 'error-duplicate-channel-name');
    const unknownUser = await server.admin.post('/api/v1/im.create', { username: 'no-such-user' });
    assert.equal(unknownUser.status, 400);
    assert.deepEqual(unknownUser.body, {
      success: false,
      error: 'Invalid user [error-invalid-user]',
      errorType: 'error-invalid-user',
      details: { method: 'createDirectMessage' },
    });
    assert.equal((await server.admin.get('/api/info')).status, 200);
  });

  test('seeded rooms (RC_REFERENCE_SEED_ROOMS) belong to the checked account', async () => {
    const seeded = await startTestServer({
      seedRooms: 100,
      checkedUsername: 'checked',
      checkedPassword: 'pw-checked',
    });
    try {
      const checked = await login(seeded.url, 'checked', 'pw-checked');
      const update: Json[] = (await checked.roomsGet()).body.update;
      assert.equal(update.length, 101, '100 seeded rooms plus GENERAL');
      assert.deepEqual(new Set(update.map((room) => room.t)), new Set(['c', 'p', 'd']));
      assert.ok(update.some((room) => room.lastMessage));
      assert.ok(update.some((room) => room.uids?.includes('rocket.cat')));
    } finally {
      await seeded.close();
    }
  });
});
