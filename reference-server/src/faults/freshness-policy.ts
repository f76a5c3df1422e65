import type { RoomDoc, TrashEntry } from '../store/types.js';
import type { FaultSet } from './fault-set.js';

/** How long the stale caches of stale-room-cache and remove-list-cached keep what they hold. */
const STALE_CACHE_MS = 60_000;

/**
 * Whether what rooms.get shows follows the writes: Rocket.Chat reads the rooms and the trash from
 * MongoDB on every call, and every write updates `usersCount`, `_updatedAt`, `msgs`, `lm` and
 * `lastMessage` at once. The freshness faults each let one of these lag.
 */
export interface FreshnessPolicy {
  /** Joins and leaves change usersCount (not with users-count-not-updated). */
  membershipChangesUsersCount: boolean;
  /** chat.postMessage bumps the room's _updatedAt (not with updated-at-not-bumped-by-message). */
  messageBumpsUpdatedAt: boolean;
  /** The room document rooms.get serialises (stale-room-cache: a copy cached on first read). */
  roomAsRead(room: RoomDoc, nowMs: number): RoomDoc;
  /** The trash entries rooms.get's `remove` is computed from (remove-list-cached: a snapshot). */
  trashAsRead(trash: ReadonlyMap<string, TrashEntry>, nowMs: number): Iterable<TrashEntry>;
}

export function freshnessPolicy(faults: FaultSet): FreshnessPolicy {
  const roomCache = new Map<string, { room: RoomDoc; cachedAt: number }>();
  let trashSnapshot: { entries: TrashEntry[]; takenAt: number } | undefined;
  return {
    membershipChangesUsersCount: !faults.has('users-count-not-updated'),
    messageBumpsUpdatedAt: !faults.has('updated-at-not-bumped-by-message'),
    roomAsRead: faults.has('stale-room-cache')
      ? (room, nowMs) => {
          const cached = roomCache.get(room._id);
          if (cached && nowMs - cached.cachedAt < STALE_CACHE_MS) return cached.room;
          const copy = { ...room };
          roomCache.set(room._id, { room: copy, cachedAt: nowMs });
          return copy;
        }
      : (room) => room,
    trashAsRead: faults.has('remove-list-cached')
      ? (trash, nowMs) => {
          if (!trashSnapshot || nowMs - trashSnapshot.takenAt >= STALE_CACHE_MS) {
            trashSnapshot = { entries: [...trash.values()], takenAt: nowMs };
          }
          return trashSnapshot.entries;
        }
      : (trash) => trash.values(),
  };
}
