import { documentedExample } from '../../src/core/contract/validation.js';

/**
 * A realistic rooms.get body of any size for the validation benchmark: the documentation's own example
 * rooms (a channel whose lastMessage created a discussion, a 1:1 DM with markdown, a DM with rocket.cat
 * carrying a URL preview) and a private group made from the channel, cycled, each copy given unique ids,
 * names and valid, increasing dates. The result validates under the strict profile (tests/bench check it).
 */

type Json = Record<string, unknown>;
const BASE_TIME = Date.parse('2024-07-16T08:49:34.732Z');
const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** A Meteor-style 17-character id, deterministic in `seed`. */
function meteorId(seed: number): string {
  let id = '';
  let value = seed * 2_654_435_761 + 97;
  for (let i = 0; i < 17; i++) {
    id += ID_ALPHABET[value % ID_ALPHABET.length];
    value = Math.floor(value / ID_ALPHABET.length) + (i + 1) * 7_919 * (seed + 1);
  }
  return id;
}

function iso(offsetMs: number): string {
  return new Date(BASE_TIME + offsetMs).toISOString();
}

function templates(): Json[] {
  const example = documentedExample('rooms.get', 200) as { update: Json[] };
  const channel = example.update.find((room) => room.t === 'c');
  if (!channel) throw new Error("the documentation's example has no channel to build a private group from");
  const group = { ...structuredClone(channel), t: 'p', default: false };
  return [...example.update, group];
}

/** Gives one copy of a template its own identity and dates (room `i` of the body). */
function personalise(template: Json, i: number): Json {
  const room = structuredClone(template);
  const at = i * 1_000;
  room.ts = iso(at - 86_400_000);
  room._updatedAt = iso(at + 500);
  if (room.t === 'd') {
    const uids = [meteorId(2 * i + 1), meteorId(2 * i + 2)].sort();
    room.uids = uids;
    room._id = uids.join('');
    room.usernames = [`user.${2 * i + 1}`, `user.${2 * i + 2}`];
  } else {
    room._id = meteorId(3 * i + 1_000_000);
    room.name = `room-${i}`;
  }
  const lastMessage = room.lastMessage as Json | undefined;
  if (lastMessage) {
    lastMessage._id = meteorId(5 * i + 2_000_000);
    lastMessage.rid = room._id;
    lastMessage.ts = iso(at);
    lastMessage._updatedAt = iso(at + 100);
    room.lm = lastMessage.ts;
  }
  return room;
}

export function roomsGetBody(rooms: number): { update: Json[]; remove: Json[]; success: true } {
  const kinds = templates();
  return {
    update: Array.from({ length: rooms }, (_, i) => personalise(kinds[i % kinds.length]!, i)),
    remove: [],
    success: true,
  };
}

/**
 * The same body with every room broken the same way: `_updatedAt` sent without a time zone, the way a
 * server that formats dates itself (instead of through JSON) gets it wrong.
 */
export function brokenRoomsGetBody(rooms: number): ReturnType<typeof roomsGetBody> {
  const body = roomsGetBody(rooms);
  for (const room of body.update)
    room._updatedAt = String(room._updatedAt).replace('T', ' ').replace('Z', '');
  return body;
}
