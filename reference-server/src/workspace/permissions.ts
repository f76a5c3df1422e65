import type { Collections } from '../store/collections.js';
import type { UserDoc } from '../store/types.js';

/**
 * Rocket.Chat's default role → permission grants: the permissions a fresh install creates
 * (apps/meteor/app/authorization/server/functions/upsertPermissions.ts), plus those registered
 * by the discussion module (apps/meteor/app/discussion/server/permissions.ts). Omnichannel, VoIP
 * and federation entries are left out: no endpoint here uses them. Room-scoped roles (`owner`,
 * `moderator`, `leader`) come from the caller's subscription to the room being checked.
 */
// biome-ignore format: one permission per line reads as a table
const DEFAULT_PERMISSIONS = [
  ['access-permissions', ['admin']],
  ['access-setting-permissions', ['admin']],
  ['add-oauth-service', ['admin']],
  ['add-user-to-joined-room', ['admin', 'owner', 'moderator']],
  ['add-user-to-any-c-room', ['admin']],
  ['add-user-to-any-p-room', []],
  ['api-bypass-rate-limit', ['admin', 'bot', 'app']],
  ['archive-room', ['admin', 'owner']],
  ['assign-admin-role', ['admin']],
  ['assign-roles', ['admin']],
  ['ban-user', ['admin', 'owner', 'moderator']],
  ['bulk-register-user', ['admin']],
  ['create-c', ['admin', 'user', 'bot', 'app']],
  ['create-d', ['admin', 'user', 'bot', 'app']],
  ['create-p', ['admin', 'user', 'bot', 'app']],
  ['create-personal-access-tokens', ['admin', 'user']],
  ['create-user', ['admin']],
  ['clean-channel-history', ['admin']],
  ['delete-c', ['admin', 'owner']],
  ['delete-d', ['admin']],
  ['delete-message', ['admin', 'owner', 'moderator']],
  ['delete-own-message', ['admin', 'user']],
  ['delete-p', ['admin', 'owner']],
  ['delete-user', ['admin']],
  ['edit-message', ['admin', 'owner', 'moderator']],
  ['edit-other-user-active-status', ['admin']],
  ['edit-other-user-info', ['admin']],
  ['edit-other-user-password', ['admin']],
  ['edit-other-user-avatar', ['admin']],
  ['edit-other-user-e2ee', ['admin']],
  ['edit-other-user-totp', ['admin']],
  ['edit-privileged-setting', ['admin']],
  ['edit-room', ['admin', 'owner', 'moderator']],
  ['edit-room-avatar', ['admin', 'owner', 'moderator']],
  ['edit-room-retention-policy', ['admin']],
  ['force-delete-message', ['admin', 'owner']],
  ['join-without-join-code', ['admin', 'bot', 'app']],
  ['leave-c', ['admin', 'user', 'bot', 'anonymous', 'app']],
  ['leave-p', ['admin', 'user', 'bot', 'anonymous', 'app']],
  ['logout-other-user', ['admin']],
  ['manage-assets', ['admin']],
  ['manage-emoji', ['admin']],
  ['manage-user-status', ['admin']],
  ['manage-outgoing-integrations', ['admin']],
  ['manage-incoming-integrations', ['admin']],
  ['manage-own-outgoing-integrations', ['admin']],
  ['manage-own-incoming-integrations', ['admin']],
  ['manage-oauth-apps', ['admin']],
  ['manage-selected-settings', ['admin']],
  ['mention-all', ['admin', 'owner', 'moderator', 'user']],
  ['mention-here', ['admin', 'owner', 'moderator', 'user']],
  ['mute-user', ['admin', 'owner', 'moderator']],
  ['remove-user', ['admin', 'owner', 'moderator']],
  ['run-import', ['admin']],
  ['run-migration', ['admin']],
  ['set-moderator', ['admin', 'owner']],
  ['set-owner', ['admin', 'owner']],
  ['send-many-messages', ['admin', 'bot', 'app']],
  ['set-leader', ['admin', 'owner']],
  ['unarchive-room', ['admin']],
  ['view-c-room', ['admin', 'user', 'bot', 'app', 'anonymous']],
  ['user-generate-access-token', ['admin']],
  ['view-d-room', ['admin', 'user', 'bot', 'app', 'guest']],
  ['view-full-other-user-info', ['admin']],
  ['view-history', ['admin', 'user', 'anonymous']],
  ['view-joined-room', ['guest', 'bot', 'app', 'anonymous']],
  ['view-join-code', ['admin']],
  ['view-logs', ['admin']],
  ['view-other-user-channels', ['admin']],
  ['view-p-room', ['admin', 'user', 'anonymous', 'guest']],
  ['view-privileged-setting', ['admin']],
  ['view-room-administration', ['admin']],
  ['view-statistics', ['admin']],
  ['view-user-administration', ['admin']],
  ['preview-c-room', ['admin', 'user', 'anonymous']],
  ['view-outside-room', ['admin', 'owner', 'moderator', 'user']],
  ['view-broadcast-member-list', ['admin', 'owner', 'moderator']],
  ['create-invite-links', ['admin', 'owner', 'moderator']],
  ['mail-messages', ['admin']],
  ['toggle-room-e2e-encryption', ['owner', 'admin']],
  ['message-impersonate', ['bot', 'app']],
  ['create-team', ['admin', 'user']],
  ['delete-team', ['admin', 'owner']],
  ['convert-team', ['admin', 'owner']],
  ['edit-team', ['admin', 'owner']],
  ['add-team-member', ['admin', 'owner', 'moderator']],
  ['edit-team-member', ['admin', 'owner', 'moderator']],
  ['add-team-channel', ['admin', 'owner', 'moderator']],
  ['edit-team-channel', ['admin', 'owner', 'moderator']],
  ['remove-team-channel', ['admin', 'owner', 'moderator']],
  ['view-all-team-channels', ['admin', 'owner']],
  ['view-all-teams', ['admin']],
  // Not in the upsertPermissions version read; its defaults as Rocket.Chat's own UI tests restore them
  // (apps/meteor/tests/e2e: permissions.update back to admin, owner, moderator).
  ['move-room-to-team', ['admin', 'owner', 'moderator']],
  ['manage-apps', ['admin']],
  ['post-readonly', ['admin', 'owner', 'moderator']],
  ['set-readonly', ['admin', 'owner']],
  ['set-react-when-readonly', ['admin', 'owner']],
  ['manage-cloud', ['admin']],
  ['manage-sounds', ['admin']],
  ['access-mailer', ['admin']],
  ['pin-message', ['owner', 'moderator', 'admin']],
  ['snippet-message', ['owner', 'moderator', 'admin']],
  ['mobile-upload-file', ['user', 'admin']],
  ['send-mail', ['admin']],
  ['add-all-to-room', ['admin']],
  ['get-server-info', ['admin']],
  ['test-admin-options', ['admin']],
  ['restart-server', ['admin']],
  ['clear-oembed-cache', ['admin']],
  ['videoconf-ring-users', ['admin', 'owner', 'moderator', 'user']],
  // apps/meteor/app/discussion/server/permissions.ts
  ['start-discussion', ['admin', 'user', 'guest', 'app']],
  ['start-discussion-other-user', ['admin', 'user', 'owner', 'app']],
] as const satisfies ReadonlyArray<readonly [string, readonly string[]]>;

