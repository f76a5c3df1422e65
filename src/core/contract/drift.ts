import { isDeclared, type RoomTypings } from './typings.js';

/**
 * Drift between the documented rooms.get 200 response and what a live server sends: fields the
 * documentation does not name (per room type `t`), documented fields never seen, and `t` values outside
 * the documented set. Informational only — it tells the documentation team what to add; it never fails
 * a run.
 *
 * Two halves, so that no response body has to leave the test that received it:
 * - `fieldInventory(body)` runs where the body is (the matcher): it keeps field *paths* and `t` values,
 *   never field values, so an inventory is small and holds no data.
 * - `computeDrift(inventories, documentedSchema, typings)` runs once at the end (the reporter), and sorts
 *   each undocumented field by Rocket.Chat's typings of the server's release: typed by them, or declared
 *   nowhere (src/core/contract/typings.ts).
 *
 * Paths are relative to a room of `update[]` (`lastMessage.u.username`), or to the response for
 * everything else (`remove[]._deletedAt`); `[]` stands for every element of an array.
 */

/** One response's field paths: per room type, the paths seen and in how many rooms. */
export interface FieldInventory {
  /** Room type → number of rooms of that type. A room without a string `t` counts as "(none)". */
  roomTypes: Record<string, number>;
  /** Room type → path → number of rooms of that type that had the path. */
  roomFields: Record<string, Record<string, number>>;
  /** Paths outside `update[]`: the envelope and `remove[]` items. */
  responseFields: string[];
  /** Set when the body had more distinct paths than MAX_PATHS; the rest were dropped. */
  truncated?: boolean;
}

/**
 * The room types the documentation stands for. The documented schema gives `t` as a bare string; its
 * description says "all joined public & private channels and all DMs" and its example shows `c` and `d`.
 * We read that as Rocket.Chat's RoomType (packages/core-typings/src/RoomType.ts): c (channel), d (direct),
 * p (private group), l (livechat), v (VoIP). Anything else is drift.
 */
const DOCUMENTED_ROOM_TYPES: readonly string[] = ['c', 'd', 'p', 'l', 'v'];

/** Deeper paths are cut here: md (the message AST) nests without end and would drown the report. */
export const MAX_PATH_DEPTH = 5;
const MAX_PATHS = 400;
const MAX_TYPE_LENGTH = 24;
const NO_TYPE = '(none)';

export function fieldInventory(body: unknown): FieldInventory {
  const inventory: FieldInventory = { roomTypes: {}, roomFields: {}, responseFields: [] };
  let budget = MAX_PATHS;
  const response = new Set<string>();
  const record = (into: Set<string>, path: string): void => {
    if (into.has(path)) return;
    if (budget <= 0) {
      inventory.truncated = true;
      return;
    }
    budget--;
    into.add(path);
  };

  if (!isObject(body)) return inventory;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'update' && Array.isArray(value)) {
      record(response, 'update');
      for (const room of value) {
        const type =
          isObject(room) && typeof room.t === 'string' ? room.t.slice(0, MAX_TYPE_LENGTH) : NO_TYPE;
        inventory.roomTypes[type] = (inventory.roomTypes[type] ?? 0) + 1;
        const paths = new Set<string>();
        collectPaths(room, [], (path) => record(paths, path));
        const counts = inventory.roomFields[type] ?? {};
        inventory.roomFields[type] = counts;
        for (const path of paths) counts[path] = (counts[path] ?? 0) + 1;
      }
    } else {
      record(response, key);
      collectPaths(value, [key], (path) => record(response, path));
    }
  }
  inventory.responseFields = [...response].sort();
  return inventory;
}

function collectPaths(value: unknown, prefix: string[], record: (path: string) => void): void {
  if (prefix.length >= MAX_PATH_DEPTH) return;
  if (Array.isArray(value)) {
    const last = prefix.length > 0 ? `${prefix[prefix.length - 1]}[]` : '[]';
    const arrayPrefix = [...prefix.slice(0, -1), last];
    for (const item of value) collectPaths(item, arrayPrefix, record);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, key];
    record(path.join('.'));
    collectPaths(child, path, record);
  }
}

