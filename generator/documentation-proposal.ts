import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { getAtPointer, parsePointer, toPointer } from '../src/core/contract/json-pointer.js';
import { readYamlFile, SourceError } from '../src/core/contract/yaml-source.js';
import { type DriftRun, proposeDriftFields, type SeenNotProposed } from './drift-field-proposals.js';
import { type OpenApiTranslation, TranslationError, toOpenApi30 } from './json-schema-to-openapi.js';
import { convertSchema, type JsonSchema, type JsonValue } from './openapi-to-json-schema.js';
import { commentAbove, detectStyle, OpenApiYaml, type Touched } from './openapi-yaml.js';
import { type OverlayEntry, parseOverlay } from './overlay.js';
import { publicEvidence } from './public-evidence.js';

/**
 * The documentation patch: the documentation's OpenAPI description of an operation, corrected by what
 * the strict overlay (Rocket.Chat's source) and runs' drift reports (live servers) prove, each change under
 * a comment that gives its evidence as public facts only (public-evidence.ts): Rocket.Chat's source at a
 * tag, and counts per Rocket.Chat version. Two outputs:
 * - the operation alone: an OpenAPI document of the operation and the components it uses, proposed;
 * - with `against` (Rocket.Chat-Open-API's rooms.yaml, say): a unified diff of that file, touching only the
 *   operation and the components it uses, every other byte as it was, in the file's own style.
 * The base is `against` when given, else our transcription of the page (whose header comments, ours, are
 * never part of an output). Deterministic: the same inputs give the same bytes. Checking the result
 * (valid OpenAPI 3.0, readable by our generator) is proposal-checks.ts's work.
 */

export interface ProposalInputs {
  /** The contract directory: `<operation>.openapi.yaml` and `overlays/<operation>.strict.yaml`. */
  contractDir: string;
  /** How files are named in messages: the contract directory as shown, e.g. `contract`. */
  contractShown: string;
  operation: string;
  /** The documentation file to patch, and its name in the patch (`rooms.yaml`). */
  against?: { text: string; name: string } | undefined;
  drift?: readonly DriftRun[] | undefined;
}

export interface ProposalChange {
  /** What proves it: an overlay entry (a source guarantee) or a drift report (what live servers send). */
  kind: 'overlay' | 'drift';
  /** `<overlay file>:<line>` or `drift: <path>` — for messages, never printed into a proposal. */
  origin: string;
  /** Where the first key it adds or replaces is, as a JSON pointer into the proposed document. */
  at: string;
  /** The comment lines above that key. */
  evidence: string[];
}

export interface Proposal {
  /** The operation alone, proposed: an OpenAPI document of its own. */
  operation: string;
  /** With `against`: the patched file, and the unified diff that makes it. */
  patched?: string;
  diff?: string;
  changes: ProposalChange[];
  notProposed: SeenNotProposed[];
}

/** The overlay whose entries are source guarantees (the other profile is the documentation itself). */
const PROFILE = 'strict';
const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' };

export function buildProposal(inputs: ProposalInputs): Proposal {
  const documented = `${inputs.contractShown}/${inputs.operation}.openapi.yaml`;
  const overlayShown = `${inputs.contractShown}/overlays/${inputs.operation}.${PROFILE}.yaml`;
  const base =
    inputs.against?.text ??
    readYamlFile(join(inputs.contractDir, `${inputs.operation}.openapi.yaml`), documented).text;
  const overlay = readYamlFile(
    join(inputs.contractDir, 'overlays', `${inputs.operation}.${PROFILE}.yaml`),
    overlayShown,
  );
  const entries = parseOverlay(overlay);
  const document = new OpenApiYaml(
    base,
    inputs.operation,
    inputs.against ? detectStyle(inputs.against.text) : undefined,
  );

  const changes: ProposalChange[] = [];
  for (const entry of entries) {
    const origin = `${overlayShown}:${entry.line}`;
    const translation = translated(entry, overlayShown);
    let evidence: string[];
    try {
      evidence = [...publicEvidence(entry), ...translation.notes.map((note) => `OpenAPI 3.0: ${note}`)];
    } catch (error) {
      throw new SourceError(overlayShown, [{ line: entry.line, reason: (error as Error).message }]);
    }
    const touched = applyEntry(document, entry, translation, overlayShown);
    changes.push(record('overlay', origin, touched, evidence));
  }

  let notProposed: SeenNotProposed[] = [];
  let typingsVersusWire: string[] = [];
  if (inputs.drift && inputs.drift.length > 0) {
    const schema200 = generated200(document, documented);
    const drift = proposeDriftFields(inputs.drift, schema200);
    notProposed = drift.notProposed;
    typingsVersusWire = drift.typingsVersusWire;
    for (const field of drift.fields) {
      const translation = toOpenApi30(field.schema);
      const parent = document.schemaAt(200, field.parentPointer);
      const properties = {
        map: document.mapAt(`${parent.at}/properties`, true),
        at: `${parent.at}/properties`,
      };
      const touched = document.add(properties, field.name, translation.schema);
      const evidence = [...field.evidence, ...translation.notes.map((note) => `OpenAPI 3.0: ${note}`)];
      changes.push(record('drift', `drift: ${field.path}`, [touched], evidence));
    }
  }

  const operation = document.operationAlone(header(inputs, changes, typingsVersusWire));
  if (!inputs.against) return { operation, changes, notProposed };
  const patched = document.patchedText();
  const name = inputs.against.name;
  const diff = createTwoFilesPatch(
    `a/${name}`,
    `b/${name}`,
    inputs.against.text,
    patched,
    undefined,
    undefined,
    {
      context: 3,
    },
  );
  return { operation, patched, diff, changes, notProposed };
}

