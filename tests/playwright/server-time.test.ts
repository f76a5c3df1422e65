import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestInfo } from '@playwright/test';
import { ANNOTATION } from '../../src/core/run/check-outcome.js';
import { ContractFailure } from '../../src/core/run/findings.js';
import { PremiseError } from '../../src/playwright/not-judged.js';
import { writeAfter } from '../../src/playwright/server-time.js';

// writeAfter judges from the server's own stamps: skew only when a later write shows it, staleness when
// no stamp ever moves, and "cannot tell" (both named) when stamps move but never get past the instant.
const AFTER = '2026-01-01T00:00:01.000Z';
/** Retries without waiting long; the bound gives up after a few writes (a loaded machine's timers are slow). */
const FAST = { pauseMs: 1, boundMs: 30 };
const PATIENT = { pauseMs: 1, boundMs: 5_000 };

function fakeTestInfo(): TestInfo {
  return { title: 'shape/x: a title', annotations: [] } as unknown as TestInfo;
}

/** A write whose server stamps are `stamps` in turn (the last one repeated). */
function stamping(stamps: string[]) {
  let calls = 0;
  const write = async () => stamps[Math.min(calls++, stamps.length - 1)] as string;
  return { write, calls: () => calls };
}

const skewNotes = (info: TestInfo) => info.annotations.filter((a) => a.type === ANNOTATION.clockSkew);

test('a first write stamped after the instant: no retry, no skew', async () => {
  const info = fakeTestInfo();
  const { write, calls } = stamping(['2026-01-01T00:00:01.001Z']);
  const { stamp } = await writeAfter(info, AFTER, write, (s) => s, 'the message', FAST);
  assert.equal(stamp, '2026-01-01T00:00:01.001Z');
  assert.equal(calls(), 1);
  assert.deepEqual(skewNotes(info), []);
});

test('an early stamp followed by one past the instant is skew, recorded once with both stamps', async () => {
  const info = fakeTestInfo();
  const { write } = stamping([
    '2026-01-01T00:00:00.800Z',
    '2026-01-01T00:00:00.850Z',
    '2026-01-01T00:00:01.020Z',
  ]);
  await writeAfter(info, AFTER, write, (s) => s, 'the message', PATIENT);
  const notes = skewNotes(info);
  assert.equal(notes.length, 1);
  assert.match(notes[0]?.description ?? '', /^200 ms: .*00:00:00\.800Z.*00:00:01\.020Z/);
});

test('an early stamp within a millisecond of the instant is the same moment, not skew', async () => {
  const info = fakeTestInfo();
  const { write } = stamping(['2026-01-01T00:00:00.999Z', '2026-01-01T00:00:01.004Z']);
  await writeAfter(info, AFTER, write, (s) => s, 'the message', PATIENT);
  assert.deepEqual(skewNotes(info), []);
});

test('stamps that never move are the server’s failure, with the stamps as evidence, and no skew', async () => {
  const info = fakeTestInfo();
  const { write, calls } = stamping(['2026-01-01T00:00:00.500Z']);
  await assert.rejects(
    writeAfter(info, AFTER, write, (s) => s, 'the message', FAST),
    (error: unknown) =>
      error instanceof ContractFailure &&
      /all at 2026-01-01T00:00:00\.500Z, not after 2026-01-01T00:00:01\.000Z.*do not move/.test(
        error.message,
      ),
  );
  assert.ok(calls() >= 2);
  assert.deepEqual(skewNotes(info), []);
});

test('stamps that move but never get past the instant: both causes named, the check not judged', async () => {
  const info = fakeTestInfo();
  let ms = 0;
  const write = async () => new Date(Date.parse('2026-01-01T00:00:00.000Z') + ms++).toISOString();
  await assert.rejects(
    writeAfter(info, AFTER, write, (s) => s, 'the message', FAST),
    (error: unknown) =>
      error instanceof PremiseError &&
      /clocks differ by more than the 250 ms the suite tolerates, or it stamps writes with stale times/.test(
        error.message,
      ) &&
      /"shape\/x" could not be judged/.test(error.message),
  );
  assert.deepEqual(skewNotes(info), []);
});

test('a stamp that is not a date is returned for the check to judge', async () => {
  const info = fakeTestInfo();
  const { stamp } = await writeAfter(
    info,
    AFTER,
    async () => 12,
    (n) => n,
    'the message',
    FAST,
  );
  assert.equal(stamp, '12');
});
