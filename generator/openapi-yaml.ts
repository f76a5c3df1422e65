import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  Pair,
  parseDocument,
  Scalar,
  YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { isPlainObject, parsePointer, toPointer } from '../src/core/json-pointer.js';
import { METHODS, operationName } from './generate.js';
import type { JsonValue } from './openapi-to-json-schema.js';

/**
 * An OpenAPI description as YAML text, edited in place: every line nobody touched stays byte for byte
 * (comments included), so the proposal's diff shows only what changed. Each edit leaves a comment above
 * the key it adds or replaces.
 *
 * Schemas are addressed the way overlays address them: a response status and a JSON pointer into the
 * JSON Schema the generator makes of it. The generator inlines `$ref`s, so the pointer is followed here
 * through them, and an edit lands where the documentation keeps the schema (a shared component too).
 */
export interface Located {
  map: YAMLMap;
  /** Where the map is in the OpenAPI document, as a JSON pointer. */
  at: string;
}

/** What an edit did at one key: the pair to comment, and where it is. */
export interface Touched {
  pair: Pair;
  at: string;
}

const PRINT = { lineWidth: 0, flowCollectionPadding: false } as const;

export class OpenApiYaml {
  readonly document: Document;
  readonly #operation: { path: string; method: string };

  constructor(text: string, operation: string) {
    this.document = parseDocument(text);
    if (this.document.errors.length > 0)
      throw new Error(`malformed YAML: ${this.document.errors[0]?.message}`);
    const paths = this.document.get('paths');
    if (!isMap(paths)) throw new Error('the OpenAPI document has no paths mapping');
    let found: { path: string; method: string } | undefined;
    for (const pathPair of paths.items) {
      const path = String(keyOf(pathPair));
      for (const method of METHODS) {
        if (operationName(path, method) !== operation) continue;
        if (this.document.getIn(['paths', path, method], true) !== undefined) found = { path, method };
      }
    }
    if (!found) throw new Error(`the OpenAPI document does not describe ${operation}`);
    this.#operation = found;
  }

  toString(): string {
    return this.document.toString(PRINT);
  }

  /** The header comment (the comment above the document's first key). */
  setHeader(lines: readonly string[]): void {
    const contents = this.document.contents;
    const first = isMap(contents) ? contents.items[0] : undefined;
    if (!first || !isScalar(first.key)) throw new Error('the OpenAPI document has no first key to comment');
    first.key.commentBefore = commentText(lines);
  }

