import type { GeneratedIdRule } from './version-rules.js';

/**
 * The suite's own reading of how Rocket.Chat composes direct-message `_id`s (docs/rocketchat-behaviour.md
 * §4.2, createDirectRoom.ts), independent of any server implementation. Which rule holds for which
 * version is in version-rules.ts; this module knows what each rule produces.
 */

/** JavaScript's default sort order: UTF-16 code units, so "Z" < "a". */
export function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortUtf16(ids: readonly string[]): string[] {
  return [...ids].sort(compareUtf16);
}

/** The `_id` a 1:1 DM between these two users is composed to (3.1 – 7.x; ≤ 3.0 alike). */
export function composedDmRoomId(uids: readonly string[]): string {
  return sortUtf16(uids).join('');
}

const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/;
/** Meteor's Random.id(): 17 characters of this alphabet. */
export const METEOR_ID_PATTERN = /^[23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz]{17}$/;

export function isObjectId(id: string): boolean {
  return OBJECT_ID_PATTERN.test(id);
}

/** Whether `id` is what `rule` generates for a DM of these members. */
export function matchesGeneratedId(id: string, rule: GeneratedIdRule, uids: readonly string[]): boolean {
  if (rule === 'object-id') return isObjectId(id);
  if (rule === 'meteor-id') return METEOR_ID_PATTERN.test(id);
  return uids.length === 1 && id === `${uids[0]}${uids[0]}`;
}

/**
 * Which Rocket.Chat era could have made a DM with this `_id` and these members, for DMs the run did not
 * create (a long-lived server holds rooms made under older rules). Undefined: no version ever made it.
 */
export function dmIdEra(id: string, uids: readonly string[]): string | undefined {
  const distinct = new Set(uids);
  // Up to 3.0 a self-DM was the user twice: its id, and (once 3.1's migration added uids) its uids.
  const [only] = distinct;
  if (distinct.size === 1 && uids.length <= 2 && id === `${only}${only}`)
    return 'a doubled-uid self-DM id (up to 3.0)';
  if (distinct.size !== uids.length) return undefined;
  if (uids.length === 2) {
    if (id === composedDmRoomId(uids)) return 'a composed 1:1 id (every version up to 7.x)';
    if (isObjectId(id)) return 'an ObjectId 1:1 id (8.x)';
    return undefined;
  }
  if (uids.length === 1) {
    if (id === `${uids[0]}${uids[0]}`) return 'a doubled-uid self-DM id (up to 3.0)';
    if (METEOR_ID_PATTERN.test(id)) return 'a Meteor-id self-DM (3.1 – 6.1)';
    if (isObjectId(id)) return 'an ObjectId self-DM (6.2 and later)';
    return undefined;
  }
  // A group DM is never composed, in any version; other ids (imports, federation) are not judged.
  if (id === composedDmRoomId(uids) || id === uids.join('')) return undefined;
  if (METEOR_ID_PATTERN.test(id)) return 'a Meteor-id group DM (3.1 – 6.1)';
  if (isObjectId(id)) return 'an ObjectId group DM (6.2 and later)';
  return 'a group DM id of another origin (an import or federation)';
}

/** Case-insensitive orders a careless implementation might use instead of the UTF-16 order. */
function caseInsensitiveOrders(a: string, b: string): number[] {
  return [Math.sign(compareUtf16(a.toLowerCase(), b.toLowerCase())), Math.sign(a.localeCompare(b, 'en'))];
}

/**
 * Two ids whose UTF-16 order differs from every case-insensitive order (toLowerCase, localeCompare):
 * a DM between them catches a server that sorts case-insensitively.
 */
export function isCaseSensitivePair(a: string, b: string): boolean {
  const utf16 = Math.sign(compareUtf16(a, b));
  return utf16 !== 0 && caseInsensitiveOrders(a, b).every((order) => order !== 0 && order !== utf16);
}

/** The first case-sensitive pair among `ids` that includes `anchor`, or undefined. */
export function findCaseSensitivePartner(anchor: string, ids: readonly string[]): string | undefined {
  return ids.find((id) => id !== anchor && isCaseSensitivePair(anchor, id));
}
