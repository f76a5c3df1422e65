import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { componentName, TranslationError, toOpenApi30 } from '../../generator/json-schema-to-openapi.js';
import { convertSchema, type JsonSchema, type JsonValue } from '../../generator/openapi-to-json-schema.js';
import { parseOverlay } from '../../generator/overlay.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { createContractAjv } from '../../src/core/contract/validation.js';
import { readYamlFile } from '../../src/core/contract/yaml-source.js';

/** draft-07 → 3.0 → (our generator) → draft-07: what a proposal says must still judge bodies as the overlay does. */
function roundTrip(schema: JsonValue): JsonSchema {
  const { schema: translated, components } = toOpenApi30(schema);
  const document = { openapi: '3.0.0', paths: {}, components: { schemas: components } };
  return convertSchema(translated, '/s', { document, file: 'fixture.yaml' });
}

const schemaOf = (yaml: string): JsonSchema => parse(yaml) as JsonSchema;

const accepts = (schema: object, value: unknown): boolean =>
  createContractAjv().compile(schema)(value) as boolean;

describe('keywords 3.0 has in another form', () => {
  test('const becomes a one-value enum, and says so', () => {
    const { schema, notes } = toOpenApi30({ type: 'boolean', const: true });
    assert.deepEqual(schema, { type: 'boolean', enum: [true] });
    assert.deepEqual(notes, ['`const` as a one-value `enum` (3.0 has no `const`)']);
  });

  test('a type list: null becomes nullable, several types an anyOf whose branches keep their own keywords', () => {
    assert.deepEqual(toOpenApi30({ type: ['string', 'null'], minLength: 1 }).schema, {
      type: 'string',
      minLength: 1,
      nullable: true,
    });
    const { schema, notes } = toOpenApi30({
      type: ['boolean', 'array'],
      items: { type: 'string' },
      description: 'sysMes',
    });
    assert.deepEqual(schema, {
      anyOf: [{ type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
      description: 'sysMes',
    });
    assert.deepEqual(notes, [
      'a `type` list as `anyOf` with a branch per type (3.0 has one type per schema; exact)',
    ]);
  });

  test('examples become example (the first; more are dropped, and the note says looser); root examples are handed back', () => {
    const nested = toOpenApi30({
      type: 'object',
      properties: { a: { type: 'string', examples: ['x', 'y'] } },
    });
    assert.deepEqual(nested.schema, { type: 'object', properties: { a: { type: 'string', example: 'x' } } });
    assert.deepEqual(nested.notes, ['looser: only the first of the `examples` kept (3.0 has one `example`)']);
    const root = toOpenApi30({ type: 'object', examples: [{ a: 1 }] });
    assert.deepEqual(root.schema, { type: 'object' });
    assert.deepEqual(root.examples, [{ a: 1 }]);
  });

  test('root definitions become components, refs to them component refs', () => {
    const { schema, components } = toOpenApi30({
      definitions: { mdNode: { type: 'object', properties: { value: { $ref: '#/definitions/mdNode' } } } },
    });
    assert.deepEqual(schema, {});
    assert.deepEqual(components, {
      MdNode: { type: 'object', properties: { value: { $ref: '#/components/schemas/MdNode' } } },
    });
    assert.equal(componentName('mdPlainText'), 'MdPlainText');
  });

  test("draft-07's numeric exclusiveMinimum becomes 3.0's boolean beside minimum", () => {
    assert.deepEqual(toOpenApi30({ type: 'number', exclusiveMinimum: 0 }).schema, {
      type: 'number',
      minimum: 0,
      exclusiveMinimum: true,
    });
  });

  test('the output keeps the order of the source keywords', () => {
    const { schema } = toOpenApi30({ anyOf: [{ required: ['a'] }], properties: { a: { const: 1 } } });
    assert.deepEqual(Object.keys(schema), ['anyOf', 'properties']);
  });
});

describe('if/then as oneOf', () => {
  // In YAML, as overlays write it (a JavaScript object literal with a `then` key would look thenable).
  const chain = schemaOf(`
    type: object
    required: [type]
    properties: { type: { type: string }, value: {} }
    allOf:
      - if: { required: [type], properties: { type: { enum: [TEXT, CODE] } } }
        then: { required: [value], properties: { value: { type: string } } }
      - if: { required: [type], properties: { type: { const: LIST } } }
        then: { properties: { value: { type: array } } }
  `);

  test('a branch per if (its values and its then), one for every other value', () => {
    const { schema } = toOpenApi30(chain);
    assert.deepEqual(schema.oneOf, [
      {
        required: ['type', 'value'],
        properties: { type: { enum: ['TEXT', 'CODE'] }, value: { type: 'string' } },
      },
      { required: ['type'], properties: { type: { enum: ['LIST'] }, value: { type: 'array' } } },
      { properties: { type: { not: { enum: ['TEXT', 'CODE', 'LIST'] } } } },
    ]);
    assert.equal(schema.allOf, undefined);
  });

  test('exact: the translated schema judges every case as the if/then chain does', () => {
    const cases = [
      { type: 'TEXT', value: 'a' },
      { type: 'TEXT', value: [] },
      { type: 'TEXT' },
      { type: 'LIST', value: [] },
      { type: 'LIST', value: 'a' },
      { type: 'LIST' },
      { type: 'OTHER', value: 1 },
      { value: 'a' },
    ];
    const original = createContractAjv().compile(chain);
    const translated = createContractAjv().compile(roundTrip(chain));
    for (const value of cases) assert.equal(translated(value), original(value), JSON.stringify(value));
  });

  test("exact on the strict overlay's message-parser nodes, deep trees included", () => {
    const overlay = readYamlFile(`${PROJECT_ROOT}/contract/overlays/rooms.get.strict.yaml`);
    const entry = parseOverlay(overlay).find((candidate) =>
      JSON.stringify(candidate.value).includes('mdNode'),
    );
    assert.ok(entry);
    const definitions = (entry.value as { definitions: JsonSchema }).definitions;
    const original = { definitions, $ref: '#/definitions/mdNode' };
    const translated = roundTrip({ definitions, type: 'array', items: { $ref: '#/definitions/mdNode' } });
    const text = (value: string) => ({ type: 'PLAIN_TEXT', value });
    const nodes: unknown[] = [
      {
        type: 'PARAGRAPH',
        value: [text('a'), { type: 'BOLD', value: [{ type: 'ITALIC', value: [text('b')] }] }],
      },
      { type: 'PARAGRAPH', value: [{ type: 'BOLD', value: 'not an array' }] },
      { type: 'PARAGRAPH', value: [{ type: 'LINK', value: { src: text('u'), label: [text('u')] } }] },
      { type: 'PARAGRAPH', value: [{ type: 'LINK', value: { label: [text('u')] } }] },
      { type: 'PARAGRAPH', value: [{ type: 'EMOJI', value: text('smile'), shortCode: 'smile' }] },
      { type: 'PARAGRAPH', value: [{ type: 'EMOJI', unicode: '🙂' }] },
      { type: 'INLINE_CODE', value: text('x') },
      { type: 'INLINE_CODE', value: { type: 'BOLD', value: 'x' } },
      { type: 'COLOR', value: { r: 1, g: 2, b: 3, a: 1 } },
      { type: 'COLOR', value: { r: 1 } },
      { type: 'TIMESTAMP', value: { timestamp: '1', format: 't' } },
      { type: 'FUTURE_NODE', value: { anything: true } },
      { type: 'FUTURE_NODE', value: 3 },
      { type: '', value: 'x' },
      { value: 'x' },
    ];
    const before = createContractAjv().compile(original);
    const after = createContractAjv().compile(translated);
    for (const node of nodes) {
      assert.equal(after([node]), before(node), JSON.stringify(node));
    }
    assert.ok(accepts(translated, [nodes[0], nodes[2], nodes[8]]));
  });
});

describe('what 3.0 has no form for is an error naming its pointer, never dropped', () => {
  for (const [title, schema, message] of [
    [
      'else',
      schemaOf('{ if: { required: [a], properties: { a: { const: 1 } } }, then: {}, else: {} }'),
      '/else: if/then/else has no OpenAPI 3.0 form',
    ],
    [
      'patternProperties',
      { type: 'object', patternProperties: { '^x': {} } },
      '/patternProperties: "patternProperties" has no OpenAPI 3.0 form',
    ],
    [
      'tuple items',
      { type: 'array', items: [{ type: 'string' }] },
      '/items: tuple items have no OpenAPI 3.0 form',
    ],
    [
      'a ref outside definitions',
      { $ref: '#/properties/a' },
      '/$ref: only "#/definitions/<name>" refs are translated',
    ],
    [
      'an if that tests more than one value of one property',
      schemaOf('{ allOf: [{ if: { properties: { a: { minimum: 1 } } }, then: {} }] }'),
      '/allOf/0/if: only an if that picks values of one required property has an exact 3.0 form',
    ],
    [
      'a nested const null',
      { properties: { a: { const: null } } },
      '/properties/a/const: const null has no OpenAPI 3.0 form',
    ],
  ] as const) {
    test(title, () => {
      assert.throws(
        () => toOpenApi30(schema as unknown as JsonValue),
        (error: unknown) => error instanceof TranslationError && error.message === message,
      );
    });
  }
});
