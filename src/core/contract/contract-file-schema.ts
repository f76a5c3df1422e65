import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { CHECKS } from '../run/checks.js';
import { parsePointer } from './json-pointer.js';
import { PROJECT_ROOT } from '../project-root.js';
import { isVersionRange } from '../rocketchat/rocketchat-version.js';
import { createContractAjv } from './validation.js';
import { SourceError, type SourceProblem, type YamlSource } from './yaml-source.js';

/**
 * The JSON Schemas of the contract's hand-written files (contract/schemas/*.schema.json), and the one
 * place that turns their violations into `<file>:<line>: <what is wrong>`. Each schema node's
 * `description` names what a valid value is, so a message reads `<field>: <value> is not <description>`.
 */
const CONTRACT_FILE_SCHEMAS_DIR = join(PROJECT_ROOT, 'contract', 'schemas');

type ContractFileKind = 'overlay' | 'waivers';

type SchemaNode = { description?: string; properties?: Record<string, unknown>; oneOf?: unknown[] } & Record<
  string,
  unknown
>;

let validators: Map<ContractFileKind, ValidateFunction> | undefined;

function loadSchema(name: string): SchemaNode {
  return JSON.parse(readFileSync(join(CONTRACT_FILE_SCHEMAS_DIR, name), 'utf8')) as SchemaNode;
}

function compileValidators(): Map<ContractFileKind, ValidateFunction> {
  // verbose: errors carry the failing schema node (its description) and the offending value.
  const ajv = createContractAjv({ verbose: true });
  ajv.addFormat('semver-range', { type: 'string', validate: isVersionRange });
  ajv.addSchema(loadSchema('definitions.schema.json'));
  const waivers = loadSchema('waivers.schema.json');
  // The valid check ids are those of the check registry: a typo names them all.
  const definitions = waivers.definitions as Record<string, SchemaNode>;
  definitions.checkId = { ...definitions.checkId, enum: CHECKS.map((check) => check.id) };
  return new Map<ContractFileKind, ValidateFunction>([
    ['overlay', ajv.compile(loadSchema('overlay.schema.json'))],
    ['waivers', ajv.compile(waivers)],
  ]);
}

/** Validates a parsed file against its schema; returns the value, or throws every problem, by line. */
export function validateContractFile<T>(source: YamlSource, kind: ContractFileKind): T {
  validators ??= compileValidators();
  const validate = validators.get(kind) as ValidateFunction;
  if (validate(source.value)) return source.value as T;
  const problems = describeErrors(validate.errors ?? [], source);
  throw new SourceError(source.file, problems);
}

function describeErrors(errors: readonly ErrorObject[], source: YamlSource): SourceProblem[] {
  // A failed oneOf/anyOf explains itself; the failures of its branches are noise.
  const combinators = errors
    .filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf')
    .map((error) => `${error.schemaPath}/`);
  const problems = errors
    .filter((error) => !combinators.some((prefix) => error.schemaPath.startsWith(prefix)))
    .map((error) => toProblem(error, source));
  const unique = new Map(problems.map((problem) => [`${problem.line}\u0000${problem.reason}`, problem]));
  return [...unique.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function toProblem(error: ErrorObject, source: YamlSource): SourceProblem {
  const path = parsePointer(error.instancePath);
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const at = (tokens: readonly string[]) => (tokens.length === 0 ? '' : `${fieldPath(tokens)}: `);
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      return { line: source.lineAt(path), reason: `${at(path)}missing field "${missing}"` };
    }
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      const known = Object.keys(schema.properties ?? {}).join(', ');
      return {
        line: source.lineAt(path, field),
        reason: `${at([...path, field])}unknown field (the fields are ${known})`,
      };
    }
    case 'oneOf': {
      const choices = (schema.oneOf ?? []).flatMap(
        (branch) => (branch as { required?: string[] }).required ?? [],
      );
      const present = choices.filter((choice) => Object.hasOwn(error.data as object, choice));
      return {
        line: source.lineAt(path),
        reason: `${at(path)}needs exactly one of ${choices.join(', ')} (has ${present.join(' and ') || 'none'})`,
      };
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String).join(', ');
      const what = schema.description ?? 'allowed';
      return {
        line: source.lineAt(path),
        reason: `${at(path)}${shown(error.data)} is not ${what}: one of ${allowed}`,
      };
    }
    default: {
      const reason = schema.description
        ? `${shown(error.data)} is not ${schema.description}`
        : `${shown(error.data)}: ${error.message ?? error.keyword}`;
      return { line: source.lineAt(path), reason: `${at(path)}${reason}` };
    }
  }
}

/** `waivers[0].check`, `[3].merge`: the field as a reader of the YAML file finds it. */
function fieldPath(tokens: readonly string[]): string {
  return tokens
    .map((token, index) => (/^\d+$/.test(token) ? `[${token}]` : index === 0 ? token : `.${token}`))
    .join('');
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}