function translated(entry: OverlayEntry, overlayShown: string): OpenApiTranslation {
  try {
    return toOpenApi30(entry.value);
  } catch (error) {
    if (!(error instanceof TranslationError)) throw error;
    throw new SourceError(overlayShown, [
      { line: entry.line, reason: `no OpenAPI 3.0 form: ${error.message}` },
    ]);
  }
}

/** One overlay entry into the document; returns the keys it added or replaced, in order. */
function applyEntry(
  document: OpenApiYaml,
  entry: OverlayEntry,
  translation: OpenApiTranslation,
  overlayShown: string,
): Touched[] {
  const touched: Touched[] = [];
  const fail = (reason: string): never => {
    throw new SourceError(overlayShown, [{ line: entry.line, reason }]);
  };
  try {
    const { schema, examples } = translation;
    if (entry.change === 'create') {
      const description = STATUS_TEXT[entry.status] ?? 'Response';
      const media: Record<string, JsonValue> = { schema };
      if (examples.length > 0)
        media.examples = Object.fromEntries(
          examples.map((value, index) => [
            examples.length === 1 ? description : `${description} ${index + 1}`,
            { value },
          ]),
        );
      touched.push(
        document.add(
          document.responses(),
          String(entry.status),
          { description, content: { 'application/json': media } },
          { sorted: true, quoted: true },
        ),
      );
    } else {
      // Not the root of a created response: 3.0 keeps one `example` in the schema itself.
      const body = examples.length > 0 ? { ...schema, example: examples[0] as JsonValue } : schema;
      if (entry.change === 'merge') {
        touched.push(...document.merge(document.schemaAt(entry.status, entry.path), body));
      } else {
        if (entry.path === '') fail('a set of a whole response schema is not proposed here; use merge');
        const tokens = parsePointer(entry.path);
        const key = tokens.pop() as string;
        const parent = document.schemaAt(entry.status, toPointer(tokens));
        touched.push(document.replace(document.pairAt(parent, key), body));
      }
    }
    const components = Object.entries(translation.components);
    if (components.length > 0) {
      const at = '/components/schemas';
      const schemas = { map: document.mapAt(at, true), at };
      for (const [name, component] of components) touched.push(document.add(schemas, name, component));
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    fail((error as Error).message);
  }
  if (touched.length === 0) fail('changes nothing in the OpenAPI description');
  return touched;
}

/** Comments the keys a change touched: its evidence on the first, a pointer back to it on the others. */
function record(
  kind: ProposalChange['kind'],
  origin: string,
  touched: readonly Touched[],
  evidence: string[],
): ProposalChange {
  const [first, ...rest] = touched as [Touched, ...Touched[]];
  commentAbove(first, evidence);
  for (const other of rest) commentAbove(other, [`Proposed: part of the change commented at ${first.at}`]);
  return { kind, origin, at: first.at, evidence };
}

/** The 200 schema as the generator makes it of the document so far (the overlay's changes in). */
function generated200(document: OpenApiYaml, shown: string): JsonSchema {
  const value = document.document.toJS() as Record<string, unknown>;
  const at = document.responseSchema(200).at;
  return convertSchema(getAtPointer(value, at), at, { document: value, file: shown });
}

/** The header of the operation alone: what it is and what 3.0 cannot say; public facts only. */
function header(
  inputs: ProposalInputs,
  changes: readonly ProposalChange[],
  typingsVersusWire: readonly string[],
): string[] {
  const drift = changes.filter((change) => change.kind === 'drift').length;
  return [
    `${inputs.operation}: a proposed correction of Rocket.Chat's documentation (RocketChat/Rocket.Chat-Open-API,`,
    'https://developer.rocket.chat/apidocs/get-rooms), the operation alone with the components it uses.',
    `${changes.length - drift} changes from Rocket.Chat's source, ${drift} undocumented field${drift === 1 ? '' : 's'} seen on live servers.`,
    'Every change has a comment above it: "Proposed: <reason>", then its evidence (Rocket.Chat source at a',
    'tag, or the rooms seen per Rocket.Chat version), and the OpenAPI 3.0 form used where there is one to say.',
    '',
    "What a 3.0 schema cannot say, and the page's prose should:",
    '- which 401 body a version sends: each version sends one, the schema allows both (anyOf);',
    '- that `remove` is workspace-wide and 30 days deep, and that updatedSince compares with a strict >;',
    "- what updatedSince accepts: whatever JavaScript's Date.parse does (`format: date-time` would be too strict).",
    ...(typingsVersusWire.length > 0
      ? [
          '',
          "Where Rocket.Chat's published typings disagree with what servers send:",
          ...typingsVersusWire.map((line) => `- ${line}`),
        ]
      : []),
  ];
}
