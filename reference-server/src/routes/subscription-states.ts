import { FailureError, InvalidParamsError, MeteorError } from '../errors.js';
import type { RoomDoc, SubscriptionDoc, UserDoc } from '../store/types.js';
import type { Workspace } from '../workspace/context.js';
import { postMessage } from '../workspace/messages.js';
import { hasRoomPermission, type Permission } from '../workspace/permissions.js';
import { findRoomByIdOrName, leaveRoom } from '../workspace/rooms.js';
import { findTeam } from '../workspace/teams.js';
import { optionalBoolean, requireStrings } from './params.js';
import type { ApiRouter, AuthedContext } from './router.js';
import { success } from './router.js';
import { userFromParams } from './users.js';

/**
 * The routes that put a subscription or a room into a state while its members stay subscribed (hide,
 * open, favourite, unread/read, notification preferences, archive, read-only, mute, ignore, room roles),
 * and those that end another member's subscription (kick, removal from a team). Route files:
 * apps/meteor/app/api/server/v1/{channels,groups,im,rooms,subscriptions,chat,teams}.ts; the methods
 * they call: apps/meteor/server/methods/{hideRoom,openRoom,toggleFavorite,readMessages,ignoreUser,
 * muteUserInRoom,addRoomModerator,addRoomLeader,removeUserFromRoom}.ts,
 * apps/meteor/app/lib/server/functions/archiveRoom.ts, apps/meteor/app/push-notifications/server/methods/
 * saveNotificationSettings.ts. Subscription-only writes leave the room's `_updatedAt` alone.
 */

function touchSubscription(
  ws: Workspace,
  subscription: SubscriptionDoc,
  fields: Partial<SubscriptionDoc>,
): void {
  ws.db.upsertSubscription({ ...subscription, ...fields, _updatedAt: ws.now() });
}

/** The caller's subscription, or the error the method throws without one. */
function subscriptionOf(ws: Workspace, room: RoomDoc, user: UserDoc, method: string): SubscriptionDoc {
  const subscription = ws.db.findSubscription(room._id, user._id);
  if (!subscription) throw new MeteorError('error-invalid-subscription', 'Invalid subscription', { method });
  return subscription;
}

function roomById(ws: Workspace, roomId: unknown, method: string): RoomDoc {
  const room = typeof roomId === 'string' ? ws.db.rooms.get(roomId) : undefined;
  if (!room) throw new MeteorError('error-invalid-room', 'Invalid room', { method });
  return room;
}

function assertRoomPermission(
  ws: Workspace,
  user: UserDoc,
  permission: Permission,
  room: RoomDoc,
  method: string,
) {
  if (!hasRoomPermission(ws, user, permission, room._id))
    throw new MeteorError('error-not-allowed', 'Not allowed', { method });
}

/** findChannelByIdOrName / findPrivateGroupByIdOrName: an archived room is refused unless told otherwise. */
function findOpenRoom(ws: Workspace, body: Record<string, unknown>, type: 'c' | 'p', checkedArchived = true) {
  const room = findRoomByIdOrName(ws, body, type);
  if (checkedArchived && room.archived)
    throw new MeteorError(
      'error-room-archived',
      `The ${type === 'c' ? 'channel' : 'private group'}, ${room.name}, is archived`,
    );
  return room;
}

const what = (type: 'c' | 'p') => (type === 'c' ? 'channel' : 'private group');

/**
 * The caller's subscription to the room, or the refusal channels.close/open and groups.close/open give a
 * caller who has none (`quotedName`: the room's name as each route's message quotes it).
 */
function callerSubscription(
  ws: AuthedContext['ws'],
  room: { _id: string; name?: string },
  type: 'c' | 'p',
  userId: string,
  quotedName: string,
) {
  const subscription = ws.db.findSubscription(room._id, userId);
  if (subscription) return subscription;
  if (type === 'p')
    throw new MeteorError(
      'error-room-not-found',
      'The required "roomId" or "roomName" param provided does not match any group',
    );
  throw new FailureError(`The user/callee is not in the channel ${quotedName}`);
}

/** channels.close / groups.close: hideRoom sets the caller's subscription `open: false`, `alert: false`. */
function closeAction(type: 'c' | 'p') {
  return ({ ws, body, caller }: AuthedContext) => {
    const room = findOpenRoom(ws, body, type, false);
    // The source's message, unbalanced quote included.
    const subscription = callerSubscription(ws, room, type, caller.user._id, `"${room.name}.`);
    if (!subscription.open)
      throw new FailureError(`The ${what(type)}, ${room.name}, is already closed to the sender`);
    touchSubscription(ws, subscription, { open: false, alert: false });
    return success();
  };
}

