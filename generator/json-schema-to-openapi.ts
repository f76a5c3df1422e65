import { isPlainObject } from '../src/core/contract/json-pointer.js';
import {
  COPIED_KEYWORDS,
  type JsonSchema,
  type JsonValue,
  SUBSCHEMA_KEYWORDS,
} from './openapi-to-json-schema.js';

/**
 * JSON Schema draft-07 (the language of overlays) → OpenAPI 3.0 Schema Object: the reverse of
 * openapi-to-json-schema.ts, for the documentation proposal. Pure: no I/O.
 *
 * - `const` → a one-value `enum`; a `type` list → `nullable` for "null" and, for several other types,
 *   `anyOf` with one branch per type, each keeping the keywords that apply to its type;
 * - `examples` → `example` (the first); a root's `examples` are handed back, for a media type's examples;
 * - `$ref: #/definitions/x` → `#/components/schemas/X`; root `definitions` are handed back as components;
 * - if/then (a schema's own, and allOf members that are only if/then) where every `if` picks values of
 *   one required property → `oneOf`: a branch per `if` (its values and its `then`) and a branch for every
 *   other value. Exact, since `if A then B` is `(A and B) or not A` and the values are disjoint;
 * - draft-07's numeric exclusiveMinimum/Maximum → 3.0's boolean beside minimum/maximum.
 *
 * Whatever has no 3.0 form (`else`, `patternProperties`, `dependencies`, `contains`, tuple `items`, …)
 * is an error naming its pointer: a proposal never drops a constraint without saying so.
 */

export interface OpenApiTranslation {
  schema: JsonSchema;
  /** Root `definitions`, as OpenAPI components: component name → schema. */
  components: Record<string, JsonSchema>;
  /** Root `examples`, for the caller to place (a response's media-type examples). */
  examples: JsonValue[];
  /** The 3.0 forms used, one line each, for the proposal's comments; a looser one says so. */
  notes: string[];
}

export class TranslationError extends Error {
  override name = 'TranslationError';
}

/** The component name of a root definition: its name with a capital, as the documentation names them. */
export function componentName(definition: string): string {
  return definition.charAt(0).toUpperCase() + definition.slice(1);
}

/** The keywords both dialects share, plus the two the other direction handles itself. */
const COPIED = new Set([...COPIED_KEYWORDS, 'format', 'required']);
const HANDLED = new Set([
  'type',
  'const',
  'examples',
  ...SUBSCHEMA_KEYWORDS,
  '$ref',
  'definitions',
  'if',
  'then',
  'exclusiveMinimum',
  'exclusiveMaximum',
  '$comment',
]);
/** Keywords that constrain only one kind of value: a type list's branches each keep their own. */
const TYPE_KEYWORDS: Record<string, readonly string[]> = {
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties'],
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  boolean: [],
};
const TYPED_KEYWORDS = new Set(Object.values(TYPE_KEYWORDS).flat());

export function toOpenApi30(schema: JsonValue): OpenApiTranslation {
  const notes = new Set<string>();
  const components: Record<string, JsonSchema> = {};
  let examples: JsonValue[] = [];
  if (isPlainObject(schema) && schema.definitions !== undefined) {
    if (!isPlainObject(schema.definitions)) fail('/definitions', 'definitions must be a mapping');
    for (const [name, definition] of Object.entries(schema.definitions)) {
      components[componentName(name)] = translate(definition as JsonValue, `/definitions/${name}`, notes);
    }
    notes.add('draft-07 `definitions` as `components/schemas`');
  }
  if (isPlainObject(schema) && Array.isArray(schema.examples)) examples = schema.examples as JsonValue[];
  const {
    definitions: _definitions,
    examples: _examples,
    ...rest
  } = isPlainObject(schema) ? (schema as JsonSchema) : {};
  const translated = isPlainObject(schema) ? translate(rest, '', notes) : translate(schema, '', notes);
  return { schema: translated, components, examples, notes: [...notes] };
}

function fail(pointer: string, reason: string): never {
  throw new TranslationError(`${pointer || '(root)'}: ${reason}`);
}

