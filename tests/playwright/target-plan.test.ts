import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTargetPlan } from '../../src/playwright/target-plan.js';

// Every spec file loads the target plan in every worker: it is read and checked once per file.

test('a target plan is read once per file, and kept frozen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rgc-plan-'));
  try {
    const file = join(dir, 'plan.json');
    const other = join(dir, 'other.json');
    writeFileSync(
      file,
      JSON.stringify([{ key: 'a@7', url: 'http://127.0.0.1:1/', checks: ['auth/no-credentials'] }]),
    );
    writeFileSync(other, JSON.stringify([{ key: 'b@7', url: 'http://127.0.0.1:2', expectFailure: true }]));
    const first = loadTargetPlan({ CONTRACT_TARGET_PLAN: file });
    assert.deepEqual(first, [{ key: 'a@7', url: 'http://127.0.0.1:1', checks: ['auth/no-credentials'] }]);
    // Rewritten after the first read: the run keeps the plan it started with.
    writeFileSync(file, '[]');
    assert.equal(loadTargetPlan({ CONTRACT_TARGET_PLAN: file }), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first?.[0]) && Object.isFrozen(first?.[0]?.checks));
    assert.deepEqual(loadTargetPlan({ CONTRACT_TARGET_PLAN: other }), [
      { key: 'b@7', url: 'http://127.0.0.1:2', expectFailure: true },
    ]);
    assert.equal(loadTargetPlan({}), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad plan is refused on every read, naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rgc-plan-'));
  try {
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify([{ key: 'a@7', url: 'ftp://x', checks: [] }]));
    for (let read = 0; read < 2; read += 1)
      assert.throws(
        () => loadTargetPlan({ CONTRACT_TARGET_PLAN: file }),
        /target 1: "url" must be an http\(s\) URL/,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the grep of a multi-target run selects each target’s planned checks, targets with the same checks in one alternative', async () => {
  const { plannedTests } = await import('../../src/playwright/registered-test.js');
  const dir = mkdtempSync(join(tmpdir(), 'rgc-plan-'));
  const previous = process.env.CONTRACT_TARGET_PLAN;
  try {
    const file = join(dir, 'grep-plan.json');
    const dmOnly = ['dm/uids-are-sorted-member-ids'];
    writeFileSync(
      file,
      JSON.stringify([
        { key: 'clean#1@7', url: 'http://127.0.0.1:1' },
        { key: 'dm-uids-unsorted@6', url: 'http://127.0.0.1:2', checks: dmOnly },
        { key: 'dm-uids-unsorted@7', url: 'http://127.0.0.1:3', checks: dmOnly },
      ]),
    );
    process.env.CONTRACT_TARGET_PLAN = file;
    const { grep } = plannedTests({ profile: 'strict', checkedAccount: undefined } as never);
    const line = (key: string, id: string) => `chromium dm.spec.ts ${key} ${id}: a title @dm @strict`;
    assert.ok(grep.test(line('clean#1@7', 'dm/uids-are-sorted-member-ids')));
    assert.ok(grep.test(line('clean#1@7', 'auth/no-credentials')));
    assert.ok(grep.test(line('dm-uids-unsorted@6', 'dm/uids-are-sorted-member-ids')));
    assert.ok(grep.test(line('dm-uids-unsorted@7', 'dm/uids-are-sorted-member-ids')));
    assert.ok(!grep.test(line('dm-uids-unsorted@7', 'auth/no-credentials')));
    // Without a checked account, its check is planned nowhere.
    assert.ok(!grep.test(line('clean#1@7', 'shape/checked-account-response-validates')));
    assert.equal(grep.source.split('dm-uids-unsorted@7').length, 2, 'each key once');
    assert.equal(
      grep.source.split('dm\\/uids-are-sorted-member-ids').length,
      3,
      'the shared checks once more',
    );
  } finally {
    if (previous === undefined) delete process.env.CONTRACT_TARGET_PLAN;
    else process.env.CONTRACT_TARGET_PLAN = previous;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a spec’s declarations say which checks it declares (forEachTarget leaves out targets that plan none)', async () => {
  const { checksDeclaredBy, fromRegistry } = await import('../../src/playwright/registered-test.js');
  fromRegistry('auth/no-credentials'); // outside a declaration: not recorded anywhere
  const declared = checksDeclaredBy(() => {
    fromRegistry('dm/uids-are-sorted-member-ids');
    fromRegistry('dm/self-dm-id-not-composed');
  });
  assert.deepEqual([...declared], ['dm/uids-are-sorted-member-ids', 'dm/self-dm-id-not-composed']);
  assert.throws(
    () => checksDeclaredBy(() => fromRegistry('dm/no-such-check')),
    /unknown check "dm\/no-such-check"/,
  );
  assert.deepEqual([...checksDeclaredBy(() => undefined)], []);
});
