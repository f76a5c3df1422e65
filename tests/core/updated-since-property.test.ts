import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  exploreUpdatedSince,
  PROPERTY_REQUEST_BUDGET,
  PROPERTY_RUNS,
  type TimedRoom,
  type UpdatedSinceServer,
} from '../../src/core/rocketchat/updated-since-property.js';
import {
  dateOnlySpelling,
  parseReplay,
  replayValue,
  spellInstant,
  zonelessSpelling,
} from '../../src/core/rocketchat/updated-since.js';

const ROOMS: readonly TimedRoom[] = [
  { id: 'group', label: 'private group', updatedAt: '2026-12-07T04:30:12.348Z' },
  { id: 'channel', label: 'messaged channel', updatedAt: '2026-12-07T04:30:12.911Z' },
];

/** A fake rooms.get over ROOMS: `read` turns an updatedSince into the instant the server compares with. */
function fakeServer(
  read: (value: string) => number,
  options: { inclusive?: boolean; stamps?: () => ReadonlyMap<string, string> } = {},
) {
  let calls = 0;
  const stampsNow = options.stamps ?? (() => new Map(ROOMS.map((room) => [room.id, room.updatedAt])));
  const server: UpdatedSinceServer = {
    async listed(value) {
      calls++;
      const since = read(value);
      const listed = [...stampsNow()].filter(([, at]) =>
        options.inclusive ? Date.parse(at) >= since : Date.parse(at) > since,
      );
      return { listed: new Set(listed.map(([id]) => id)) };
    },
    async reread() {
      calls++;
      return stampsNow();
    },
  };
  return { server, calls: () => calls };
}

const V8 = (value: string) => Date.parse(value);
/** The broken readings the reference server's updatedSince faults imitate, written here on their own. */
const BROKEN: Record<string, { read: (value: string) => number; inclusive?: boolean }> = {
  inclusive: { read: V8, inclusive: true },
  seconds: { read: (value) => Math.floor(Date.parse(value) / 1000) * 1000 },
  'offset dropped': { read: (value) => Date.parse(value.replace(/(Z|[+-]\d{2}:\d{2})$/, 'Z')) },
  'quarter-hour minutes ignored': {
    read: (value) =>
      Date.parse(
        value.replace(/([+-]\d{2}):(\d{2})$/, (all, hours, minutes) =>
          minutes === '00' || minutes === '30' ? all : `${hours}:00`,
        ),
      ),
  },
};

describe('spellings of an instant', () => {
  const instant = Date.parse('2017-11-25T15:08:17.248Z');
  test('every offset and precision names the instant it says, truncated to what it can write', () => {
    assert.equal(spellInstant(instant, 345, 3).value, '2017-11-25T20:53:17.248+05:45');
    assert.equal(spellInstant(instant, -570, 9).value, '2017-11-25T05:38:17.248000000-09:30');
    assert.equal(spellInstant(instant, 840, 'seconds').value, '2017-11-26T05:08:17+14:00');
    assert.equal(spellInstant(instant, -720, 'minutes').value, '2017-11-25T03:08-12:00');
    assert.equal(spellInstant(instant, -7, 1).value, '2017-11-25T15:01:17.2-00:07');
    assert.equal(spellInstant(instant, 'Z', 2).value, '2017-11-25T15:08:17.24Z');
    for (const zone of ['Z', 0, 345, -570, 840, -720, 1439, -1439] as const)
      for (const precision of ['minutes', 'seconds', 1, 2, 3, 4, 9] as const) {
        const { value, epochMs } = spellInstant(instant, zone, precision);
        assert.equal(Date.parse(value), epochMs, value);
        assert.ok(epochMs <= instant && instant - epochMs < 60_000, value);
      }
  });
  test('the server-dependent spellings are written from the UTC wall clock', () => {
    assert.equal(zonelessSpelling(instant), '2017-11-25T15:08:17.248');
    assert.equal(dateOnlySpelling(instant), '2017-11-25');
  });
});

