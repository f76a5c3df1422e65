import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContractError } from '../../generator/contract-error.js';
import { canonicalSchema, convertSchema, type JsonSchema } from '../../generator/openapi-to-json-schema.js';
import { createContractAjv } from '../../src/core/contract/validation.js';

const FILE = 'contract/fixture.openapi.yaml';

function convert(schema: unknown, components: Record<string, unknown> = {}): JsonSchema {
  const document = { openapi: '3.0.0', paths: {}, components: { schemas: components } };
  return convertSchema(schema, '/paths/~1x/get/responses/200/content/application~1json/schema', {
    document,
    file: FILE,
  });
}

function accepts(schema: JsonSchema, value: unknown): boolean {
  return createContractAjv().compile(schema)(value) as boolean;
}

describe('$ref resolution', () => {
  test('inlines local refs, including a ref to a ref', () => {
    const schema = convert(
      { type: 'array', items: { $ref: '#/components/schemas/Outer' } },
      {
        Outer: { type: 'object', properties: { inner: { $ref: '#/components/schemas/Inner' } } },
        Inner: { type: 'string', example: 'x' },
      },
    );
    assert.deepEqual(schema, {
      type: 'array',
      items: { type: 'object', properties: { inner: { type: 'string', examples: ['x'] } } },
    });
  });

  test('a dangling $ref names the file and the JSON pointer of the $ref', () => {
    assert.throws(
      () => convert({ type: 'object', properties: { a: { $ref: '#/components/schemas/Nope' } } }),
      (error: unknown) =>
        error instanceof ContractError &&
        error.message ===
          `${FILE}#/paths/~1x/get/responses/200/content/application~1json/schema/properties/a/$ref: ` +
            'dangling $ref "#/components/schemas/Nope": nothing at /components/schemas/Nope in this file',
    );
  });

  test('an external $ref is refused', () => {
    assert.throws(
      () => convert({ $ref: 'other.yaml#/A' }),
      /only local \$refs \("#\/\.\.\."\) are supported/,
    );
  });

  test('a recursive $ref is inlined once, then refers to a draft-07 definition of the root', () => {
    const schema = convert(
      { type: 'object', properties: { tree: { $ref: '#/components/schemas/Node' } } },
      {
        Node: {
          type: 'object',
          required: ['type'],
          properties: {
            type: { type: 'string' },
            value: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
          },
        },
      },
    );
    const node = {
      type: 'object',
      required: ['type'],
      properties: {
        type: { type: 'string' },
        value: { type: 'array', items: { $ref: '#/definitions/Node' } },
      },
    };
    assert.deepEqual(schema, { type: 'object', properties: { tree: node }, definitions: { Node: node } });
    const deep = { type: 'A', value: [{ type: 'B', value: [{ type: 'C' }] }] };
    assert.equal(accepts(schema, { tree: deep }), true);
    assert.equal(
      accepts(schema, { tree: { type: 'A', value: [{ type: 'B', value: [{ value: [] }] }] } }),
      false,
    );
  });

  test('two recursive targets with one last token get distinct definition names', () => {
    const list = (ref: string) => ({ type: 'array', items: { $ref: ref } });
    const document = {
      openapi: '3.0.0',
      paths: {},
      x: { Node: list('#/x/Node') },
      components: { schemas: { Node: list('#/components/schemas/Node') } },
    };
    const schema = convertSchema(
      { type: 'object', properties: { a: { $ref: '#/components/schemas/Node' }, b: { $ref: '#/x/Node' } } },
      '/s',
      { document, file: FILE },
    );
    assert.deepEqual(schema.definitions, {
      Node: { type: 'array', items: { $ref: '#/definitions/Node' } },
      'Node-2': { type: 'array', items: { $ref: '#/definitions/Node-2' } },
    });
  });

  test('a cycle of bare $refs with no schema in it is refused, naming the ref', () => {
    assert.throws(
      () =>
        convert(
          { $ref: '#/components/schemas/A' },
          { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } },
        ),
      (error: unknown) =>
        error instanceof ContractError &&
        error.message ===
          `${FILE}#/paths/~1x/get/responses/200/content/application~1json/schema/$ref: ` +
            'circular $ref "#/components/schemas/A": a cycle of $refs with no schema in it',
    );
  });

  test('keywords beside a $ref are refused rather than silently ignored', () => {
    assert.throws(
      () => convert({ $ref: '#/components/schemas/A', nullable: true }, { A: { type: 'string' } }),
      /keywords beside \$ref are ignored by OpenAPI 3\.0: nullable/,
    );
  });
});

describe('nullable', () => {
  test('with a type: the type becomes [type, "null"]', () => {
    const schema = convert({ type: 'string', nullable: true });
    assert.deepEqual(schema, { type: ['string', 'null'] });
    assert.ok(accepts(schema, null));
    assert.ok(!accepts(schema, 1));
  });

  test('with an enum: null is added to the enum', () => {
    const schema = convert({ type: 'string', enum: ['a', 'b'], nullable: true });
    assert.deepEqual(schema, { type: ['string', 'null'], enum: ['a', 'b', null] });
    assert.ok(accepts(schema, null));
    assert.ok(!accepts(schema, 'c'));
  });

  test('without a type: anyOf with {type: "null"}', () => {
    const schema = convert(
      { $ref: '#/components/schemas/A' },
      { A: { description: 'anything', nullable: true } },
    );
    assert.deepEqual(schema, { anyOf: [{ description: 'anything' }, { type: 'null' }] });
  });

  test('beside allOf: null stays allowed and the allOf constraints stay', () => {
    const schema = convert(
      { nullable: true, allOf: [{ $ref: '#/components/schemas/Obj' }] },
      { Obj: { type: 'object', properties: { a: { type: 'string' } } } },
    );
    assert.deepEqual(schema, {
      anyOf: [{ allOf: [{ type: 'object', properties: { a: { type: 'string' } } }] }, { type: 'null' }],
    });
    assert.ok(accepts(schema, null));
    assert.ok(accepts(schema, { a: 'x' }));
    assert.ok(!accepts(schema, { a: 1 }));
  });

  test('beside oneOf with a type: not lost to a type array the branches would reject', () => {
    const schema = convert({ type: 'object', nullable: true, oneOf: [{ type: 'object', required: [] }] });
    assert.ok(accepts(schema, null));
    assert.ok(!accepts(schema, 'x'));
  });

  test('nullable: false is simply dropped', () => {
    assert.deepEqual(convert({ type: 'integer', nullable: false }), { type: 'integer' });
  });
});

