import type { JsonSchema } from './openapi-to-json-schema.js';

/**
 * The types Rocket.Chat's own typings give the room, message and attachment fields that rooms.get
 * sends but the documentation does not name. A drift report proves a field is sent, never its type
 * (it keeps paths, not values): the proposal takes the type from here, and does not propose a field
 * that is not here (an integration's own attachment field, say) — it lists it as seen instead.
 *
 * Keys are drift paths relative to a room (src/core/drift.ts): `fname`, `lastMessage.bot`,
 * `lastMessage.attachments[].fields`. Types are JSON Schema draft-07, as overlays are written; dates are
 * ISO strings on the wire (docs/rocketchat-behaviour.md §1.6), so a TypeScript `Date` is a date-time
 * string. No `required` anywhere: a typing's required field is not yet a wire guarantee.
 */
export interface FieldTyping {
  schema: JsonSchema;
  /** Where the type comes from, on one line. */
  source: string;
}

const BLOB = 'https://github.com/RocketChat/Rocket.Chat/blob/develop/packages/core-typings/src';
const IROOM = `packages/core-typings/src/IRoom.ts (${BLOB}/IRoom.ts)`;
const IMESSAGE = `packages/core-typings/src/IMessage/IMessage.ts (${BLOB}/IMessage/IMessage.ts)`;
const ATTACHMENT = `packages/core-typings/src/IMessage/MessageAttachment/MessageAttachmentDefault.ts and MessageAttachmentBase.ts (${BLOB}/IMessage/MessageAttachment)`;
const ACTION = `packages/core-typings/src/IMessage/MessageAttachment/MessageAttachmentAction.ts (${BLOB}/IMessage/MessageAttachment/MessageAttachmentAction.ts)`;

const string: JsonSchema = { type: 'string' };
const boolean: JsonSchema = { type: 'boolean' };
const number: JsonSchema = { type: 'number' };
const date: JsonSchema = { type: 'string', format: 'date-time' };
const strings: JsonSchema = { type: 'array', items: string };
/** A mapping whose keys are data (admin-defined custom fields, reactions by emoji, …). */
const mapping: JsonSchema = { type: 'object' };
const object = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', properties });

const room = (schema: JsonSchema): FieldTyping => ({ schema, source: IROOM });
const message = (schema: JsonSchema): FieldTyping => ({ schema, source: IMESSAGE });
const attachment = (schema: JsonSchema): FieldTyping => ({ schema, source: ATTACHMENT });