describe('the updatedSince property', () => {
  test('a server that reads the grammar as V8 does holds, within the request budget', async () => {
    const fake = fakeServer(V8);
    const verdict = await exploreUpdatedSince(ROOMS, fake.server);
    assert.equal(verdict.kind, 'held');
    assert.ok(fake.calls() <= PROPERTY_RUNS, `${fake.calls()} requests`);
  });

  for (const [name, broken] of Object.entries(BROKEN)) {
    test(`catches a server whose updatedSince is ${name}, in every one of 40 seeds, within the budget`, async () => {
      for (let seed = 1; seed <= 40; seed++) {
        const fake = fakeServer(broken.read, broken);
        const verdict = await exploreUpdatedSince(ROOMS, fake.server, { replay: { seed } });
        assert.equal(verdict.kind, 'failed', `seed ${seed}`);
        assert.ok(fake.calls() <= PROPERTY_REQUEST_BUDGET, `seed ${seed}: ${fake.calls()} requests`);
      }
    });
  }

  test('a failure replays from its seed, and straight from its seed and path, to the same counterexample', async () => {
    const broken = BROKEN['quarter-hour minutes ignored'] as (typeof BROKEN)[string];
    const first = await exploreUpdatedSince(ROOMS, fakeServer(broken.read).server);
    assert.equal(first.kind, 'failed');
    if (first.kind !== 'failed') return;
    assert.match(first.description, /^updatedSince=\S+[+-]\d{2}:(?!00|30)\d{2} /);
    assert.ok(first.mismatches.length > 0);

    const again = await exploreUpdatedSince(ROOMS, fakeServer(broken.read).server, {
      replay: { seed: first.seed },
    });
    assert.equal(again.kind, 'failed');
    if (again.kind !== 'failed') return;
    assert.deepEqual(again.counterexample, first.counterexample);
    assert.equal(again.path, first.path);

    const replay = parseReplay(replayValue({ seed: first.seed, path: first.path }));
    assert.deepEqual(replay, { seed: first.seed, path: first.path });
    const direct = fakeServer(broken.read);
    const straight = await exploreUpdatedSince(ROOMS, direct.server, { replay });
    assert.equal(straight.kind, 'failed');
    if (straight.kind !== 'failed') return;
    assert.deepEqual(straight.counterexample, first.counterexample);
    assert.equal(
      direct.calls(),
      2,
      'a replay at a path asks the counterexample alone, and re-reads the rooms once',
    );
    // The same path on a server that reads it right: the counterexample holds now.
    const fixed = await exploreUpdatedSince(ROOMS, fakeServer(V8).server, { replay });
    assert.equal(fixed.kind, 'replay-held');
  });

  test('a valid spelling refused is a failure, shrunk like a wrong listing', async () => {
    const right = fakeServer(V8).server;
    const server: UpdatedSinceServer = {
      listed: async (value) =>
        /\+14:00$/.test(value) ? { refused: '400 {"success":false}' } : right.listed(value),
      reread: () => right.reread(),
    };
    const verdict = await exploreUpdatedSince(ROOMS, server, { replay: { seed: 3 } });
    assert.equal(verdict.kind, 'failed');
    if (verdict.kind !== 'failed') return;
    assert.match(verdict.description, /\+14:00 /);
    assert.deepEqual(verdict.mismatches, ['rooms.get answered 400 {"success":false} instead of a listing']);
  });

  test('a room that moved while the check ran is re-read, not failed', async () => {
    // The channel is written to after the model's listing: the server lists it by its new _updatedAt.
    const now = new Map(ROOMS.map((room) => [room.id, room.updatedAt]));
    now.set('channel', '2026-12-07T05:10:00.001Z');
    const fake = fakeServer(V8, { stamps: () => now });
    const verdict = await exploreUpdatedSince(ROOMS, fake.server, { replay: { seed: 7 } });
    assert.equal(verdict.kind, 'held');
    assert.match(verdict.moved.join(), /channel channel moved to _updatedAt 2026-12-07T05:10:00.001Z/);
    assert.ok(fake.calls() <= PROPERTY_REQUEST_BUDGET);
  });

  test('CONTRACT_PROPERTY_SEED: a seed, or a seed and a path; anything else is not one', () => {
    assert.deepEqual(parseReplay('-1234'), { seed: -1234 });
    assert.deepEqual(parseReplay('42:3:0:1'), { seed: 42, path: '3:0:1' });
    for (const bad of ['', 'abc', '1.5', '42:', '42:a', '99999999999', ':3'])
      assert.equal(parseReplay(bad), undefined, bad);
  });
});
