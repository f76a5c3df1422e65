import { isAtLeast } from './rocketchat-version.js';

/**
 * The suite's own reading of Rocket.Chat's direct-message `_id` rules (docs/rocketchat-behaviour.md §4.2,
 * createDirectRoom.ts), independent of any server implementation:
 *
 * - 1:1 DM (two distinct users), 3.1 to 7.x: the member ids sorted by JavaScript's default sort
 *   (UTF-16 code units: digits < upper case < lower case) and concatenated, no separator.
 * - 8.x: every new DM gets a 24-hex ObjectId (the `rc8-dm-object-ids` waiver; DMs created before an
 *   upgrade keep their composed ids).
 * - Self-DM and group DM: never composed; a 24-hex ObjectId from 6.2, a random 17-char id in 3.1–6.1
 *   (≤ 3.0 composed a self-DM as uid+uid, and had no `uids` field).
 */

/** JavaScript's default sort order: UTF-16 code units, so "Z" < "a". */
export function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortUtf16(ids: readonly string[]): string[] {
  return [...ids].sort(compareUtf16);
}

/** The `_id` a 1:1 DM between these two users is composed to (3.1 – 7.x). */
export function composedDmRoomId(uids: readonly string[]): string {
  return sortUtf16(uids).join('');
}

const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/;
/** Meteor's Random.id(): 17 characters of this alphabet. */
export const METEOR_ID_PATTERN = /^[23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz]{17}$/;

export function isObjectId(id: string): boolean {
  return OBJECT_ID_PATTERN.test(id);
}

/** From which version new DMs of each kind get a non-composed id, and what it looks like. */
export interface DmIdRules {
  /** 1:1 DMs: composed from the sorted uids, or a 24-hex ObjectId (8.x). */
  oneToOne: 'composed' | 'object-id';
  /** Self and group DMs: the id format a new one gets (never a composition from 3.1 on). */
  selfAndGroup: 'object-id' | 'meteor-id' | 'legacy' | 'unknown';
}

export function dmIdRulesFor(version: string | undefined): DmIdRules {
  return {
    oneToOne: isAtLeast(version, '8.0.0') ? 'object-id' : 'composed',
    selfAndGroup:
      version === undefined
        ? 'unknown'
        : isAtLeast(version, '6.2.0')
          ? 'object-id'
          : isAtLeast(version, '3.1.0')
            ? 'meteor-id'
            : 'legacy',
  };
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
