import { isPlainObject } from '../src/core/contract/json-pointer.js';
import type { TypingsRelease } from '../src/core/contract/typings.js';
import type { JsonSchema, JsonValue } from './openapi-to-json-schema.js';

/**
 * A room field's type as Rocket.Chat's typings of one release declare it (schemas/typings/room.<release>.json),
 * for the documentation proposal: the schema at a drift path (`lastMessage.attachments[].color`), every
 * branch that declares it joined, self-contained (definitions inlined a few levels deep, deeper left
 * open), without `required` — a typing's required field is not yet a wire guarantee — and with a
 * boolean or number literal widened to its type.
 */
export interface FieldTyping {
  schema: JsonSchema;
  /** Where the type comes from, on one line: the published package and release. */
  source: string;
}

const INLINE_DEPTH = 4;

export function typingsFieldTyping(
  room: JsonSchema,
  release: TypingsRelease,
  path: string,
): FieldTyping | undefined {
  const resolve = (node: JsonValue | undefined): JsonSchema => {
    let current = node;
    for (let hops = 0; isPlainObject(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
      const name = current.$ref.replace('#/definitions/', '');
      current = (room.definitions as Record<string, JsonValue> | undefined)?.[name];
    }
    return isPlainObject(current) ? (current as JsonSchema) : {};
  };
  const flatten = (node: JsonSchema): JsonSchema[] => {
    const branches = Array.isArray(node.anyOf) ? node.anyOf : undefined;
    return branches ? branches.flatMap((branch) => flatten(resolve(branch))) : [node];
  };
  let nodes = flatten(resolve(room));
  for (const segment of path.split('.')) {
    const array = segment.endsWith('[]');
    const name = array ? segment.slice(0, -2) : segment;
    nodes = nodes.flatMap((node) => {
      const property = isPlainObject(node.properties) ? node.properties[name] : undefined;
      if (property === undefined) return [];
      const found = flatten(resolve(property));
      return array
        ? found.flatMap((item) => (item.items === undefined ? [] : flatten(resolve(item.items))))
        : found;
    });
  }
  if (nodes.length === 0) return undefined;
  const inline = (node: JsonValue, depth: number): JsonValue => {
    if (Array.isArray(node)) return node.map((item) => inline(item, depth));
    if (!isPlainObject(node)) return node;
    if (typeof node.$ref === 'string') return depth >= INLINE_DEPTH ? {} : inline(resolve(node), depth + 1);
    // A literal type (`broadcast?: true`) is a narrower claim than the wire keeps: its JSON type is proposed.
    if (node.const !== undefined && typeof node.const !== 'string') return { type: typeof node.const };
    const { required: _notAGuarantee, ...rest } = node as JsonSchema;
    return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, inline(value, depth)]));
  };
  const unique = [...new Map(nodes.map((node) => [JSON.stringify(node), node])).values()];
  const schema = (
    unique.length === 1 ? inline(unique[0] as JsonSchema, 0) : { anyOf: inline(unique, 0) }
  ) as JsonSchema;
  return {
    schema,
    source: `@rocket.chat/core-typings ${release} (https://www.npmjs.com/package/@rocket.chat/core-typings/v/${release})`,
  };
}
