import type { DriftReport } from '../src/core/contract/drift.js';
import { getAtPointer, isPlainObject, toPointer } from '../src/core/contract/json-pointer.js';
import type { JsonSchema, JsonValue } from './openapi-to-json-schema.js';
import { typingsReleaseFor, typingsRoomSchema } from '../src/core/contract/typings.js';
import { type FieldTyping, typingsFieldTyping } from './typings-field-schema.js';
import { restTypingsRemoveItem, typingsVersusWire } from './typings-versus-wire.js';

/**
 * Which fields a drift report proves live servers send that the proposal should name, and which it
 * only lists. Pure: the report, the run it came from and the 200 schema so far (the documented one with
 * the overlay's changes, as the generator makes it) go in; the fields to add come out, each with the
 * comment lines that give its evidence.
 *
 * A field is proposed when Rocket.Chat's published typings give it a type: those of the release each run's
 * server maps to (src/core/contract/typings.ts), newest server first (typings-field-schema.ts). It is
 * skipped when the schema already covers it: named, or inside a mapping whose keys are data
 * (`customFields`, `urls[].meta`) or inside a field proposed here whose type names it. Anything else is
 * listed as seen but not proposed, once, at its topmost path.
 */

/**
 * One run's drift report and the Rocket.Chat version it ran against. Nothing else of the run goes into a
 * proposal: not its target, date or file, which name a server of the user's.
 */
export interface DriftRun {
  report: DriftReport;
  /** The server's version (conformance.json beside the report); undefined when not recorded. */
  version: string | undefined;
}

interface DriftFieldProposal {
  /** The drift path, relative to a room: `lastMessage.attachments[].color`. */
  path: string;
  /** The parent's path as generated-schema JSON pointer into the 200 schema. */
  parentPointer: string;
  name: string;
  /** JSON Schema draft-07, from the typings. */
  schema: JsonSchema;
  evidence: string[];
}

export interface SeenNotProposed {
  path: string;
  seen: string;
}

export interface DriftProposals {
  fields: DriftFieldProposal[];
  notProposed: SeenNotProposed[];
  /** Where Rocket.Chat's typings themselves disagree with what the servers sent: one line each. */
  typingsVersusWire: string[];
}

/** The JSON pointer of a room inside the 200 schema: every path of a room is relative to it. */
const ROOM_POINTER = '/properties/update/items';

export function proposeDriftFields(runs: readonly DriftRun[], schema200: JsonSchema): DriftProposals {
  // The 200 schema grows with each proposed field, so a proposed field's own type covers its children.
  const schema = structuredClone(schema200);
  const room = at(schema, ROOM_POINTER);
  const seen = new Map<string, Seen[]>();
  for (const { report, version } of runs) {
    for (const entry of report.undocumentedRoomFields) {
      for (const field of entry.fields) {
        const counts = seen.get(field.path) ?? [];
        counts.push({
          version: publicVersion(version),
          rawVersion: version,
          t: entry.t,
          rooms: field.rooms,
          listed: entry.rooms,
        });
        seen.set(field.path, counts);
      }
    }
  }
  const paths = [...seen.keys()].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));

  const fields: DriftFieldProposal[] = [];
  const notProposed: SeenNotProposed[] = [];
  const contradictions: string[] = [];
  const listed = (path: string) =>
    notProposed.some((entry) => path.startsWith(`${entry.path}.`) || path.startsWith(`${entry.path}[]`));
  for (const path of paths) {
    if (listed(path)) continue;
    const counts = seen.get(path) as Seen[];
    const found = lookup(room, schema, segmentsOf(path));
    if (found.kind !== 'missing') continue;
    const typing = typingOf(path, counts);
    // Children seen below a field the typings type as a scalar (IMessage's `bot: boolean`, where
    // integrations send {i}): the typings and the wire disagree; seen, not proposed.
    const childrenSeen = paths.some((other) => other.startsWith(`${path}.`) || other.startsWith(`${path}[]`));
    const contradicted = typing !== undefined && childrenSeen && !holdsChildren(typing.schema);
    if (contradicted) contradictions.push(path);
    // No typing, or a value the schema types as a non-object: seen, not proposed.
    if (!typing || !found.parent || contradicted) {
      notProposed.push({ path, seen: perVersion(counts).join('; ') });
      continue;
    }
    const segments = segmentsOf(path);
    const name = segments.at(-1) as string;
    const parentProperties = isPlainObject(found.parent.properties)
      ? (found.parent.properties as Record<string, JsonValue>)
      : {};
    found.parent.properties = { ...parentProperties, [name]: structuredClone(typing.schema) };
    fields.push({
      path,
      parentPointer: ROOM_POINTER + pointerOf(segments.slice(0, -1)),
      name,
      schema: typing.schema,
      evidence: [
        'Proposed: sent by Rocket.Chat, not documented.',
        ...perVersion(counts),
        `Type: ${typing.source}`,
      ],
    });
  }

  for (const { report } of runs) {
    for (const path of report.undocumentedResponseFields) {
      if (lookup(schema, schema, segmentsOf(path)).kind === 'missing' && !listed(path))
        notProposed.push({ path, seen: 'the response envelope' });
    }
    for (const { t, rooms } of report.undocumentedRoomTypes)
      notProposed.push({ path: `t = ${JSON.stringify(t)}`, seen: `${rooms} room${rooms === 1 ? '' : 's'}` });
  }
  const roomsTypedNowhere = notProposed
    .filter((entry) => seen.has(entry.path) && !contradictions.includes(entry.path))
    .map((entry) => entry.path);
  return {
    fields,
    notProposed,
    typingsVersusWire: typingsVersusWire(runs, roomsTypedNowhere, contradictions, restTypingsRemoveItem()),
  };
}

