/**
 * rooms.get's `updatedSince` (apps/meteor/app/api/server/v1/rooms.ts): a falsy value means "no date"; otherwise V8's
 * `Date.parse` decides validity, and `new Date(value)` the instant, kept to the millisecond.
 * Running on Node.js gives us V8's parser itself, legacy fallbacks included.
 */
export type UpdatedSince = { kind: 'none' } | { kind: 'date'; date: Date } | { kind: 'invalid' };

/**
 * `raw` is every value the query string carried for the key: Rocket.Chat's query parser turns a
 * repeated key into an array, which `Date.parse` sees stringified as "a,b".
 */
export function parseUpdatedSince(raw: readonly string[]): UpdatedSince {
  const value = raw.length === 0 ? undefined : raw.join(',');
  if (!value) return { kind: 'none' };
  if (Number.isNaN(Date.parse(value))) return { kind: 'invalid' };
  return { kind: 'date', date: new Date(value) };
}

/** `$gt`: a room updated exactly at the cursor is not "updated since" it. */
export function isStrictlyAfter(value: Date, cursor: Date): boolean {
  return value.getTime() > cursor.getTime();
}
