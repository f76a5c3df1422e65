import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentationSelfCheck } from '../../src/core/contract/documentation-findings.js';
import { documentedExample, getContractValidator } from '../../src/core/contract/validation.js';

/**
 * The documentation's own example against its own schema: a finding about the documentation, checked
 * here (npm test) and shown in its own report section — never a verdict on a server.
 */
test('the documented 200 example breaks its own md typing, and nothing else', () => {
  const finding = documentationSelfCheck();
  assert.equal(finding.consistent, false);
  assert.ok(finding.violations.length > 0);
  for (const line of finding.violations)
    assert.match(line, /^\/update\/\*\/lastMessage\/md\/\*\/value\/\*\/value must be string/);
});

test('the strict profile corrects the typing: the same example validates there', () => {
  const example = documentedExample('rooms.get', 200);
  assert.equal(getContractValidator('strict').validate('rooms.get', 200, example).valid, true);
});
