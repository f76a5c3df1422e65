import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';
import { createContractAjv } from '../src/core/contract/validation.js';
import { readYamlFile } from '../src/core/contract/yaml-source.js';
import { ContractError } from './contract-error.js';
import { getAtPointer, isPlainObject, toPointer } from '../src/core/contract/json-pointer.js';
import {
  canonicalSchema,
  convertSchema,
  JSON_SCHEMA_DRAFT_07,
  type JsonSchema,
  type JsonValue,
} from './openapi-to-json-schema.js';
import { applyOverlay, parseOverlay } from './overlay.js';
import {
  DISAGREEMENTS_FILE,
  documentationTypingsDisagreements,
  TYPINGS_RELEASES,
  type TypingsDisagreement,
  typingsRoomSchema,
} from '../src/core/contract/typings.js';

/**
 * Builds every file of schemas/ in memory, deterministically: the same contract gives byte-identical
 * output. Layout of the contract directory:
 *
 *   <operation>.openapi.yaml          e.g. rooms.get.openapi.yaml → rooms.get.<status>.documented.json
 *   overlays/<operation>.<profile>.yaml  e.g. rooms.get.strict.yaml → rooms.get.<status>.strict.json
 *
 * Each file records the sha256 of its inputs in its top-level `$comment`.
 */
export interface GeneratedFile {
  /** File name inside the output directory. */
  name: string;
  content: string;
  inputsHash: string;
  /** The contract files it was generated from, relative to the contract directory. */
  sources: string[];
}

