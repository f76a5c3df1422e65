import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { DriftReport } from '../src/core/drift.js';
import { getAtPointer, parsePointer, toPointer } from '../src/core/json-pointer.js';
import { readYamlFile, SourceError } from '../src/core/yaml-source.js';
import { type DriftRun, proposeDriftFields, runText, type SeenNotProposed } from './drift-field-proposals.js';
import { type OpenApiTranslation, TranslationError, toOpenApi30 } from './json-schema-to-openapi.js';
import { convertSchema, type JsonSchema, type JsonValue } from './openapi-to-json-schema.js';
import { commentAbove, OpenApiYaml, type Touched } from './openapi-yaml.js';
import { type OverlayEntry, parseOverlay } from './overlay.js';

/**
 * The documentation patch: the documentation's OpenAPI description of an operation, corrected by what
 * the strict overlay (Rocket.Chat's source) and a run's drift report (live servers) prove. The result is
 * the same YAML with every untouched line as it was, each change under a comment that gives its evidence,
 * and a unified diff against the documentation's file. Deterministic: the same inputs give the same bytes.
 * Checking the result (valid OpenAPI 3.0, readable by our generator) is proposal-checks.ts's work.
 */

export interface ProposalInputs {
  /** The contract directory: `<operation>.openapi.yaml` and `overlays/<operation>.strict.yaml`. */
  contractDir: string;
  /** How files are named in comments and the diff: the contract directory as shown, e.g. `contract`. */
  contractShown: string;
  operation: string;
  drift?: { report: DriftReport; run: DriftRun } | undefined;
}

export interface ProposalChange {
  /** What proves it: an overlay entry (a source guarantee) or a drift report (what live servers send). */
  kind: 'overlay' | 'drift';
  /** `<overlay file>:<line>` or `<drift file>: <path>`. */
  origin: string;
  /** Where the first key it adds or replaces is, as a JSON pointer into the proposed document. */
  at: string;
  /** The comment lines above that key. */
  evidence: string[];
}

export interface Proposal {
  yaml: string;
  diff: string;
  changes: ProposalChange[];
  notProposed: SeenNotProposed[];
  /** The files compared by the diff, as shown. */
  documented: string;
}

/** The overlay whose entries are source guarantees (the other profile is the documentation itself). */
const PROFILE = 'strict';
const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' };

export function buildProposal(inputs: ProposalInputs): Proposal {
  const documented = `${inputs.contractShown}/${inputs.operation}.openapi.yaml`;
  const overlayShown = `${inputs.contractShown}/overlays/${inputs.operation}.${PROFILE}.yaml`;
  const source = readYamlFile(join(inputs.contractDir, `${inputs.operation}.openapi.yaml`), documented);
  const overlay = readYamlFile(
    join(inputs.contractDir, 'overlays', `${inputs.operation}.${PROFILE}.yaml`),
    overlayShown,
  );
  const entries = parseOverlay(overlay);
  const document = new OpenApiYaml(source.text, inputs.operation);

  const changes: ProposalChange[] = [];
  for (const entry of entries) {
    const origin = `${overlayShown}:${entry.line}`;
    const translation = translated(entry, overlayShown);
    const evidence = [
      `Proposed: ${entry.reason} (${origin})`,
      `Source: ${entry.source}`,
      ...translation.notes.map((note) => `OpenAPI 3.0: ${note}`),
    ];
    const touched = applyEntry(document, entry, translation, overlayShown);
    changes.push(record('overlay', origin, touched, evidence));
  }

  let notProposed: SeenNotProposed[] = [];
  if (inputs.drift) {
    const schema200 = generated200(document, documented);
    const drift = proposeDriftFields(inputs.drift.report, inputs.drift.run, schema200);
    notProposed = drift.notProposed;
    for (const field of drift.fields) {
      const translation = toOpenApi30(field.schema);
      const parent = document.schemaAt(200, field.parentPointer);
      const properties = {
        map: document.mapAt(`${parent.at}/properties`, true),
        at: `${parent.at}/properties`,
      };
      const touched = document.add(properties, field.name, translation.schema);
      const evidence = [...field.evidence, ...translation.notes.map((note) => `OpenAPI 3.0: ${note}`)];
      changes.push(record('drift', `${inputs.drift.run.file}: ${field.path}`, [touched], evidence));
    }
  }

  document.setHeader(header(inputs, documented, overlayShown, entries.length, changes, notProposed));
  const yaml = document.toString();
  const diff = createTwoFilesPatch(
    `a/${documented}`,
    `b/${documented}`,
    source.text,
    yaml,
    undefined,
    undefined,
    {
      context: 3,
    },
  );
  return { yaml, diff, changes, notProposed, documented };
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
  for (const other of rest)
    commentAbove(other, [`Proposed: part of the change commented at ${first.at} (${origin})`]);
  return { kind, origin, at: first.at, evidence };
}

/** The 200 schema as the generator makes it of the document so far (the overlay's changes in). */
function generated200(document: OpenApiYaml, shown: string): JsonSchema {
  const value = document.document.toJS() as Record<string, unknown>;
  const at = document.responseSchema(200).at;
  return convertSchema(getAtPointer(value, at), at, { document: value, file: shown });
}

function header(
  inputs: ProposalInputs,
  documented: string,
  overlayShown: string,
  overlayEntries: number,
  changes: readonly ProposalChange[],
  notProposed: readonly SeenNotProposed[],
): string[] {
  const driftChanges = changes.length - overlayEntries;
  const lines = [
    `${inputs.operation}: a proposed correction of Rocket.Chat's documentation`,
    '(https://developer.rocket.chat/apidocs/get-rooms, rendered from RocketChat/Rocket.Chat-Open-API rooms.yaml).',
    '',
    `Written by \`npm run contract:proposal\`: ${documented} (the page as published), corrected by`,
    `- ${overlayShown}: ${overlayEntries} entries, each a guarantee of Rocket.Chat's source;`,
    inputs.drift
      ? `- ${inputs.drift.run.file}: ${driftChanges} field${driftChanges === 1 ? '' : 's'} that live servers send and the page does not name, seen ${runText(inputs.drift.run).replace(/ \([^)]*\)$/, '')}.`
      : '- no drift report: no undocumented field proposed.',
    ...(inputs.drift?.report.truncated
      ? ['  (The report was cut at its path budget: a field it did not reach is not proposed.)']
      : []),
    'Every change has a comment above it: "Proposed: <reason> (<evidence>)", then its source, and the',
    "OpenAPI 3.0 form used where the overlay's JSON Schema keyword has none in 3.0.",
  ];
  if (notProposed.length > 0) {
    lines.push(
      '',
      "Seen in the run, not proposed (no type in Rocket.Chat's typings: an integration's own field?):",
      ...notProposed.map((entry) => `- ${entry.path} (${entry.seen})`),
    );
  }
  lines.push(
    '',
    "What a 3.0 schema cannot say, and the page's prose should (docs/documentation-proposal.md):",
    '- which 401 body a version sends: each version sends one, the schema allows both (anyOf);',
    '- that `remove` is workspace-wide and 30 days deep, and that updatedSince compares with a strict >;',
    "- what updatedSince accepts: whatever JavaScript's Date.parse does (`format: date-time` would be too strict).",
  );
  return lines;
}
