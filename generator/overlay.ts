import { ContractError } from './contract-error.js';
import { getAtPointer, isPlainObject, parsePointer, toPointer } from './json-pointer.js';
import type { JsonSchema, JsonValue } from './openapi-to-json-schema.js';

/**
 * A profile overlay: a YAML list of entries applied in order over the documented JSON Schemas of one
 * operation. Each entry names a response `status`, a JSON `path` into that status's generated schema,
 * exactly one change, a one-line `reason` and a `source`:
 *
 *   merge:  deep-merges a JSON Schema fragment into the object at `path` (objects merge key by key,
 *           anything else — arrays included — is replaced);
 *   set:    replaces the value at `path`;
 *   create: adds a schema for a status the documentation does not have (`path` must be '').
 *
 * Values are JSON Schema draft-07 (not OpenAPI): they are inserted as written. Every `path` must already
 * exist in the base schema, so an overlay can never silently miss after the documentation changes.
 */
export interface OverlayEntry {
  status: number;
  path: string;
  change: 'merge' | 'set' | 'create';
  value: JsonValue;
  reason: string;
  source: string;
}

const CHANGES = ['merge', 'set', 'create'] as const;
const ENTRY_KEYS = new Set(['status', 'path', 'reason', 'source', ...CHANGES]);

/** Validates the parsed YAML of an overlay file. */
export function parseOverlay(value: unknown, file: string): OverlayEntry[] {
  if (!Array.isArray(value)) throw new ContractError(file, '', 'an overlay must be a YAML list of entries');
  return value.map((raw, index): OverlayEntry => {
    const fail = (field: string, reason: string): never => {
      throw new ContractError(file, `/${index}/${field}`, `entry ${index + 1}: ${reason}`);
    };
    if (!isPlainObject(raw)) return fail('', 'must be a mapping');
    for (const key of Object.keys(raw)) if (!ENTRY_KEYS.has(key)) fail(key, `unknown field "${key}"`);
    const status = Number(raw.status);
    if (!Number.isInteger(status) || status < 100 || status > 599)
      fail('status', 'status must be an HTTP status');
    if (typeof raw.path !== 'string')
      return fail('path', "path must be a JSON pointer string ('' for the root)");
    try {
      parsePointer(raw.path);
    } catch (error) {
      fail('path', (error as Error).message);
    }
    for (const field of ['reason', 'source'] as const) {
      const text = raw[field];
      if (typeof text !== 'string' || text.trim() === '' || text.includes('\n')) {
        fail(field, `${field} must be a non-empty single line`);
      }
    }
    const changes = CHANGES.filter((change) => raw[change] !== undefined);
    if (changes.length !== 1) fail('', `needs exactly one of ${CHANGES.join(', ')}`);
    const change = changes[0] as OverlayEntry['change'];
    if ((change === 'merge' || change === 'create') && !isPlainObject(raw[change])) {
      fail(change, `${change} must be a mapping (a JSON Schema fragment)`);
    }
    if (change === 'create' && raw.path !== '') fail('path', "create needs path ''");
    return {
      status,
      path: raw.path,
      change,
      value: structuredClone(raw[change]) as JsonValue,
      reason: raw.reason as string,
      source: raw.source as string,
    };
  });
}

/**
 * Applies the entries to copies of `base` (status → documented schema) and returns status → schema
 * for every status the profile covers: the documented ones plus any created.
 */
export function applyOverlay(
  base: ReadonlyMap<number, JsonSchema>,
  entries: readonly OverlayEntry[],
  file: string,
  operation: string,
): Map<number, JsonSchema> {
  const result = new Map<number, JsonSchema>(
    [...base].map(([status, schema]) => [status, structuredClone(schema)]),
  );
  entries.forEach((entry, index) => {
    const where = `/${index}/path`;
    const label = `entry ${index + 1} (${entry.reason})`;
    if (entry.change === 'create') {
      if (result.has(entry.status)) {
        throw new ContractError(
          file,
          where,
          `${label}: ${operation} ${entry.status} already has a schema; use merge or set`,
        );
      }
      result.set(entry.status, structuredClone(entry.value) as JsonSchema);
      return;
    }
    const schema = result.get(entry.status);
    if (!schema) {
      throw new ContractError(file, where, `${label}: ${operation} has no ${entry.status} schema to change`);
    }
    const target = getAtPointer(schema, entry.path);
    if (target === undefined) {
      throw new ContractError(
        file,
        where,
        `${label}: path "${entry.path}" does not exist in the generated ${operation} ${entry.status} schema`,
      );
    }
    if (entry.change === 'set') {
      if (entry.path === '') {
        result.set(entry.status, structuredClone(entry.value) as JsonSchema);
        return;
      }
      const tokens = parsePointer(entry.path);
      const key = tokens.pop() as string;
      const parent = getAtPointer(schema, toPointer(tokens));
      if (Array.isArray(parent)) parent[Number(key)] = structuredClone(entry.value);
      else (parent as Record<string, JsonValue>)[key] = structuredClone(entry.value);
      return;
    }
    if (!isPlainObject(target)) {
      throw new ContractError(file, where, `${label}: merge needs an object at "${entry.path}"`);
    }
    deepMerge(target as Record<string, JsonValue>, entry.value as Record<string, JsonValue>);
  });
  return result;
}

function deepMerge(target: Record<string, JsonValue>, patch: Record<string, JsonValue>): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (isPlainObject(current) && isPlainObject(value)) {
      deepMerge(current as Record<string, JsonValue>, value as Record<string, JsonValue>);
    } else {
      target[key] = structuredClone(value);
    }
  }
}
