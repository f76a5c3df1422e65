import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { checkContract, type HttpAnswer } from '../../src/core/contract/contract-check.js';
import { formatViolations } from '../../src/core/contract/format-errors.js';
import { Redactor } from '../../src/core/secrets/redact.js';
import { getContractValidator, SCHEMAS_DIR } from '../../src/core/contract/validation.js';
import { brokenRoomsGetBody, roomsGetBody } from './rooms-body.js';
import { type Summary, sampleStats } from './stats.js';

/**
 * What the matcher costs on a big answer, against raw ajv on the same body in the same process.
 *
 * "The matcher" is its framework-neutral core, checkContract (src/core/contract/contract-check.ts), which
 * `expect(response).toMatchContract(…)` calls with the response text: it checks status and content type,
 * parses the text, validates and, when invalid, formats the grouped report. The Playwright adapter
 * around it only builds the message closure. "Raw ajv" is schemas/rooms.get.200.strict.json compiled here
 * with ajv + ajv-formats and the same options, called on the already parsed body.
 */

export interface ValidationCostFigures {
  rooms: number;
  bodyBytes: number;
  violationsWhenBroken: number;
  /** Milliseconds per call. */
  rawAjvValid: Summary;
  rawAjvParseAndValidateValid: Summary;
  coreValidateValid: Summary;
  matcherValid: Summary;
  rawAjvInvalid: Summary;
  matcherInvalid: Summary;
  formatInvalid: Summary;
  /**
   * Ratios taken run by run (the jobs of one run are interleaved, so they share its load) and then
   * summarised: steadier than a ratio of medians on a busy machine.
   */
  matcherVsRawFromText: Summary;
  coreVsRawValidate: Summary;
  matcherVsRawValidate: Summary;
  /** The report the matcher produced for the broken body (its first lines). */
  invalidReportExcerpt: string;
}

const addFormats = addFormatsModule.default;

function compileRawAjv() {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'rooms.get.200.strict.json'), 'utf8')) as object;
  return ajv.compile(schema);
}

/** `body`: the client's already-parsed body, which the matcher passes on (as in a run). */
function answer(text: string, body?: unknown): HttpAnswer {
  return {
    method: 'GET',
    path: '/api/v1/rooms.get',
    status: 200,
    contentType: 'application/json',
    text,
    body,
  };
}

/**
 * A full garbage collection before each timed call, so no call pays for the garbage of the one before
 * (a 7 MB parse leaves plenty). The bench runs under plain `tsx`, without --expose-gc, hence the flag
 * set at run time.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function time(job: () => void): number {
  collectGarbage();
  const started = performance.now();
  job();
  return performance.now() - started;
}

export function measureValidationCost(options: {
  rooms: number;
  runs: number;
  warmups: number;
}): ValidationCostFigures {
  const validBody = roomsGetBody(options.rooms);
  const brokenBody = brokenRoomsGetBody(options.rooms);
  const validText = JSON.stringify(validBody);
  const brokenText = JSON.stringify(brokenBody);
  const rawValidate = compileRawAjv();
  const validator = getContractValidator('strict');
  // As in a run: the redactor knows a couple of secrets, so every rendered value is scanned.
  const redact = new Redactor().add('bench-password-not-a-secret').add('bench-token-not-a-secret-either').fn;

  // Sanity first: a benchmark of a path that does not do its job would measure nothing.
  if (!rawValidate(validBody))
    throw new Error('validation bench: the generated body does not validate (raw ajv)');
  const validCheck = checkContract(validator, 'rooms.get', 200, answer(validText), redact);
  if (!validCheck.pass)
    throw new Error(`validation bench: the matcher rejects the valid body:\n${validCheck.message}`);
  const brokenCheck = checkContract(validator, 'rooms.get', 200, answer(brokenText), redact);
  if (brokenCheck.pass) throw new Error('validation bench: the matcher accepts the broken body');
  const brokenViolations = validator.validate('rooms.get', 200, brokenBody).violations;
  if (rawValidate(brokenBody) || rawValidate.errors?.length !== brokenViolations.length) {
    throw new Error('validation bench: raw ajv and the validation core disagree on the broken body');
  }

  const jobs = {
    rawAjvValid: () => rawValidate(validBody),
    rawAjvParseAndValidateValid: () => rawValidate(JSON.parse(validText)),
    coreValidateValid: () => validator.validate('rooms.get', 200, validBody),
    matcherValid: () => checkContract(validator, 'rooms.get', 200, answer(validText, validBody), redact),
    matcherFromTextValid: () => checkContract(validator, 'rooms.get', 200, answer(validText), redact),
    rawAjvInvalid: () => rawValidate(brokenBody),
    matcherInvalid: () => checkContract(validator, 'rooms.get', 200, answer(brokenText, brokenBody), redact),
    formatInvalid: () => formatViolations(brokenViolations, brokenBody, { redact }),
  };
  type Name = keyof typeof jobs;
  const names = Object.keys(jobs) as Name[];
  for (let i = 0; i < options.warmups; i++) for (const name of names) jobs[name]();
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  // Interleaved, so drift (GC pressure, CPU frequency) hits every figure alike.
  for (let i = 0; i < options.runs; i++) for (const name of names) samples[name].push(time(jobs[name]));

  return {
    rooms: options.rooms,
    bodyBytes: Buffer.byteLength(validText),
    violationsWhenBroken: brokenViolations.length,
    rawAjvValid: sampleStats(samples.rawAjvValid),
    rawAjvParseAndValidateValid: sampleStats(samples.rawAjvParseAndValidateValid),
    coreValidateValid: sampleStats(samples.coreValidateValid),
    matcherValid: sampleStats(samples.matcherValid),
    rawAjvInvalid: sampleStats(samples.rawAjvInvalid),
    matcherInvalid: sampleStats(samples.matcherInvalid),
    formatInvalid: sampleStats(samples.formatInvalid),
    matcherVsRawFromText: ratios(samples.matcherFromTextValid, samples.rawAjvParseAndValidateValid),
    coreVsRawValidate: ratios(samples.coreValidateValid, samples.rawAjvValid),
    matcherVsRawValidate: ratios(samples.matcherValid, samples.rawAjvValid),
    invalidReportExcerpt: brokenCheck.message.split('\n').slice(0, 4).join('\n'),
  };
}

function ratios(numerators: number[], denominators: number[]): Summary {
  return sampleStats(numerators.map((value, run) => value / denominators[run]!));
}
