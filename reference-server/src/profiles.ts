/**
 * Version profiles: what differs between Rocket.Chat 6.x (Meteor/Restivus), 7.x (Hono router) and
 * 8.x (newest upstream source) for the endpoints we imitate. behaviour doc §8.
 */
export type ProfileMajor = 6 | 7 | 8;

export interface VersionProfile {
  major: ProfileMajor;
  /** Full version, reported to users with `view-statistics`; others get it without the patch. */
  version: string;
  /** 6.x: `{status, message}`; 7.x/8.x add `success:false` and `error`. */
  unauthorizedBodyHasSuccess: boolean;
  /** Restivus delays every 401/403 by a random 500–1000 ms (6.x only). */
  delayUnauthorizedMs: { min: number; max: number } | null;
  /** 6.x login/logout bodies have no `success` key. */
  loginBodyHasSuccess: boolean;
  /** Registered path, wrong method: 6.x 405 JSON + Allow; 7.x/8.x Hono's 404 text/plain. */
  wrongMethod: '405-json' | '404-text';
  /** Up to 7.x a 1:1 DM's `_id` is its sorted uids joined; 8.x gives every new DM an ObjectId. */
  directRoomIds: 'composed-one-to-one' | 'object-id';
  /** 6.x legacy validator appends ` [invalid-params]` to the message; 7.x/8.x typed validators do not. */
  invalidParamsSuffix: boolean;
  /** 8.x adds `workspaceUrl` and `hashedWorkspaceUrl` to /api/info. */
  infoHasWorkspaceUrl: boolean;
}

export const PROFILES: Readonly<Record<ProfileMajor, VersionProfile>> = {
  6: {
    major: 6,
    version: '6.14.0',
    unauthorizedBodyHasSuccess: false,
    delayUnauthorizedMs: { min: 500, max: 1000 },
    loginBodyHasSuccess: false,
    wrongMethod: '405-json',
    directRoomIds: 'composed-one-to-one',
    invalidParamsSuffix: true,
    infoHasWorkspaceUrl: false,
  },
  7: {
    major: 7,
    version: '7.10.0',
    unauthorizedBodyHasSuccess: true,
    delayUnauthorizedMs: null,
    loginBodyHasSuccess: true,
    wrongMethod: '404-text',
    directRoomIds: 'composed-one-to-one',
    invalidParamsSuffix: false,
    infoHasWorkspaceUrl: false,
  },
  8: {
    major: 8,
    version: '8.0.0',
    unauthorizedBodyHasSuccess: true,
    delayUnauthorizedMs: null,
    loginBodyHasSuccess: true,
    wrongMethod: '404-text',
    directRoomIds: 'object-id',
    invalidParamsSuffix: false,
    infoHasWorkspaceUrl: true,
  },
};
