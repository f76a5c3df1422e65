import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findRoom, type Json, sleep, startTestServer, type TestServer, uniqueName } from './helpers.js';

describe('seeding and cleanup endpoints', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('users.create joins GENERAL and bumps it; joinDefaultChannels:false does not', async () => {
    const before = findRoom(await server.admin.roomsGet(), 'GENERAL');
    await sleep(2);
    const username = uniqueName('loner');
    const created = await server.admin.post('/api/v1/users.create', {
      username,
      name: 'Loner',
      email: `${username}@example.invalid`,
      password: 'pw',
      joinDefaultChannels: false,
    });
    assert.equal(created.status, 200);
    assert.equal(findRoom(await server.admin.roomsGet(), 'GENERAL')._updatedAt, before._updatedAt);
    await server.createUser();
    const after = findRoom(await server.admin.roomsGet(), 'GENERAL');
    assert.equal(after.usersCount, before.usersCount + 1);
    assert.notEqual(after._updatedAt, before._updatedAt);
  });

  test('users.list pages with count/offset/total', async () => {
    const page = await server.admin.get('/api/v1/users.list', { count: '2', offset: '1' });
    assert.equal(page.status, 200);
    assert.equal(page.body.count, 2);
    assert.equal(page.body.offset, 1);
    assert.ok(page.body.total >= 3);
    assert.ok(page.body.users.every((user: Json) => !('services' in user)));
  });

  test('rooms.createDiscussion: prid, the parent type, random name, fname = t_name; the parent gets a message', async () => {
    const parent = (await server.admin.post('/api/v1/groups.create', { name: uniqueName('parent') })).body
      .group;
    const created = await server.admin.post('/api/v1/rooms.createDiscussion', {
      prid: parent._id,
      t_name: 'A topic',
    });
    assert.equal(created.status, 200, created.text);
    const { discussion } = created.body;
    assert.equal(discussion.prid, parent._id);
    assert.equal(discussion.t, 'p');
    assert.equal(discussion.fname, 'A topic');
    assert.match(discussion.name, /^[23456789A-HJ-NP-Za-km-z]{17}$/);
    const listed = await server.admin.roomsGet();
    assert.equal(findRoom(listed, discussion._id).prid, parent._id);
    assert.equal(findRoom(listed, parent._id).lastMessage.t, 'discussion-created');
    // Deleting the parent takes the discussion with it.
    await sleep(2);
    const cursor = new Date();
    await sleep(2);
    await server.admin.post('/api/v1/groups.delete', { roomName: parent.name });
    const removed = (await server.admin.roomsGet(cursor)).body.remove.map((entry: Json) => entry._id);
    assert.deepEqual(new Set(removed), new Set([parent._id, discussion._id]));
  });

  test('rooms.adminRooms filters by name and type', async () => {
    const name = uniqueName('findme');
    await server.admin.post('/api/v1/channels.create', { name });
    const found = await server.admin.get('/api/v1/rooms.adminRooms', `filter=${name}&types[]=c`);
    assert.equal(found.status, 200);
    assert.deepEqual(
      found.body.rooms.map((room: Json) => room.name),
      [name],
    );
    const none = await server.admin.get('/api/v1/rooms.adminRooms', `filter=${name}&types[]=p`);
    assert.equal(none.body.total, 0);
  });

  test('chat.postMessage by #channel and @username; rooms.delete; a normal user may not delete what is not theirs', async () => {
    const user = await server.createUser();
    const name = uniqueName('talk');
    const channel = (await server.admin.post('/api/v1/channels.create', { name })).body.channel;
    const byName = await user.post('/api/v1/chat.postMessage', { channel: `#${name}`, text: 'hi' });
    assert.equal(byName.status, 200);
    assert.equal(byName.body.channel, `#${name}`);
    assert.equal(byName.body.message.rid, channel._id);
    const direct = await user.post('/api/v1/chat.postMessage', { channel: '@admin', text: 'hello' });
    assert.equal(direct.status, 200);
    assert.equal(findRoom(await server.admin.roomsGet(), direct.body.message.rid).lastMessage.msg, 'hello');
    const refused = await user.post('/api/v1/rooms.delete', { roomId: channel._id });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errorType, 'error-not-allowed');
    assert.equal((await server.admin.post('/api/v1/rooms.delete', { roomId: channel._id })).status, 200);
    assert.deepEqual((await server.admin.post('/api/v1/rooms.delete', {})).body, {
      success: false,
      error: "'roomId' is required",
    });
  });
});
