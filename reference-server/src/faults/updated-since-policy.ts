import { INVALID_UPDATED_SINCE_BODY } from '../rules/error-bodies.js';
import { parseUpdatedSince, type UpdatedSince } from '../rules/updated-since.js';
import type { FaultSet } from './fault-set.js';

/** How rooms.get reads `updatedSince` and selects `update`/`remove`, bent by the `updatedSince` faults. */
export interface UpdatedSincePolicy {
  parse(raw: readonly string[]): UpdatedSince;
  /** What an invalid value gets: Rocket.Chat's 400, or a faulty answer. */
  invalid: { kind: 'respond'; status: 400 | 500; body: Record<string, unknown> } | { kind: 'full-listing' };
  /** Whether a date filters `update` at all. */
  filtersUpdate: boolean;
  /** `$gt` (Rocket.Chat) or `$gte`. */
  updateInclusive: boolean;
  /** The timestamp compared with the cursor. */
  comparedField: 'room._updatedAt' | 'subscription._updatedAt' | 'room.ts';
  removeEnabled: boolean;
  /** Without a date, `remove` is still computed, from the epoch (remove-listed-without-date). */
  removeWithoutDate: boolean;
  removeInclusive: boolean;
  removeItemHasDeletedAt: boolean;
  /** Deleted rooms stay in `update` for their former members, as if their `_updatedAt` were the deletion. */
  deletedKeptInUpdate: boolean;
}

/** "2017-11-25T15:08:17+02:00" → "2017-11-25T15:08:17Z": the offset dropped, the wall time read as UTC. */
function dropOffset(value: string): string {
  const match = value.match(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:Z|[+-]\d{2}:?\d{2})$/i);
  return match ? `${match[1]}Z` : value;
}

/** "…+05:45" → "…+05:00": offset minutes other than :00 and :30 ignored, as half-hour-only code does. */
function halfHourOffsetsOnly(value: string): string {
  return value.replace(/([+-]\d{2}):(\d{2})$/, (offset, hours: string, minutes: string) =>
    minutes === '00' || minutes === '30' ? offset : `${hours}:00`,
  );
}

export function updatedSincePolicy(faults: FaultSet): UpdatedSincePolicy {
  const parse = (raw: readonly string[]): UpdatedSince => {
    const joined = raw.join(',');
    if (faults.has('updated-since-epoch-accepted') && /^\d+$/.test(joined)) {
      return { kind: 'date', date: new Date(Number(joined)) };
    }
    const parsed = parseUpdatedSince(raw);
    if (parsed.kind !== 'date') return parsed;
    let date = parsed.date;
    if (faults.has('updated-since-offset-dropped')) date = new Date(dropOffset(joined));
    if (faults.has('updated-since-offset-quarter-hours')) date = new Date(halfHourOffsetsOnly(joined));
    if (Number.isNaN(date.getTime())) date = parsed.date;
    if (faults.has('updated-since-seconds')) date = new Date(Math.floor(date.getTime() / 1000) * 1000);
    return { kind: 'date', date };
  };

  let invalid: UpdatedSincePolicy['invalid'] = {
    kind: 'respond',
    status: 400,
    body: { ...INVALID_UPDATED_SINCE_BODY },
  };
  if (faults.has('updated-since-invalid-accepted')) invalid = { kind: 'full-listing' };
  else if (faults.has('updated-since-invalid-500')) {
    invalid = { kind: 'respond', status: 500, body: { success: false, error: 'Internal server error' } };
  } else if (faults.has('updated-since-400-body')) {
    invalid = {
      kind: 'respond',
      status: 400,
      body: { success: false, error: 'Invalid date for updatedSince' },
    };
  }

  return {
    parse,
    invalid,
    filtersUpdate: !faults.has('updated-since-ignored'),
    updateInclusive: faults.has('updated-since-inclusive'),
    comparedField: faults.has('updated-since-subscription-updated-at')
      ? 'subscription._updatedAt'
      : faults.has('updated-since-room-ts')
        ? 'room.ts'
        : 'room._updatedAt',
    removeEnabled: !faults.has('remove-always-empty'),
    removeWithoutDate: faults.has('remove-listed-without-date'),
    removeInclusive: faults.has('remove-boundary-inclusive'),
    removeItemHasDeletedAt: !faults.has('remove-without-deleted-at'),
    deletedKeptInUpdate: faults.has('deleted-kept-in-update'),
  };
}
