import type { ContractViolation } from './validation.js';

/**
 * Turns ajv violations into a short, readable report. A server that breaks one rule in 10,000 rooms
 * produces one line, not 10,000: violations are grouped by instance path with array indexes
 * wildcarded plus message, e.g.
 *
 *   /update/*\/_updatedAt must match format "date-time" ×10000 (first: /update/0/_updatedAt = "2024-07-16 08:49"; …)
 *
 * Values come from the response body and may hold secrets, so every produced string goes through
 * `redact` — values before truncation, so a cut can never leave half a secret unredacted.
 */
export interface FormatOptions {
  redact?: (text: string) => string;
  /** Groups shown; the rest are summarised on one line. Default 20. */
  maxGroups?: number;
  /** Instances listed per group. Default 3. */
  maxInstancesPerGroup?: number;
  /** Characters of a rendered value before it is cut with '…'. Default 80. */
  maxValueLength?: number;
}

const FORMAT_DEFAULTS: Required<Omit<FormatOptions, 'redact'>> = {
  maxGroups: 20,
  maxInstancesPerGroup: 3,
  maxValueLength: 80,
};

interface Group {
  pattern: string;
  message: string;
  count: number;
  instances: string[];
}

export function formatViolations(
  violations: ContractViolation[],
  body: unknown,
  options: FormatOptions = {},
): string {
  const redact = options.redact ?? ((text: string) => text);
  const maxGroups = options.maxGroups ?? FORMAT_DEFAULTS.maxGroups;
  const maxInstances = options.maxInstancesPerGroup ?? FORMAT_DEFAULTS.maxInstancesPerGroup;
  const maxValueLength = options.maxValueLength ?? FORMAT_DEFAULTS.maxValueLength;

  const groups = new Map<string, Group>();
  for (const violation of withoutRedundantIfs(violations)) {
    const pattern = wildcardPath(violation.instancePath, body);
    const message = describeViolation(violation);
    const key = `${pattern}\u0000${message}`;
    let group = groups.get(key);
    if (!group) {
      group = { pattern, message, count: 0, instances: [] };
      groups.set(key, group);
    }
    group.count += 1;
    if (group.instances.length < maxInstances) group.instances.push(violation.instancePath);
  }

  const lines: string[] = [];
  for (const group of [...groups.values()].slice(0, maxGroups)) {
    const shown = group.instances
      .map((path) => `${displayPath(path)} = ${renderValue(valueAt(body, path), redact, maxValueLength)}`)
      .join('; ');
    const head = `${displayPath(group.pattern)} ${group.message}`;
    lines.push(group.count === 1 ? `${head} (${shown})` : `${head} ×${group.count} (first: ${shown})`);
  }
  const hidden = [...groups.values()].slice(maxGroups);
  if (hidden.length > 0) {
    const count = hidden.reduce((sum, group) => sum + group.count, 0);
    lines.push(
      `… ${hidden.length} more group${hidden.length === 1 ? '' : 's'} (${count} violations) not shown`,
    );
  }
  return lines.map(redact).join('\n');
}

/**
 * ajv reports a failed `then` twice: the specific error inside the branch, and `must match "then"
 * schema` on the node. The second adds nothing when the first is present, so it is left out.
 */
function withoutRedundantIfs(violations: ContractViolation[]): ContractViolation[] {
  const branchPaths = violations
    .filter((violation) => violation.keyword !== 'if')
    .map((violation) => violation.schemaPath);
  return violations.filter((violation) => {
    if (violation.keyword !== 'if' || typeof violation.params.failingKeyword !== 'string') return true;
    const branch = `${violation.schemaPath.replace(/\/if$/, '')}/${violation.params.failingKeyword}/`;
    return !branchPaths.some((path) => path.startsWith(branch));
  });
}

/** ajv's message, plus the allowed values where ajv leaves them out. */
function describeViolation(violation: ContractViolation): string {
  const { keyword, message, params } = violation;
  if (keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `${message} (${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')})`;
  }
  if (keyword === 'const' && 'allowedValue' in params)
    return `${message} ${JSON.stringify(params.allowedValue)}`;
  if (keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return `${message} (${JSON.stringify(params.additionalProperty)})`;
  }
  return message;
}

function displayPath(pointer: string): string {
  return pointer === '' ? '(root)' : pointer;
}

function decode(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Replaces each index into an array with '*'; a numeric object key (e.g. in customFields) stays. */
function wildcardPath(pointer: string, body: unknown): string {
  if (pointer === '') return '';
  let node: unknown = body;
  let out = '';
  for (const token of pointer.slice(1).split('/')) {
    const isIndex = Array.isArray(node);
    out += `/${isIndex ? '*' : token}`;
    node = step(node, decode(token));
  }
  return out;
}

function valueAt(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let node: unknown = body;
  for (const token of pointer.slice(1).split('/')) node = step(node, decode(token));
  return node;
}

function step(node: unknown, key: string): unknown {
  if (Array.isArray(node)) return node[Number(key)];
  if (typeof node === 'object' && node !== null) return (node as Record<string, unknown>)[key];
  return undefined;
}

function renderValue(value: unknown, redact: (text: string) => string, maxLength: number): string {
  const text = redact(value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value)));
  return text.length > maxLength ? `${text.slice(0, Math.max(0, maxLength - 1))}…` : text;
}