/** The paths a JSON Schema names: `properties` followed through `items` and local `$ref`s. */
export function documentedPaths(schema: unknown): { room: string[]; response: string[] } {
  const root = isObject(schema) ? schema : {};
  const resolve = (node: unknown, seen: Set<string>): Record<string, unknown> | undefined => {
    if (!isObject(node)) return undefined;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/') && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      let target: unknown = root;
      for (const part of node.$ref.slice(2).split('/')) target = isObject(target) ? target[part] : undefined;
      return resolve(target, seen);
    }
    return node;
  };
  // `depth` counts from where paths are relative to (the response, or a room), as fieldInventory does.
  const walk = (node: unknown, prefix: string[], out: Set<string>, seen: Set<string>, depth = 0): void => {
    if (prefix.length - depth >= MAX_PATH_DEPTH) return;
    const resolved = resolve(node, new Set(seen));
    if (!resolved) return;
    if (resolved.items !== undefined) {
      const last = prefix.length > 0 ? `${prefix[prefix.length - 1]}[]` : '[]';
      walk(resolved.items, [...prefix.slice(0, -1), last], out, seen, depth);
    }
    for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = resolved[combinator];
      if (Array.isArray(branches)) for (const branch of branches) walk(branch, prefix, out, seen, depth);
    }
    if (isObject(resolved.properties)) {
      for (const [key, child] of Object.entries(resolved.properties)) {
        const path = [...prefix, key];
        out.add(path.join('.'));
        walk(child, path, out, seen, depth);
      }
    }
  };

  const response = new Set<string>();
  walk(root, [], response, new Set());
  const room = new Set<string>();
  const properties = resolve(root, new Set())?.properties;
  if (isObject(properties)) walk(properties.update, ['update'], room, new Set(), 1);
  const roomPrefix = 'update[].';
  return {
    room: [...room]
      .filter((path) => path.startsWith(roomPrefix))
      .map((path) => path.slice(roomPrefix.length)),
    response: [...response].filter((path) => !path.startsWith(roomPrefix)),
  };
}

export interface DriftReport {
  /** Responses (200 bodies) the report is built from. */
  responses: number;
  roomsSeen: number;
  documentedRoomTypes: readonly string[];
  /**
   * The Rocket.Chat typings release the undocumented fields were sorted by (src/core/contract/typings.ts) and why
   * that one; absent when schemas/typings/ has none.
   */
  typings?: { release: string; note: string };
  /**
   * Per room type: fields seen in rooms of that type that the documented schema does not name. Each is
   * either typed by Rocket.Chat (`typedBy`: the typings release that declares it) or declared nowhere.
   */
  undocumentedRoomFields: Array<{ t: string; rooms: number; fields: DriftField[] }>;
  /** Fields outside update[] the documented schema does not name (envelope, remove[] items). */
  undocumentedResponseFields: string[];
  /** Documented room fields no observed room had. Empty when no room was seen. */
  documentedNeverSeen: string[];
  /** Room types outside DOCUMENTED_ROOM_TYPES, with how many rooms had them. */
  undocumentedRoomTypes: Array<{ t: string; rooms: number }>;
  truncated: boolean;
}

interface DriftField {
  path: string;
  rooms: number;
  /** The typings release whose room types declare the field; absent: declared nowhere. */
  typedBy?: string;
}

/**
 * Sorts every room field seen three ways: documented (named by the documented schema), typed by
 * Rocket.Chat (its typings of the server's release declare it), declared nowhere.
 */
