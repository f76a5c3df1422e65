import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContractError } from '../../generator/contract-error.js';
import type { JsonSchema } from '../../generator/openapi-to-json-schema.js';
import { applyOverlay, parseOverlay } from '../../generator/overlay.js';

const FILE = 'contract/overlays/rooms.get.strict.yaml';
const base = new Map<number, JsonSchema>([
  [
    200,
    {
      type: 'object',
      properties: {
        t: { type: 'string' },
        sysMes: { type: 'boolean' },
        list: { type: 'array', items: { type: 'object' } },
      },
    },
  ],
]);

function apply(entries: unknown[]): Map<number, JsonSchema> {
  const withMeta = entries.map((entry) => ({ reason: 'why', source: 'where', ...(entry as object) }));
  return applyOverlay(base, parseOverlay(withMeta, FILE), FILE, 'rooms.get');
}

describe('overlay', () => {
  test('merge deep-merges objects and replaces arrays; the base is not modified', () => {
    const result = apply([
      { status: 200, path: '', merge: { required: ['t'], properties: { t: { enum: ['c'] } } } },
      { status: 200, path: '', merge: { required: ['t', 'sysMes'] } },
    ]);
    assert.deepEqual(result.get(200), {
      type: 'object',
      required: ['t', 'sysMes'],
      properties: {
        t: { type: 'string', enum: ['c'] },
        sysMes: { type: 'boolean' },
        list: { type: 'array', items: { type: 'object' } },
      },
    });
    assert.equal((base.get(200)?.required as unknown) ?? 'none', 'none');
  });

  test('set replaces the value at the path', () => {
    const result = apply([
      {
        status: 200,
        path: '/properties/sysMes',
        set: { type: ['boolean', 'array'], items: { type: 'string' } },
      },
    ]);
    assert.deepEqual((result.get(200)?.properties as Record<string, unknown> | undefined)?.sysMes, {
      type: ['boolean', 'array'],
      items: { type: 'string' },
    });
  });

  test('create adds a status the documentation omits, and refuses an existing one', () => {
    const result = apply([{ status: 400, path: '', create: { type: 'object' } }]);
    assert.deepEqual([...result.keys()], [200, 400]);
    assert.throws(
      () => apply([{ status: 200, path: '', create: { type: 'object' } }]),
      /#\/0\/path: entry 1 \(why\): rooms\.get 200 already has a schema; use merge or set$/,
    );
  });

  test('a path missing from the base schema names the file and the pointer', () => {
    assert.throws(
      () =>
        apply([{ status: 200, path: '/properties/list/items/properties/_id', merge: { type: 'string' } }]),
      (error: unknown) =>
        error instanceof ContractError &&
        error.message ===
          `${FILE}#/0/path: entry 1 (why): path "/properties/list/items/properties/_id" does not exist in the generated rooms.get 200 schema`,
    );
  });

  test('a status without a schema is an error', () => {
    assert.throws(
      () => apply([{ status: 401, path: '', merge: {} }]),
      /rooms\.get has no 401 schema to change/,
    );
  });

  const malformed: [string, unknown, RegExp][] = [
    ['not a list', { status: 200 }, /#: an overlay must be a YAML list of entries$/],
    [
      'two changes',
      [{ status: 200, path: '', merge: {}, set: {}, reason: 'r', source: 's' }],
      /entry 1: needs exactly one of merge, set, create$/,
    ],
    [
      'no source',
      [{ status: 200, path: '', merge: {}, reason: 'r' }],
      /#\/0\/source: entry 1: source must be a non-empty single line$/,
    ],
    [
      'a multi-line reason',
      [{ status: 200, path: '', merge: {}, reason: 'a\nb', source: 's' }],
      /#\/0\/reason: entry 1: reason must be a non-empty single line$/,
    ],
    [
      'a path that is not a pointer',
      [{ status: 200, path: 'properties', merge: {}, reason: 'r', source: 's' }],
      /#\/0\/path: entry 1: not a JSON pointer/,
    ],
    [
      'an unknown field',
      [{ status: 200, path: '', merge: {}, reason: 'r', source: 's', note: 'x' }],
      /#\/0\/note: entry 1: unknown field "note"$/,
    ],
    [
      'a bad status',
      [{ status: 'ok', path: '', merge: {}, reason: 'r', source: 's' }],
      /#\/0\/status: entry 1: status must be an HTTP status$/,
    ],
  ];
  for (const [name, value, message] of malformed) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () => parseOverlay(value, FILE),
        (error: unknown) => error instanceof ContractError && message.test(error.message),
      );
    });
  }
});