const DOCUMENTED = 'documented';
const API_PREFIX = '/api/v1/';
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The operation a path and method describe: `/api/v1/rooms.get` + get → `rooms.get`. */
export function operationName(path: string, method: (typeof METHODS)[number]): string {
  const base = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path.replace(/^\//, '');
  return method === 'get' ? base : `${base}.${method}`;
}

interface DocumentedOperation {
  operation: string;
  sourceName: string;
  sourceText: string;
  schemas: Map<number, JsonSchema>;
}

/**
 * `typingsRooms`: Rocket.Chat's typings of a listed room per release (schemas/typings/), against which the
 * documented rooms.get 200 schema is compared: where the documentation's type of a room field rules out a
 * type Rocket.Chat's own typings give it, the documented profile accepts the typings' types too (the
 * documentation's mistake is a finding about it, written to typings/documentation-disagreements.json,
 * never a server failure). The strict profile is built on the documentation as written.
 */
export function generateSchemas(
  contractDir: string,
  typingsRooms: ReadonlyMap<string, Record<string, unknown>> = committedTypingsRooms(),
): GeneratedFile[] {
  const display = (file: string) => relative(process.cwd(), file) || file;
  const openapiFiles = listFiles(contractDir, /\.openapi\.ya?ml$/);
  if (openapiFiles.length === 0) {
    throw new ContractError(
      display(contractDir),
      undefined,
      'no *.openapi.yaml file in the contract directory',
    );
  }

  const operations = new Map<string, DocumentedOperation>();
  for (const name of openapiFiles) {
    for (const documented of readOpenApi(join(contractDir, name), display(join(contractDir, name)), name)) {
      if (operations.has(documented.operation)) {
        throw new ContractError(
          display(join(contractDir, name)),
          undefined,
          `${documented.operation} is described twice`,
        );
      }
      operations.set(documented.operation, documented);
    }
  }

  const files: GeneratedFile[] = [];
  for (const documented of operations.values()) {
    for (const [status, schema] of documented.schemas) {
      const room = getAtPointer(schema, ROOM_POINTER);
      const disagreements =
        documented.operation === 'rooms.get' && status === 200 && isPlainObject(room)
          ? documentationTypingsDisagreements(room, typingsRooms)
          : undefined;
      files.push(
        render(
          `${documented.operation}.${status}.${DOCUMENTED}.json`,
          disagreements ? acceptTypings(schema, disagreements) : schema,
          [[documented.sourceName, documented.sourceText]],
        ),
      );
      if (disagreements)
        files.push({
          name: DISAGREEMENTS_FILE,
          content: `${JSON.stringify(disagreements, null, 2)}\n`,
          inputsHash: '',
          sources: [documented.sourceName],
        });
    }
  }

  const overlayDir = join(contractDir, 'overlays');
  for (const name of existsSync(overlayDir) ? listFiles(overlayDir, /\.ya?ml$/) : []) {
    const file = join(overlayDir, name);
    const match = /^(?<operation>.+)\.(?<profile>[a-z]+)\.ya?ml$/.exec(name)?.groups;
    const documented = match ? operations.get(match.operation as string) : undefined;
    if (!match || !documented || match.profile === DOCUMENTED) {
      throw new ContractError(
        display(file),
        undefined,
        `overlay files are named <operation>.<profile>.yaml for a described operation (${[...operations.keys()].join(', ')}) and a profile other than "${DOCUMENTED}"`,
      );
    }
    const overlay = readYamlFile(file, display(file));
    const profiled = applyOverlay(
      documented.schemas,
      parseOverlay(overlay),
      overlay.file,
      documented.operation,
    );
    for (const [status, schema] of [...profiled].sort(([a], [b]) => a - b)) {
      files.push(
        render(`${documented.operation}.${status}.${match.profile}.json`, schema, [
          [documented.sourceName, documented.sourceText],
          [`overlays/${name}`, overlay.text],
        ]),
      );
    }
  }

  assertCompiles(files, contractDir, display);
  return files.sort((a, b) => (a.name < b.name ? -1 : 1));
}

const ROOM_POINTER = '/properties/update/items';

/** The room fields of the documented schema widened to the types Rocket.Chat's typings give them. */
function acceptTypings(schema: JsonSchema, disagreements: readonly TypingsDisagreement[]): JsonSchema {
  const widened = structuredClone(schema);
  const properties = getAtPointer(widened, `${ROOM_POINTER}/properties`) as Record<string, JsonSchema>;
  for (const { field, documented, typed, releases } of disagreements) {
    const property = properties[field] as JsonSchema;
    property.type = [...documented, ...typed];
    property.$comment = `The documentation says ${documented.join(' or ')}; Rocket.Chat's typings ${releases.join(' and ')} also allow ${typed.join(' or ')}: accepted, reported as a documentation finding.`;
  }
  return widened;
}

/** The committed typings schemas of a listed room, per release (none before the first `npm run schemas`). */
function committedTypingsRooms(): Map<string, Record<string, unknown>> {
  const rooms = new Map<string, Record<string, unknown>>();
  for (const release of TYPINGS_RELEASES) {
    const schema = typingsRoomSchema(release);
    if (schema) rooms.set(release, schema);
  }
  return rooms;
}

/** Every documented JSON response of every operation in one OpenAPI file. */
function readOpenApi(file: string, shown: string, sourceName: string): DocumentedOperation[] {
  const { value, text } = readYamlFile(file, shown);
  const fail = (pointer: string, reason: string): never => {
    throw new ContractError(shown, pointer, reason);
  };
  if (!isPlainObject(value)) return fail('', 'an OpenAPI document must be a mapping');
  if (typeof value.openapi !== 'string' || !/^3\.0\.\d+$/.test(value.openapi)) {
    fail('/openapi', 'expected an OpenAPI 3.0.x document (openapi: 3.0.x)');
  }
  if (!isPlainObject(value.paths)) return fail('/paths', 'paths must be a mapping');
  const document = value as unknown as OpenAPIV3.Document;

  const operations: DocumentedOperation[] = [];
  for (const [path, pathItem] of Object.entries(document.paths)) {
    if (!isPlainObject(pathItem)) fail(toPointer(['paths', path]), 'a path item must be a mapping');
    for (const method of METHODS) {
      const operationObject = (pathItem as OpenAPIV3.PathItemObject)[method];
      if (operationObject === undefined) continue;
      const operation = operationName(path, method);
      const responsesAt = toPointer(['paths', path, method, 'responses']);
      if (!isPlainObject(operationObject.responses)) return fail(responsesAt, 'responses must be a mapping');
      const schemas = new Map<number, JsonSchema>();
      for (const [statusKey, responseOrRef] of Object.entries(operationObject.responses)) {
        const responseAt = `${responsesAt}${toPointer([statusKey])}`;
        if (!/^[1-5]\d\d$/.test(statusKey)) fail(responseAt, 'only explicit status codes are supported');
        const { value: response, pointer } = resolveObject(document, responseOrRef, responseAt, shown);
        const media = getAtPointer(response, '/content/application~1json');
        if (!isPlainObject(media)) continue; // no JSON body documented: nothing to validate
        const mediaAt = `${pointer}/content/application~1json`;
        if (media.schema === undefined) fail(mediaAt, 'application/json has no schema');
        const converted = convertSchema(media.schema, `${mediaAt}/schema`, { document, file: shown });
        const examples = mediaExamples(document, media, mediaAt, shown);
        const ownExamples = Array.isArray(converted.examples) ? converted.examples : [];
        if (examples.length + ownExamples.length > 0) converted.examples = [...examples, ...ownExamples];
        schemas.set(Number(statusKey), converted);
      }
      operations.push({ operation, sourceName, sourceText: text, schemas });
    }
  }
  return operations;
}

/** The media type's `examples` (in document order) then its `example`: the documentation's own bodies. */
function mediaExamples(
  document: unknown,
  media: Record<string, unknown>,
  mediaAt: string,
  shown: string,
): JsonValue[] {
  const out: JsonValue[] = [];
  if (media.examples !== undefined) {
    if (!isPlainObject(media.examples))
      throw new ContractError(shown, `${mediaAt}/examples`, 'examples must be a mapping');
    for (const [name, exampleOrRef] of Object.entries(media.examples)) {
      const { value: example, pointer } = resolveObject(
        document,
        exampleOrRef,
        `${mediaAt}${toPointer(['examples', name])}`,
        shown,
      );
      if (example.externalValue !== undefined)
        throw new ContractError(shown, pointer, 'externalValue is not supported');
      out.push(example.value as JsonValue);
    }
  }
  if (media.example !== undefined) out.push(media.example as JsonValue);
  return out;
}

/** Follows `$ref` chains between response/example objects. */
function resolveObject(
  document: unknown,
  value: unknown,
  pointer: string,
  shown: string,
): { value: Record<string, unknown>; pointer: string } {
  const seen = new Set<string>();
  let current = value;
  let at = pointer;
  while (isPlainObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#'))
      throw new ContractError(shown, `${at}/$ref`, `only local $refs ("#/...") are supported, got "${ref}"`);
    const target = decodeURIComponent(ref.slice(1));
    if (seen.has(target)) throw new ContractError(shown, `${at}/$ref`, `circular $ref "${ref}"`);
    seen.add(target);
    const next = getAtPointer(document, target);
    if (next === undefined)
      throw new ContractError(
        shown,
        `${at}/$ref`,
        `dangling $ref "${ref}": nothing at ${target} in this file`,
      );
    current = next;
    at = target;
  }
  if (!isPlainObject(current)) throw new ContractError(shown, at, 'expected a mapping');
  return { value: current, pointer: at };
}

function render(name: string, schema: JsonSchema, inputs: [string, string][]): GeneratedFile {
  const hash = createHash('sha256');
  for (const [inputName, text] of inputs) hash.update(`${inputName}\u0000${text}\u0000`);
  const inputsHash = hash.digest('hex');
  const { $schema: _ignored, $comment: _alsoIgnored, ...body } = schema;
  const document = {
    $schema: JSON_SCHEMA_DRAFT_07,
    $comment: `Generated by \`npm run schemas\` from ${inputs.map(([inputName]) => `contract/${inputName}`).join(' + ')}; do not edit. inputs-sha256:${inputsHash}`,
    ...(canonicalSchema(body) as JsonSchema),
  };
  return {
    name,
    content: `${JSON.stringify(document, null, 2)}\n`,
    inputsHash,
    sources: inputs.map(([inputName]) => inputName),
  };
}

/** A generated schema that ajv's strict mode rejects (e.g. a typo in an overlay) fails generation. */
function assertCompiles(
  files: GeneratedFile[],
  contractDir: string,
  display: (file: string) => string,
): void {
  const ajv = createContractAjv();
  for (const file of files) {
    if (file.name === DISAGREEMENTS_FILE) continue;
    try {
      ajv.compile(JSON.parse(file.content) as object);
    } catch (error) {
      const culprit = display(join(contractDir, file.sources.at(-1) as string));
      throw new ContractError(
        culprit,
        undefined,
        `${file.name} does not compile under ajv strict mode: ${(error as Error).message}`,
      );
    }
  }
}

function listFiles(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** The `inputs-sha256:` recorded in a generated file, if any. */
export function recordedInputsHash(content: string): string | undefined {
  return /inputs-sha256:([0-9a-f]{64})/.exec(content)?.[1];
}
