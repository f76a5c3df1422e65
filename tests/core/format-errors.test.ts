import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatViolations } from '../../src/core/contract/format-errors.js';
import { Redactor } from '../../src/core/secrets/redact.js';
import { type ContractViolation, getContractValidator } from '../../src/core/contract/validation.js';

const strict = () => getContractValidator('strict');

function room(index: number, updatedAt: string): Record<string, unknown> {
  return { _id: `room${index}`, t: 'c', _updatedAt: updatedAt, ts: '2024-07-16T08:49:34.732Z', msgs: index };
}

describe('formatViolations', () => {
  test('a 10,000-room body broken the same way in every room gives one group, ×10000', () => {
    const body = {
      update: Array.from({ length: 10_000 }, (_, index) => room(index, '2024-07-16 08:49')),
      remove: [],
      success: true,
    };
    const result = strict().validate('rooms.get', 200, body);
    assert.equal(result.violations.length, 10_000);
    assert.equal(
      formatViolations(result.violations, body),
      '/update/*/_updatedAt must match format "date-time" ×10000 (first: /update/0/_updatedAt = "2024-07-16 08:49"; ' +
        '/update/1/_updatedAt = "2024-07-16 08:49"; /update/2/_updatedAt = "2024-07-16 08:49")',
    );
    assert.equal(
      formatViolations(result.violations, body, { maxInstancesPerGroup: 1 }),
      '/update/*/_updatedAt must match format "date-time" ×10000 (first: /update/0/_updatedAt = "2024-07-16 08:49")',
    );
  });

  test('different rules give one line each, in the order ajv reports them', () => {
    const body = {
      update: [
        room(0, '2024-07-16T08:49:34Z'),
        { ...room(1, 'yesterday'), t: 'x' },
        { ...room(2, 'x'), t: 'y' },
      ],
      remove: [],
      success: false,
    };
    assert.equal(
      formatViolations(strict().validate('rooms.get', 200, body).violations, body),
      [
        '/success must be equal to constant true (/success = false)',
        '/update/*/_updatedAt must match format "date-time" ×2 (first: /update/1/_updatedAt = "yesterday"; /update/2/_updatedAt = "x")',
        '/update/*/t must be equal to one of the allowed values ("c", "d", "p", "l", "v") ×2 (first: /update/1/t = "x"; /update/2/t = "y")',
      ].join('\n'),
    );
  });

  test('groups beyond maxGroups are summarised', () => {
    const violations: ContractViolation[] = ['a', 'b', 'c'].map((key) => ({
      instancePath: `/${key}`,
      schemaPath: `#/properties/${key}/type`,
      keyword: 'type',
      message: 'must be string',
      params: { type: 'string' },
    }));
    assert.equal(
      formatViolations(
        [...violations, violations[2] as ContractViolation],
        { a: 1, b: 2, c: 3 },
        { maxGroups: 1 },
      ),
      '/a must be string (/a = 1)\n… 2 more groups (3 violations) not shown',
    );
  });

  test('long values are truncated', () => {
    const body = { update: [room(0, 'x'.repeat(500))], remove: [], success: true };
    const text = formatViolations(strict().validate('rooms.get', 200, body).violations, body, {
      maxValueLength: 12,
    });
    assert.equal(
      text,
      '/update/*/_updatedAt must match format "date-time" (/update/0/_updatedAt = "xxxxxxxxxx…)',
    );
  });

  test('secrets are redacted in values, also when the value is truncated', () => {
    const token = 'RScctEHSmLGZGywfIhWyRpyofhKOiMoUIpimhvheU3f';
    const redactor = new Redactor().add(token);
    const body = { update: [room(0, `token=${token}`)], remove: [], success: true };
    const violations = strict().validate('rooms.get', 200, body).violations;
    for (const maxValueLength of [80, 20]) {
      const text = formatViolations(violations, body, { redact: redactor.fn, maxValueLength });
      assert.ok(!text.includes(token.slice(0, 8)), text);
      assert.match(text, /\[REDACTED\]/);
    }
    assert.equal(
      formatViolations(violations, body, { redact: redactor.fn }),
      '/update/*/_updatedAt must match format "date-time" (/update/0/_updatedAt = "token=[REDACTED]")',
    );
  });

  test('secrets are redacted in paths too (an object key)', () => {
    const secret = 'hunter2-secret-key';
    const redactor = new Redactor().add(secret);
    const body = {
      update: [{ ...room(0, '2024-07-16T08:49:34.732Z'), customFields: { [secret]: 1 } }],
      remove: [],
    };
    const violations: ContractViolation[] = [
      {
        instancePath: `/update/0/customFields/${secret}`,
        schemaPath: '#/x',
        keyword: 'type',
        message: 'must be string',
        params: {},
      },
    ];
    assert.equal(
      formatViolations(violations, body, { redact: redactor.fn }),
      '/update/*/customFields/[REDACTED] must be string (/update/0/customFields/[REDACTED] = 1)',
    );
  });

  test('only array indexes are wildcarded: a numeric object key stays', () => {
    const body = { customFields: { '2024': [true, 'x'] } };
    const violations: ContractViolation[] = [1].map((index) => ({
      instancePath: `/customFields/2024/${index}`,
      schemaPath: '#/x',
      keyword: 'type',
      message: 'must be boolean',
      params: {},
    }));
    assert.equal(
      formatViolations(violations, body),
      '/customFields/2024/* must be boolean (/customFields/2024/1 = "x")',
    );
  });

  test('the root is shown as (root); no violations give an empty string', () => {
    const result = strict().validate('rooms.get', 200, []);
    assert.equal(formatViolations(result.violations, []), '(root) must be object ((root) = [])');
    assert.equal(formatViolations([], {}), '');
  });
});
