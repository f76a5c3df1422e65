import {
  Document,
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
import { isPlainObject, parsePointer, toPointer } from '../src/core/contract/json-pointer.js';
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

/**
 * How a file writes what we add to it: quotes, lists of scalars, indentation. `detect` reads them off the
 * file (the majority of its quoted scalars, of its scalar lists); the default is this project's style.
 */
export interface YamlStyle {
  singleQuote: boolean;
  flowLists: boolean;
  indent: number;
}

const PROJECT_STYLE: YamlStyle = { singleQuote: false, flowLists: true, indent: 2 };

export function detectStyle(text: string): YamlStyle {
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const indent = /\n( +)\S/.exec(text)?.[1]?.length ?? 2;
  return {
    singleQuote: count(/(?:[:-] |^ +)'/gm) > count(/(?:[:-] |^ +)"/gm),
    flowLists: count(/: \[[^\]\n]+\]\s*$/gm) > count(/^\s*- [\w.-]+\s*$/gm),
    indent,
  };
}

export class OpenApiYaml {
  readonly document: Document;
  readonly source: string;
  readonly style: YamlStyle;
  readonly #operation: { path: string; method: string };
  /** Where a replaced value was in the source: its lines go with it. */
  readonly #replaced = new WeakMap<Pair, [number, number, number]>();

  constructor(text: string, operation: string, style: YamlStyle = PROJECT_STYLE) {
    this.source = text;
    this.style = style;
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
    return this.document.toString(this.#print());
  }

  /** The operation's path in the document, e.g. `/api/v1/rooms.get`. */
  get operationPath(): string {
    return this.#operation.path;
  }

  #print() {
    return { ...PRINT, singleQuote: this.style.singleQuote, indent: this.style.indent };
  }

  /**
   * The operation alone, as an OpenAPI document of its own: the file's `openapi`, `info` and `servers`, the
   * operation's path, and the components it uses (followed through their own `$ref`s), edits included.
   */
  operationAlone(header: readonly string[] = []): string {
    const value = this.document.toJS() as Record<string, unknown>;
    const used = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) for (const item of node) collect(item);
      else if (isPlainObject(node))
        for (const [key, child] of Object.entries(node)) {
          if (key === '$ref' && typeof child === 'string' && child.startsWith('#/components/')) {
            if (used.has(child)) continue;
            used.add(child);
            collect(getIn(value, parsePointer(decodeURIComponent(child.slice(1)))));
          } else collect(child);
        }
    };
    collect(getIn(value, ['paths', this.#operation.path]));
    const alone = new Document(new YAMLMap(), { version: '1.2' });
    const root = alone.contents as YAMLMap;
    const source = this.document.contents as YAMLMap;
    for (const key of ['openapi', 'info', 'servers']) {
      const pair = pairOf(source, key);
      if (pair) root.items.push(new Pair(pair.key, pair.value));
    }
    const paths = new YAMLMap();
    paths.items.push(pairOf(this.mapAt('/paths'), this.#operation.path) as Pair);
    root.items.push(new Pair(new Scalar('paths'), paths));
    const kinds = new YAMLMap();
    const components = pairOf(source, 'components');
    for (const kindPair of isMap(components?.value) ? components.value.items : []) {
      const kind = String(keyOf(kindPair));
      const entries = new YAMLMap();
      for (const entry of isMap(kindPair.value) ? kindPair.value.items : [])
        if (used.has(`#/components/${kind}/${pointerToken(String(keyOf(entry)))}`)) entries.items.push(entry);
      if (entries.items.length > 0) kinds.items.push(new Pair(kindPair.key, entries));
    }
    if (kinds.items.length > 0) root.items.push(new Pair(new Scalar('components'), kinds));
    const first = root.items[0];
    if (header.length > 0 && first && isScalar(first.key)) {
      const key = new Scalar(first.key.value);
      key.commentBefore = commentText(header);
      root.items[0] = new Pair(key, first.value);
    } else if (first && isScalar(first.key) && first.key.commentBefore) {
      root.items[0] = new Pair(new Scalar(first.key.value), first.value);
    }
    return alone.toString(this.#print());
  }

  /**
   * The source text with the edits spliced in: every line outside an added or replaced key stays byte for
   * byte (blank lines, trailing spaces, `{ }`, comments), which a whole re-print of a large file would not
   * keep. Each added or replaced key is printed alone, in the file's style, at its siblings' indentation.
   */
  patchedText(): string {
    const edits: Array<{ start: number; end: number; text: string; order: number }> = [];
    const text = this.source;
    const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = (offset: number) => {
      if (offset > 0 && text[offset - 1] === '\n') return offset;
      const newline = text.indexOf('\n', offset);
      return newline === -1 ? text.length : newline + 1;
    };
    const keyColumn = (pair: Pair, at: string): number => {
      const start = (pair.key as Node).range?.[0] as number;
      const before = text.slice(lineStart(start), start);
      if (before.trim() !== '') throw new Error(`${at}: a key inside a list item cannot be edited in place`);
      return before.length;
    };
    const spanOf = (pair: Pair, at: string) => {
      const key = (pair.key as Node).range as [number, number, number];
      const value = this.#replaced.get(pair) ?? (pair.value as Node | null)?.range;
      return {
        start: lineStart(key[0]),
        end: lineEnd(value ? value[1] : key[1]),
        column: keyColumn(pair, at),
      };
    };
    const print = (pair: Pair, column: number): string => {
      const alone = new Document(new YAMLMap(), { version: '1.2' });
      (alone.contents as YAMLMap).items.push(pair);
      const printed = alone.toString(this.#print());
      return printed
        .split('\n')
        .map((line) => (line === '' ? line : `${' '.repeat(column)}${line}`))
        .join('\n');
    };
    const replace = (pair: Pair, at: string) => {
      unflow(pair.value);
      const span = spanOf(pair, at);
      edits.push({ start: span.start, end: span.end, text: print(pair, span.column), order: edits.length });
    };
    const visit = (map: YAMLMap, at: string, owner: Pair | undefined): void => {
      if (map.flow && isDirty(map)) {
        if (!owner) throw new Error(`${at}: a flow mapping at the root cannot be edited in place`);
        replace(owner, at);
        return;
      }
      const original = map.items.filter((pair) => isOriginal(pair.key));
      const column = original[0] ? keyColumn(original[0], at) : 0;
      map.items.forEach((pair, index) => {
        const here = `${at}/${pointerToken(String(keyOf(pair)))}`;
        if (!isOriginal(pair.key)) {
          const before = map.items
            .slice(0, index)
            .reverse()
            .find((item) => isOriginal(item.key));
          const after = map.items.slice(index + 1).find((item) => isOriginal(item.key));
          const position = before ? spanOf(before, here).end : after ? spanOf(after, here).start : undefined;
          if (position === undefined) throw new Error(`${here}: nowhere to add it`);
          unflow(pair.value);
          edits.push({ start: position, end: position, text: print(pair, column), order: edits.length });
        } else if (!isOriginal(pair.value)) {
          replace(pair, here);
        } else if (isMap(pair.value)) {
          visit(pair.value, here, pair);
        } else if (isSeq(pair.value) && isDirty(pair.value)) {
          replace(pair, here);
        }
      });
    };
    const root = this.document.contents;
    if (!isMap(root)) throw new Error('the OpenAPI document is not a mapping');
    visit(root, '', undefined);
    edits.sort((a, b) => a.start - b.start || a.order - b.order);
    let result = '';
    let cursor = 0;
    for (const edit of edits) {
      result += text.slice(cursor, edit.start) + edit.text;
      cursor = edit.end;
    }
    return result + text.slice(cursor);
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
    this.#remember(touched.pair);
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
        this.#remember(pair);
        pair.value = this.node(value);
        touched.push({ pair, at });
      } else {
        touched.push(this.add(target, key, value));
      }
    }
    return touched;
  }

  #remember(pair: Pair): void {
    const range = (pair.value as Node | null)?.range;
    if (range && !this.#replaced.has(pair)) this.#replaced.set(pair, range);
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
    if (options.quoted) keyNode.type = this.style.singleQuote ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
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
        if (this.style.flowLists && (current as YAMLSeq).items.every((item) => isScalar(item)))
          (current as YAMLSeq).flow = true;
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

/** A node the source text holds (an added or replacing node has no range). */
function isOriginal(node: unknown): boolean {
  return node === null || node === undefined || (node as Node).range !== undefined;
}

/** Whether anything below a node was added or replaced. */
function isDirty(node: unknown): boolean {
  if (!isOriginal(node)) return true;
  if (isMap(node)) return node.items.some((pair) => !isOriginal(pair.key) || isDirty(pair.value));
  if (isSeq(node)) return node.items.some((item) => isDirty(item));
  return false;
}

/** A mapping printed again prints as a block (an empty one stays `{}`). */
function unflow(node: unknown): void {
  if (isMap(node) && node.items.length > 0 && node.range !== undefined) node.flow = false;
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

function getIn(value: unknown, tokens: readonly string[]): unknown {
  let node = value;
  for (const token of tokens)
    node = isPlainObject(node) ? (node as Record<string, unknown>)[token] : undefined;
  return node;
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
