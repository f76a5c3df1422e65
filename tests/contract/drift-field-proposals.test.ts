import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { proposeDriftFields } from '../../generator/drift-field-proposals.js';
import type { JsonSchema } from '../../generator/openapi-to-json-schema.js';
import { type DriftReport, parseDriftReport } from '../../src/core/contract/drift.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

/** The 200 schema the builder hands over: the documented one with the overlay's changes. */
const STRICT_200 = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'schemas', 'rooms.get.200.strict.json'), 'utf8'),
) as JsonSchema;
const run = (drift: DriftReport, version: string | undefined = '7.4.1') => [{ report: drift, version }];

function report(
  fields: Record<string, Array<[string, number]>>,
  extra: Partial<DriftReport> = {},
): DriftReport {
  const byType = new Map<string, Array<{ path: string; rooms: number }>>();
  for (const [path, counts] of Object.entries(fields))
    for (const [t, rooms] of counts) byType.set(t, [...(byType.get(t) ?? []), { path, rooms }]);
  return {
    responses: 2,
    roomsSeen: 12,
    documentedRoomTypes: ['c', 'd', 'p', 'l', 'v'],
    undocumentedRoomFields: [...byType].map(([t, list]) => ({ t, rooms: 40, fields: list })),
    undocumentedResponseFields: [],
    documentedNeverSeen: [],
    undocumentedRoomTypes: [],
    truncated: false,
    ...extra,
  };
}

describe('proposeDriftFields', () => {
  test('a field with a typing is proposed where it lives, with its evidence in the brief’s words', () => {
    const { fields, notProposed } = proposeDriftFields(
      run(
        report({
          fname: [
            ['c', 25],
            ['p', 11],
          ],
          'lastMessage.attachments[].color': [['c', 4]],
        }),
      ),
      STRICT_200,
    );
    assert.deepEqual(notProposed, []);
    assert.deepEqual(
      fields.map(({ path, parentPointer, name, schema }) => ({ path, parentPointer, name, schema })),
      [
        {
          path: 'fname',
          parentPointer: '/properties/update/items',
          name: 'fname',
          schema: { type: 'string' },
        },
        {
          path: 'lastMessage.attachments[].color',
          parentPointer: '/properties/update/items/properties/lastMessage/properties/attachments/items',
          name: 'color',
          schema: { type: 'string' },
        },
      ],
    );
    assert.deepEqual(fields[0]?.evidence, [
      'Proposed: sent by Rocket.Chat, not documented.',
      'Rocket.Chat 7.4.1: seen in 25 of 40 listed rooms of type c and 11 of 40 of type p',
      // 7.4.1 is judged by the typings of 6.13.1, the nearest release below it.
      'Type: @rocket.chat/core-typings 6.13.1 (https://www.npmjs.com/package/@rocket.chat/core-typings/v/6.13.1)',
    ]);
  });

  test('children are covered by their parent: a mapping of data, a proposed type that names them, an anyOf branch', () => {
    const { fields, notProposed } = proposeDriftFields(
      run(
        report({
          customFields: [['c', 8]],
          'customFields.owner': [['c', 4]],
          'customFields.owner.team': [['c', 4]],
          retention: [['p', 4]],
          'retention.maxAge': [['p', 4]],
          'lastMessage.bot': [['c', 4]],
          'lastMessage.bot.i': [['c', 4]],
          'lastMessage.urls[].meta.pageTitle': [['c', 2]],
          'lastMessage.attachments[].actions': [['c', 4]],
          'lastMessage.attachments[].actions[].url': [['c', 4]],
        }),
      ),
      STRICT_200,
    );
    assert.deepEqual(
      fields.map((field) => field.path),
      ['customFields', 'lastMessage.attachments[].actions'],
    );
    // IRoom has no retention in the typings of 6.13.1 (the release 7.4.1 maps to): seen, not proposed.
    // IMessage types bot as a boolean; integrations send {i: <integration id>}: the typings and the wire
    // disagree, and the proposal lists it rather than propose a type the wire breaks.
    assert.deepEqual(notProposed, [
      { path: 'retention', seen: 'Rocket.Chat 7.4.1: seen in 4 of 40 listed rooms of type p' },
      { path: 'lastMessage.bot', seen: 'Rocket.Chat 7.4.1: seen in 4 of 40 listed rooms of type c' },
    ]);
  });

  test('a field without a typing is listed once, at its topmost path; so are unknown room types', () => {
    const { fields, notProposed } = proposeDriftFields(
      run(
        report(
          {
            'lastMessage.attachments[].x_ticket': [['c', 4]],
            'lastMessage.attachments[].x_ticket.id': [['c', 4]],
            x_sidebarTheme: [['p', 1]],
          },
          {
            undocumentedRoomTypes: [{ t: 'x', rooms: 1 }],
            undocumentedResponseFields: ['remove[]._id', 'count'],
          },
        ),
      ),
      STRICT_200,
    );
    assert.deepEqual(fields, []);
    assert.deepEqual(notProposed, [
      { path: 'x_sidebarTheme', seen: 'Rocket.Chat 7.4.1: seen in 1 of 40 listed rooms of type p' },
      {
        path: 'lastMessage.attachments[].x_ticket',
        seen: 'Rocket.Chat 7.4.1: seen in 4 of 40 listed rooms of type c',
      },
      { path: 'count', seen: 'the response envelope' },
      { path: 't = "x"', seen: '1 room' },
    ]);
  });

  test('counts per Rocket.Chat version, newest first; an unrecorded or unprintable version and room type are not printed', () => {
    const seen = (t: string, rooms: number, listed: number) =>
      ({
        ...report({}),
        undocumentedRoomFields: [{ t, rooms: listed, fields: [{ path: 'topic', rooms }] }],
      }) as DriftReport;
    const { fields } = proposeDriftFields(
      [
        { report: seen('c', 3, 5), version: '6.13.0' },
        { report: seen('c', 12, 12), version: '7.4.1' },
        { report: seen('p', 1, 2), version: '7.4.1' },
        { report: seen('staging.corp.example', 1, 1), version: '7.4.1' },
        { report: seen('c', 1, 1), version: undefined },
        { report: seen('c', 1, 1), version: '7.4.1+build.chat.corp.example' },
      ],
      STRICT_200,
    );
    assert.deepEqual(fields[0]?.evidence.slice(0, 4), [
      'Proposed: sent by Rocket.Chat, not documented.',
      'Rocket.Chat 7.4.1: seen in 12 of 12 listed rooms of type c, 1 of 2 of type p and 1 of 1 of another type',
      'Rocket.Chat 6.13.0: seen in 3 of 5 listed rooms of type c',
      'Rocket.Chat (version not recorded): seen in 2 of 2 listed rooms of type c',
    ]);
  });
});