/** Whether a schema lets a value have fields or items of its own. */
function holdsChildren(schema: JsonValue): boolean {
  if (!isPlainObject(schema)) return true;
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some(holdsChildren);
  if (schema.const !== undefined || schema.enum !== undefined) return false;
  const types = ([] as JsonValue[]).concat(schema.type ?? ['object']);
  return types.includes('object') || types.includes('array');
}

/** The typing of a field from the typings of the newest server that sent it (by its release). */
function typingOf(path: string, counts: readonly Seen[]): FieldTyping | undefined {
  const versions = [...new Set(counts.map((count) => count.rawVersion))].sort((a, b) =>
    compareVersions(b ?? '', a ?? ''),
  );
  for (const version of versions) {
    const { release } = typingsReleaseFor(version);
    const room = typingsRoomSchema(release);
    const typing = room ? typingsFieldTyping(room as JsonSchema, release, path) : undefined;
    if (typing) return typing;
  }
  return undefined;
}

interface Seen {
  version: string;
  /** The version as recorded: it picks the typings release, never printed. */
  rawVersion: string | undefined;
  t: string;
  /** Rooms of that type with the field. */
  rooms: number;
  /** Rooms of that type the responses listed. */
  listed: number;
}

/** The room types a proposal may name: Rocket.Chat's RoomType. Any other `t` is data of the server. */
const ROOM_TYPES: readonly string[] = ['c', 'd', 'p', 'l', 'v'];

/**
 * A version as a proposal may print it: `7.4.1` (or `9.0.0-rc.1`). Anything else a conformance.json holds
 * there is not printed.
 */
function publicVersion(version: string | undefined): string {
  return version !== undefined && /^\d{1,3}\.\d{1,3}\.\d{1,3}(?:-(?:rc|alpha|beta)\.\d{1,3})?$/.test(version)
    ? `Rocket.Chat ${version}`
    : 'Rocket.Chat (version not recorded)';
}

/** "Rocket.Chat 7.4.1: seen in 12 of 12 listed rooms of type c and 3 of 5 of type p", a line per version. */
function perVersion(counts: readonly Seen[]): string[] {
  const versions = new Map<string, Map<string, { rooms: number; listed: number }>>();
  for (const { version, t, rooms, listed } of counts) {
    const types = versions.get(version) ?? new Map<string, { rooms: number; listed: number }>();
    versions.set(version, types);
    const type = ROOM_TYPES.includes(t) ? `of type ${t}` : 'of another type';
    const sum = types.get(type) ?? { rooms: 0, listed: 0 };
    types.set(type, { rooms: sum.rooms + rooms, listed: sum.listed + listed });
  }
  return [...versions]
    .sort(([a], [b]) => compareVersions(b, a))
    .map(([version, types]) => {
      const parts = [...types].map(
        ([type, { rooms, listed }], index) =>
          `${rooms} of ${listed}${index === 0 ? ` listed room${listed === 1 ? '' : 's'}` : ''} ${type}`,
      );
      const joined =
        parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
      return `${version}: seen in ${joined}`;
    });
}