/** channels.open / groups.open: openRoom sets `open: true`. */
function openAction(type: 'c' | 'p') {
  return ({ ws, body, caller }: AuthedContext) => {
    const room = findOpenRoom(ws, body, type, false);
    const subscription = callerSubscription(ws, room, type, caller.user._id, `"${room.name}".`);
    if (subscription.open)
      throw new FailureError(`The ${what(type)}, ${room.name}, is already open to the sender`);
    touchSubscription(ws, subscription, { open: true });
    return success();
  };
}

/**
 * archiveRoom: the room gets `archived: true` and every subscription `archived: true, open: false,
 * alert: false`; a `room-archived` system message follows. Needs `archive-room` in the room's scope.
 */
function archiveAction(type: 'c' | 'p') {
  return ({ ws, body, caller }: AuthedContext) => {
    const room = findOpenRoom(ws, body, type);
    if (type === 'p' && !ws.db.findSubscription(room._id, caller.user._id))
      throw new MeteorError(
        'error-room-not-found',
        'The required "roomId" or "roomName" param provided does not match any group',
      );
    assertRoomPermission(ws, caller.user, 'archive-room', room, 'archiveRoom');
    room.archived = true;
    for (const uid of ws.db.memberIdsOfRoom(room._id)) {
      const subscription = ws.db.findSubscription(room._id, uid);
      if (subscription) touchSubscription(ws, subscription, { archived: true, open: false, alert: false });
    }
    postMessage(ws, room, caller.user, '', { t: 'room-archived' });
    return success();
  };
}

/** removeUserFromRoomMethod: `remove-user` in the room's scope, the user a member, not the last owner. */
function kickAction(type: 'c' | 'p') {
  return ({ ws, body, caller }: AuthedContext) => {
    const room = findOpenRoom(ws, body, type);
    const user = userFromParams(ws, body);
    assertRoomPermission(ws, caller.user, 'remove-user', room, 'removeUserFromRoom');
    const subscription = ws.db.findSubscription(room._id, user._id);
    if (!subscription)
      throw new MeteorError('error-user-not-in-room', 'User is not in this room', {
        method: 'removeUserFromRoom',
      });
    if (subscription.roles?.includes('owner')) {
      const owners = ws.db
        .memberIdsOfRoom(room._id)
        .filter((uid) => ws.db.findSubscription(room._id, uid)?.roles?.includes('owner'));
      if (owners.length === 1)
        throw new MeteorError(
          'error-you-are-last-owner',
          'You are the last owner. Please set new owner before leaving the room.',
          { method: 'removeUserFromRoom' },
        );
    }
    leaveRoom(ws, room, user);
    if (ws.policies.subscriptionStates.kickHidesSubscription) ws.db.hideSubscription(room._id, user._id);
    postMessage(ws, room, caller.user, user.username, { t: 'ru' });
    return success();
  };
}

/** addRoomModerator / addRoomLeader: the role joins the member's subscription roles. */
function roomRoleAction(role: 'moderator' | 'leader') {
  const permission = role === 'moderator' ? 'set-moderator' : 'set-leader';
  const method = role === 'moderator' ? 'addRoomModerator' : 'addRoomLeader';
  return ({ ws, body, caller }: AuthedContext) => {
    const room = findOpenRoom(ws, body, 'c');
    const user = userFromParams(ws, body);
    assertRoomPermission(ws, caller.user, permission, room, method);
    const subscription = ws.db.findSubscription(room._id, user._id);
    if (!subscription)
      throw new MeteorError('error-user-not-in-room', 'User is not in this room', { method });
    if (subscription.roles?.includes(role))
      throw new MeteorError(`error-user-already-${role}`, `User is already a ${role}`, { method });
    touchSubscription(ws, subscription, { roles: [...(subscription.roles ?? []), role] });
    postMessage(ws, room, caller.user, user.username, { t: 'subscription-role-added' });
    return success();
  };
}

/** saveNotificationSettings: the fields it accepts and how it stores each value. */
const NOTIFICATION_FIELDS: Readonly<Record<string, (value: string) => Partial<SubscriptionDoc>>> = {
  disableNotifications: (value) => ({ disableNotifications: value === '1' }),
  hideUnreadStatus: (value) => ({ hideUnreadStatus: value === '1' }),
  hideMentionStatus: (value) => ({ hideMentionStatus: value === '1' }),
  muteGroupMentions: (value) => ({ muteGroupMentions: value === '1' }),
  desktopNotifications: (value) => ({ desktopNotifications: value }),
  mobilePushNotifications: (value) => ({ mobilePushNotifications: value }),
  emailNotifications: (value) => ({ emailNotifications: value }),
  audioNotificationValue: (value) => ({ audioNotificationValue: value }),
  unreadAlert: (value) => ({ unreadAlert: value }),
};

