import type { OpenAPIV3 } from 'openapi-types';
import { ContractError } from './contract-error.js';
import { getAtPointer, isPlainObject, parsePointer, toPointer } from '../src/core/contract/json-pointer.js';

/**
 * OpenAPI 3.0 Schema Object → JSON Schema draft-07 (ajv 8's default dialect). Pure: no I/O.
 *
 * The rules, each one unit-tested in tests/contract/openapi-to-json-schema.test.ts:
 * - local `$ref`s are inlined (a dangling or external ref is an error naming the pointer); a recursive
 *   ref (a schema that contains itself, such as a message-parser AST node) is inlined once and then
 *   refers to a draft-07 definition of the root, `#/definitions/<last token of the target>`; a cycle of
 *   bare `$ref`s with no schema in between is an error;
 * - `nullable: true` → `type: [T, "null"]`, `null` added to an `enum`, and `anyOf: [schema, {type: "null"}]`
 *   where there is no `type` or where `allOf`/`anyOf`/`oneOf`/`not` would otherwise reject null;
 * - OpenAPI-only keywords are dropped (`xml`, `externalDocs`, `discriminator`, `deprecated`, `x-*`),
 *   `example` becomes `examples: [example]`;
 * - formats ajv-formats should not judge: `int32` → an explicit range, `int64`/`float`/`double` dropped;
 * - OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` → draft-07 numbers;
 * - a `required` name missing from `properties` is an error, never silently dropped: ajv's strict
 *   mode would reject the schema anyway, and in a transcription it is almost always a typo;
 * - unknown keywords are errors (a typo such as `propertes` would otherwise vanish).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonSchema = { [keyword: string]: JsonValue };

export const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

export interface ConvertContext {
  /** The whole OpenAPI document: `$ref`s resolve against it. */
  document: OpenAPIV3.Document | Record<string, unknown>;
  /** Shown in error messages. */
  file: string;
}

type SchemaInput = OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject;

const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };
/** Formats whose only meaning is a machine type: a JSON number carries no such information. */
const DROPPED_FORMATS = new Set(['int64', 'float', 'double']);
const DROPPED_KEYWORDS = new Set(['xml', 'externalDocs', 'discriminator', 'deprecated']);
/** Keywords copied unchanged: shared by OpenAPI 3.0 and JSON Schema draft-07. */
export const COPIED_KEYWORDS = new Set([
  'title',
  'description',
  'default',
  'enum',
  'multipleOf',
  'maximum',
  'minimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'readOnly',
  'writeOnly',
]);
/** Keywords that hold subschemas: both directions convert what is inside them. */
export const SUBSCHEMA_KEYWORDS = [
  'properties',
  'additionalProperties',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
] as const;
const HANDLED_KEYWORDS = new Set([
  'type',
  'format',
  'nullable',
  'example',
  'required',
  ...SUBSCHEMA_KEYWORDS,
  'exclusiveMinimum',
  'exclusiveMaximum',
  '$ref',
]);
const OPENAPI_TYPES = new Set(['array', 'boolean', 'integer', 'number', 'object', 'string']);
const COMPOSITIONS = ['allOf', 'anyOf', 'oneOf'] as const;

/** Converts the schema found at `pointer` (used for error messages and for circular-$ref detection). */
export function convertSchema(
  schema: SchemaInput | unknown,
  pointer: string,
  ctx: ConvertContext,
): JsonSchema {
  const recursive = new RecursiveRefs();
  const root = convert(schema, pointer, ctx, [], recursive);
  // Each definition is converted with its own target on the stack, so its self-references become
  // `$ref`s; converting one may name further recursive targets, hence the growing loop.
  const definitions: Record<string, JsonSchema> = {};
  for (let index = 0; index < recursive.targets.length; index++) {
    const { target, name } = recursive.targets[index] as { target: string; name: string };
    definitions[name] = convert(getAtPointer(ctx.document, target), target, ctx, [target], recursive);
  }
  return recursive.targets.length === 0 ? root : { ...root, definitions };
}

/** The targets of recursive `$ref`s met so far, each with its unique definition name. */
class RecursiveRefs {
  readonly targets: Array<{ target: string; name: string }> = [];

