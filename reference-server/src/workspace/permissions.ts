import type { UserDoc } from '../store/types.js';

/** The default role → permission grants we need (Rocket.Chat's `server/startup/permissions`, abridged). */
const GRANTS: Readonly<Record<string, readonly string[]>> = {
  admin: [
    'api-bypass-rate-limit',
    'create-user',
    'delete-user',
    'view-statistics',
    'view-room-administration',
    'view-user-administration',
    'create-c',
    'create-p',
    'create-d',
    'delete-c',
    'delete-p',
    'delete-d',
    'start-discussion',
    'start-discussion-other-user',
  ],
  bot: ['api-bypass-rate-limit', 'create-c', 'create-p', 'create-d'],
  user: ['create-c', 'create-p', 'create-d', 'start-discussion', 'start-discussion-other-user'],
};

export type Permission =
  | 'api-bypass-rate-limit'
  | 'create-user'
  | 'delete-user'
  | 'view-statistics'
  | 'view-room-administration'
  | 'view-user-administration'
  | 'create-c'
  | 'create-p'
  | 'create-d'
  | 'delete-c'
  | 'delete-p'
  | 'delete-d'
  | 'start-discussion'
  | 'start-discussion-other-user';

export function hasPermission(user: UserDoc | undefined, permission: Permission): boolean {
  return user?.roles.some((role) => GRANTS[role]?.includes(permission)) ?? false;
}
