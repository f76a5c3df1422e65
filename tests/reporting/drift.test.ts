import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { computeDrift, documentedPaths, fieldInventory, MAX_PATH_DEPTH } from '../../src/core/contract/drift.js';
import { SCHEMAS_DIR } from '../../src/core/contract/validation.js';

const documented: unknown = JSON.parse(
  readFileSync(join(SCHEMAS_DIR, 'rooms.get.200.documented.json'), 'utf8'),
);
const example = (documented as { examples: unknown[] }).examples[0];

describe('drift', () => {
  test('the documented schema names room fields relative to a room, through items and $ref', () => {
    const { room, response } = documentedPaths(documented);
    for (const path of [
      '_id',
      't',
      'u.username',
      'lastMessage.md[].value[].type',
      'lastMessage.attachments[].title',
    ]) {
      assert.ok(room.includes(path), path);
    }
    assert.deepEqual(response.sort(), ['remove', 'success', 'update']);
  });

  test('an inventory keeps field paths and room types, never values', () => {
    const inventory = fieldInventory({
      update: [{ _id: 'secret-room-id', t: 'c', name: 'private name', u: { _id: 'x' } }],
      remove: [{ _id: 'r', _deletedAt: '2024-01-01T00:00:00.000Z' }],
      success: true,
    });
    assert.deepEqual(inventory.roomTypes, { c: 1 });
    assert.deepEqual(inventory.roomFields, { c: { _id: 1, t: 1, name: 1, u: 1, 'u._id': 1 } });
    assert.deepEqual(inventory.responseFields, [
      'remove',
      'remove[]._deletedAt',
      'remove[]._id',
      'success',
      'update',
    ]);
    assert.ok(!JSON.stringify(inventory).includes('secret-room-id'));
    assert.ok(!JSON.stringify(inventory).includes('private name'));
  });

  test("the documentation's own example drifts only where the docs under-document it", () => {
    const drift = computeDrift([fieldInventory(example)], documented);
    assert.equal(drift.roomsSeen, 3);
    assert.deepEqual(drift.undocumentedRoomTypes, []);
    // md nodes nest deeper than the documented md[].value[].value string (LINK's src/label, BOLD's array).
    assert.deepEqual(
      drift.undocumentedRoomFields.map((entry) => [entry.t, entry.fields.map((field) => field.path)]),
      [
        [
          'd',
          [
            'lastMessage.md[].value[].value.label',
            'lastMessage.md[].value[].value.src',
            'lastMessage.md[].value[].value[].type',
            'lastMessage.md[].value[].value[].value',
          ],
        ],
      ],
    );
    assert.ok(drift.documentedNeverSeen.includes('lastMessage.file'));
    assert.ok(!drift.documentedNeverSeen.includes('lastMessage.md'));
  });

  test('reports undocumented fields per room type, unknown room types and never-seen fields', () => {
    const body = {
      update: [
        { _id: 'a', t: 'c', teamMain: true },
        { _id: 'b', t: 'c', teamMain: false, federated: true },
        { _id: 'c', t: 'p', teamMain: true },
        { _id: 'd', t: 'x' },
      ],
      remove: [],
      success: true,
      extra: 1,
    };
    const drift = computeDrift(
      [fieldInventory(body), fieldInventory({ update: [{ _id: 'e', t: 'x' }] })],
      documented,
    );
    assert.equal(drift.responses, 2);
    assert.deepEqual(drift.undocumentedRoomFields, [
      {
        t: 'c',
        rooms: 2,
        fields: [
          { path: 'federated', rooms: 1 },
          { path: 'teamMain', rooms: 2 },
        ],
      },
      { t: 'p', rooms: 1, fields: [{ path: 'teamMain', rooms: 1 }] },
    ]);
    assert.deepEqual(drift.undocumentedRoomTypes, [{ t: 'x', rooms: 2 }]);
    assert.deepEqual(drift.undocumentedResponseFields, ['extra']);
    assert.ok(drift.documentedNeverSeen.includes('usersCount'));
    assert.ok(!drift.documentedNeverSeen.includes('_id'));
  });

  test('paths stop at MAX_PATH_DEPTH, and no observation means nothing is "never seen"', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 10; level++) deep = { n: deep };
    const inventory = fieldInventory({ update: [{ t: 'c', ...deep }] });
    const paths = Object.keys(inventory.roomFields.c ?? {});
    assert.equal(Math.max(...paths.map((path) => path.split('.').length)), MAX_PATH_DEPTH);
    assert.deepEqual(computeDrift([], documented).documentedNeverSeen, []);
  });
});