describe('OpenAPI-only keywords', () => {
  test('xml, externalDocs, discriminator, deprecated and x-* are dropped; example becomes examples', () => {
    const schema = convert({
      type: 'object',
      xml: { name: 'room' },
      externalDocs: { url: 'https://example.org' },
      discriminator: { propertyName: 't' },
      deprecated: true,
      'x-internal': true,
      example: { t: 'c' },
      properties: { t: { type: 'string', example: 'c', 'x-order': 1 } },
    });
    assert.deepEqual(schema, {
      type: 'object',
      examples: [{ t: 'c' }],
      properties: { t: { type: 'string', examples: ['c'] } },
    });
  });

  test('an unknown keyword (a typo) is an error naming its pointer', () => {
    assert.throws(
      () => convert({ type: 'object', propertes: {} }),
      (error: unknown) =>
        error instanceof ContractError && error.pointer?.endsWith('/schema/propertes') === true,
    );
  });

  test('OpenAPI 3.0 boolean exclusiveMinimum/exclusiveMaximum become draft-07 numbers', () => {
    assert.deepEqual(
      convert({ type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 5, exclusiveMaximum: false }),
      {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 5,
      },
    );
  });
});

describe('formats', () => {
  test('int32 becomes an explicit range, keeping a tighter documented bound', () => {
    assert.deepEqual(convert({ type: 'integer', format: 'int32' }), {
      type: 'integer',
      minimum: -2147483648,
      maximum: 2147483647,
    });
    assert.deepEqual(convert({ type: 'integer', format: 'int32', minimum: 0 }), {
      type: 'integer',
      minimum: 0,
      maximum: 2147483647,
    });
  });

  test('int64, float and double are dropped', () => {
    for (const format of ['int64', 'float', 'double']) {
      assert.deepEqual(convert({ type: 'number', format }), { type: 'number' }, format);
    }
  });

  test('formats ajv-formats knows are kept', () => {
    assert.deepEqual(convert({ type: 'string', format: 'date-time' }), {
      type: 'string',
      format: 'date-time',
    });
  });
});

describe('required', () => {
  test('names defined in properties are kept in order', () => {
    const schema = convert({
      type: 'object',
      required: ['b', 'a'],
      properties: { a: { type: 'string' }, b: { type: 'string' } },
    });
    assert.deepEqual(schema.required, ['b', 'a']);
  });

  test('a name missing from properties is an error, never silently dropped', () => {
    assert.throws(
      () => convert({ type: 'object', required: ['_id', 'ts'], properties: { _id: { type: 'string' } } }),
      (error: unknown) =>
        error instanceof ContractError &&
        error.pointer === '/paths/~1x/get/responses/200/content/application~1json/schema/required/1' &&
        error.message.endsWith('required property "ts" is not defined in properties'),
    );
  });
});

describe('determinism', () => {
  const openapi = {
    type: 'object',
    properties: {
      b: { type: 'string', enum: ['z', 'a'] },
      a: {
        type: 'array',
        items: { type: 'object', properties: { y: { type: 'integer' }, x: { type: 'boolean' } } },
      },
    },
    example: { b: 'z', a: [] },
  };

  test('the same input gives byte-identical output', () => {
    const first = JSON.stringify(canonicalSchema(convert(openapi)));
    const second = JSON.stringify(canonicalSchema(convert(structuredClone(openapi))));
    assert.equal(first, second);
  });

  test('key order in the YAML does not matter, but data (enum order, examples) is kept as written', () => {
    const reordered = {
      example: { b: 'z', a: [] },
      properties: {
        a: {
          items: { properties: { x: { type: 'boolean' }, y: { type: 'integer' } }, type: 'object' },
          type: 'array',
        },
        b: { enum: ['z', 'a'], type: 'string' },
      },
      type: 'object',
    };
    const canonical = JSON.stringify(canonicalSchema(convert(openapi)));
    assert.equal(JSON.stringify(canonicalSchema(convert(reordered))), canonical);
    assert.equal(
      canonical,
      '{"examples":[{"b":"z","a":[]}],"properties":{"a":{"items":{"properties":{"x":{"type":"boolean"},"y":{"type":"integer"}},"type":"object"},"type":"array"},"b":{"enum":["z","a"],"type":"string"}},"type":"object"}',
    );
  });

  test('a property named like a data keyword is still sorted as a schema', () => {
    const out = canonicalSchema({ properties: { enum: { type: 'string', description: 'd' } } });
    assert.equal(JSON.stringify(out), '{"properties":{"enum":{"description":"d","type":"string"}}}');
  });
});
