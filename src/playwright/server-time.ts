import { setTimeout as sleep } from 'node:timers/promises';
import type { TestInfo } from '@playwright/test';
import { ANNOTATION } from '../core/check-outcome.js';
import { isIsoUtcMillis, SKEW_TOLERANCE_MS } from '../core/updated-since.js';
import { PremiseError } from './check.js';

/**
 * Ordering writes by the server's own clock. A staging deployment runs several app instances, each
 * stamping writes with its own clock: tens of milliseconds apart is normal, so a later write may carry an
 * earlier timestamp (docs/rocketchat-behaviour.md §9.6). Instead of sleeping and hoping, a check writes
 * again (bounded) until the server's timestamp of the write is past the instant it needs, and records
 * the skew it saw; beyond the tolerance the premise is not met and the check is an error, not a verdict.
 */
const RETRY_PAUSE_MS = 60;
/** Long enough to get past SKEW_TOLERANCE_MS of skew whichever instance serves the next write. */
const PREMISE_BOUND_MS = 4 * SKEW_TOLERANCE_MS + 1_000;

/** Records that a write's server timestamp came `ms` earlier than the instant it had to follow. */
function noteClockSkew(testInfo: TestInfo, ms: number, what: string): void {
  testInfo.annotations.push({ type: ANNOTATION.clockSkew, description: `${Math.round(ms)} ms: ${what}` });
}

/**
 * Runs `write` until the server stamps it strictly after `after` (an ISO timestamp from the server).
 * `stampOf` reads the write's own server timestamp (a message's ts, a room's _updatedAt).
 */
export async function writeAfter<T>(
  testInfo: TestInfo,
  after: string,
  write: () => Promise<T>,
  stampOf: (result: T) => Promise<unknown> | unknown,
  what: string,
): Promise<{ result: T; stamp: string }> {
  const started = Date.now();
  for (;;) {
    const result = await write();
    const stamp = await stampOf(result);
    if (!isIsoUtcMillis(stamp)) {
      // Not a date at all: the check judges that; nothing to wait for.
      return { result, stamp: String(stamp) };
    }
    const gap = Date.parse(after) - Date.parse(stamp);
    if (gap < 0) return { result, stamp };
    // Within a millisecond of `after` is the same moment, not another clock.
    if (gap > 1) noteClockSkew(testInfo, gap, `${what} was stamped ${stamp}, not after ${after}`);
    if (Date.now() - started > PREMISE_BOUND_MS) {
      throw new PremiseError(
        `${what}: the server kept stamping writes at or before ${after} for ${PREMISE_BOUND_MS} ms ` +
          `(last ${stamp}): its instances' clocks differ by more than the ${SKEW_TOLERANCE_MS} ms the suite tolerates`,
      );
    }
    await sleep(RETRY_PAUSE_MS);
  }
}
