import { validateContractFile } from '../src/core/contract/contract-file-schema.js';
import { SourceError, type YamlSource } from '../src/core/contract/yaml-source.js';
import { getAtPointer, isPlainObject, parsePointer, toPointer } from '../src/core/contract/json-pointer.js';
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
  /** The line of the entry's `path` in the overlay file, for messages (`<file>:<line>: [index].field: …`). */
  line: number;
}

const CHANGES = ['merge', 'set', 'create'] as const;

type RawEntry = { status: number; path: string; reason: string; source: string } & {
  [change in OverlayEntry['change']]?: JsonValue;
};

/**
 * The entries of an overlay file, validated against contract/schemas/overlay.schema.json (fields,
 * types, exactly one change, one-line reason and source); problems come out as `<file>:<line>: …`.
 */
export function parseOverlay(source: YamlSource): OverlayEntry[] {
  const raw = validateContractFile<RawEntry[]>(source, 'overlay');
  return raw.map((entry, index): OverlayEntry => {
    const change = CHANGES.find((name) => Object.hasOwn(entry, name)) as OverlayEntry['change'];
    const line = source.lineAt([index, 'path']);
    if (change === 'create' && entry.path !== '') {
      throw new SourceError(source.file, [{ line, reason: `[${index}].path: create needs path ''` }]);
    }
    const { status, path, reason } = entry;
    return {
      status,
      path,
      change,
      value: structuredClone(entry[change]) as JsonValue,
      reason,
      source: entry.source,
      line,
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
  const fail = (entry: OverlayEntry, field: string, problem: string): never => {
    throw new SourceError(file, [
      { line: entry.line, reason: `[${entries.indexOf(entry)}]${field}: ${problem}` },
    ]);
  };
  for (const entry of entries) {
    if (entry.change === 'create') {
      if (result.has(entry.status))
        fail(entry, '.status', `${operation} ${entry.status} already has a schema; use merge or set`);
      result.set(entry.status, structuredClone(entry.value) as JsonSchema);
      continue;
    }
    const schema = result.get(entry.status);
    if (!schema) return fail(entry, '.status', `${operation} has no ${entry.status} schema to change`);
    const target = getAtPointer(schema, entry.path);
    if (target === undefined) {
      fail(
        entry,
        '.path',
        `"${entry.path}" does not exist in the generated ${operation} ${entry.status} schema`,
      );
    }
    if (entry.change === 'set') {
      if (entry.path === '') {
        result.set(entry.status, structuredClone(entry.value) as JsonSchema);
        continue;
      }
      const tokens = parsePointer(entry.path);
      const key = tokens.pop() as string;
      const parent = getAtPointer(schema, toPointer(tokens));
      if (Array.isArray(parent)) parent[Number(key)] = structuredClone(entry.value);
      else (parent as Record<string, JsonValue>)[key] = structuredClone(entry.value);
      continue;
    }
    if (!isPlainObject(target)) fail(entry, '.merge', `needs an object at "${entry.path}"`);
    deepMerge(target as Record<string, JsonValue>, entry.value as Record<string, JsonValue>);
  }
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
