/**
 * The suite's own date rules for `updatedSince` (docs/rocketchat-behaviour.md §1.3–§1.6), independent of
 * any server implementation. Times always come from the server's own timestamps (`_updatedAt`, a
 * message's `ts`, `_deletedAt`), never from the local clock: staging clocks are skewed.
 */

/** How Rocket.Chat serialises every date: ISO-8601, UTC, milliseconds, `Z`. */
const ISO_UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function isIsoUtcMillis(value: unknown): value is string {
  return typeof value === 'string' && ISO_UTC_MILLIS.test(value) && new Date(value).toISOString() === value;
}

/**
 * How far apart the clocks of a deployment's app instances may be without the suite giving a false
 * verdict: writes stamped by another instance may come up to this much earlier (§9.6).
 */
export const SKEW_TOLERANCE_MS = 250;

/** An instant `ms` milliseconds before or after a server timestamp, written as Rocket.Chat writes dates. */
export function shifted(iso: string, ms: number): string {
  return isoUtc(Date.parse(iso) + ms);
}

/** An instant written as ISO-8601 UTC with milliseconds, e.g. 2017-11-25T15:08:17.248Z. */
export function isoUtc(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * The same instant written with a numeric offset, e.g. +120 → 2017-11-25T17:08:17.248+02:00 and
 * -330 → 2017-11-25T09:38:17.248-05:30.
 */
export function isoWithOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const magnitude = Math.abs(offsetMinutes);
  const hours = String(Math.floor(magnitude / 60)).padStart(2, '0');
  const minutes = String(magnitude % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}

/** The spellings of one instant that must all give the same answer. */
export function equivalentSpellings(epochMs: number): { label: string; value: string }[] {
  return [
    { label: 'Z', value: isoUtc(epochMs) },
    { label: '+02:00', value: isoWithOffset(epochMs, 120) },
    { label: '-05:30', value: isoWithOffset(epochMs, -330) },
  ];
}

/** Rocket.Chat's filter: a room is in `update` when its `_updatedAt` is strictly after the date ($gt). */
export function isStrictlyAfter(timestamp: string, since: string): boolean {
  return Date.parse(timestamp) > Date.parse(since);
}

/**
 * Values Rocket.Chat rejects with 400 (V8's Date.parse gives NaN): words, impossible months, epoch
 * milliseconds, and the parameter given twice (the query parser makes an array, stringified "a,b").
 */
export const INVALID_UPDATED_SINCE: readonly { label: string; values: string[] }[] = [
  { label: 'a word (yesterday)', values: ['yesterday'] },
  { label: 'an impossible month (2017-13-01)', values: ['2017-13-01'] },
  { label: 'epoch milliseconds (1700000000000)', values: ['1700000000000'] },
  {
    label: 'the parameter given twice',
    values: ['2017-11-25T15:08:17.248Z', '2017-11-26T15:08:17.248Z'],
  },
];

/** A date after any timestamp a sane server holds: nothing can have been updated after it. */
export const FAR_FUTURE = '2999-12-31T23:59:59.999Z';
