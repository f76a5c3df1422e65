import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findRoom, type Json, sleep, startTestServer, type TestServer, uniqueName } from './helpers.js';

const earlierThan = (iso: string): string => new Date(Date.parse(iso) - 1).toISOString();

describe('teams', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('teams.create: the team document, and a main room (teamMain, teamId) the creator owns', async () => {
    const member = await server.createUser();
    const memberId = member.credentials?.userId;
    const name = uniqueName('team');
    const created = await server.admin.post('/api/v1/teams.create', { name, type: 1, members: [memberId] });
    assert.equal(created.status, 200, created.text);
    const { team } = created.body;
    assert.deepEqual(Object.keys(team), [
      '_id',
      'name',
      'type',
      'createdAt',
      'createdBy',
      '_updatedAt',
      'roomId',
    ]);
    assert.match(team._id, /^[0-9a-f]{24}$/);
    assert.equal(team.type, 1);
    assert.deepEqual(team.createdBy, { _id: server.admin.credentials?.userId, username: 'admin' });
    const main = findRoom(await server.admin.roomsGet(), team.roomId);
    assert.equal(main.t, 'p');
    assert.equal(main.teamMain, true);
    assert.equal(main.teamId, team._id);
    assert.equal(main.usersCount, 2);
    assert.ok(findRoom(await member.roomsGet(), team.roomId), 'members join the main room');
    const again = await server.admin.post('/api/v1/teams.create', { name, type: 0 });
    assert.deepEqual(again.body, { success: false, error: 'team-name-already-exists' });
    const bad = await server.admin.post('/api/v1/teams.create', { name: uniqueName('team') });
    assert.equal(bad.body.errorType, 'invalid-params');
  });

  test('teams.addRooms sets teamId (an update: _updatedAt moves); only the room owner may add it', async () => {
    const team = (await server.admin.post('/api/v1/teams.create', { name: uniqueName('team'), type: 0 })).body
      .team;
    const room = (await server.admin.post('/api/v1/channels.create', { name: uniqueName('tr') })).body
      .channel;
    await sleep(3);
    const added = await server.admin.post('/api/v1/teams.addRooms', { teamId: team._id, rooms: [room._id] });
    assert.equal(added.status, 200, added.text);
    assert.equal(added.body.rooms[0].teamId, team._id);
    const listed = findRoom(
      await server.admin.roomsGet(earlierThan(added.body.rooms[0]._updatedAt)),
      room._id,
    );
    assert.equal(listed.teamId, team._id);
    assert.ok(Date.parse(listed._updatedAt) > Date.parse(room._updatedAt));
    const again = await server.admin.post('/api/v1/teams.addRooms', {
      teamName: team.name,
      rooms: [room._id],
    });
    assert.deepEqual(again.body, { success: false, error: 'room-already-on-team' });
    const someone = await server.createUser();
    const theirs = (await someone.post('/api/v1/channels.create', { name: uniqueName('theirs') })).body
      .channel;
    const notOwner = await server.admin.post('/api/v1/teams.addRooms', {
      teamId: team._id,
      rooms: [theirs._id],
    });
    assert.deepEqual(notOwner.body, { success: false, error: 'error-no-owner-channel' });
    const missing = await server.admin.post('/api/v1/teams.addRooms', { teamId: 'nope', rooms: [] });
    assert.deepEqual(missing.body, { success: false, error: 'team-does-not-exist' });
  });

  test("a discussion's type follows its parent: public only under a public channel outside a private team", async () => {
    const teamChannel = async (type: 0 | 1): Promise<string> => {
      const team = (await server.admin.post('/api/v1/teams.create', { name: uniqueName('team'), type })).body
        .team;
      const channel = (await server.admin.post('/api/v1/channels.create', { name: uniqueName('tc') })).body
        .channel;
      await server.admin.post('/api/v1/teams.addRooms', { teamId: team._id, rooms: [channel._id] });
      return channel._id;
    };
    const parents = [
      (await server.admin.post('/api/v1/channels.create', { name: uniqueName('c') })).body.channel._id,
      (await server.admin.post('/api/v1/groups.create', { name: uniqueName('p') })).body.group._id,
      await teamChannel(0),
      await teamChannel(1),
    ];
    const types: string[] = [];
    for (const prid of parents) {
      const created = await server.admin.post('/api/v1/rooms.createDiscussion', {
        prid,
        t_name: uniqueName('d'),
      });
      assert.equal(created.status, 200, created.text);
      types.push(findRoom(await server.admin.roomsGet(), created.body.discussion._id).t);
    }
    assert.deepEqual(types, ['c', 'p', 'c', 'p']);
  });

  test('rooms.delete refuses a main room; teams.delete trashes it and the chosen rooms, frees the others', async () => {
    const team = (await server.admin.post('/api/v1/teams.create', { name: uniqueName('team'), type: 0 })).body
      .team;
    const refused = await server.admin.post('/api/v1/rooms.delete', { roomId: team.roomId });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, {
      success: false,
      error: 'Cannot delete a team channel [error-cannot-delete-team-channel]',
      errorType: 'error-cannot-delete-team-channel',
      details: { method: 'eraseRoom' },
    });
    const gone = (await server.admin.post('/api/v1/channels.create', { name: uniqueName('gone') })).body
      .channel;
    const kept = (await server.admin.post('/api/v1/channels.create', { name: uniqueName('kept') })).body
      .channel;
    await server.admin.post('/api/v1/teams.addRooms', { teamId: team._id, rooms: [gone._id, kept._id] });
    const member = await server.createUser();
    const forbidden = await member.post('/api/v1/teams.delete', { teamId: team._id });
    assert.deepEqual(forbidden.body, { success: false, error: 'unauthorized' });
    await sleep(2);
    const cursor = new Date();
    await sleep(2);
    assert.equal(
      (await server.admin.post('/api/v1/teams.delete', { teamId: team._id, roomsToRemove: [gone._id] }))
        .status,
      200,
    );
    const after = await server.admin.roomsGet(cursor);
    const removed = after.body.remove.map((entry: Json) => entry._id);
    assert.ok(removed.includes(team.roomId) && removed.includes(gone._id));
    assert.ok(!removed.includes(kept._id));
    const freed = findRoom(after, kept._id);
    assert.ok(freed, 'the kept room was updated ($unset teamId)');
    assert.equal('teamId' in freed, false);
  });
});

