import type { ContractProfile } from '../core/contract/contract-profiles.js';
import { ContractFailure, type Findings } from '../core/run/findings.js';
import type { RemovedRoom, Room, RoomsGetBody } from '../core/rocketchat/rocketchat-api.js';
import { PremiseError } from './not-judged.js';
import { expect } from './matchers.js';
import type { RestResponse } from './rest-client.js';
import type { RocketChatClient } from './rocketchat-client.js';

/** A date before any room: with it, rooms.get lists every room and the last 30 days of deletions. */
export const LONG_AGO = '2000-01-01T00:00:00.000Z';

/**
 * One rooms.get answer, read as sets. Rocket.Chat applies no order and no pagination
 * (docs/rocketchat-behaviour.md §1.8), so checks compare ids as sets, and only for rooms they created:
 * a staging server has other users.
 */
export interface Listing {
  response: RestResponse<RoomsGetBody>;
  update: Room[];
  remove: RemovedRoom[];
  /** update by _id (the last one wins if a server repeats a room: room-ids-unique catches that). */
  rooms: Map<string, Room>;
  removed: Map<string, RemovedRoom>;
}

/**
 * GET rooms.get and require a 200 with `update` and `remove` arrays: every check that reads a listing
 * needs at least that, and says which request broke it. `updatedSince` given twice when an array.
 */
export async function listRooms(client: RocketChatClient, updatedSince?: string): Promise<Listing> {
  const response = await client.roomsGet(updatedSince === undefined ? {} : { updatedSince });
  return readListing(response);
}

export function readListing(response: RestResponse<RoomsGetBody>): Listing {
  const label = `${response.method} ${response.path}`;
  expect(response.status, `${label} answered ${response.status}: ${response.text.slice(0, 200)}`).toBe(200);
  const update = response.body?.update;
  const remove = response.body?.remove;
  expect(Array.isArray(update), `${label}: "update" must be an array`).toBe(true);
  expect(Array.isArray(remove), `${label}: "remove" must be an array`).toBe(true);
  const rooms = new Map<string, Room>();
  for (const room of update as Room[]) if (room && typeof room._id === 'string') rooms.set(room._id, room);
  const removed = new Map<string, RemovedRoom>();
  for (const item of remove as RemovedRoom[])
    if (item && typeof item._id === 'string') removed.set(item._id, item);
  return { response, update: update as Room[], remove: remove as RemovedRoom[], rooms, removed };
}

/**
 * Whether an answer shows one of the timed rooms with another `_updatedAt` than the one a check read: the
 * room moved after its timestamp was read (a worker's shared listing may be seconds old, and a public
 * channel is anyone's to join), so that timestamp says nothing about a boundary any more. The boundary
 * checks then read the timestamps afresh and ask again, once, and judge the second answers whatever
 * they show.
 */
export function movedSinceRead(
  listings: ReadonlyArray<Pick<Listing, 'rooms'>>,
  timed: ReadonlyArray<{ room: { _id: string }; at: string }>,
): boolean {
  return listings.some((listing) =>
    timed.some(({ room, at }) => {
      const listed = listing.rooms.get(room._id)?._updatedAt;
      return typeof listed === 'string' && listed !== at;
    }),
  );
}

/** The room as the listing shows it, or a contract failure naming what was expected. */
export function roomIn(listing: Listing, roomId: string, what: string): Room {
  const room = listing.rooms.get(roomId);
  expect(room, `${what} (${roomId}) is missing from "update" of ${listing.response.path}`).toBeDefined();
  return room as Room;
}

/**
 * A server timestamp a check computes with (a room's `_updatedAt`, a deletion's `_deletedAt`). When it is
 * not a date, the check cannot go on: a contract failure in the strict profile, which requires these
 * dates, and not judged in the documented one, whose page requires none (the check says what it lacked).
 */
export function timestampOf(value: unknown, where: string, profile: ContractProfile): string {
  if (typeof value === 'string' && Number.isFinite(Date.parse(value))) return value;
  const what = `${where} is ${JSON.stringify(value) ?? 'missing'}, not a date`;
  if (profile === 'strict') throw new ContractFailure(`${what} (the strict contract requires one)`);
  throw new PremiseError(
    `${what}, and the documentation does not require one: the check cannot judge without it`,
  );
}

/**
 * Ends a check that could not judge some part of its claim (a room without the field it is about, a
 * room it could not create): once every finding is collected, a contract problem still fails the check
 * (the unjudged parts then a note); otherwise the check is not judged, naming each part.
 */
export function endUnjudged(findings: Findings, parts: readonly string[]): void {
  if (parts.length === 0) return;
  const message = `not judged: ${parts.join('; ')}`;
  if (findings.problemCount > 0) findings.note(message);
  else throw new PremiseError(message);
}
