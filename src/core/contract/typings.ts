import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

/**
 * Rocket.Chat's published typings (@rocket.chat/core-typings, rest-typings) as a contract source: what
 * each release declares a listed room to be, read from the JSON Schemas `npm run schemas` writes under
 * schemas/typings/ (generator/typings-schemas.ts). A third voice beside the documentation and the
 * strict overlay: it says which undocumented fields Rocket.Chat itself declares, and which values its
 * own types allow (a check never fails a server for those).
 */

/** The releases installed as dev dependencies (package.json aliases), oldest first. */
export const TYPINGS_RELEASES = ['6.13.1', '8.3.8'] as const;
export type TypingsRelease = (typeof TYPINGS_RELEASES)[number];

/** `typings/room.6.13.1.json`: the file name (inside schemas/) of a release's schema of `what`. */
export function typingsSchemaName(what: 'room' | 'rooms.get.200', release: TypingsRelease): string {
  return `typings/${what}.${release}.json`;
}

export interface TypingsChoice {
  release: TypingsRelease;
  /** Why this release, for the report. */
  note: string;
}

/**
 * The typings release a server version is judged by: the installed release of its major line, else the
 * newest of an older line (a field a later release adds is no promise of an older server: 7.x is judged by
 * 6.13.1, 9.x by 8.3.8); the oldest when the server is older than every one, or its version is unknown.
 * The note says which it used and why.
 */
export function typingsReleaseFor(serverVersion: string | undefined): TypingsChoice {
  const major = parse(serverVersion)?.[0];
  const oldest = TYPINGS_RELEASES[0];
  if (major === undefined)
    return { release: oldest, note: `server version unknown: the oldest release installed, ${oldest}` };
  const release = TYPINGS_RELEASES.filter((candidate) => (parse(candidate)?.[0] ?? 0) <= major).at(-1);
  if (!release)
    return {
      release: oldest,
      note: `no typings at or below ${serverVersion}: the oldest installed, ${oldest}`,
    };
  return {
    release,
    note:
      (parse(release) as number[])[0] === major
        ? `the ${major}.x release installed, for server ${serverVersion}`
        : `no ${major}.x typings installed: ${release}, the nearest release below server ${serverVersion}`,
  };
}

function parse(version: string | undefined): number[] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  return match ? match.slice(1).map(Number) : undefined;
}

type Schema = Record<string, unknown>;

/** Inside schemas/: the documentation's room types that Rocket.Chat's typings contradict (generated). */
export const DISAGREEMENTS_FILE = 'typings/documentation-disagreements.json';

/** The committed list of DISAGREEMENTS_FILE; empty when schemas/ has none. */
export function documentationDisagreements(): TypingsDisagreement[] {
  const file = join(PROJECT_ROOT, 'schemas', DISAGREEMENTS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TypingsDisagreement[]) : [];
}

/** A release's schema of a listed room, or undefined when schemas/ has none (`npm run schemas`). */
export function typingsRoomSchema(release: TypingsRelease): Schema | undefined {
  const file = join(PROJECT_ROOT, 'schemas', typingsSchemaName('room', release));
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Schema) : undefined;
}

/** The typings a server is judged by: the release chosen for its version, and what it declares. */
export interface RoomTypings extends TypingsChoice {
  fields: DeclaredFields;
}

export function roomTypingsFor(serverVersion: string | undefined): RoomTypings | undefined {
  const choice = typingsReleaseFor(serverVersion);
  const schema = typingsRoomSchema(choice.release);
  return schema ? { ...choice, fields: declaredFields(schema) } : undefined;
}

/**
 * The field paths a room schema declares, relative to a room in drift notation (`lastMessage.u.username`,
 * `lastMessage.attachments[].color`), each with whether its type admits `null`. Every branch of a union
 * counts (a field of IOmnichannelRoom is declared for a room); a mapping with data keys (`customFields`)
 * declares everything below it, returned as `open`.
 */
export interface DeclaredFields {
  paths: Map<string, { nullable: boolean }>;
  /** Paths below which any key is declared (an index signature or an open type). */
  open: Set<string>;
}

export function declaredFields(schema: Schema, maxDepth = 5): DeclaredFields {
  const paths = new Map<string, { nullable: boolean }>();
  const open = new Set<string>();
  const resolve = (node: unknown): Schema | undefined => {
    let current = node;
    for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
      let target: unknown = schema;
      for (const part of current.$ref.slice(2).split('/'))
        target = isObject(target) ? target[part] : undefined;
      current = target;
    }
    return isObject(current) ? current : undefined;
  };
  const branches = (node: Schema): Schema[] => {
    const list = [node];
    for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
      const value = node[keyword];
      if (Array.isArray(value)) for (const branch of value) list.push(...branches(resolve(branch) ?? {}));
    }
    return list;
  };
  const visiting = new Set<Schema>();
  const walk = (node: unknown, prefix: string, depth: number): void => {
    const resolved = resolve(node);
    if (!resolved || depth > maxDepth || visiting.has(resolved)) return;
    visiting.add(resolved);
    for (const branch of branches(resolved)) {
      if (branch.items !== undefined) {
        const items = Array.isArray(branch.items) ? branch.items : [branch.items];
        for (const item of items) walk(item, `${prefix}[]`, depth);
      }
      if (isObject(branch.properties)) {
        for (const [key, child] of Object.entries(branch.properties)) {
          const path = prefix === '' ? key : `${prefix}.${key}`;
          const nullable = branches(resolve(child) ?? {}).some((option) => admitsNull(option));
          paths.set(path, { nullable: nullable || paths.get(path)?.nullable === true });
          const childSchema = resolve(child);
          if (childSchema && Object.keys(childSchema).length === 0) open.add(path);
          walk(child, path, depth + 1);
        }
      }
      if (branch.additionalProperties !== undefined && branch.additionalProperties !== false && prefix !== '')
        open.add(prefix);
    }
    visiting.delete(resolved);
  };
  walk(schema, '', 0);
  return { paths, open };
}

