import type { RoomDoc, TrashEntry, UserDoc } from '../store/types.js';
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
  /**
   * Which of the room's fields a message updates, given whether it is the room's first message and
   * whether its author created the room: all of them on a clean server; the faults that stop them
   * moving after the first message, for another member's messages, or in one kind of room leave some.
   */
  messageUpdates(room: RoomDoc, author: UserDoc, context: MessageContext): MessageUpdates;
  /**
   * chat.postMessage answers an error although the message was saved and the room updated
   * (post-answers-error-for-members: for a member other than the room's creator).
   */
  postAnswersError(authorId: string, creatorId: string | undefined): boolean;
  /** The time a message and its room update are stamped with (message-stamped-at-room-creation: the room's ts). */
  messageTime(room: RoomDoc, now: Date): Date;
  /** The room document rooms.get serialises (stale-room-cache: a copy cached on first read). */
  roomAsRead(room: RoomDoc, nowMs: number): RoomDoc;
  /** The trash entries rooms.get's `remove` is computed from (remove-list-cached: a snapshot). */
  trashAsRead(trash: ReadonlyMap<string, TrashEntry>, nowMs: number): Iterable<TrashEntry>;
}

interface MessageContext {
  /** The room has no lastMessage yet: this is its first message. */
  first: boolean;
  /** The room's creator (a channel's, group's or discussion's `u`, a DM's first member). */
  creatorId: string | undefined;
}

interface MessageUpdates {
  msgs: boolean;
  lm: boolean;
  lastMessage: boolean;
  updatedAt: boolean;
}

export function freshnessPolicy(faults: FaultSet): FreshnessPolicy {
  const messageUpdates = (room: RoomDoc, author: UserDoc, { first, creatorId }: MessageContext) => {
    // A room update whose selector names the creator matches nothing for another member's message.
    const roomWritten = !(faults.has('room-not-updated-by-members-messages') && author._id !== creatorId);
    const discussionFrozen =
      faults.has('discussion-frozen-after-first-message') && room.prid !== undefined && !first;
    const moves = roomWritten && !discussionFrozen;
    return {
      msgs: roomWritten && !(faults.has('msgs-counts-first-message-only') && !first),
      lm: moves && !(faults.has('lm-frozen-after-first-message') && !first),
      lastMessage: moves && !(faults.has('last-message-stale') && !first),
      updatedAt:
        moves &&
        !faults.has('updated-at-not-bumped-by-message') &&
        !(faults.has('updated-at-frozen-after-first-message') && !first),
    };
  };

  const roomCache = new Map<string, { room: RoomDoc; cachedAt: number }>();
  let trashSnapshot: { entries: TrashEntry[]; takenAt: number } | undefined;
  return {
    membershipChangesUsersCount: !faults.has('users-count-not-updated'),
    messageUpdates,
    postAnswersError: (authorId, creatorId) =>
      faults.has('post-answers-error-for-members') && authorId !== creatorId,
    messageTime: (room, now) => (faults.has('message-stamped-at-room-creation') ? room.ts : now),
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
