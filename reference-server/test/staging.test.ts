import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveServerConfig } from '../src/config.js';
import { ROOM_FIELDS } from '../src/rules/projection.js';
import { findRoom, type Json, login, sleep, startTestServer, uniqueName } from './helpers.js';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('RC_REFERENCE_STAGING and its parts', () => {
  test('staging means 3 instances, ±200 ms, busy activity and legacy rooms; each part overridable', () => {
    const staging = resolveServerConfig({ staging: true });
    assert.equal(staging.instances, 3);
    assert.equal(staging.clockSkewMs, 200);
    assert.equal(staging.activity.mode, 'busy');
    assert.equal(staging.legacy, true);
    const overridden = resolveServerConfig({
      staging: true,
      instances: 1,
      activity: 'quiet',
      legacy: false,
      clockSkewMs: 0,
    });
    assert.deepEqual(
      [overridden.instances, overridden.clockSkewMs, overridden.activity.mode, overridden.legacy],
      [1, 0, 'quiet', false],
    );
    const stock = resolveServerConfig({});
    assert.deepEqual(
      [stock.instances, stock.clockSkewMs, stock.activity.mode, stock.legacy],
      [1, 0, 'quiet', false],
    );
  });

  test('instances answer in turn, each stamping writes with its own clock: a later write can be earlier', async () => {
    const server = await startTestServer({ instances: 2, clockSkewMs: 5_000 });
    try {
      const stamps: number[] = [];
      for (let i = 0; i < 4; i++) {
        const channel = (await server.admin.post('/api/v1/channels.create', { name: uniqueName('skew') }))
          .body.channel;
        stamps.push(Date.parse(channel._updatedAt));
      }
      const steps = stamps.slice(1).map((stamp, i) => stamp - (stamps[i] ?? 0));
      // Consecutive requests alternate between the instances at -5 s and +5 s: ±10 s steps.
      for (const step of steps) assert.ok(Math.abs(Math.abs(step) - 10_000) < 1_000, `step ${step} ms`);
      assert.ok(
        steps.some((step) => step < 0),
        'a later write carries an earlier timestamp',
      );
      const message = await server.admin.post('/api/v1/chat.postMessage', {
        roomId: 'GENERAL',
        text: 'when?',
      });
      assert.ok(Math.abs(Date.parse(message.body.message.ts) - Date.now()) > 3_000, 'messages too');
    } finally {
      await server.close();
    }
  });

  test('busy activity: others join GENERAL, post, create and delete rooms; bounded; stops on close', async () => {
    const server = await startTestServer({ activity: 'busy', activityIntervalMs: [1, 2] });
    try {
      const start = new Date(Date.now() - 1).toISOString();
      const before = findRoom(await server.admin.roomsGet(), 'GENERAL');
      await sleep(1_500);
      const activity = server.activity;
      assert.ok(activity, 'a busy server has an activity');
      assert.ok(activity.actions > 200, `${activity.actions} actions`);
      const after = await server.admin.roomsGet(start);
      const general = findRoom(after, 'GENERAL');
      assert.ok(general, 'GENERAL was updated by others');
      assert.notEqual(general._updatedAt, before._updatedAt);
      assert.ok(general.msgs > before.msgs, 'others posted');
      assert.ok(after.body.remove.length > 0, "others' deletions are in everyone's remove");
      const pool = activity.poolSize;
      assert.ok(pool.users <= 12 && pool.rooms <= 8 && pool.dms <= 6, JSON.stringify(pool));
      assert.ok(pool.messages <= 60 && pool.trash <= 100, JSON.stringify(pool));
      const users = (await server.admin.get('/api/v1/users.list', { count: '100' })).body.total;
      assert.ok(users < 30, `${users} users: the pool is recycled`);
    } finally {
      await server.close();
    }
    const stopped = server.activity?.actions ?? 0;
    await sleep(100);
    assert.equal(server.activity?.actions, stopped, 'no action after close');
  });

  test('legacy rooms: in the admin’s and the checked account’s lists, shaped as a real Rocket.Chat returns them', async () => {
    const server = await startTestServer({
      version: 8,
      legacy: true,
      checkedUsername: 'checked',
      checkedPassword: 'pw-checked',
    });
    try {
      const adminId = server.admin.credentials?.userId ?? '';
      const update: Json[] = (await server.admin.roomsGet()).body.update;
      const legacy = update.filter((room) => Date.parse(room.ts) < Date.parse('2025-01-01'));
      assert.ok(legacy.length >= 9, `${legacy.length} legacy rooms`);
      for (const room of legacy) {
        for (const key of ['_id', 't', '_updatedAt']) assert.ok(key in room, `${room._id} lacks ${key}`);
        assert.ok(['c', 'p', 'd', 'l', 'v'].includes(room.t));
        for (const key of Object.keys(room)) assert.ok(ROOM_FIELDS.includes(key), `${key} is no roomField`);
        for (const key of ['ts', '_updatedAt', 'lm'])
          if (key in room) assert.match(room[key], ISO_MS, `${room._id}.${key}`);
        assert.ok(Date.parse(room.ts) >= Date.parse('2018-01-01'));
        // announcementDetails alone: Rocket.Chat's newest IRoom types it `{ style? } | null`.
        for (const [key, value] of Object.entries(room))
          if (key !== 'announcementDetails') assert.notEqual(value, null, `${room._id}.${key} is null`);
        if (room.lastMessage) {
          assert.equal(typeof room.lastMessage.msg, 'string');
          assert.match(room.lastMessage.ts, ISO_MS);
          assert.match(room.lastMessage._updatedAt, ISO_MS);
        }
      }
      const archived = legacy.find((room) => room.archived === true);
      assert.ok(archived, 'an archived channel');
      assert.ok(Object.values(archived.customFields).includes(null), 'customFields with null');
      assert.deepEqual(archived.sysMes, ['uj', 'ul', 'ru', 'au']);
      assert.equal(archived.announcementDetails, null, 'an announcement saved without details');
      assert.equal(archived.lastMessage.md, undefined, 'from before the md era');
      assert.equal(archived.lastMessage.alias, 'Jenkins');
      assert.equal(archived.lastMessage.attachments[0].x_ticket.assignee, null);
      assert.ok(legacy.some((room) => room.teamMain === true && room.teamId));
      assert.ok(legacy.some((room) => room.broadcast === true && room.ro === true));
      assert.ok(legacy.some((room) => room.retention?.enabled === true && room.encrypted === true));
      assert.ok(
        legacy.some((room) => room.prid === archived._id),
        'a discussion',
      );
      const dms = legacy.filter((room) => room.t === 'd');
      assert.ok(
        dms.some((room) => room._id === `${adminId}${adminId}` && room.usersCount === 2),
        'a pre-3.1 self-DM',
      );
      const group = dms.find((room) => room.usersCount === 3);
      assert.match(group._id, /^[23456789A-HJ-NP-Za-km-z]{17}$/, 'a 3.1–6.1 group DM id');
      const composed = dms.find(
        (room) => room.uids[0] !== room.uids[1] && room._id === [...room.uids].sort().join(''),
      );
      assert.ok(composed, 'a 1:1 DM with a composed id on an 8.x server');
      // im.create finds the old DM again by its member set.
      const chen = composed.usernames.find((name: string) => name !== 'admin');
      const again = await server.admin.post('/api/v1/im.create', { username: chen });
      assert.equal(again.body.room?._id, composed._id, again.text);

      const checked = await login(server.url, 'checked', 'pw-checked');
      const theirs: Json[] = (await checked.roomsGet()).body.update;
      assert.ok(theirs.filter((room) => Date.parse(room.ts) < Date.parse('2025-01-01')).length >= 9);
    } finally {
      await server.close();
    }
  });
});
