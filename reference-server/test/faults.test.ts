import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHECKS } from '../../src/core/run/checks.js';
import { catalogueForTooling, FAULT_CATALOGUE, isFaultName } from '../src/faults/catalogue.js';
import { PROBE_FOR_FAULT, PROBES } from './fault-probes.js';

/**
 * The catalogue's entries are well formed and name only checks the suite runs. That each fault changes
 * exactly the behaviour it names is fault-isolation.ts's, run per profile by the faults-profile-*.test.ts
 * files (one process each, so both cores run them).
 */

/**
 * The suite's check ids, from its registry: a test may read both trees (reference-server/src may not),
 * so the ids a fault names are checked against the one list the suite runs.
 */
const SUITE_CHECKS: ReadonlySet<string> = new Set(CHECKS.map((check) => check.id));

describe('fault catalogue entries', () => {
  test('at least 25 faults, the four families, unique names, a probe, checks and a precedent each', () => {
    assert.ok(FAULT_CATALOGUE.length >= 25);
    assert.deepEqual(
      new Set(FAULT_CATALOGUE.map((fault) => fault.family)),
      new Set(['shape', 'auth', 'updatedSince', 'dm']),
    );
    assert.equal(new Set(FAULT_CATALOGUE.map((fault) => fault.name)).size, FAULT_CATALOGUE.length);
    for (const fault of catalogueForTooling()) {
      assert.ok(isFaultName(fault.name), `${fault.name} is not a fault name`);
      const probe = PROBE_FOR_FAULT[fault.name];
      assert.ok(probe in PROBES, `fault ${fault.name} has no probe`);
      // A refusal breaks no contract: it names no check, and the contract fault it is revealed with.
      if (fault.effect === 'refusal') {
        assert.deepEqual(fault.checks, [], `${fault.name} is a refusal: it names no check`);
        assert.ok(
          FAULT_CATALOGUE.some((other) => other.name === fault.revealedBy && other.checks.length > 0),
          `${fault.name}: revealedBy names no contract fault`,
        );
      } else assert.ok(fault.checks.length > 0, `${fault.name} names no check`);
      for (const check of fault.checks)
        assert.ok(SUITE_CHECKS.has(check), `${fault.name}: unknown check ${check}`);
      assert.ok(fault.precedent.length > 20, `${fault.name} has no precedent`);
      assert.ok(fault.versions.length > 0 && fault.versions.every((v) => [6, 7, 8, 9].includes(v)));
    }
    for (const removed of ['dm-id-separator', 'dm-id-from-usernames', 'room-type-long-name'])
      assert.ok(!FAULT_CATALOGUE.some((fault) => fault.name === removed), `${removed} was removed`);
    const withoutStatus = catalogueForTooling().find((fault) => fault.name === 'auth-body-without-status');
    assert.deepEqual(withoutStatus?.versions, [6, 7, 8]);
  });
});
