import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { CONTRACT_PROFILES, type ContractProfile } from './contract-profiles.js';
import { PROJECT_ROOT } from '../project-root.js';

export type { ContractProfile };

/**
 * The validation core: the generated JSON Schemas under schemas/, compiled with ajv + ajv-formats.
 * No Playwright here; src/playwright/matchers.ts is a thin adapter over this module.
 */

export type ContractOperation = 'rooms.get';

export interface ContractViolation {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

interface ValidationResult {
  valid: boolean;
  /** The schema file's name without `.json`, e.g. `rooms.get.200.strict`. */
  schemaId: string;
  violations: ContractViolation[];
}

export interface ContractValidator {
  readonly profile: ContractProfile;
  /** Statuses with a schema in this profile, e.g. [200, 401] documented, [200, 400, 401] strict. */
  statuses(operation: ContractOperation): number[];
  /** Throws a clear Error if the profile has no schema for that operation and status. */
  validate(operation: ContractOperation, status: number, body: unknown): ValidationResult;
}

export const SCHEMAS_DIR = join(PROJECT_ROOT, 'schemas');

/** `<operation>.<status>.<profile>.json`, the naming the generator writes. */
export const SCHEMA_FILE_PATTERN = /^(?<operation>.+)\.(?<status>[1-5]\d\d)\.(?<profile>[a-z]+)\.json$/;

const addFormats = addFormatsModule.default;

/**
 * Every ajv option in one place. `strict: true` because we generate these schemas ourselves: an unknown
 * keyword or format is a generator bug, not something to ignore. `allowUnionTypes` because OpenAPI's
 * `nullable` becomes `type: [T, "null"]`. `allErrors` so one run reports every broken room.
 * ajv-formats 3's `date-time` requires a time zone, which is exactly the strict profile's rule.
 * `verbose` (for the contract's hand-written files) puts the failing schema node and value in each error.
 */
export function createContractAjv(options: { verbose?: boolean } = {}): Ajv {
  const ajv = new Ajv({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    verbose: options.verbose ?? false,
  });
  addFormats(ajv);
  return ajv;
}

interface CompiledSchema {
  schemaId: string;
  validate: ValidateFunction;
}

/**
 * Compiles every schema of `profile` found in `schemasDir`. Uncached: getContractValidator is the
 * cached entry point; this one exists for tests that point at other directories.
 */
export function loadContractValidator(
  profile: ContractProfile,
  schemasDir: string = SCHEMAS_DIR,
): ContractValidator {
  if (!existsSync(schemasDir)) {
    throw new Error(`No schemas directory at ${schemasDir}: run \`npm run schemas\``);
  }
  const ajv = createContractAjv();
  const compiled = new Map<string, CompiledSchema>();
  for (const file of readdirSync(schemasDir).sort()) {
    const match = SCHEMA_FILE_PATTERN.exec(file)?.groups;
    if (!match || match.profile !== profile) continue;
    const schemaId = file.slice(0, -'.json'.length);
    const schema = JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as object;
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      throw new Error(`schemas/${file} does not compile under ajv strict mode: ${(error as Error).message}`);
    }
    compiled.set(`${match.operation} ${match.status}`, { schemaId, validate });
  }
  if (compiled.size === 0) {
    throw new Error(`No ${profile} schemas in ${schemasDir}: run \`npm run schemas\``);
  }

  const statuses = (operation: ContractOperation): number[] =>
    [...compiled.keys()]
      .filter((key) => key.startsWith(`${operation} `))
      .map((key) => Number(key.slice(operation.length + 1)))
      .sort((a, b) => a - b);

  return {
    profile,
    statuses,
    validate(operation, status, body) {
      const entry = compiled.get(`${operation} ${status}`);
      if (!entry) {
        throw new Error(
          `The ${profile} contract has no schema for ${operation} ${status}; ` +
            `it covers ${statuses(operation).join(', ') || 'no status'} of ${operation}`,
        );
      }
      const valid = entry.validate(body) as boolean;
      return {
        valid,
        schemaId: entry.schemaId,
        violations: valid ? [] : toViolations(entry.validate.errors),
      };
    },
  };
}

const validators = new Map<ContractProfile, ContractValidator>();

/** Compiled once per process and cached per profile (never per test). */
export function getContractValidator(profile: ContractProfile): ContractValidator {
  if (!CONTRACT_PROFILES.includes(profile)) {
    throw new Error(`Unknown contract profile "${profile}": expected one of ${CONTRACT_PROFILES.join(', ')}`);
  }
  let validator = validators.get(profile);
  if (!validator) {
    validator = loadContractValidator(profile);
    validators.set(profile, validator);
  }
  return validator;
}

function toViolations(errors: ErrorObject[] | null | undefined): ContractViolation[] {
  return (errors ?? []).map((error) => ({
    instancePath: error.instancePath,
    schemaPath: error.schemaPath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    params: { ...error.params },
  }));
}

/**
 * The documentation's own example for `status` (a fresh copy). The generator copies the OpenAPI
 * media-type examples into the documented schema's `examples`, so this reads schemas/ only.
 */
/** A generated schema of schemas/, parsed: `rooms.get.200.strict.json` for ('rooms.get', 200, 'strict'). */
export function readContractSchema(
  operation: ContractOperation,
  status: number,
  profile: ContractProfile,
  schemasDir: string = SCHEMAS_DIR,
): Record<string, unknown> {
  const file = join(schemasDir, `${operation}.${status}.${profile}.json`);
  if (!existsSync(file))
    throw new Error(`No ${profile} schema for ${operation} ${status}: run \`npm run schemas\``);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export function documentedExample(
  operation: ContractOperation,
  status: number,
  schemasDir: string = SCHEMAS_DIR,
): unknown {
  const file = join(schemasDir, `${operation}.${status}.documented.json`);
  if (!existsSync(file)) throw new Error(`The documentation has no ${status} response for ${operation}`);
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { examples?: unknown[] };
  if (!Array.isArray(schema.examples) || schema.examples.length === 0) {
    throw new Error(`The documentation gives no example for ${operation} ${status}`);
  }
  return structuredClone(schema.examples[0]);
}