export type Permission = (typeof DEFAULT_PERMISSIONS)[number][0];

const ROLES_BY_PERMISSION: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>(
  DEFAULT_PERMISSIONS.map(([permission, roles]) => [permission, roles]),
);

/** The default grants, in the order the source creates them (permissions.listAll). */
export function defaultPermissions(): ReadonlyArray<{ _id: Permission; roles: readonly string[] }> {
  return DEFAULT_PERMISSIONS.map(([_id, roles]) => ({ _id, roles }));
}

/**
 * hasPermission(userId, permission, scope): a grant to any of the user's global roles, or (with a
 * room) to a role the user holds in that room through the subscription.
 */
export function hasPermission(
  user: UserDoc | undefined,
  permission: Permission,
  roomRoles: readonly string[] = [],
): boolean {
  if (!user) return false;
  const roles = ROLES_BY_PERMISSION.get(permission) ?? [];
  return user.roles.some((role) => roles.includes(role)) || roomRoles.some((role) => roles.includes(role));
}

/**
 * The roles the user holds in a room (subscription `roles`), for room-scoped checks. Only the store is
 * needed: taking the whole workspace would tie this table to the fault policies the workspace carries.
 */
function roomRoles(ws: { db: Collections }, rid: string, userId: string): readonly string[] {
  return ws.db.findSubscription(rid, userId)?.roles ?? [];
}

export function hasRoomPermission(
  ws: { db: Collections },
  user: UserDoc,
  permission: Permission,
  rid: string,
): boolean {
  return hasPermission(user, permission, roomRoles(ws, rid, user._id));
}