export function registerSubscriptionStates(router: ApiRouter): void {
  router.post('/api/v1/channels.close', { authRequired: true }, closeAction('c'));
  router.post('/api/v1/groups.close', { authRequired: true }, closeAction('p'));
  router.post('/api/v1/channels.open', { authRequired: true }, openAction('c'));
  router.post('/api/v1/groups.open', { authRequired: true }, openAction('p'));
  router.post('/api/v1/channels.archive', { authRequired: true }, archiveAction('c'));
  router.post('/api/v1/groups.archive', { authRequired: true }, archiveAction('p'));
  router.post('/api/v1/channels.kick', { authRequired: true }, kickAction('c'));
  router.post('/api/v1/groups.kick', { authRequired: true }, kickAction('p'));
  router.post('/api/v1/channels.addModerator', { authRequired: true }, roomRoleAction('moderator'));
  router.post('/api/v1/channels.addLeader', { authRequired: true }, roomRoleAction('leader'));

  // im.close / dm.close: the caller's DM subscription, then hideRoom.
  for (const prefix of ['im', 'dm']) {
    router.post(`/api/v1/${prefix}.close`, { authRequired: true }, ({ ws, body, caller }) => {
      const subscription =
        typeof body.roomId === 'string' ? ws.db.findSubscription(body.roomId, caller.user._id) : undefined;
      if (subscription?.t !== 'd')
        throw new FailureError(`No direct message room found by the id of: ${String(body.roomId)}`);
      if (!subscription.open)
        throw new FailureError(
          `The direct message room, ${String(body.name)}, is already closed to the sender`,
        );
      touchSubscription(ws, subscription, { open: false, alert: false });
      return success();
    });
  }

  // channels.setReadOnly → saveRoomSettings(readOnly): `set-readonly`; the room gets `ro`, and a
  // `room-set-read-only` system message.
  router.post('/api/v1/channels.setReadOnly', { authRequired: true }, ({ ws, body, caller }) => {
    const room = findOpenRoom(ws, body, 'c');
    if (!('readOnly' in body)) throw new FailureError('The bodyParam "readOnly" is required');
    const readOnly = optionalBoolean(body, 'readOnly') === true;
    if (room.ro === readOnly) throw new FailureError(`The channel, ${room.name}, is already read only`);
    assertRoomPermission(ws, caller.user, 'set-readonly', room, 'saveRoomSettings');
    room.ro = readOnly;
    postMessage(ws, room, caller.user, '', { t: readOnly ? 'room-set-read-only' : 'room-removed-read-only' });
    return success({ channel: room });
  });

  // rooms.favorite (findRoomByIdOrName, then toggleFavorite): the subscription's `f`.
  router.post('/api/v1/rooms.favorite', { authRequired: true }, ({ ws, body, caller }) => {
    if (!('favorite' in body)) throw new FailureError("The 'favorite' param is required");
    const room = roomById(ws, body.roomId, 'toggleFavorite');
    const subscription = ws.db.findSubscription(room._id, caller.user._id);
    if (!subscription)
      throw new MeteorError('error-invalid-subscription', 'You must be part of a room to favorite it', {
        method: 'toggleFavorite',
      });
    touchSubscription(ws, subscription, { f: body.favorite === true || body.favorite === 'true' });
    return success();
  });

  // subscriptions.unread (unreadMessages → setAsUnreadByRoomIdAndUserId): `open: true, alert: true`.
  router.post('/api/v1/subscriptions.unread', { authRequired: true }, ({ ws, body, caller }) => {
    if (typeof body.roomId !== 'string' && typeof body.firstUnreadMessage !== 'object')
      throw new InvalidParamsError(["must have required property 'roomId'"]);
    const room = roomById(ws, body.roomId, 'unreadMessages');
    const subscription = subscriptionOf(ws, room, caller.user, 'unreadMessages');
    touchSubscription(ws, subscription, { open: true, alert: true });
    return success();
  });

  // subscriptions.read (readMessages): `rid` (or `roomId` where accepted); alert off, nothing unread.
  router.post('/api/v1/subscriptions.read', { authRequired: true }, ({ ws, body, caller }) => {
    const rid = typeof body.rid === 'string' ? body.rid : body.roomId;
    if (typeof rid !== 'string') throw new InvalidParamsError(["must have required property 'rid'"]);
    const room = roomById(ws, rid, 'readMessages');
    const subscription = subscriptionOf(ws, room, caller.user, 'readMessages');
    touchSubscription(ws, subscription, {
      open: true,
      alert: false,
      unread: 0,
      userMentions: 0,
      groupMentions: 0,
      ls: ws.now(),
    });
    return success();
  });

  // rooms.saveNotification → saveNotificationSettings for each key.
  router.post('/api/v1/rooms.saveNotification', { authRequired: true }, ({ ws, body, caller }) => {
    if (typeof body.roomId !== 'string' || !body.roomId)
      throw new FailureError("The 'roomId' param is required");
    const notifications = body.notifications;
    if (
      notifications === null ||
      typeof notifications !== 'object' ||
      Object.keys(notifications).length === 0
    )
      throw new FailureError("The 'notifications' param is required");
    const entries = Object.entries(notifications as Record<string, unknown>);
    if (entries.some(([field]) => !(field in NOTIFICATION_FIELDS)))
      throw new MeteorError('error-invalid-settings', 'Invalid settings field', {
        method: 'saveNotificationSettings',
      });
    const room = roomById(ws, body.roomId, 'saveNotificationSettings');
    const subscription = subscriptionOf(ws, room, caller.user, 'saveNotificationSettings');
    const fields = Object.assign(
      {},
      ...entries.map(([field, value]) => NOTIFICATION_FIELDS[field]?.(String(value))),
    );
    touchSubscription(ws, subscription, fields);
    return success();
  });

  // rooms.muteUser (6.8.0 on) → muteUserInRoom: `mute-user`, the user a member; the room's `muted`
  // gains the username and a `user-muted` system message follows.
  router.post('/api/v1/rooms.muteUser', { authRequired: true }, ({ ws, body, caller }) => {
    requireStrings(body, ['roomId']);
    const user = userFromParams(ws, body);
    const room = roomById(ws, body.roomId, 'muteUserInRoom');
    assertRoomPermission(ws, caller.user, 'mute-user', room, 'muteUserInRoom');
    if (!ws.db.findSubscription(room._id, user._id))
      throw new MeteorError('error-user-not-in-room', 'User is not in this room', {
        method: 'muteUserInRoom',
      });
    if (!room.muted?.includes(user.username)) room.muted = [...(room.muted ?? []), user.username];
    postMessage(ws, room, caller.user, user.username, { t: 'user-muted' });
    return success();
  });

  // chat.ignoreUser (GET) → ignoreUser: both must be subscribed; the caller's subscription's `ignored`.
  router.get('/api/v1/chat.ignoreUser', { authRequired: true }, ({ ws, query, caller }) => {
    const rid = query('rid');
    const userId = query('userId');
    if (!rid) throw new FailureError('The required "rid" param is missing.');
    if (!userId) throw new FailureError('The required "userId" param is missing.');
    const ignore = /^(true|1)$/.test(query('ignore') ?? 'true');
    const mine = ws.db.findSubscription(rid, caller.user._id);
    if (!mine)
      throw new MeteorError('error-invalid-subscription', 'Invalid subscription', { method: 'ignoreUser' });
    if (!ws.db.findSubscription(rid, userId))
      throw new MeteorError('error-invalid-subscription', 'Invalid subscription', { method: 'ignoreUser' });
    const others = (mine.ignored ?? []).filter((id) => id !== userId);
    touchSubscription(ws, mine, { ignored: ignore ? [...others, userId] : others });
    return success();
  });

  // teams.removeMember: `edit-team-member` in the main room's scope; the member leaves the team's main
  // room and each of the given rooms that belongs to the team.
  router.post('/api/v1/teams.removeMember', { authRequired: true }, ({ ws, body, caller }) => {
    const team = findTeam(ws, body);
    if (!team) throw new FailureError('team-does-not-exist');
    const main = roomById(ws, team.roomId, 'removeMember');
    assertRoomPermission(ws, caller.user, 'edit-team-member', main, 'removeMember');
    const user = userFromParams(ws, body);
    if (!ws.db.findSubscription(main._id, user._id))
      throw new FailureError('the-user-is-not-a-member-of-the-team');
    leaveRoom(ws, main, user);
    const rids = Array.isArray(body.rooms)
      ? body.rooms.filter((rid): rid is string => typeof rid === 'string')
      : [];
    if (!ws.policies.subscriptionStates.teamRemovalKeepsRooms) {
      for (const rid of rids) {
        const room = ws.db.rooms.get(rid);
        if (room?.teamId === team._id) leaveRoom(ws, room, user);
      }
    }
    return success();
  });
}