  /** `#/definitions/<name>` for a target, naming it on first use (the target's last pointer token). */
  refTo(target: string): string {
    let entry = this.targets.find((known) => known.target === target);
    if (!entry) {
      const base = parsePointer(target).at(-1) || 'root';
      let name = base;
      for (let n = 2; this.targets.some((known) => known.name === name); n++) name = `${base}-${n}`;
      entry = { target, name };
      this.targets.push(entry);
    }
    return `#/definitions/${entry.name}`;
  }
}

function convert(
  schema: unknown,
  pointer: string,
  ctx: ConvertContext,
  refStack: string[],
  recursive: RecursiveRefs,
): JsonSchema {
  const fail = (at: string, reason: string): never => {
    throw new ContractError(ctx.file, at, reason);
  };
  if (!isPlainObject(schema)) return fail(pointer, 'a schema must be an object');

  if ('$ref' in schema) {
    const target = resolveRef(schema, pointer, ctx);
    if (refStack.includes(target.pointer)) return { $ref: recursive.refTo(target.pointer) };
    return convert(target.value, target.pointer, ctx, [...refStack, target.pointer], recursive);
  }

  const out: JsonSchema = {};
  const at = (...tokens: string[]) => pointer + toPointer(tokens);

  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword.startsWith('x-') || DROPPED_KEYWORDS.has(keyword)) continue;
    if (COPIED_KEYWORDS.has(keyword)) {
      out[keyword] = value as JsonValue;
      continue;
    }
    if (!HANDLED_KEYWORDS.has(keyword)) fail(at(keyword), `unknown OpenAPI 3.0 schema keyword "${keyword}"`);
  }

  if ('type' in schema) {
    if (typeof schema.type !== 'string' || !OPENAPI_TYPES.has(schema.type)) {
      fail(
        at('type'),
        `type must be one of ${[...OPENAPI_TYPES].join(', ')} (OpenAPI 3.0 uses nullable for null)`,
      );
    }
    out.type = schema.type as string;
  }

  if (schema.example !== undefined) out.examples = [schema.example as JsonValue];

  if (typeof schema.format === 'string') {
    if (schema.format === 'int32') {
      out.minimum = Math.max(numberOr(out.minimum, Number.NEGATIVE_INFINITY), INT32.minimum);
      out.maximum = Math.min(numberOr(out.maximum, Number.POSITIVE_INFINITY), INT32.maximum);
    } else if (!DROPPED_FORMATS.has(schema.format)) {
      out.format = schema.format;
    }
  } else if (schema.format !== undefined) {
    fail(at('format'), 'format must be a string');
  }

  for (const [keyword, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const flag = schema[keyword];
    if (flag === undefined || flag === false) continue;
    if (flag !== true) fail(at(keyword), `${keyword} must be a boolean in OpenAPI 3.0`);
    if (typeof out[bound] !== 'number') fail(at(keyword), `${keyword}: true needs a numeric ${bound}`);
    out[keyword] = out[bound] as number;
    delete out[bound];
  }

  if (schema.properties !== undefined) {
    if (!isPlainObject(schema.properties)) fail(at('properties'), 'properties must be an object');
    const properties: Record<string, JsonSchema> = {};
    for (const [name, propertySchema] of Object.entries(schema.properties as Record<string, unknown>)) {
      properties[name] = convert(propertySchema, at('properties', name), ctx, refStack, recursive);
    }
    out.properties = properties;
  }

  if (schema.required !== undefined) {
    const required = schema.required;
    if (!Array.isArray(required) || !required.every((name) => typeof name === 'string')) {
      return fail(at('required'), 'required must be an array of property names');
    }
    const defined = isPlainObject(schema.properties) ? schema.properties : {};
    required.forEach((name, index) => {
      if (!Object.hasOwn(defined, name)) {
        fail(at('required', String(index)), `required property "${name}" is not defined in properties`);
      }
    });
    out.required = [...required];
  }

  if (schema.additionalProperties !== undefined) {
    const additional = schema.additionalProperties;
    out.additionalProperties =
      typeof additional === 'boolean'
        ? additional
        : convert(additional, at('additionalProperties'), ctx, refStack, recursive);
  }

  if (schema.items !== undefined) out.items = convert(schema.items, at('items'), ctx, refStack, recursive);
  if (schema.not !== undefined) out.not = convert(schema.not, at('not'), ctx, refStack, recursive);

  for (const keyword of COMPOSITIONS) {
    const branches = schema[keyword];
    if (branches === undefined) continue;
    if (!Array.isArray(branches) || branches.length === 0)
      fail(at(keyword), `${keyword} must be a non-empty array`);
    out[keyword] = (branches as unknown[]).map((branch, index) =>
      convert(branch, at(keyword, String(index)), ctx, refStack, recursive),
    );
  }

  if (schema.nullable !== undefined && typeof schema.nullable !== 'boolean') {
    fail(at('nullable'), 'nullable must be a boolean');
  }
  return schema.nullable === true ? allowNull(out) : out;
}