export function computeDrift(
  inventories: FieldInventory[],
  documentedSchema: unknown,
  typings?: RoomTypings,
): DriftReport {
  const documented = documentedPaths(documentedSchema);
  const documentedRoom = new Set(documented.room);
  const documentedResponse = new Set(documented.response);

  const roomTypes = new Map<string, number>();
  const roomFields = new Map<string, Map<string, number>>();
  const response = new Set<string>();
  let truncated = false;
  for (const inventory of inventories) {
    truncated ||= inventory.truncated === true;
    for (const [t, count] of Object.entries(inventory.roomTypes))
      roomTypes.set(t, (roomTypes.get(t) ?? 0) + count);
    for (const [t, paths] of Object.entries(inventory.roomFields)) {
      const into = roomFields.get(t) ?? new Map<string, number>();
      roomFields.set(t, into);
      for (const [path, count] of Object.entries(paths)) into.set(path, (into.get(path) ?? 0) + count);
    }
    for (const path of inventory.responseFields) response.add(path);
  }

  const seenRoomPaths = new Set([...roomFields.values()].flatMap((paths) => [...paths.keys()]));
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    responses: inventories.length,
    roomsSeen: [...roomTypes.values()].reduce((sum, count) => sum + count, 0),
    documentedRoomTypes: DOCUMENTED_ROOM_TYPES,
    ...(typings ? { typings: { release: typings.release, note: typings.note } } : {}),
    undocumentedRoomFields: [...roomFields]
      .sort(([a], [b]) => byName(a, b))
      .map(([t, paths]) => ({
        t,
        rooms: roomTypes.get(t) ?? 0,
        fields: [...paths]
          .filter(([path]) => !documentedRoom.has(path))
          .sort(([a], [b]) => byName(a, b))
          .map(([path, rooms]) =>
            typings && isDeclared(typings.fields, path)
              ? { path, rooms, typedBy: typings.release }
              : { path, rooms },
          ),
      }))
      .filter((entry) => entry.fields.length > 0),
    undocumentedResponseFields: [...response].filter((path) => !documentedResponse.has(path)).sort(byName),
    documentedNeverSeen:
      seenRoomPaths.size === 0 ? [] : documented.room.filter((path) => !seenRoomPaths.has(path)).sort(byName),
    undocumentedRoomTypes: [...roomTypes]
      .filter(([t]) => !DOCUMENTED_ROOM_TYPES.includes(t))
      .sort(([a], [b]) => byName(a, b))
      .map(([t, rooms]) => ({ t, rooms })),
    truncated,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A drift report read back from drift.json (the reporter writes `null` when a run saw no 200 body):
 * the report, `undefined` for `null`, or an Error naming the first thing that is not a drift report.
 */
export function parseDriftReport(value: unknown): DriftReport | undefined {
  if (value === null) return undefined;
  const fail = (what: string): never => {
    throw new Error(`not a drift report: ${what}`);
  };
  if (!isObject(value)) return fail('expected an object');
  const counted = (item: unknown, key: 't' | 'path'): boolean =>
    isObject(item) && typeof item[key] === 'string' && typeof item.rooms === 'number';
  if (!Array.isArray(value.undocumentedRoomFields)) fail('undocumentedRoomFields is not a list');
  for (const entry of value.undocumentedRoomFields as unknown[]) {
    if (!counted(entry, 't') || !Array.isArray((entry as Record<string, unknown>).fields))
      fail('an undocumentedRoomFields entry is not {t, rooms, fields}');
    for (const field of (entry as { fields: unknown[] }).fields)
      if (!counted(field, 'path')) fail('a field of undocumentedRoomFields is not {path, rooms}');
  }
  if (
    !Array.isArray(value.undocumentedResponseFields) ||
    !value.undocumentedResponseFields.every((path) => typeof path === 'string')
  )
    fail('undocumentedResponseFields is not a list of paths');
  if (
    !Array.isArray(value.undocumentedRoomTypes) ||
    !value.undocumentedRoomTypes.every((entry) => counted(entry, 't'))
  )
    fail('undocumentedRoomTypes is not a list of {t, rooms}');
  return value as unknown as DriftReport;
}
