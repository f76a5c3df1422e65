import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { ReferenceServerOptions } from '../src/config.js';
import { catalogueForTooling, type FaultName } from '../src/faults/catalogue.js';
import type { ProfileMajor } from '../src/profiles.js';
import { FOLLOW_ON_PROBES, observeAll, PROBE_FOR_FAULT, PROBE_SEED_USERS } from './fault-probes.js';
import { startTestServer } from './helpers.js';

/**
 * Every fault changes exactly the behaviour it names, in every profile it applies to and on a
 * staging-shaped server: against a clean server of the same shape, its own probe must differ, and
 * no other probe may differ except the follow-on ones declared in fault-probes.ts. Each
 * faults-profile-*.test.ts file runs some of these shapes: a test file is one process, and the shapes
 * split over files keep both cores busy.
 */
export interface FaultIsolationRun {
  label: string;
  version: ProfileMajor;
  options: ReferenceServerOptions;
}

export const FAULT_ISOLATION_RUNS = {
  // 6.x delays every 401/403 by 500–1000 ms; auth-and-profiles.test.ts proves it, these runs skip it.
  6: { label: 'profile 6', version: 6, options: { version: 6, delayUnauthorized: false } },
  7: { label: 'profile 7', version: 7, options: { version: 7 } },
  8: { label: 'profile 8', version: 8, options: { version: 8 } },
  9: { label: 'profile 9', version: 9, options: { version: 9 } },
  staging: {
    label: 'profile 7, staging (3 instances ±200 ms, busy, legacy)',
    version: 7,
    options: { version: 7, staging: true },
  },
} as const satisfies Record<string, FaultIsolationRun>;

export function describeFaultIsolation(run: FaultIsolationRun): void {
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