describe('channels/groups invite and leave', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('invite: a subscription, usersCount + 1, _updatedAt bumped; owners may, plain members may not', async () => {
    const [a, b] = [await server.createUser(), await server.createUser()];
    const channel = (await server.admin.post('/api/v1/channels.create', { name: uniqueName('inv') })).body
      .channel;
    await sleep(3);
    const invited = await server.admin.post('/api/v1/channels.invite', {
      roomId: channel._id,
      userId: a.credentials?.userId,
    });
    assert.equal(invited.status, 200, invited.text);
    assert.equal(invited.body.channel._id, channel._id);
    assert.equal(invited.body.channel.usersCount, 2);
    assert.ok(Date.parse(invited.body.channel._updatedAt) > Date.parse(channel._updatedAt));
    assert.ok(findRoom(await a.roomsGet(), channel._id), 'the invitee lists the room');
    // add-user-to-joined-room: admin, owner, moderator; add-user-to-any-c-room: admin.
    const byMember = await a.post('/api/v1/channels.invite', {
      roomId: channel._id,
      userId: b.credentials?.userId,
    });
    assert.deepEqual(byMember.body, {
      success: false,
      error: 'Not allowed [error-not-allowed]',
      errorType: 'error-not-allowed',
      details: { method: 'addUsersToRoom' },
    });
    const empty = await server.admin.post('/api/v1/channels.invite', { roomId: channel._id });
    assert.deepEqual(empty.body, {
      success: false,
      error: 'invalid-user-invite-list',
      errorType: 'Cannot invite if no users are provided',
    });
    const group = (await a.post('/api/v1/groups.create', { name: uniqueName('g') })).body.group;
    const byOwner = await a.post('/api/v1/groups.invite', {
      roomId: group._id,
      userIds: [b.credentials?.userId],
    });
    assert.equal(byOwner.status, 200, byOwner.text);
    assert.equal(byOwner.body.group.usersCount, 2);
  });

  test('leave: the subscription goes, usersCount − 1, _updatedAt bumped; the last owner may not leave', async () => {
    const a = await server.createUser();
    const group = (
      await server.admin.post('/api/v1/groups.create', { name: uniqueName('lv'), members: [a.username] })
    ).body.group;
    await sleep(3);
    const left = await a.post('/api/v1/groups.leave', { roomId: group._id });
    assert.deepEqual(left.body, { success: true }, 'groups.leave answers success only');
    assert.equal(findRoom(await a.roomsGet(), group._id), undefined);
    const now = findRoom(await server.admin.roomsGet(), group._id);
    assert.equal(now.usersCount, 1);
    assert.ok(Date.parse(now._updatedAt) > Date.parse(group._updatedAt));
    const lastOwner = await server.admin.post('/api/v1/groups.leave', { roomId: group._id });
    assert.deepEqual(lastOwner.body, {
      success: false,
      error:
        'You are the last owner. Please set new owner before leaving the room. [error-you-are-last-owner]',
      errorType: 'error-you-are-last-owner',
      details: { method: 'leaveRoom' },
    });
    const channel = (
      await server.admin.post('/api/v1/channels.create', { name: uniqueName('lc'), members: [a.username] })
    ).body.channel;
    const leftChannel = await a.post('/api/v1/channels.leave', { roomName: channel.name });
    assert.equal(leftChannel.body.channel._id, channel._id, 'channels.leave answers the channel');
    const notIn = await a.post('/api/v1/channels.leave', { roomId: channel._id });
    assert.equal(notIn.body.errorType, 'error-user-not-in-room');
  });
});

describe('users.update', () => {
  test('gated on the route; edit-other-user-info for others; name, e-mail and verified', async () => {
    const server = await startTestServer();
    try {
      const user = await server.createUser();
      const userId = user.credentials?.userId;
      const bare = await server.admin
        .withHeaders({})
        .post('/api/v1/users.update', { userId, data: { name: 'X' } });
      assert.equal(bare.status, 400);
      assert.equal(bare.body.errorType, 'totp-required');
      const updated = await server.admin.post('/api/v1/users.update', {
        userId,
        data: { name: 'New Name', email: `${user.username}@new.invalid`, verified: true },
      });
      assert.equal(updated.status, 200, updated.text);
      assert.equal(updated.body.user.name, 'New Name');
      assert.deepEqual(updated.body.user.emails, [
        { address: `${user.username}@new.invalid`, verified: true },
      ]);
      assert.equal('services' in updated.body.user, false);
      // A fresh user passes the gate (remember right after registration) but may not edit others.
      const other = await server.createUser();
      const refused = await user.post('/api/v1/users.update', {
        userId: other.credentials?.userId,
        data: { name: 'no' },
      });
      assert.deepEqual(refused.body, {
        success: false,
        error: 'Editing user is not allowed [error-action-not-allowed]',
        errorType: 'error-action-not-allowed',
        details: { method: 'insertOrUpdateUser', action: 'Editing_user' },
      });
    } finally {
      await server.close();
    }
  });
});