function translate(node: JsonValue, at: string, notes: Set<string>): JsonSchema {
  if (node === true) return {};
  if (!isPlainObject(node)) return fail(at, 'a schema must be an object (or true)');
  for (const keyword of Object.keys(node)) {
    if (COPIED.has(keyword) || HANDLED.has(keyword)) continue;
    if (keyword === 'else') fail(`${at}/else`, 'if/then/else has no OpenAPI 3.0 form');
    fail(`${at}/${keyword}`, `"${keyword}" has no OpenAPI 3.0 form`);
  }
  if (node.definitions !== undefined)
    fail(`${at}/definitions`, 'definitions are only translated at the root');

  if (node.$ref !== undefined) {
    const match = typeof node.$ref === 'string' ? /^#\/definitions\/([^/]+)$/.exec(node.$ref) : null;
    if (!match) return fail(`${at}/$ref`, 'only "#/definitions/<name>" refs are translated');
    const siblings = Object.keys(node).filter((key) => key !== '$ref' && key !== '$comment');
    if (siblings.length > 0)
      fail(at, `keywords beside $ref are ignored by OpenAPI 3.0: ${siblings.join(', ')}`);
    return { $ref: `#/components/schemas/${componentName(match[1] as string)}` };
  }

  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) if (COPIED.has(keyword)) out[keyword] = value;

  if (node.const !== undefined) {
    if (node.const === null) fail(`${at}/const`, 'const null has no OpenAPI 3.0 form');
    out.enum = [node.const];
    notes.add('`const` as a one-value `enum` (3.0 has no `const`)');
  }
  if (Array.isArray(node.examples) && node.examples.length > 0) {
    out.example = node.examples[0] as JsonValue;
    if (node.examples.length > 1)
      notes.add('looser: only the first of the `examples` kept (3.0 has one `example`)');
  }
  for (const [keyword, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const limit = node[keyword];
    if (limit === undefined) continue;
    if (typeof limit !== 'number' || node[bound] !== undefined)
      fail(`${at}/${keyword}`, `${keyword} must be a number, without ${bound} beside it`);
    out[bound] = limit;
    out[keyword] = true;
  }

  if (node.properties !== undefined) {
    if (!isPlainObject(node.properties)) fail(`${at}/properties`, 'properties must be a mapping');
    const properties: Record<string, JsonSchema> = {};
    for (const [name, property] of Object.entries(node.properties))
      properties[name] = translate(property as JsonValue, `${at}/properties/${name}`, notes);
    out.properties = properties;
  }
  if (node.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof node.additionalProperties === 'boolean'
        ? node.additionalProperties
        : translate(node.additionalProperties, `${at}/additionalProperties`, notes);
  }
  if (node.items !== undefined) {
    if (Array.isArray(node.items)) fail(`${at}/items`, 'tuple items have no OpenAPI 3.0 form');
    out.items = translate(node.items, `${at}/items`, notes);
  }
  if (node.not !== undefined) out.not = translate(node.not, `${at}/not`, notes);

  const conditions = conditionalBranches(node, at);
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[keyword];
    if (branches === undefined) continue;
    if (!Array.isArray(branches) || branches.length === 0)
      fail(`${at}/${keyword}`, 'must be a non-empty list');
    const kept = branches
      .map((branch, index) => ({ branch, index }))
      .filter(({ branch }) => keyword !== 'allOf' || !isConditional(branch));
    if (kept.length > 0)
      out[keyword] = kept.map(({ branch, index }) => translate(branch, `${at}/${keyword}/${index}`, notes));
  }
  if (conditions.length > 0) {
    if (out.oneOf !== undefined) fail(at, 'if/then beside an oneOf has no translation here');
    out.oneOf = choiceBranches(conditions, notes);
    notes.add('if/then per value as `oneOf`: a branch per group of values, one for any other value (exact)');
  }

  return inSourceOrder(typed(out, node.type, at, notes), Object.keys(node));
}

/** The 3.0 keywords each draft-07 keyword becomes, so the output keeps the overlay's order. */
const BECOMES: Record<string, readonly string[]> = {
  type: ['type', 'nullable', 'anyOf'],
  const: ['enum'],
  examples: ['example'],
  exclusiveMinimum: ['minimum', 'exclusiveMinimum'],
  exclusiveMaximum: ['maximum', 'exclusiveMaximum'],
  if: ['oneOf'],
  allOf: ['allOf', 'oneOf'],
};

function inSourceOrder(schema: JsonSchema, sourceKeys: readonly string[]): JsonSchema {
  const out: JsonSchema = {};
  for (const key of sourceKeys.flatMap((source) => BECOMES[source] ?? [source]))
    if (key in schema && !(key in out)) out[key] = schema[key] as JsonValue;
  return { ...out, ...schema, ...out };
}

