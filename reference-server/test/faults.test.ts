import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { CHECKS } from '../../src/core/run/checks.js';
import type { ReferenceServerOptions } from '../src/config.js';
import {
  catalogueForTooling,
  FAULT_CATALOGUE,
  type FaultName,
  isFaultName,
} from '../src/faults/catalogue.js';
import type { ProfileMajor } from '../src/profiles.js';
import { FOLLOW_ON_PROBES, observeAll, PROBE_FOR_FAULT, PROBE_SEED_USERS, PROBES } from './fault-probes.js';
import { startTestServer } from './helpers.js';

/**
 * Every fault changes exactly the behaviour it names, in every profile it applies to and on a
 * staging-shaped server: against a clean server of the same shape, its own probe must differ, and
 * no other probe may differ except the follow-on ones declared in fault-probes.ts.
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

interface Run {
  label: string;
  version: ProfileMajor;
  options: ReferenceServerOptions;
}

const RUNS: readonly Run[] = [
  // 6.x delays every 401/403 by 500–1000 ms; auth-and-profiles.test.ts proves it, these runs skip it.
  { label: 'profile 6', version: 6, options: { version: 6, delayUnauthorized: false } },
  { label: 'profile 7', version: 7, options: { version: 7 } },
  { label: 'profile 8', version: 8, options: { version: 8 } },
  { label: 'profile 9', version: 9, options: { version: 9 } },
  {
    label: 'profile 7, staging (3 instances ±200 ms, busy, legacy)',
    version: 7,
    options: { version: 7, staging: true },
  },
];

for (const run of RUNS) {
  // Faulted servers are independent; running a few at once overlaps their network waits.
  describe(`fault catalogue, ${run.label}`, { concurrency: 4 }, () => {
    let clean: Record<string, unknown>;

    before(async () => {
      const server = await startTestServer({ ...run.options, seedUsers: PROBE_SEED_USERS });
      try {
        clean = await observeAll(server);
      } finally {
        await server.close();
      }
    });

    test('the clean server passes every probe without errors', () => {
      for (const [name, value] of Object.entries(clean)) {
        assert.ok(!String(value).startsWith('(probe failed'), `${name}: ${String(value)}`);
      }
    });

    for (const fault of catalogueForTooling().filter((entry) => entry.versions.includes(run.version))) {
      test(`${fault.name} changes only what it names`, async () => {
        const server = await startTestServer({
          ...run.options,
          seedUsers: PROBE_SEED_USERS,
          faults: [fault.name],
        });
        let faulted: Record<string, unknown>;
        try {
          faulted = await observeAll(server);
        } finally {
          await server.close();
        }
        const name = fault.name as FaultName;
        const own = PROBE_FOR_FAULT[name];
        assert.notDeepEqual(faulted[own], clean[own], `${fault.name} should change probe ${own}`);
        const allowed = new Set<string>([own, ...(FOLLOW_ON_PROBES[name] ?? [])]);
        const moved = Object.keys(clean).filter((name) => !isDeepStrictEqual(clean[name], faulted[name]));
        const unexpected = moved.filter((name) => !allowed.has(name));
        assert.deepEqual(
          unexpected.map((name) => ({ probe: name, clean: clean[name], faulted: faulted[name] })),
          [],
          `${fault.name} also changed other behaviour`,
        );
      });
    }
  });
}
