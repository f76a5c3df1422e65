import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import type { JsonSchema } from '../../generator/openapi-to-json-schema.js';
import { applyOverlay, parseOverlay } from '../../generator/overlay.js';
import { parseYaml, SourceError } from '../../src/core/contract/yaml-source.js';

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

/** Applies entries written as YAML, one line per field, as stringify writes them. */
function apply(entries: unknown[]): Map<number, JsonSchema> {
  const withMeta = entries.map((entry) => ({ ...(entry as object), reason: 'why', source: 'docs/x.md' }));
  return applyOverlay(base, parseOverlay(parseYaml(stringify(withMeta), FILE)), FILE, 'rooms.get');
}

/** The message `text` (an overlay file) is rejected with. */
function problemsOf(text: string): string {
  try {
    applyOverlay(base, parseOverlay(parseYaml(text, FILE)), FILE, 'rooms.get');
  } catch (error) {
    assert.ok(error instanceof SourceError, String(error));
    return error.message;
  }
  assert.fail('expected the overlay to be rejected');
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
    assert.equal(
      problemsOf(
        `- status: 200\n  path: ''\n  create: { type: object }\n  reason: why\n  source: docs/x.md\n`,
      ),
      `${FILE}:2: [0].status: rooms.get 200 already has a schema; use merge or set`,
    );
  });

  test('a path missing from the base schema names the file, the line and the field', () => {
    const text = `- status: 200
  path: /properties/t
  merge: { enum: [c] }
  reason: why
  source: docs/x.md
- status: 200
  path: /properties/list/items/properties/_id
  merge: { type: string }
  reason: why
  source: docs/x.md
`;
    assert.equal(
      problemsOf(text),
      `${FILE}:7: [1].path: "/properties/list/items/properties/_id" does not exist in the generated rooms.get 200 schema`,
    );
  });

  test('a status without a schema is an error', () => {
    assert.equal(
      problemsOf(`- status: 401\n  path: ''\n  merge: {}\n  reason: why\n  source: docs/x.md\n`),
      `${FILE}:2: [0].status: rooms.get has no 401 schema to change`,
    );
  });

  test('merge needs an object at its path', () => {
    const text = `- status: 200\n  path: /properties/sysMes/type\n  merge: {}\n  reason: why\n  source: docs/x.md\n`;
    assert.equal(problemsOf(text), `${FILE}:2: [0].merge: needs an object at "/properties/sysMes/type"`);
  });

  const entry = (fields: string) => `- status: 200\n  path: ''\n${fields}`;
  const malformed: [string, string, string[]][] = [
    ['not a list', 'status: 200\n', [`${FILE}:1: a mapping is not a list of overlay entries`]],
    [
      'malformed YAML',
      '- status: 200\n  path: [\n',
      [
        `${FILE}:3: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      ],
    ],
    [
      'two changes',
      entry('  merge: {}\n  set: {}\n  reason: r\n  source: docs/x.md\n'),
      [`${FILE}:1: [0]: needs exactly one of merge, set, create (has merge and set)`],
    ],
    [
      'no change',
      entry('  reason: r\n  source: docs/x.md\n'),
      [`${FILE}:1: [0]: needs exactly one of merge, set, create (has none)`],
    ],
    ['no source', entry('  merge: {}\n  reason: r\n'), [`${FILE}:1: [0]: missing field "source"`]],
    [
      'a multi-line reason',
      entry('  merge: {}\n  reason: "a\\nb"\n  source: docs/x.md\n'),
      [`${FILE}:4: [0].reason: "a\\nb" is not one line of text`],
    ],
    [
      'a source that is neither a URL nor a path in the repository',
      entry('  merge: {}\n  reason: r\n  source: see the docs\n'),
      [
        `${FILE}:5: [0].source: "see the docs" is not a public https:// URL or the path of a file inside the repository (e.g. docs/rocketchat-behaviour.md), on one line, optionally followed by a note such as §4.2`,
      ],
    ],
    [
      'a path that is not a pointer',
      '- status: 200\n  path: properties\n  merge: {}\n  reason: r\n  source: docs/x.md\n',
      [
        `${FILE}:2: [0].path: "properties" is not a JSON pointer into the generated schema ('' for the root, else /-separated, ~0 and ~1 escaped)`,
      ],
    ],
    [
      'a merge that is not a mapping',
      entry('  merge: [required]\n  reason: r\n  source: docs/x.md\n'),
      [
        `${FILE}:3: [0].merge: a list is not a JSON Schema fragment (a mapping) to deep-merge into the object at path`,
      ],
    ],
    [
      'an unknown field',
      entry('  merge: {}\n  reason: r\n  source: docs/x.md\n  note: x\n'),
      [
        `${FILE}:6: [0].note: unknown field (the fields are status, path, merge, set, create, reason, source)`,
      ],
    ],
    [
      'a bad status',
      '- status: ok\n  path: ""\n  merge: {}\n  reason: r\n  source: docs/x.md\n',
      [`${FILE}:1: [0].status: "ok" is not an HTTP status (100–599)`],
    ],
    [
      'create with a path',
      '- status: 400\n  path: /properties\n  create: {}\n  reason: r\n  source: docs/x.md\n',
      [`${FILE}:2: [0].path: create needs path ''`],
    ],
    [
      'several problems, in file order',
      '- status: 600\n  path: ""\n  merge: {}\n  reason: r\n  source: docs/x.md\n- status: 200\n  path: x\n  set: 1\n  reason: r\n',
      [
        `${FILE}:1: [0].status: 600 is not an HTTP status (100–599)`,
        `${FILE}:6: [1]: missing field "source"`,
        `${FILE}:7: [1].path: "x" is not a JSON pointer into the generated schema ('' for the root, else /-separated, ~0 and ~1 escaped)`,
      ],
    ],
  ];
  for (const [name, text, messages] of malformed) {
    test(`rejects ${name}`, () => {
      assert.equal(problemsOf(text), messages.join('\n'));
    });
  }
});
