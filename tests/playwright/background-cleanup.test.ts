import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SECRETS_SPOOL_ENV } from '../../src/core/secrets/secret-spool.js';
import { BackgroundCleanup } from '../../src/playwright/fixtures/seeding.js';
import { loadCleanupFailures, saveCleanupFailures } from '../../src/playwright/run-state.js';
import type { Seeder } from '../../src/playwright/seeder.js';

/** A seeder whose cleanup is logged and ends as told. */
function fakeSeeder(name: string, log: string[], fails = false): Seeder {
  return {
    deleteCreated: async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${name}`);
      return fails ? [`delete channel ${name}-c1: refused`] : [];
    },
  } as unknown as Seeder;
}

test("a check's cleanup starts with the worker's next check, and the worker's end awaits every one", async () => {
  const log: string[] = [];
  const cleanup = new BackgroundCleanup();
  cleanup.defer(fakeSeeder('t1', log));
  assert.deepEqual(log, [], 'nothing is deleted before the next check starts');
  cleanup.startDue();
  assert.deepEqual(log, ['start t1']);
  cleanup.defer(fakeSeeder('t2', log, true));
  await cleanup.settle();
  assert.deepEqual(log.sort(), ['end t1', 'end t2', 'start t1', 'start t2']);
  assert.deepEqual(cleanup.failures, ['delete channel t2-c1: refused']);
});

test("the workers' cleanup failures reach global teardown through the run's directory", () => {
  const directory = mkdtempSync(join(tmpdir(), 'rgc-cleanup-'));
  const env = { [SECRETS_SPOOL_ENV]: join(directory, 'secrets') };
  try {
    assert.deepEqual(loadCleanupFailures(env), []);
    saveCleanupFailures(1, ['delete channel c1: refused'], env);
    saveCleanupFailures(0, ['delete user u1: refused', 'logout: refused'], env);
    assert.deepEqual(loadCleanupFailures(env), [
      'delete user u1: refused',
      'logout: refused',
      'delete channel c1: refused',
    ]);
    assert.deepEqual(loadCleanupFailures({}), [], 'no run directory, nothing to read');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