/** Whether a path is declared: named, or below an open mapping. */
export function isDeclared(fields: DeclaredFields, path: string): boolean {
  if (fields.paths.has(path)) return true;
  for (const open of fields.open)
    if (path.startsWith(`${open}.`) || path.startsWith(`${open}[]`)) return true;
  return false;
}

function admitsNull(schema: Schema): boolean {
  const { type } = schema;
  return type === 'null' || (Array.isArray(type) && type.includes('null')) || schema.const === null;
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A room field whose documented type rules out values Rocket.Chat's own typings allow: a mistake of the
 * documentation (a finding about it), never a server failure. The documented profile accepts the
 * typings' types there (generator/generate.ts).
 */
export interface TypingsDisagreement {
  field: string;
  /** The JSON types the documentation gives. */
  documented: string[];
  /** The JSON types the typings add, and the releases that declare them. */
  typed: string[];
  releases: string[];
}

/** Compares each documented room property's `type` with what every typings release declares for it. */
export function documentationTypingsDisagreements(
  documentedRoom: Schema,
  typingsRooms: ReadonlyMap<string, Schema>,
): TypingsDisagreement[] {
  const out: TypingsDisagreement[] = [];
  const properties = isObject(documentedRoom.properties) ? documentedRoom.properties : {};
  for (const [field, schema] of Object.entries(properties)) {
    if (!isObject(schema) || schema.type === undefined) continue;
    const documented = ([] as unknown[]).concat(schema.type).map(String);
    const allowed = new Set(
      documented.flatMap((type) => (type === 'integer' ? ['integer', 'number'] : [type])),
    );
    const extra = new Set<string>();
    const releases: string[] = [];
    for (const [release, room] of typingsRooms) {
      const typed = typedAt(room, [field]).types;
      const missing = typed ? [...typed].filter((type) => !allowed.has(type)) : [];
      if (missing.length === 0) continue;
      for (const type of missing) extra.add(type);
      releases.push(release);
    }
    if (extra.size > 0) out.push({ field, documented, typed: [...extra].sort(), releases });
  }
  return out;
}

/** What a typings schema declares at a property path (`['lastMessage', 'alias']`), over every branch. */
export interface Typed {
  /** Whether any branch declares the property. */
  declared: boolean;
  /** Whether every branch of its parent requires it (a room of every kind has it). */
  required: boolean;
  /** The JSON types it may take; undefined: open (any type). */
  types: Set<string> | undefined;
  /** Its literal values when every branch is a literal (an enum); else undefined. */
  values: Set<unknown> | undefined;
}

export function typedAt(root: Schema, path: readonly string[]): Typed {
  const resolve = (node: unknown): Schema => {
    let current = node;
    for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
      let target: unknown = root;
      for (const part of current.$ref.slice(2).split('/'))
        target = isObject(target) ? target[part] : undefined;
      current = target;
    }
    return isObject(current) ? current : {};
  };
  const flatten = (node: Schema): Schema[] => {
    const branches = [node.anyOf, node.oneOf].find(Array.isArray) as unknown[] | undefined;
    return branches ? branches.flatMap((branch) => flatten(resolve(branch))) : [node];
  };
  let parents = flatten(resolve(root));
  let nodes: Schema[] = [];
  let required = true;
  for (const segment of path) {
    nodes = [];
    required = true;
    for (const parent of parents) {
      if (!(Array.isArray(parent.required) && parent.required.includes(segment))) required = false;
      const property = isObject(parent.properties) ? parent.properties[segment] : undefined;
      if (property !== undefined) nodes.push(...flatten(resolve(property)));
    }
    parents = nodes;
  }
  let types: Set<string> | undefined = new Set<string>();
  let values: Set<unknown> | undefined = new Set<unknown>();
  for (const node of nodes) {
    if (node.const !== undefined) {
      types?.add(jsonType(node.const));
      values?.add(node.const);
    } else if (Array.isArray(node.enum)) {
      for (const value of node.enum) {
        types?.add(jsonType(value));
        values?.add(value);
      }
    } else {
      values = undefined;
      if (node.type === undefined) types = undefined;
      else for (const type of ([] as unknown[]).concat(node.type)) types?.add(String(type));
    }
  }
  const declared = nodes.length > 0;
  return { declared, required: declared && required, types, values: declared ? values : undefined };
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? 'number' : typeof value;
}