/** `type` into 3.0: one type, `nullable`, or `anyOf` with one branch per type. */
function typed(out: JsonSchema, type: JsonValue | undefined, at: string, notes: Set<string>): JsonSchema {
  if (type === undefined) return out;
  const types = Array.isArray(type) ? type : [type];
  if (!types.every((name) => typeof name === 'string' && (name === 'null' || name in TYPE_KEYWORDS)))
    fail(`${at}/type`, 'type must be a JSON Schema type or a list of them');
  const nullable = types.includes('null');
  const others = types.filter((name) => name !== 'null') as string[];
  if (others.length === 0) return fail(`${at}/type`, 'a schema of type null alone has no OpenAPI 3.0 form');
  if (others.length === 1) {
    const single = { type: others[0] as string, ...out };
    if (nullable) notes.add('type null as `nullable: true`');
    return nullable ? { ...single, nullable: true } : single;
  }
  notes.add('a `type` list as `anyOf` with a branch per type (3.0 has one type per schema; exact)');
  const shared: JsonSchema = {};
  for (const [keyword, value] of Object.entries(out))
    if (!TYPED_KEYWORDS.has(keyword)) shared[keyword] = value;
  const branches = others.map((name) => {
    const branch: JsonSchema = { type: name };
    for (const keyword of TYPE_KEYWORDS[name] ?? [])
      if (out[keyword] !== undefined) branch[keyword] = out[keyword];
    return nullable ? { ...branch, nullable: true } : branch;
  });
  if (shared.anyOf !== undefined) return { ...shared, allOf: [{ anyOf: shared.anyOf }, { anyOf: branches }] };
  return { anyOf: branches, ...shared };
}

interface Condition {
  property: string;
  values: JsonValue[];
  consequence: JsonValue;
  at: string;
}

function isConditional(branch: JsonValue): boolean {
  return (
    isPlainObject(branch) &&
    'if' in branch &&
    Object.keys(branch).every((key) => key === 'if' || key === 'then')
  );
}

/** The if/then pairs of a schema: its own, and those of allOf members that are only an if/then. */
function conditionalBranches(node: Record<string, JsonValue>, at: string): Condition[] {
  const pairs: Array<{ condition: JsonValue; consequence: JsonValue | undefined; at: string }> = [];
  if (node.if !== undefined) pairs.push({ condition: node.if, consequence: node.then, at });
  else if (node.then !== undefined) fail(`${at}/then`, 'then without if');
  if (Array.isArray(node.allOf)) {
    node.allOf.forEach((branch, index) => {
      if (isConditional(branch)) {
        const pair = branch as Record<string, JsonValue>;
        pairs.push({ condition: pair.if as JsonValue, consequence: pair.then, at: `${at}/allOf/${index}` });
      }
    });
  }
  return pairs.map((pair) => {
    const { condition } = pair;
    const unsupported = `${pair.at}/if: only an if that picks values of one required property has an exact 3.0 form`;
    if (!isPlainObject(condition) || !isPlainObject(condition.properties))
      throw new TranslationError(unsupported);
    const names = Object.keys(condition.properties);
    const property = names[0] as string;
    const test = condition.properties[property];
    const required = condition.required;
    const extra = Object.keys(condition).filter((key) => key !== 'properties' && key !== 'required');
    if (
      names.length !== 1 ||
      extra.length > 0 ||
      !Array.isArray(required) ||
      required.length !== 1 ||
      required[0] !== property ||
      !isPlainObject(test) ||
      Object.keys(test).length !== 1 ||
      !(Array.isArray(test.enum) || test.const !== undefined)
    )
      throw new TranslationError(unsupported);
    if (pair.consequence === undefined) fail(`${pair.at}`, 'if without then');
    const values = Array.isArray(test.enum) ? (test.enum as JsonValue[]) : [test.const as JsonValue];
    return { property, values, consequence: pair.consequence as JsonValue, at: pair.at };
  });
}

/** The `oneOf` equal to a chain of if/then on one property's values. */
function choiceBranches(conditions: Condition[], notes: Set<string>): JsonSchema[] {
  const property = (conditions[0] as Condition).property;
  const seen = new Set<string>();
  for (const condition of conditions) {
    if (condition.property !== property)
      fail(condition.at, `every if must pick values of "${property}" to make one oneOf`);
    for (const value of condition.values) {
      const key = JSON.stringify(value);
      if (seen.has(key)) fail(condition.at, `the value ${key} is picked by two ifs`);
      seen.add(key);
    }
  }
  const branches: JsonSchema[] = conditions.map((condition) => {
    const then = translate(condition.consequence, `${condition.at}/then`, notes);
    const thenProperties = isPlainObject(then.properties)
      ? (then.properties as Record<string, JsonValue>)
      : {};
    if (property in thenProperties) fail(`${condition.at}/then`, `then also constrains "${property}"`);
    const thenRequired = Array.isArray(then.required) ? (then.required as string[]) : [];
    return {
      required: [property, ...thenRequired.filter((name) => name !== property)],
      properties: { [property]: { enum: condition.values }, ...thenProperties },
      ...Object.fromEntries(
        Object.entries(then).filter(([key]) => key !== 'required' && key !== 'properties'),
      ),
    };
  });
  const every = conditions.flatMap((condition) => condition.values);
  branches.push({ properties: { [property]: { not: { enum: every } } } });
  return branches;
}
