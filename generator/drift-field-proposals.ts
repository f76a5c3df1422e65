import type { DriftReport } from '../src/core/drift.js';
import { getAtPointer, isPlainObject, toPointer } from '../src/core/json-pointer.js';
import type { JsonSchema, JsonValue } from './openapi-to-json-schema.js';
import { FIELD_TYPINGS } from './rocketchat-field-typings.js';

/**
 * Which fields a drift report proves live servers send that the proposal should name, and which it
 * only lists. Pure: the report, the run it came from and the 200 schema so far (the documented one with
 * the overlay's changes, as the generator makes it) go in; the fields to add come out, each with the
 * comment lines that give its evidence.
 *
 * A field is proposed when Rocket.Chat's typings give it a type (rocketchat-field-typings.ts). It is
 * skipped when the schema already covers it: named, or inside a mapping whose keys are data
 * (`customFields`, `urls[].meta`) or inside a field proposed here whose type names it. Anything else is
 * listed as seen but not proposed, once, at its topmost path.
 */

/** Where a drift report came from, for the evidence comments. */
export interface DriftRun {
  /** The report as comments show it, e.g. `reports/drift.json`. */
  file: string;
  /** From conformance.json beside it, when there is one. */
  date?: string;
  target?: string;
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
}

/** The JSON pointer of a room inside the 200 schema: every path of a room is relative to it. */
const ROOM_POINTER = '/properties/update/items';

export function proposeDriftFields(
  report: DriftReport,
  run: DriftRun,
  schema200: JsonSchema,
): DriftProposals {
  // The 200 schema grows with each proposed field, so a proposed field's own type covers its children.
  const schema = structuredClone(schema200);
  const room = at(schema, ROOM_POINTER);
  const seen = new Map<string, Array<{ t: string; rooms: number }>>();
  for (const entry of report.undocumentedRoomFields) {
    for (const field of entry.fields) {
      const counts = seen.get(field.path) ?? [];
      counts.push({ t: entry.t, rooms: field.rooms });
      seen.set(field.path, counts);
    }
  }
  const paths = [...seen.keys()].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));

  const fields: DriftFieldProposal[] = [];
  const notProposed: SeenNotProposed[] = [];
  const listed = (path: string) =>
    notProposed.some((entry) => path.startsWith(`${entry.path}.`) || path.startsWith(`${entry.path}[]`));
  for (const path of paths) {
    if (listed(path)) continue;
    const counts = seen.get(path) as Array<{ t: string; rooms: number }>;
    const found = lookup(room, schema, segmentsOf(path));
    if (found.kind !== 'missing') continue;
    const typing = FIELD_TYPINGS.get(path);
    // No typing, or a value the schema types as a non-object: seen, not proposed.
    if (!typing || !found.parent) {
      notProposed.push({ path, seen: roomCounts(counts) });
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
      evidence: [`Proposed: seen in ${roomCounts(counts)} ${runText(run)}.`, `Type: from ${typing.source}`],
    });
  }

  for (const path of report.undocumentedResponseFields) {
    if (lookup(schema, schema, segmentsOf(path)).kind === 'missing' && !listed(path))
      notProposed.push({ path, seen: 'the response envelope' });
  }
  for (const { t, rooms } of report.undocumentedRoomTypes)
    notProposed.push({ path: `t = ${JSON.stringify(t)}`, seen: `${rooms} room${rooms === 1 ? '' : 's'}` });
  return { fields, notProposed };
}

/** "in the run of <date> against <target> (<file>)", or what of it is known. */
export function runText(run: DriftRun): string {
  const date = run.date ?? 'an unrecorded date';
  const target = run.target ?? 'an unrecorded target';
  return `in the run of ${date} against ${target} (${run.file})`;
}

/** "4 rooms of type c and 1 room of type p" */
function roomCounts(counts: ReadonlyArray<{ t: string; rooms: number }>): string {
  const parts = counts.map(({ t, rooms }) => `${rooms} room${rooms === 1 ? '' : 's'} of type ${t}`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
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
