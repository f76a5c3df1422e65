import { composeRoomWithLastMessage, projectRoom, type WireRoom } from '../rules/projection.js';
import { isStrictlyAfter } from '../rules/updated-since.js';
import type { RoomDoc } from '../store/types.js';
import type { Workspace } from '../workspace/context.js';
import { malformEveryField, malformedRooms } from '../workspace/malformed-rooms.js';
import { reply } from './request-context.js';
import type { ApiResponse, ApiRouter, RequestContext } from './router.js';

function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * The raw `updatedSince` values. A bracketed key (`updatedSince[x]=…`) becomes an object under
 * Rocket.Chat's query parser, which `Date.parse` reads as "[object Object]": invalid.
 */
function rawUpdatedSince(ctx: RequestContext): string[] {
  const url = new URL(ctx.c.req.url);
  const bracketed = [...url.searchParams.keys()].some((key) => key.startsWith('updatedSince['));
  return bracketed ? ['[object Object]'] : ctx.queryAll('updatedSince');
}

/**
 * The rooms a caller (or, for anonymous read, nobody) is listed, in natural (insertion) order:
 * Rocket.Chat's rule is "every room the caller holds a subscription to"; the membership-scope
 * faults widen it (discussions-not-listed narrows it).
 */
function candidateRooms(ws: Workspace, userId: string | null, dated: boolean): RoomDoc[] {
  const all = [...ws.db.rooms.values()];
  if (userId === null) return all.filter((room) => room.t === 'c' && room.default === true);
  const scope = ws.policies.membership;
  if (ws.policies.roomsGetResponse.includesOtherUsersRooms) return all;
  if (dated && scope.datedQueryIgnoresMembership) return all;
  const mine = ws.db.subscriptionsOfUser(userId);
  const joinedTeams = new Set<string>();
  if (scope.teamRoomsOfJoinedTeams) {
    for (const room of all)
      if (room.teamMain && room.teamId && mine.has(room._id)) joinedTeams.add(room.teamId);
  }
  return all
    .filter((room) => {
      if (scope.discussionsLeftOut && room.prid) return false;
      if (mine.has(room._id)) return true;
      if (scope.othersPrivateGroups && room.t === 'p') return true;
      if (scope.allPublicChannels && room.t === 'c') return true;
      if (scope.discussionsOfJoinedRooms && room.prid && mine.has(room.prid)) return true;
      if (scope.teamRoomsOfJoinedTeams && room.teamId && joinedTeams.has(room.teamId)) return true;
      // Only a fault hides a subscription instead of removing it (a leave or a kick).
      if (ws.db.hiddenSubscriptions.get(room._id)?.has(userId)) return true;
      return false;
    })
    .flatMap((room) => {
      // Rocket.Chat lists a subscribed room once whatever its state; the subscription-state faults bend that.
      const subscription = mine.get(room._id);
      const copies = subscription ? ws.policies.subscriptionStates.copiesListed(room, subscription) : 1;
      return Array.from({ length: copies }, () => room);
    });
}

/**
 * GET /api/v1/rooms.get (apps/meteor/app/api/server/v1/rooms.ts, 8.x apps/meteor/server/api/v1/rooms.ts): authentication first (done by the router), then `updatedSince`,
 * then every subscribed room — or those whose own `_updatedAt` is strictly after the date — and
 * the workspace-wide trash entries deleted strictly after it.
 */
function listRooms(ctx: RequestContext, userId: string | null): ApiResponse {
  const { ws, config } = ctx;
  const { updatedSince: rules, roomsGetResponse: shape } = ws.policies;

  let parsed = rules.parse(rawUpdatedSince(ctx));
  if (parsed.kind === 'invalid') {
    if (rules.invalid.kind === 'respond') return { status: rules.invalid.status, body: rules.invalid.body };
    parsed = { kind: 'none' };
  }
  const since = parsed.kind === 'date' ? parsed.date : null;

  const comparable = (room: RoomDoc): Date => {
    if (rules.comparedField === 'room.ts') return room.ts;
    if (rules.comparedField === 'subscription._updatedAt' && userId !== null) {
      return ws.db.findSubscription(room._id, userId)?._updatedAt ?? room._updatedAt;
    }
    return room._updatedAt;
  };
  const passes = (value: Date, cursor: Date, inclusive: boolean): boolean =>
    inclusive ? value.getTime() >= cursor.getTime() : isStrictlyAfter(value, cursor);

  let rooms = candidateRooms(ws, userId, since !== null);
  if (since && rules.filtersUpdate)
    rooms = rooms.filter((room) => passes(comparable(room), since, rules.updateInclusive));

  ws.db.expireTrash(ws.now().getTime());
  if (rules.deletedKeptInUpdate && userId !== null) {
    for (const entry of ws.db.trash.values()) {
      if (!entry.formerMembers.includes(userId) || ws.db.rooms.has(entry._id)) continue;
      if (since && !passes(entry._deletedAt, since, rules.updateInclusive)) continue;
      rooms.push({ ...entry.doc, _updatedAt: entry._deletedAt });
    }
  }

  const remove: Record<string, unknown>[] = [];
  const removedSince = since ?? (rules.removeWithoutDate ? new Date(0) : null);
  if (removedSince && rules.removeEnabled) {
    for (const entry of ws.policies.freshness.trashAsRead(ws.db.trash, Date.now())) {
      if (entry.__collection__ !== 'room' || !passes(entry._deletedAt, removedSince, rules.removeInclusive))
        continue;
      remove.push(
        rules.removeItemHasDeletedAt ? { _id: entry._id, _deletedAt: entry._deletedAt } : { _id: entry._id },
      );
    }
  }

  const readAt = Date.now();
  let update: WireRoom[] = rooms.map((room) => {
    const projected = projectRoom(ws.policies.freshness.roomAsRead(room, readAt));
    if (!shape.projectsLastMessage) delete projected.lastMessage;
    return shape.serialiseRoom(composeRoomWithLastMessage(projected, userId ?? ''));
  });
  const caller = userId === null ? undefined : ws.db.users.get(userId);
  if (config.malformedRooms && caller) {
    const how = config.malformedRooms;
    update = [...update.map((room) => malformEveryField(room, how)), ...malformedRooms(caller, since)];
  }
  if (config.shuffle) update = shuffled(update);
  update = shape.finishUpdate(update);
  const headers = since === null ? undefined : shape.datedAnswerHeaders;
  return { status: 200, body: shape.envelope(update, remove), headers };
}

export function registerRoomsGet(router: ApiRouter, ws: Workspace): void {
  const { auth, updatedSince, roomsGetResponse } = ws.policies;
  const path = '/api/v1/rooms.get';
  // The fault policies' middleware, in front of the route's own chain.
  router.use('GET', path, [
    ...roomsGetResponse.middleware,
    ...auth.roomsGetMiddleware({
      invalidUpdatedSince: (c) => {
        const ctx: RequestContext = c.get('request');
        if (updatedSince.parse(rawUpdatedSince(ctx)).kind !== 'invalid') return undefined;
        return updatedSince.invalid.kind === 'respond'
          ? reply(c, { status: updatedSince.invalid.status, body: updatedSince.invalid.body })
          : undefined;
      },
      anonymousListing: (c) => {
        const ctx: RequestContext = c.get('request');
        return ctx.caller ? undefined : reply(c, listRooms(ctx, null));
      },
    }),
  ]);
  router.get(path, { authRequired: true, permission: auth.roomsGetPermission }, (ctx) =>
    listRooms(ctx, ctx.caller.user._id),
  );
}