function resolveRef(
  schema: Record<string, unknown>,
  pointer: string,
  ctx: ConvertContext,
): { value: unknown; pointer: string } {
  const ref = schema.$ref;
  const refAt = `${pointer}/$ref`;
  if (typeof ref !== 'string') throw new ContractError(ctx.file, refAt, '$ref must be a string');
  // OpenAPI 3.0 ignores every sibling of $ref; refuse them rather than lose them silently.
  const siblings = Object.keys(schema).filter(
    (key) => key !== '$ref' && key !== 'description' && !key.startsWith('x-'),
  );
  if (siblings.length > 0) {
    throw new ContractError(
      ctx.file,
      pointer,
      `keywords beside $ref are ignored by OpenAPI 3.0: ${siblings.join(', ')}`,
    );
  }
  if (!ref.startsWith('#')) {
    throw new ContractError(ctx.file, refAt, `only local $refs ("#/...") are supported, got "${ref}"`);
  }
  const target = decodeURIComponent(ref.slice(1));
  const value = getAtPointer(ctx.document, target);
  if (value === undefined) {
    throw new ContractError(ctx.file, refAt, `dangling $ref "${ref}": nothing at ${target} in this file`);
  }
  // A cycle of bare $refs has no schema to define (recursion through a schema becomes a definition).
  const chain = [target];
  for (
    let hop: unknown = value;
    isPlainObject(hop) && typeof hop.$ref === 'string' && hop.$ref.startsWith('#');
  ) {
    const next = decodeURIComponent(hop.$ref.slice(1));
    if (chain.includes(next)) {
      throw new ContractError(
        ctx.file,
        refAt,
        `circular $ref "${ref}": a cycle of $refs with no schema in it`,
      );
    }
    chain.push(next);
    hop = getAtPointer(ctx.document, next);
  }
  return { value, pointer: target };
}

/** `nullable: true`, keeping every other constraint of the schema intact. */
function allowNull(schema: JsonSchema): JsonSchema {
  const hasComposition = COMPOSITIONS.some((keyword) => keyword in schema) || 'not' in schema;
  const { type } = schema;
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (typeof type === 'string' && !hasComposition) return { ...schema, type: [type, 'null'] };
  if (type === undefined && !hasComposition && Array.isArray(schema.enum)) return schema;
  // No type to widen, or a composition that would still reject null: null becomes an alternative.
  return { anyOf: [schema, { type: 'null' }] };
}

function numberOr(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** Keywords whose values are data, not schemas: never reordered. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'required', 'type']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'definitions', 'patternProperties', 'dependencies']);
const SCHEMA_KEYWORDS = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
]);
const SCHEMA_ARRAY_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf']);

/**
 * Sorts the keys of a JSON Schema and of its subschemas, so that reordering the YAML never changes
 * the output. Data (enum, const, default, examples, required, type) is kept exactly as written.
 */
export function canonicalSchema(schema: JsonValue): JsonValue {
  if (!isPlainObject(schema)) return schema;
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(schema).sort()) {
    const value = schema[key] as JsonValue;
    if (DATA_KEYWORDS.has(key)) out[key] = value;
    else if (SCHEMA_MAP_KEYWORDS.has(key) && isPlainObject(value)) {
      const map: { [name: string]: JsonValue } = {};
      for (const name of Object.keys(value).sort()) map[name] = canonicalSchema(value[name] as JsonValue);
      out[key] = map;
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = Array.isArray(value) ? value.map(canonicalSchema) : canonicalSchema(value);
    } else if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) out[key] = value.map(canonicalSchema);
    else out[key] = value;
  }
  return out;
}
