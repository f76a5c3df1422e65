import { FailureError, InvalidParamsError, MeteorError } from '../errors.js';
import type { RoomDoc, UserDoc } from '../store/types.js';
import type { Workspace } from '../workspace/context.js';
import { createDirectMessage } from '../workspace/direct-rooms.js';
import { postMessage, roomCreatorId } from '../workspace/messages.js';
import { joinRoom } from '../workspace/rooms.js';
import type { ApiRouter } from './router.js';
import { success } from './router.js';

/** processWebhookMessage's channel lookup: `#name`, `@username` (the DM, created if needed) or a room id. */
function resolveTarget(
  ws: Workspace,
  author: UserDoc,
  roomId: string | undefined,
  channel: string | undefined,
): RoomDoc {
  let room: RoomDoc | undefined;
  if (roomId) room = ws.db.rooms.get(roomId);
  else if (channel?.startsWith('@')) room = createDirectMessage(ws, author, [channel.slice(1)]).room;
  else if (channel)
    room = ws.db.rooms.get(channel.replace(/^#/, '')) ?? ws.db.findRoomByName(channel.replace(/^#/, ''));
  if (!room) throw new MeteorError('invalid-channel', 'Invalid channel');
  if (!ws.db.findSubscription(room._id, author._id)) {
    // Public channels are joined on the way; anything else needs a subscription.
    if (room.t !== 'c') throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'sendMessage' });
    joinRoom(ws, room, author);
  }
  return room;
}

export function registerChat(router: ApiRouter): void {
  router.post('/api/v1/chat.postMessage', { authRequired: true }, ({ ws, body, caller }) => {
    const roomId = typeof body.roomId === 'string' ? body.roomId : undefined;
    const channel = typeof body.channel === 'string' ? body.channel : undefined;
    if (!roomId && !channel) {
      throw new InvalidParamsError([
        "must have required property 'roomId'",
        "must have required property 'channel'",
        'must match a schema in anyOf',
      ]);
    }
    if (body.text !== undefined && typeof body.text !== 'string')
      throw new InvalidParamsError(['must be string']);
    const text = typeof body.text === 'string' ? body.text : '';
    // sendMessage's validation (apps/meteor/app/lib/server/functions/sendMessage.ts).
    if (text.length > ws.settings.Message_MaxAllowedSize) {
      throw new MeteorError('error-message-size-exceeded', 'Message size exceeds Message_MaxAllowedSize', {
        method: 'sendMessage',
      });
    }
    const room = resolveTarget(ws, caller.user, roomId, channel);
    // An app's IPreMessageSentPrevent hook (sendMessage.ts: Apps.triggerEvent IPreMessageSentPrevent).
    if (ws.policies.refusals.appPreventsMessages) {
      throw new MeteorError('error-app-prevented', 'A Rocket.Chat App prevented the message sending.', {
        method: 'sendMessage',
      });
    }
    const message = postMessage(ws, room, caller.user, text);
    if (ws.policies.freshness.postAnswersError(caller.user._id, roomCreatorId(ws, room))) {
      // A callback after the save throws (notifying the creator): the answer is a failure, the write stays.
      throw new FailureError("Cannot read properties of undefined (reading 'language')");
    }
    return success({ ts: message.ts.getTime(), channel: roomId ?? channel, message });
  });
}