function compareVersions(a: string, b: string): number {
  const numbers = (text: string) => (text.match(/\d+/g) ?? []).map(Number);
  const [x, y] = [numbers(a), numbers(b)];
  for (let index = 0; index < Math.max(x.length, y.length); index++) {
    const difference = (x[index] ?? -1) - (y[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function segmentsOf(path: string): string[] {
  return path.split('.');
}

function depth(path: string): number {
  return segmentsOf(path).length;
}

/** Drift segments (`attachments[]`) → generated-schema pointer tokens (`/properties/attachments/items`). */
function pointerOf(segments: readonly string[]): string {
  return segments
    .map((segment) =>
      segment.endsWith('[]')
        ? `/properties/${pointerToken(segment.slice(0, -2))}/items`
        : `/properties/${pointerToken(segment)}`,
    )
    .join('');
}

function pointerToken(token: string): string {
  return toPointer([token]).slice(1);
}

type Lookup =
  | { kind: 'named' }
  | { kind: 'free' }
  | { kind: 'missing'; parent: Record<string, JsonValue> | undefined };

/**
 * Whether a schema names a drift path below it: `named`, `free` (inside a mapping whose keys are data,
 * or a schema with no constraint), or `missing` with the object schema it would go into.
 */
function lookup(node: JsonValue | undefined, root: JsonSchema, segments: readonly string[]): Lookup {
  const schema = resolve(node, root);
  if (segments.length === 0) return { kind: 'named' };
  const [segment, ...rest] = segments as [string, ...string[]];
  const array = segment.endsWith('[]');
  const name = array ? segment.slice(0, -2) : segment;
  const candidates = [schema, ...branches(schema, root)];
  for (const candidate of candidates) {
    const properties = candidate.properties;
    if (!isPlainObject(properties) || !Object.hasOwn(properties, name)) continue;
    let child = resolve(properties[name] as JsonValue, root);
    if (array) {
      const items = [child, ...branches(child, root)].find((option) => option.items !== undefined)?.items;
      if (items === undefined) return { kind: 'free' };
      child = resolve(items, root);
    }
    return lookup(child, root, rest);
  }
  const objects = candidates.filter((candidate) => allowsObject(candidate));
  if (objects.length === 0) return { kind: 'missing', parent: undefined };
  const named = objects.some(
    (candidate) => isPlainObject(candidate.properties) && Object.keys(candidate.properties).length > 0,
  );
  if (!named) return { kind: 'free' };
  const parent = objects.find((candidate) => isPlainObject(candidate.properties)) as Record<
    string,
    JsonValue
  >;
  return { kind: 'missing', parent };
}

function allowsObject(schema: Record<string, JsonValue>): boolean {
  const { type } = schema;
  return type === undefined || type === 'object' || (Array.isArray(type) && type.includes('object'));
}

function branches(schema: Record<string, JsonValue>, root: JsonSchema): Array<Record<string, JsonValue>> {
  return (['allOf', 'anyOf', 'oneOf'] as const).flatMap((keyword) => {
    const list = schema[keyword];
    return Array.isArray(list) ? list.map((branch) => resolve(branch, root)) : [];
  });
}

/** A schema with a local `$ref` (`#/definitions/…`) followed; `true`/missing as the empty schema. */
function resolve(node: JsonValue | undefined, root: JsonSchema): Record<string, JsonValue> {
  let current = node;
  for (let hops = 0; isPlainObject(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
    current = at(root, current.$ref.replace(/^#/, ''));
  }
  return isPlainObject(current) ? (current as Record<string, JsonValue>) : {};
}

function at(root: JsonSchema, pointer: string): Record<string, JsonValue> {
  const node = getAtPointer(root, pointer);
  if (!isPlainObject(node)) throw new Error(`the 200 schema has nothing at ${pointer}`);
  return node as Record<string, JsonValue>;
}