describe('parseDriftReport', () => {
  test('null (a run without a 200 body) is no report; a report comes back as it was', () => {
    assert.equal(parseDriftReport(null), undefined);
    const valid = report({ fname: [['c', 1]] });
    assert.deepEqual(parseDriftReport(JSON.parse(JSON.stringify(valid))), valid);
  });

  test('anything else names the first thing that is not a drift report', () => {
    assert.throws(() => parseDriftReport([]), /^Error: not a drift report: expected an object$/);
    assert.throws(
      () =>
        parseDriftReport({
          ...report({}),
          undocumentedRoomFields: [{ t: 'c', rooms: 1, fields: [{ path: 1 }] }],
        }),
      /^Error: not a drift report: a field of undocumentedRoomFields is not \{path, rooms\}$/,
    );
    assert.throws(
      () => parseDriftReport({ ...report({}), undocumentedRoomTypes: 'c' }),
      /^Error: not a drift report: undocumentedRoomTypes is not a list of \{t, rooms\}$/,
    );
  });
});

describe('where the typings disagree with the wire', () => {
  test("rest-typings' remove: IRoom[] against the {_id, _deletedAt} servers send; room fields typed nowhere", () => {
    const { typingsVersusWire } = proposeDriftFields(
      run(
        report(
          {
            x_ticket: [['c', 2]],
            fname: [['c', 2]],
            'lastMessage.bot': [['c', 1]],
            'lastMessage.bot.i': [['c', 1]],
          },
          { undocumentedResponseFields: ['remove[]._id', 'remove[]._deletedAt'] },
        ),
        '7.4.1',
      ),
      STRICT_200,
    );
    // Field names a server sent are its data: the room field typed nowhere is counted, not named.
    assert.deepEqual(typingsVersusWire, [
      '`remove[]`: @rocket.chat/rest-typings 6.13.1 types the items as IRoom; servers send items without `_updatedAt`, `t`, `msgs`, `u`, `usersCount`, which IRoom requires, with `_deletedAt`, which IRoom does not declare.',
      'Room fields @rocket.chat/core-typings 6.13.1 type as a scalar, sent with fields of their own: `lastMessage.bot`.',
      '1 room field(s) servers send are declared nowhere in @rocket.chat/core-typings 6.13.1.',
    ]);
  });
});
