import type { WireRoom } from '../rules/projection.js';

/**
 * RC_REFERENCE_MALFORMED_ROOMS=missing|null|wrong-type: rooms.get serialises every room the caller holds
 * with each of its fields but `_id` malformed that way (lastMessage's fields one level down, so checks
 * that read their own rooms meet them), and every caller's list also holds rooms whose one field is missing,
 * `null` or of the wrong type — the rooms an importer, a failed migration or a hand edit of the database
 * leaves behind (Mongo is schemaless: rooms.get returns what is stored). One room per field × malformation,
 * for every field the documentation's example or Rocket.Chat's typings name, nested lastMessage and
 * DM fields included. Not a fault of the catalogue: it breaks many checks at once, and exists so a test
 * can show that none of them crashes on such rooms (tests/cli/malformed-rooms.test.ts).
 *
 * Stored like any room, they follow the query: without updatedSince they are all listed; with one, only
 * those whose `_updatedAt` is a date after it (Mongo's `$gt` on a Date skips other types).
 */

/** When the malformed rooms were "last updated": long before any run, so dated queries rarely see them. */
const UPDATED_AT = '2024-01-02T03:04:05.678Z';
const PEER = { _id: 'malformedpeer0001', username: 'malformed.peer' };

function channelTemplate(): WireRoom {
  return {
    _id: 'malformed-template',
    t: 'c',
    name: 'malformed-room',
    fname: 'malformed-room',
    ts: '2024-01-01T00:00:00.000Z',
    _updatedAt: UPDATED_AT,
    lm: '2024-01-02T03:04:05.000Z',
    msgs: 1,
    usersCount: 2,
    u: { _id: PEER._id, username: PEER.username, name: 'Malformed Peer' },
    default: false,
    ro: false,
    sysMes: true,
    topic: 'a topic',
    announcement: 'an announcement',
    description: 'a description',
    archived: false,
    teamId: 'malformedteam0001',
    teamMain: false,
    prid: 'malformedparent01',
    customFields: { department: 'ops' },
    lastMessage: {
      _id: 'malformedmessage1',
      t: 'uj',
      rid: 'malformed-template',
      ts: '2024-01-02T03:04:05.000Z',
      msg: 'hello',
      alias: 'bot',
      u: { _id: PEER._id, username: PEER.username, name: 'Malformed Peer' },
      groupable: false,
      _updatedAt: '2024-01-02T03:04:05.000Z',
      urls: [],
      mentions: [],
      channels: [],
      md: [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'hello' }] }],
    },
  };
}

/** A 1:1 DM of the caller with a peer that exists nowhere (one per room): its member fields are malformed. */
function dmTemplate(callerId: string, callerUsername: string, peer: number): WireRoom {
  const peerId = `malformedpeer${String(peer).padStart(4, '0')}`;
  const uids = [callerId, peerId].sort();
  return {
    _id: uids.join(''),
    t: 'd',
    ts: '2024-01-01T00:00:00.000Z',
    _updatedAt: UPDATED_AT,
    msgs: 0,
    usersCount: 2,
    uids,
    usernames: [callerUsername, `malformed.peer${peer}`],
    default: false,
    ro: false,
    sysMes: true,
  };
}

/** Field paths (`/`-separated, array items by index) malformed one at a time, per template. */
// biome-ignore format: one path per documented or typed field reads as a list
const CHANNEL_FIELDS = [
  '_id', 't', 'name', 'fname', 'ts', '_updatedAt', 'lm', 'msgs', 'usersCount', 'u', 'u/_id', 'u/username',
  'default', 'ro', 'sysMes', 'topic', 'announcement', 'description', 'archived', 'teamId', 'teamMain',
  'prid', 'customFields', 'lastMessage', 'lastMessage/_id', 'lastMessage/t', 'lastMessage/rid',
  'lastMessage/ts', 'lastMessage/msg', 'lastMessage/alias', 'lastMessage/u', 'lastMessage/u/_id',
  'lastMessage/u/username', 'lastMessage/groupable', 'lastMessage/_updatedAt', 'lastMessage/urls',
  'lastMessage/mentions', 'lastMessage/channels', 'lastMessage/md',
];
// biome-ignore format: one path per documented or typed field reads as a list
const DM_FIELDS = [
  '_id', 't', '_updatedAt', 'usersCount', 'uids', 'uids/0', 'uids/1', 'usernames', 'usernames/0',
];

export const MALFORMATIONS = ['missing', 'null', 'wrong-type'] as const;
export type Malformation = (typeof MALFORMATIONS)[number];

/** A value of another JSON type than `value`'s: a string becomes a number, anything else a string. */
function ofAnotherType(value: unknown): unknown {
  return typeof value === 'string' ? 42 : 'malformed';
}

/** A deep copy of `room` with the field at `path` malformed. */
function malformed(room: WireRoom, path: string, how: Malformation): WireRoom {
  const copy = structuredClone(room);
  const keys = path.split('/');
  const last = keys.pop() as string;
  let parent = copy as Record<string, unknown>;
  for (const key of keys) parent = parent[key] as Record<string, unknown>;
  if (how === 'missing') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = how === 'null' ? null : ofAnotherType(parent[last]);
  return copy;
}

/**
 * A room as rooms.get serialises it with every field but `_id` malformed `how` (a lastMessage object
 * keeps its `_id` and has its other fields malformed instead).
 */
export function malformEveryField(room: WireRoom, how: Malformation): WireRoom {
  let out = room;
  for (const field of Object.keys(room)) {
    if (field === '_id') continue;
    const value = room[field];
    if (field === 'lastMessage' && value && typeof value === 'object') {
      for (const nested of Object.keys(value))
        if (nested !== '_id') out = malformed(out, `lastMessage/${nested}`, how);
    } else out = malformed(out, field, how);
  }
  return out;
}

/** Whether a dated rooms.get lists the room: its `_updatedAt` is a date strictly after `since`. */
function listedSince(room: WireRoom, since: Date | null): boolean {
  if (since === null) return true;
  const updatedAt = room._updatedAt;
  return typeof updatedAt === 'string' && Date.parse(updatedAt) > since.getTime();
}

/** The malformed rooms the caller's rooms.get lists, for the query's `updatedSince` (null: none). */
export function malformedRooms(caller: { _id: string; username: string }, since: Date | null): WireRoom[] {
  const rooms: WireRoom[] = [];
  let made = 0;
  const templates = [
    {
      fields: CHANNEL_FIELDS,
      template: (path: string, how: Malformation) => ({
        ...channelTemplate(),
        _id: `malformed-${path.replaceAll('/', '.')}-${how}`,
      }),
    },
    // A composed 1:1 id: each DM with a peer of its own, so no two share an _id.
    { fields: DM_FIELDS, template: () => dmTemplate(caller._id, caller.username, made) },
  ];
  for (const { fields, template } of templates) {
    for (const path of fields) {
      for (const how of MALFORMATIONS) {
        const room = malformed(template(path, how), path, how);
        made += 1;
        if (listedSince(room, since)) rooms.push(room);
      }
    }
  }
  return rooms;
}