export const FIELD_TYPINGS: ReadonlyMap<string, FieldTyping> = new Map<string, FieldTyping>([
  // Rooms (IRoom; the omnichannel and VoIP rooms' own fields from IOmnichannelGenericRoom, IVoipRoom).
  ['fname', room(string)],
  ['topic', room(string)],
  ['announcement', room(string)],
  ['announcementDetails', room(object({ style: string }))],
  ['description', room(string)],
  ['archived', room(boolean)],
  ['avatarETag', room(string)],
  ['broadcast', room(boolean)],
  ['encrypted', room(boolean)],
  ['e2eKeyId', room(string)],
  ['reactWhenReadOnly', room(boolean)],
  ['joinCodeRequired', room(boolean)],
  ['federated', room(boolean)],
  ['customFields', room(mapping)],
  ['muted', room(strings)],
  ['unmuted', room(strings)],
  ['prid', room(string)],
  ['teamId', room(string)],
  ['teamMain', room(boolean)],
  ['cl', room(boolean)],
  ['open', room(boolean)],
  [
    'retention',
    room(
      object({
        enabled: boolean,
        maxAge: number,
        filesOnly: boolean,
        excludePinned: boolean,
        ignoreThreads: boolean,
        overrideGlobal: boolean,
      }),
    ),
  ],
  ['tags', room(strings)],
  ['label', room(string)],
  ['v', room(mapping)],
  ['servedBy', room(object({ _id: string, username: string, ts: date }))],
  ['departmentId', room(string)],
  [
    'source',
    room(
      object({
        type: string,
        id: string,
        alias: string,
        label: string,
        sidebarIcon: string,
        defaultIcon: string,
      }),
    ),
  ],
  ['onHold', room(boolean)],
  ['metrics', room(mapping)],
  ['queuedAt', room(date)],
  ['priorityId', room(string)],
  ['priorityWeight', room(number)],
  ['slaId', room(string)],
  ['estimatedWaitingTimeQueue', room(number)],
  ['sms', room(object({ from: string }))],
  ['queue', room(string)],
  ['callDuration', room(number)],
  ['callTotalHoldTime', room(number)],
  ['callWaitingTime', room(number)],

  // The last message (IMessage).
  ['lastMessage.tmid', message(string)],
  ['lastMessage.tshow', message(boolean)],
  ['lastMessage.tcount', message(number)],
  ['lastMessage.tlm', message(date)],
  ['lastMessage.replies', message(strings)],
  ['lastMessage.dcount', message(number)],
  ['lastMessage.dlm', message(date)],
  ['lastMessage.pinned', message(boolean)],
  ['lastMessage.starred', message({ type: 'array', items: object({ _id: string }) })],
  ['lastMessage.reactions', message(mapping)],
  ['lastMessage.editedAt', message(date)],
  ['lastMessage.editedBy', message(object({ _id: string, username: string }))],
  ['lastMessage.avatar', message(string)],
  ['lastMessage.emoji', message(string)],
  ['lastMessage.role', message(string)],
  ['lastMessage.private', message(boolean)],
  ['lastMessage.imported', message(boolean)],
  ['lastMessage._hidden', message(boolean)],
  ['lastMessage.sentByEmail', message(boolean)],
  ['lastMessage.e2e', message({ type: 'string', enum: ['pending', 'done'] })],
  ['lastMessage.token', message(string)],
  ['lastMessage.location', message(object({ type: string, coordinates: { type: 'array', items: number } }))],
  ['lastMessage.federation', message(object({ eventId: string }))],
  ['lastMessage.customFields', message(mapping)],
  ['lastMessage.blocks', message({ type: 'array', items: mapping })],
  ['lastMessage.files', message({ type: 'array', items: mapping })],
  [
    'lastMessage.bot',
    {
      // IMessage still says boolean (deprecated); integrations and the JS SDK send {i: <their id>}.
      schema: { type: ['boolean', 'object'], properties: { i: string } },
      source: `${IMESSAGE}; integrations send {i: <integration id>} (apps/meteor/app/lib/server/functions/processWebhookMessage.ts, apps/meteor/tests/end-to-end/api/methods.ts)`,
    },
  ],

  // Attachments of the last message (MessageAttachmentDefault, MessageAttachmentBase, MessageAttachmentAction).
  ['lastMessage.attachments[].author_name', attachment(string)],
  ['lastMessage.attachments[].author_link', attachment(string)],
  ['lastMessage.attachments[].author_icon', attachment(string)],
  ['lastMessage.attachments[].text', attachment(string)],
  ['lastMessage.attachments[].pretext', attachment(string)],
  ['lastMessage.attachments[].color', attachment(string)],
  ['lastMessage.attachments[].thumb_url', attachment(string)],
  ['lastMessage.attachments[].collapsed', attachment(boolean)],
  ['lastMessage.attachments[].mrkdwn_in', attachment(strings)],
  ['lastMessage.attachments[].translations', attachment(mapping)],
  [
    'lastMessage.attachments[].fields',
    attachment({ type: 'array', items: object({ short: boolean, title: string, value: string }) }),
  ],
  ['lastMessage.attachments[].button_alignment', { schema: string, source: ACTION }],
  [
    'lastMessage.attachments[].actions',
    {
      schema: {
        type: 'array',
        items: object({
          type: string,
          text: string,
          msg: string,
          url: string,
          image_url: string,
          is_webview: boolean,
          msg_in_chat_window: boolean,
          msg_processing_type: string,
          msgId: string,
        }),
      },
      source: ACTION,
    },
  ],
]);
