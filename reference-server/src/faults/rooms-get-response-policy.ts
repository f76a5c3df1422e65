import type { MiddlewareHandler } from 'hono';
import type { WireRoom } from '../rules/projection.js';
import type { FaultSet } from './fault-set.js';

/** How rooms.get's 200 is assembled and serialised: Rocket.Chat's rules, bent by the `shape` faults. */
export interface RoomsGetResponsePolicy {
  /** The query ignores the caller's subscriptions (other-users-rooms). */
  includesOtherUsersRooms: boolean;
  /** lastMessage is part of the projection (not with last-message-missing). */
  projectsLastMessage: boolean;
  /** Per-item serialisation faults, applied after projection and composeRoomWithLastMessage. */
  serialiseRoom(room: WireRoom): WireRoom;
  /** List-level faults (duplicate-rooms). */
  finishUpdate(rooms: WireRoom[]): WireRoom[];
  envelope(update: WireRoom[], remove: Record<string, unknown>[]): Record<string, unknown>;
  /** Middleware around every rooms.get answer, whatever its status (the header faults); none on a clean server. */
  middleware: MiddlewareHandler[];
  /** Headers of a 200 answered with updatedSince (dated-answer-cacheable drops the no-cache ones). */
  datedAnswerHeaders: Record<string, string | null>;
}

/** Optional fields a null-sending regression would fill in (not name/fname/u: DMs must lack those anyway). */
const NULLED_WHEN_ABSENT = [
  'lastMessage',
  'lm',
  'topic',
  'announcement',
  'description',
  'archived',
  'teamId',
  'teamMain',
  'prid',
  'customFields',
];

const isoWithoutZone = (value: unknown): unknown =>
  value instanceof Date ? value.toISOString().replace(/Z$/, '') : value;

export function roomsGetResponsePolicy(faults: FaultSet): RoomsGetResponsePolicy {
  const rewriteHeaders: MiddlewareHandler = async (c, next) => {
    await next();
    if (faults.has('wrong-content-type') && c.res.status === 200)
      c.res.headers.set('Content-Type', 'text/html; charset=utf-8');
    if (faults.has('missing-no-store')) {
      c.res.headers.delete('Cache-Control');
      c.res.headers.delete('Pragma');
    }
  };
  return {
    includesOtherUsersRooms: faults.has('other-users-rooms'),
    projectsLastMessage: !faults.has('last-message-missing'),
    serialiseRoom: (input) => {
      const room: WireRoom = { ...input };
      if (faults.has('date-without-zone')) {
        for (const field of ['_updatedAt', 'lm', 'ts'])
          if (field in room) room[field] = isoWithoutZone(room[field]);
      }
      if (faults.has('ts-as-epoch') && room.ts instanceof Date) room.ts = room.ts.getTime();
      if (faults.has('updated-at-as-ejson') && room._updatedAt instanceof Date) {
        room._updatedAt = { $date: room._updatedAt.toISOString() };
      }
      if (faults.has('counter-as-string')) {
        if (typeof room.msgs === 'number') room.msgs = String(room.msgs);
        if (typeof room.usersCount === 'number') room.usersCount = String(room.usersCount);
      }
      if (faults.has('missing-updated-at')) delete room._updatedAt;
      if (faults.has('null-for-absent-fields')) {
        for (const field of NULLED_WHEN_ABSENT) if (!(field in room)) room[field] = null;
      }
      return room;
    },
    finishUpdate: (rooms) =>
      faults.has('duplicate-rooms')
        ? rooms.flatMap((room) => (room.lastMessage ? [room, { ...room }] : [room]))
        : rooms,
    envelope: (update, remove) =>
      faults.has('success-missing') ? { update, remove } : { update, remove, success: true },
    middleware: faults.has('wrong-content-type') || faults.has('missing-no-store') ? [rewriteHeaders] : [],
    datedAnswerHeaders: faults.has('dated-answer-cacheable') ? { 'Cache-Control': null, Pragma: null } : {},
  };
}
