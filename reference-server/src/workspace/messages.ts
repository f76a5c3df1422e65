import { randomId } from '../store/ids.js';
import type { MessageDoc, RoomDoc, UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';
import { userRef } from './users.js';

/** The message-parser's output for plain text: one PARAGRAPH of PLAIN_TEXT per line. */
function markdownOf(text: string): NonNullable<MessageDoc['md']> {
  if (text === '') return [];
  return text
    .split('\n')
    .map((line) => ({ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: line }] }));
}

/** Who created a room: a channel's, group's or discussion's `u`, a DM's first member. */
export function roomCreatorId(ws: Workspace, room: RoomDoc): string | undefined {
  return room.t === 'd' ? ws.db.directMembers.get(room._id)?.[0] : room.u?._id;
}

/**
 * sendMessage: insert, then the room's `msgs`, `lm` and `lastMessage` are updated in one write,
 * which bumps `_updatedAt` (apps/meteor/app/lib/server/functions/sendMessage.ts). Subscriptions are not touched.
 */
export function postMessage(
  ws: Workspace,
  room: RoomDoc,
  author: UserDoc,
  text: string,
  extra: Partial<Pick<MessageDoc, 't' | 'drid' | 'groupable'>> = {},
): MessageDoc {
  const now = ws.policies.freshness.messageTime(room, ws.now());
  const message: MessageDoc = {
    _id: randomId(),
    rid: room._id,
    msg: text,
    ...extra,
    ts: now,
    u: userRef(author),
    _updatedAt: now,
    urls: [],
    mentions: [],
    channels: [],
    md: markdownOf(text),
  };
  ws.db.messages.set(message._id, message);
  // The freshness faults leave some of these unwritten (faults/freshness-policy.ts).
  const updates = ws.policies.freshness.messageUpdates(room, author, {
    first: room.lastMessage === undefined,
    creatorId: roomCreatorId(ws, room),
  });
  if (updates.msgs) room.msgs += 1;
  if (updates.lm) room.lm = now;
  if (updates.lastMessage) room.lastMessage = message;
  if (updates.updatedAt) room._updatedAt = now;
  return message;
}
