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
  return spellInstant(epochMs, offsetMinutes, 3).value;
}

/**
 * How finely a spelling writes the time: to the minute (`T15:08Z`, which the grammar allows), to the
 * second, or with 1 to 9 fraction digits (V8 reads every digit after the third as nothing finer than a
 * millisecond; the suite writes them as zeros, so every reading agrees).
 */
export type Precision = 'minutes' | 'seconds' | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** A zone designator: `Z`, or a numeric offset in minutes east of UTC (+345 → +05:45). */
export type Zone = 'Z' | number;

const PRECISION_STEP_MS: Readonly<Record<string, number>> = {
  minutes: 60_000,
  seconds: 1_000,
  1: 100,
  2: 10,
};

/**
 * An instant written in the grammar Rocket.Chat hands to `new Date()` (ECMAScript's date-time format):
 * the value, and the instant it names — the given one, truncated to what the precision can write.
 */
export function spellInstant(
  epochMs: number,
  zone: Zone,
  precision: Precision,
): { value: string; epochMs: number } {
  const step = PRECISION_STEP_MS[String(precision)] ?? 1;
  const spelled = Math.floor(epochMs / step) * step;
  const offsetMinutes = zone === 'Z' ? 0 : zone;
  // The wall time at that offset, as toISOString writes UTC: "2017-11-25T17:08:17.248".
  const wall = new Date(spelled + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const time =
    precision === 'minutes'
      ? wall.slice(0, 16)
      : precision === 'seconds'
        ? wall.slice(0, 19)
        : `${wall.slice(0, 19)}.${wall.slice(20, 23).padEnd(precision, '0').slice(0, precision)}`;
  return { value: `${time}${zone === 'Z' ? 'Z' : offsetDesignator(zone)}`, epochMs: spelled };
}

/** +345 → "+05:45", -570 → "-09:30", 0 → "+00:00". */
function offsetDesignator(offsetMinutes: number): string {
  const magnitude = Math.abs(offsetMinutes);
  const hours = String(Math.floor(magnitude / 60)).padStart(2, '0');
  const minutes = String(magnitude % 60).padStart(2, '0');
  return `${offsetMinutes < 0 ? '-' : '+'}${hours}:${minutes}`;
}

/**
 * Spellings whose instant the grammar leaves to the reader: a date-time without a zone (ECMAScript: local
 * time, so the server's own zone) and a date alone (ECMAScript: UTC midnight). Written from the UTC wall
 * clock, so a server that reads them as UTC reads the instant given.
 */
export function zonelessSpelling(epochMs: number): string {
  return isoUtc(epochMs).slice(0, 23);
}

export function dateOnlySpelling(epochMs: number): string {
  return isoUtc(epochMs).slice(0, 10);
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

/** Where a replay starts: a whole run from its seed, or straight at a counterexample (seed and path). */
export interface PropertyReplay {
  seed: number;
  path?: string;
}

/** CONTRACT_PROPERTY_SEED's value for a replay: "seed" replays the run, "seed:path" its counterexample. */
export function replayValue(replay: PropertyReplay): string {
  return replay.path === undefined ? String(replay.seed) : `${replay.seed}:${replay.path}`;
}

/** Reads CONTRACT_PROPERTY_SEED ("-1234" or "-1234:5:0:2"); undefined when it is not one. */
export function parseReplay(value: string): PropertyReplay | undefined {
  const match = /^(-?\d{1,10})(?::(\d+(?::\d+)*))?$/.exec(value);
  if (!match) return undefined;
  const seed = Number(match[1]);
  if (!Number.isSafeInteger(seed) || seed < -0x80000000 || seed > 0x7fffffff) return undefined;
  return match[2] === undefined ? { seed } : { seed, path: match[2] };
}
