import type { MessageDoc, RoomDoc } from '../store/types.js';

/**
 * `roomFields` (apps/meteor/lib/publishFields.ts): the only room fields rooms.get returns, and only
 * when present on the stored document. Internal fields (`joinCode`, `e2e`, `importIds`) stay out.
 */
// biome-ignore format: grouped as in the source
export const ROOM_FIELDS: readonly string[] = [
  // core
  '_id', 'name', 'fname', 't', 'cl', 'u', 'lm', 'teamId', 'teamMain', 'topic', 'announcement',
  'announcementDetails', 'muted', 'unmuted', '_updatedAt', 'archived', 'description', 'default',
  'customFields', 'lastMessage', 'retention', 'prid', 'avatarETag', 'usersCount', 'msgs', 'sidepanel',
  // flags
  'tags', 'sms', 'code', 'joinCodeRequired', 'open', 'label', 'ro', 'reactWhenReadOnly', 'sysMes',
  'sentiment', 'broadcast', 'encrypted', 'e2eKeyId',
  // omnichannel
  'livechatData', 'priorityId', 'priorityWeight', 'slaId', 'estimatedWaitingTimeQueue', 'v',
  'departmentId', 'servedBy', 'source', 'transcriptRequest', 'onHold', 'metrics', 'ts',
  'waitingResponse', 'queuedAt',
  // federation, DMs, VoIP, E2E
  'federated', 'usernames', 'uids', 'queue', 'callDuration', 'callTotalHoldTime', 'callWaitingTime',
  'usersWaitingForE2EKeys',
];

export type WireRoom = Record<string, unknown>;

/** Projects a stored room to `roomFields`; undefined values are dropped, as the Mongo driver does. */
export function projectRoom(room: RoomDoc): WireRoom {
  const source = room as unknown as Record<string, unknown>;
  const out: WireRoom = {};
  for (const field of ROOM_FIELDS) {
    const value = source[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/**
 * `composeRoomWithLastMessage(room, uid)`: the last message normalised for the caller — `starred`
 * filtered to the caller's own entry. (`UI_Use_Real_Name` is off by default, so names are not refilled.)
 */
export function composeRoomWithLastMessage(room: WireRoom, userId: string): WireRoom {
  const lastMessage = room.lastMessage as MessageDoc | undefined;
  if (!lastMessage) return room;
  const normalised: MessageDoc = { ...lastMessage };
  if (lastMessage.starred) normalised.starred = lastMessage.starred.filter((star) => star._id === userId);
  return { ...room, lastMessage: normalised };
}
