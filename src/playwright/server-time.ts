import { setTimeout as sleep } from 'node:timers/promises';
import type { TestInfo } from '@playwright/test';
import { ANNOTATION } from '../core/run/check-outcome.js';
import { ContractFailure } from '../core/run/findings.js';
import { isIsoUtcMillis, SKEW_TOLERANCE_MS } from '../core/rocketchat/updated-since.js';
import { PremiseError } from './not-judged.js';

/**
 * Ordering writes by the server's own clock. A staging deployment runs several app instances, each
 * stamping writes with its own clock: tens of milliseconds apart is normal, so a later write may carry an
 * earlier timestamp (docs/rocketchat-behaviour.md §9.6). Instead of sleeping and hoping, a check writes
 * again (bounded) until the server's timestamp of the write is past the instant it needs.
 *
 * What the stamps of those writes say, and nothing more, decides the outcome:
 * - a later write stamped past the instant: the earlier ones were another instance's clock — skew,
 *   observed (two stamps of this server that disagree with the order of the writes), and recorded;
 * - every write stamped with one and the same time: the server's timestamps do not move — its failure,
 *   whatever its clocks do;
 * - stamps that move but never get past the instant within the bound: either clocks further apart than
 *   the suite tolerates or a server stamping writes with stale times; the suite cannot tell which, says
 *   both, and the check is not judged.
 */
const RETRY_PAUSE_MS = 60;
/** Long enough to get past SKEW_TOLERANCE_MS of skew whichever instance serves the next write. */
const PREMISE_BOUND_MS = 4 * SKEW_TOLERANCE_MS + 1_000;

/** Records that a write's server timestamp came `ms` earlier than the instant it had to follow. */
function noteClockSkew(testInfo: TestInfo, ms: number, what: string): void {
  testInfo.annotations.push({ type: ANNOTATION.clockSkew, description: `${Math.round(ms)} ms: ${what}` });
}

/** How `writeAfter` paces its writes; tests shorten it. */
export interface WritePacing {
  pauseMs: number;
  boundMs: number;
}

const PACING: WritePacing = { pauseMs: RETRY_PAUSE_MS, boundMs: PREMISE_BOUND_MS };

/**
 * Runs `write` until the server stamps it strictly after `after` (an ISO timestamp from the server).
 * `stampOf` reads the write's own server timestamp (a message's ts, a room's _updatedAt). Throws a
 * ContractFailure when the server's stamps never move, a PremiseError when it cannot tell why they never
 * got past `after`.
 */
export async function writeAfter<T>(
  testInfo: TestInfo,
  after: string,
  write: () => Promise<T>,
  stampOf: (result: T) => Promise<unknown> | unknown,
  what: string,
  pacing: WritePacing = PACING,
): Promise<{ result: T; stamp: string }> {
  const started = Date.now();
  const early: string[] = [];
  for (;;) {
    const result = await write();
    const stamp = await stampOf(result);
    if (!isIsoUtcMillis(stamp)) {
      // Not a date at all: the check judges that; nothing to wait for.
      return { result, stamp: String(stamp) };
    }
    if (Date.parse(stamp) > Date.parse(after)) {
      noteSkewIfObserved(testInfo, after, early, stamp, what);
      return { result, stamp };
    }
    early.push(stamp);
    const elapsed = Date.now() - started;
    if (elapsed > pacing.boundMs)
      throw neverAfter(after, early, elapsed, what, testInfo.title.split(':')[0] ?? testInfo.title);
    await sleep(pacing.pauseMs);
  }
}

/**
 * Writes stamped at or before `after` and then one past it: the server's clocks disagree, by the gap of
 * the earliest. Within a millisecond of `after` is the same moment, not another clock.
 */
function noteSkewIfObserved(
  testInfo: TestInfo,
  after: string,
  early: string[],
  passed: string,
  what: string,
) {
  const earliest = early.reduce<string | undefined>(
    (min, stamp) => (min === undefined || stamp < min ? stamp : min),
    undefined,
  );
  if (earliest === undefined) return;
  const gap = Date.parse(after) - Date.parse(earliest);
  if (gap <= 1) return;
  noteClockSkew(
    testInfo,
    gap,
    `${what} was stamped ${earliest}, before ${after} (an earlier write's time); written again, it was stamped ${passed}`,
  );
}

/** Why no write got past `after`: the server's stamps, as evidence. */
function neverAfter(after: string, early: string[], elapsedMs: number, what: string, check: string): Error {
  const distinct = [...new Set(early)];
  const writes = `${early.length} writes over ${elapsedMs} ms`;
  if (distinct.length === 1 && early.length >= 2) {
    return new ContractFailure(
      `${what}: the server stamped ${writes} all at ${distinct[0]}, not after ${after} (an earlier write's ` +
        'time): its timestamps do not move',
    );
  }
  const sorted = [...distinct].sort();
  return new PremiseError(
    `${what}: the server stamped ${writes} between ${sorted[0]} and ${sorted[sorted.length - 1]}, never after ` +
      `${after} (an earlier write's time). Either its instances' clocks differ by more than the ` +
      `${SKEW_TOLERANCE_MS} ms the suite tolerates, or it stamps writes with stale times; the suite cannot tell ` +
      `which, so "${check}" could not be judged`,
  );
}
