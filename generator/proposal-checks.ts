import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { parse } from 'yaml';
import {
  type ContractOperation,
  type ContractValidator,
  loadContractValidator,
} from '../src/core/contract/validation.js';
import { generateSchemas } from './generate.js';

/**
 * What a documentation proposal must pass before anyone hands it over: it is valid OpenAPI 3.0 (checked
 * against the OpenAPI Initiative's own JSON Schema for 3.0 by @seriousme/openapi-schema-validator, which
 * also resolves every local $ref), and our own generator reads it into JSON Schemas that the suite's ajv
 * compiles — the same path the documented contract takes, so those schemas can judge live bodies.
 */

/** Why `text` is not a valid OpenAPI 3.0 document, one line per problem; empty when it is. */
export async function openApi30Problems(text: string): Promise<string[]> {
  const validator = new Validator();
  const result = await validator.validate(parse(text) as Record<string, unknown>);
  const problems: string[] = [];
  if (!result.valid) {
    const errors = result.errors ?? 'invalid';
    if (typeof errors === 'string') problems.push(errors);
    else
      for (const error of errors) {
        const extra =
          typeof error.params.additionalProperty === 'string' ? ` "${error.params.additionalProperty}"` : '';
        problems.push(`${error.instancePath || '/'}: ${error.message ?? error.keyword}${extra}`);
      }
  }
  if (result.valid && !validator.version.startsWith('3.0'))
    problems.push(`an OpenAPI ${validator.version} document, not 3.0`);
  return problems;
}

/**
 * The proposal's schemas as `npm run schemas` would make them were it the documented contract (the
 * `documented` profile: no overlay), compiled by the suite's validation core. Throws the generator's
 * error when it cannot read the proposal.
 */
export function proposalValidator(text: string, operation: ContractOperation): ContractValidator {
  const dir = mkdtempSync(join(tmpdir(), 'contract-proposal-'));
  try {
    const contractDir = join(dir, 'contract');
    const schemasDir = join(dir, 'schemas');
    mkdirSync(contractDir);
    mkdirSync(schemasDir);
    writeFileSync(join(contractDir, `${operation}.openapi.yaml`), text);
    for (const file of generateSchemas(contractDir)) {
      mkdirSync(dirname(join(schemasDir, file.name)), { recursive: true });
      writeFileSync(join(schemasDir, file.name), file.content);
    }
    return loadContractValidator('documented', schemasDir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
