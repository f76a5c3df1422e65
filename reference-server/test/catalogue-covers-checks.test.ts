import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKS } from '../../src/core/run/checks.js';
import { FAULT_CATALOGUE } from '../src/faults/catalogue.js';

/**
 * Every check of the suite is proven able to fail: a fault of the catalogue names it, so the mutation
 * matrix (npm run mutants) runs it against a server that breaks what it checks. The one test that reads
 * both the suite's registry and the reference server's catalogue: only their check ids meet here.
 */
test('every check of the suite is named by at least one fault of the catalogue', () => {
  const named = new Set(FAULT_CATALOGUE.flatMap((fault) => fault.checks));
  const unproven = CHECKS.map((check) => check.id).filter((id) => !named.has(id));
  assert.deepEqual(
    unproven,
    [],
    `no fault names ${unproven.join(', ')}: add a fault for each to reference-server/src/faults/catalogue.ts`,
  );
});
