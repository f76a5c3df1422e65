import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { FAULT_CATALOGUE } from '../src/faults/catalogue.js';
import { FOLLOW_ON_PROBES, observeAll, PROBE_FOR_FAULT, PROBE_SEED_USERS, PROBES } from './fault-probes.js';
import { startTestServer } from './helpers.js';

/**
 * Every fault changes exactly the behaviour it names: against a clean server, its own probe must
 * differ, and no other probe may differ except the follow-on ones declared in fault-probes.ts.
 */
// Faulted servers are independent; running a few at once overlaps their network waits.
describe('fault catalogue', { concurrency: 4 }, () => {
  let clean: Record<string, unknown>;

  before(async () => {
    const server = await startTestServer({ seedUsers: PROBE_SEED_USERS });
    try {
      clean = await observeAll(server);
    } finally {
      await server.close();
    }
  });

  test('has at least 25 faults covering the four families, each with a probe', () => {
    assert.ok(FAULT_CATALOGUE.length >= 25);
    assert.deepEqual(
      new Set(FAULT_CATALOGUE.map((fault) => fault.family)),
      new Set(['shape', 'auth', 'updatedSince', 'dm']),
    );
    assert.equal(
      new Set(FAULT_CATALOGUE.map((fault) => fault.name)).size,
      FAULT_CATALOGUE.length,
      'names are unique',
    );
    for (const fault of FAULT_CATALOGUE) {
      const probe = PROBE_FOR_FAULT[fault.name];
      assert.ok(probe && probe in PROBES, `fault ${fault.name} has no probe`);
    }
  });

  test('the clean server passes every probe without errors', () => {
    for (const [name, value] of Object.entries(clean)) {
      assert.ok(!String(value).startsWith('(probe failed'), `${name}: ${String(value)}`);
    }
  });

  for (const fault of FAULT_CATALOGUE) {
    test(`${fault.name} changes only what it names`, async () => {
      const server = await startTestServer({ seedUsers: PROBE_SEED_USERS, faults: [fault.name] });
      let faulted: Record<string, unknown>;
      try {
        faulted = await observeAll(server);
      } finally {
        await server.close();
      }
      const own = PROBE_FOR_FAULT[fault.name] as string;
      assert.notDeepEqual(faulted[own], clean[own], `${fault.name} should change probe ${own}`);
      const allowed = new Set([own, ...(FOLLOW_ON_PROBES[fault.name] ?? [])]);
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
