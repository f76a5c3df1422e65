import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nullAllowance, unexpectedNulls } from '../../src/core/contract/absent-not-null.js';
import { computeDrift, fieldInventory } from '../../src/core/contract/drift.js';
import { renderDriftMarkdown } from '../../src/core/results/summary-render.js';
import {
  declaredFields,
  documentationTypingsDisagreements,
  roomTypingsFor,
  TYPINGS_RELEASES,
  typingsReleaseFor,
  typingsRoomSchema,
} from '../../src/core/contract/typings.js';
import { readContractSchema } from '../../src/core/contract/validation.js';

const strict200 = readContractSchema('rooms.get', 200, 'strict');
const documented200 = readContractSchema('rooms.get', 200, 'documented');

describe("Rocket.Chat's typings: which release judges a server", () => {
  test('each major line maps to the installed release at or below it, and says which it used', () => {
    const cases: Array<[string | undefined, string, RegExp]> = [
      ['6.5.2', '6.13.1', /the 6\.x release installed/],
      ['6.13.1', '6.13.1', /the 6\.x release installed/],
      ['7.4.1', '6.13.1', /no 7\.x typings installed: 6\.13\.1, the nearest release below server 7\.4\.1/],
      ['8.0.0', '8.3.8', /the 8\.x release installed/],
      ['8.9.1', '8.3.8', /the 8\.x release installed/],
      ['9.0.0-rc.1', '8.3.8', /no 9\.x typings installed: 8\.3\.8/],
      ['5.4.0', '6.13.1', /no typings at or below 5\.4\.0: the oldest installed/],
      [undefined, '6.13.1', /server version unknown/],
      ['(unknown: the preflight did not run)', '6.13.1', /server version unknown/],
    ];
    for (const [version, release, note] of cases) {
      const choice = typingsReleaseFor(version);
      assert.equal(choice.release, release, String(version));
      assert.match(choice.note, note, String(version));
    }
  });

  test('every installed release has a committed schema of a listed room', () => {
    for (const release of TYPINGS_RELEASES) assert.ok(typingsRoomSchema(release), release);
  });
});

describe('drift sorts each field seen three ways', () => {
  const body = {
    update: [
      {
        _id: 'r1',
        t: 'c',
        _updatedAt: '2024-01-01T00:00:00.000Z',
        name: 'documented',
        fname: 'typed by Rocket.Chat',
        customFields: { anything: 1 },
        v: { _id: 'visitor' },
        inventedByAFork: true,
        lastMessage: { _id: 'm', msg: 'x', tshow: true, fromAPlugin: 1 },
      },
    ],
    remove: [],
    success: true,
  };

  test('documented, typed by Rocket.Chat (with the release), or declared nowhere', () => {
    const typings = roomTypingsFor('7.2.0');
    const drift = computeDrift([fieldInventory(body)], documented200, typings);
    assert.deepEqual(drift.typings, {
      release: '6.13.1',
      note: 'no 7.x typings installed: 6.13.1, the nearest release below server 7.2.0',
    });
    const fields = Object.fromEntries(
      (drift.undocumentedRoomFields[0]?.fields ?? []).map((field) => [
        field.path,
        field.typedBy ?? 'nowhere',
      ]),
    );
    assert.deepEqual(fields, {
      customFields: '6.13.1',
      'customFields.anything': '6.13.1',
      fname: '6.13.1',
      inventedByAFork: 'nowhere',
      'lastMessage.fromAPlugin': 'nowhere',
      'lastMessage.tshow': '6.13.1',
      v: '6.13.1',
      'v._id': '6.13.1',
    });
  });

  test('conformance.md names the release and lists the fields typed nowhere apart', () => {
    const drift = computeDrift([fieldInventory(body)], documented200, roomTypingsFor('8.1.0'));
    const markdown = renderDriftMarkdown(drift).join('\n');
    assert.match(
      markdown,
      /typed by Rocket\.Chat \(its published typings, release 8\.3\.8: the 8\.x release/,
    );
    assert.match(
      markdown,
      /- Declared nowhere, in rooms of type `c` \(1 rooms\): `inventedByAFork`, `lastMessage\.fromAPlugin`/,
    );
    assert.match(
      markdown,
      /- Undocumented, typed by Rocket\.Chat 8\.3\.8, in rooms of type `c` \(1 rooms\): `customFields`/,
    );
  });
});

describe('absent fields: a null only where no contract source allows it', () => {
  const room = (fields: Record<string, unknown>) => ({ _id: 'r', t: 'c', _updatedAt: 'x', ...fields });

  test('announcementDetails: null passes (Rocket.Chat types it { style? } | null); topic: null fails', () => {
    const { allowed } = nullAllowance(strict200, '8.1.0');
    assert.deepEqual(unexpectedNulls(room({ announcementDetails: null }), allowed), []);
    assert.deepEqual(unexpectedNulls(room({ lastMessage: { alias: null } }), allowed), []);
    assert.deepEqual(unexpectedNulls(room({ topic: null, lastMessage: { tmid: null } }), allowed), [
      '/topic',
      '/lastMessage/tmid',
    ]);
  });

  test('a field the typings of the server’s release type nullable passes, in arrays too', () => {
    const typings = {
      properties: {
        closer: { anyOf: [{ type: 'object' }, { type: 'null' }] },
        mentions: { type: 'array', items: { properties: { name: { type: ['string', 'null'] } } } },
      },
    };
    const { allowed } = nullAllowance(strict200, '6.10.0', typings);
    assert.equal(allowed.get('closer'), "Rocket.Chat's typings 6.13.1");
    assert.deepEqual(unexpectedNulls(room({ closer: null, mentions: [{ name: null }] }), allowed), []);
    // Without that typing, the same room fails.
    const { allowed: without } = nullAllowance(strict200, '6.10.0', { properties: {} });
    assert.deepEqual(unexpectedNulls(room({ closer: null, mentions: [{ name: null }] }), without), [
      '/closer',
      '/mentions/0/name',
    ]);
  });

  test('admin-defined subtrees may hold null', () => {
    const { allowed } = nullAllowance(strict200, '7.0.0');
    assert.deepEqual(
      unexpectedNulls(
        room({ customFields: { a: null }, lastMessage: { attachments: [{ x: null }] } }),
        allowed,
      ),
      [],
    );
  });
});

describe('the documentation against the typings', () => {
  test('sysMes: documented boolean, typed boolean or array by every release: a finding, accepted', () => {
    const rooms = new Map(TYPINGS_RELEASES.map((release) => [release, typingsRoomSchema(release) ?? {}]));
    const room = {
      properties: { sysMes: { type: 'boolean' }, msgs: { type: 'integer' }, name: { type: 'string' } },
    };
    assert.deepEqual(documentationTypingsDisagreements(room, rooms), [
      { field: 'sysMes', documented: ['boolean'], typed: ['array'], releases: ['6.13.1', '8.3.8'] },
    ]);
    // The committed documented schema accepts a legacy room's array.
    const sysMes = (
      documented200 as { properties: { update: { items: { properties: { sysMes: unknown } } } } }
    ).properties.update.items.properties.sysMes;
    assert.deepEqual((sysMes as { type: string[] }).type, ['boolean', 'array']);
  });

  test('declaredFields reads fields through $ref, union branches and arrays', () => {
    const fields = declaredFields(typingsRoomSchema('8.3.8') ?? {});
    for (const path of ['fname', 'lastMessage.msg', 'lastMessage.attachments[].color', 'servedBy.username'])
      assert.ok(fields.paths.has(path), path);
    assert.ok(!fields.paths.has('inventedByAFork'));
  });
});
