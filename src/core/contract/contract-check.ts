import { formatViolations } from './format-errors.js';
import type { ContractOperation, ContractValidator } from './validation.js';

/**
 * The framework-neutral half of `expect(response).toMatchContract(operation, status)` (the Playwright
 * matcher in src/playwright/matchers.ts is a thin adapter over it, OpenAPIValidators-style): status,
 * content type and body against the active profile, with one readable message. Headers are never
 * printed (they hold the auth token); everything from the body goes through `redact`.
 */

/** What the check needs to know about one HTTP answer. */
export interface HttpAnswer {
  method: string;
  /** Path and query, e.g. /api/v1/rooms.get?updatedSince=… */
  path: string;
  status: number;
  contentType: string | undefined;
  /** The raw body text. */
  text: string;
  /**
   * The body already parsed by the caller, if it parsed it: a 10,000-room list costs ~90 ms to parse,
   * so it is not parsed twice. Undefined: the text is parsed here.
   */
  body?: unknown;
}

export interface ContractCheck {
  pass: boolean;
  /** A one-line summary when it passes; the full explanation when it fails. */
  message: string;
}

const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;
const BODY_EXCERPT_LENGTH = 300;

/**
 * `expected` undefined: the answer is held to the contract for its own status, which the profile must
 * document (an undocumented status, a 500 say, does not match).
 */
export function checkContract(
  validator: ContractValidator,
  operation: ContractOperation,
  expected: number | undefined,
  answer: HttpAnswer,
  redact: (text: string) => string = (text) => text,
): ContractCheck {
  const request = redact(`${answer.method} ${answer.path}`);
  const expectedStatus = expected ?? answer.status;
  const documented = validator.statuses(operation).includes(expectedStatus);
  if (expected === undefined && !documented) {
    return fail(request, `the contract for ${operation} (profile ${validator.profile})`, [
      `status: ${answer.status} is not a response the ${validator.profile} contract documents for ${operation} ` +
        `(it documents ${validator.statuses(operation).join(', ')})`,
      `body: ${excerpt(answer.text, redact)}`,
    ]);
  }
  const schemaId = `${operation}.${expectedStatus}.${validator.profile}`;
  const against = documented
    ? `the contract for ${operation} ${expectedStatus} (profile ${validator.profile}, schema ${schemaId})`
    : `the contract for ${operation} ${expectedStatus} (profile ${validator.profile} documents no body for ` +
      `${expectedStatus}: status and content type checked only)`;
  const problems: string[] = [];

  if (answer.status !== expectedStatus) {
    problems.push(`status: expected ${expectedStatus}, received ${answer.status}`);
    problems.push(`body: ${excerpt(answer.text, redact)}`);
    return fail(request, against, problems);
  }
  const contentType = answer.contentType ?? '(none)';
  if (!JSON_CONTENT_TYPE.test(contentType)) {
    problems.push(`content type: expected application/json, received ${redact(contentType)}`);
  }
  let body: unknown = answer.body;
  if (body === undefined) {
    try {
      body = JSON.parse(answer.text);
    } catch {
      problems.push(`body: not JSON: ${excerpt(answer.text, redact)}`);
      return fail(request, against, problems);
    }
  }
  if (documented) {
    const result = validator.validate(operation, expectedStatus, body);
    if (!result.valid) {
      const count = result.violations.length;
      const report = formatViolations(result.violations, body, { redact });
      problems.push(
        `body: ${count} violation${count === 1 ? '' : 's'} of ${result.schemaId}:\n${indent(report, '    ')}`,
      );
    }
  }
  if (problems.length > 0) return fail(request, against, problems);
  return { pass: true, message: `${request} matches ${against}` };
}

function fail(request: string, against: string, problems: string[]): ContractCheck {
  return {
    pass: false,
    message: `${request} does not match ${against}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
  };
}

function excerpt(text: string, redact: (text: string) => string): string {
  if (text.length === 0) return '(empty)';
  const clean = redact(text).replace(/\s+/g, ' ').trim();
  return clean.length > BODY_EXCERPT_LENGTH ? `${clean.slice(0, BODY_EXCERPT_LENGTH)}…` : clean;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}