  /** The responses map of the operation. */
  responses(): Located {
    const at = toPointer(['paths', this.#operation.path, this.#operation.method, 'responses']);
    return { map: this.mapAt(at), at };
  }

  /** The schema of a status's JSON response, following a `$ref` to a shared response. */
  responseSchema(status: number): Located {
    const responses = this.responses();
    const pair = pairOf(responses.map, String(status));
    if (!pair) throw new Error(`${this.#operation.path} documents no ${status} response`);
    const response = this.follow({
      map: asMap(pair.value, `${responses.at}/${status}`),
      at: `${responses.at}/${status}`,
    });
    const at = `${response.at}/content/application~1json/schema`;
    return this.follow({ map: this.mapAt(at), at });
  }

  /** The map a generated-schema pointer of `status` names, following `$ref`s on the way. */
  schemaAt(status: number, pointer: string): Located {
    let here = this.responseSchema(status);
    for (const token of parsePointer(pointer)) {
      const pair = pairOf(here.map, token);
      if (!pair)
        throw new Error(`nothing at ${here.at}/${pointerToken(token)} (generated pointer ${pointer})`);
      here = this.follow({
        map: asMap(pair.value, `${here.at}/${pointerToken(token)}`),
        at: `${here.at}/${pointerToken(token)}`,
      });
    }
    return here;
  }

  /** The pair of `key` in a located map (for a `set`), following nothing. */
  pairAt(parent: Located, key: string): Touched {
    const pair = pairOf(parent.map, key);
    if (!pair) throw new Error(`nothing at ${parent.at}/${pointerToken(key)}`);
    return { pair, at: `${parent.at}/${pointerToken(key)}` };
  }

  /** Replaces the value of an existing key. */
  replace(touched: Touched, value: JsonValue): Touched {
    touched.pair.value = this.node(value);
    return touched;
  }

  /**
   * Deep-merges `patch` into a map: mappings merge key by key, anything else replaces. Returns every key
   * added or replaced, in order.
   */
  merge(target: Located, patch: Record<string, JsonValue>): Touched[] {
    const touched: Touched[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const pair = pairOf(target.map, key);
      const at = `${target.at}/${pointerToken(key)}`;
      if (pair && isMap(pair.value) && isPlainObject(value)) {
        touched.push(...this.merge({ map: pair.value, at }, value as Record<string, JsonValue>));
      } else if (pair) {
        pair.value = this.node(value);
        touched.push({ pair, at });
      } else {
        touched.push(this.add(target, key, value));
      }
    }
    return touched;
  }

  /** Adds a key (at the end, or before the first key that sorts after it when `sorted`). */
  add(
    target: Located,
    key: string,
    value: JsonValue,
    options: { sorted?: boolean; quoted?: boolean } = {},
  ): Touched {
    if (pairOf(target.map, key)) throw new Error(`${target.at}/${pointerToken(key)} exists already`);
    const keyNode = new Scalar(key);
    if (options.quoted) keyNode.type = Scalar.QUOTE_DOUBLE;
    const pair = new Pair(keyNode, this.node(value));
    const index = options.sorted ? target.map.items.findIndex((item) => String(keyOf(item)) > key) : -1;
    if (index === -1) target.map.items.push(pair);
    else target.map.items.splice(index, 0, pair);
    return { pair, at: `${target.at}/${pointerToken(key)}` };
  }

  /** The map at an OpenAPI pointer, created (empty) where missing. */
  mapAt(at: string, create = false): YAMLMap {
    let node: unknown = this.document.contents;
    for (const token of parsePointer(at)) {
      if (!isMap(node)) throw new Error(`${at}: ${token} is not inside a mapping`);
      let next: unknown = node.get(token, true);
      if (next === undefined && create) {
        next = new YAMLMap();
        node.items.push(new Pair(new Scalar(token), next));
      }
      if (next === undefined) throw new Error(`nothing at ${at}`);
      node = next;
    }
    return asMap(node, at);
  }

  /** A value as a YAML node, with lists of scalars (`required`, `enum`) on one line. */
  node(value: JsonValue): Node {
    const node = this.document.createNode(value) as Node;
    const flowScalarLists = (current: unknown): void => {
      if (isSeq(current)) {
        if ((current as YAMLSeq).items.every((item) => isScalar(item))) (current as YAMLSeq).flow = true;
        else for (const item of (current as YAMLSeq).items) flowScalarLists(item);
      } else if (isMap(current)) {
        if (current.items.length === 0) current.flow = true;
        for (const pair of current.items) flowScalarLists(pair.value);
      }
    };
    flowScalarLists(node);
    return node;
  }

  /** Follows a map that is a `$ref` (to another `$ref` too) to the map it names. */
  private follow(here: Located): Located {
    const seen = new Set<string>();
    let current = here;
    for (let ref = refOf(current.map); ref !== undefined; ref = refOf(current.map)) {
      if (!ref.startsWith('#/'))
        throw new Error(`${current.at}: only local $refs are followed, got "${ref}"`);
      const target = decodeURIComponent(ref.slice(1));
      if (seen.has(target)) throw new Error(`${current.at}: circular $ref "${ref}"`);
      seen.add(target);
      current = { map: this.mapAt(target), at: target };
    }
    return current;
  }
}

/** Sets the comment above a touched key: text lines, each shown as `# line`. */
export function commentAbove(touched: Touched, lines: readonly string[]): void {
  const key = touched.pair.key;
  if (!isScalar(key)) throw new Error(`${touched.at}: a key that is not a scalar cannot carry a comment`);
  key.commentBefore = commentText(lines);
}

/** The comment above a key, as lines without `#` (undefined when none). */
export function commentLinesAbove(pair: Pair): string[] | undefined {
  const comment = isScalar(pair.key) ? pair.key.commentBefore : undefined;
  return comment?.split('\n').map((line) => line.replace(/^ /, ''));
}

/** `yaml` prints each comment line after a `#`; a lone space prints as a bare `#`. */
function commentText(lines: readonly string[]): string {
  return lines.map((line) => ` ${line}`).join('\n');
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => String(keyOf(item)) === key) as Pair | undefined;
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

function refOf(map: YAMLMap): string | undefined {
  const ref = map.get('$ref');
  return typeof ref === 'string' ? ref : undefined;
}

function asMap(node: unknown, at: string): YAMLMap {
  if (!isMap(node)) throw new Error(`${at} is not a mapping`);
  return node;
}

function pointerToken(token: string): string {
  return toPointer([token]).slice(1);
}
