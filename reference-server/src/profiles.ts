/**
 * Version profiles: what differs between Rocket.Chat 6.x (Meteor/Restivus), 7.x (Hono router),
 * 8.x (newest upstream source) and 9.0 (8.x plus the breaking changes announced behind
 * `applyBreakingChanges = shouldBreakInVersion('9.0.0')` in apps/meteor/server/api/ApiClass.ts)
 * for the endpoints we imitate.
 */
export type ProfileMajor = 6 | 7 | 8 | 9;

export const PROFILE_MAJORS: readonly ProfileMajor[] = [6, 7, 8, 9];

export interface VersionProfile {
  major: ProfileMajor;
  /** Full version, reported to users with `view-statistics`; others get it without the patch. */
  version: string;
  /** 6.x: `{status, message}`; 7.x/8.x add `success:false` and `error`; 9.0 keeps only `success` and `error`. */
  unauthorizedBody: 'status-message' | 'legacy-and-error' | 'error-only';
  /** Restivus delays every 401/403 by a random 500–1000 ms (6.x only). */
  delayUnauthorizedMs: { min: number; max: number } | null;
  /** 6.x login/logout bodies have no `success` key. */
  loginBodyHasSuccess: boolean;
  /** Registered path, wrong method: 6.x 405 JSON + Allow; 7.x+ Hono's 404 text/plain. */
  wrongMethod: '405-json' | '404-text';
  /** Up to 7.x a 1:1 DM's `_id` is its sorted uids joined; 8.x gives every new DM an ObjectId. */
  directRoomIds: 'composed-one-to-one' | 'object-id';
  /** 6.x legacy validator appends ` [invalid-params]` to the message; 7.x+ typed validators do not. */
  invalidParamsSuffix: boolean;
  /** 8.x adds `workspaceUrl` and `hashedWorkspaceUrl` to /api/info. */
  infoHasWorkspaceUrl: boolean;
  /**
   * 8.x checks `permissionsRequired` in a Hono middleware before the action wrapper that runs the
   * rate limiter (apps/meteor/server/api/v1/middlewares/permissions.ts); up to 7.x the wrapper rate
   * limits first (apps/meteor/app/api/server/ApiClass.ts).
   */
  permissionsBeforeRateLimit: boolean;
  /**
   * users.create is declared `twoFactorRequired`: only on Rocket.Chat's develop branch (and an open pull
   * request), in no release read, so off in every profile; RC_REFERENCE_USERS_CREATE_2FA turns it on.
   */
  usersCreateTwoFactor: boolean;
  /**
   * A personal access token created with "Ignore Two Factor Authentication" passes every gated route.
   * Not in 8.0–8.5: such a token got `totp-required` there (fixed in 8.6.0 by Rocket.Chat #41065,
   * https://github.com/RocketChat/Rocket.Chat/pull/41065); follows the release (`releaseProfile`).
   */
  personalTokenBypassHonoured: boolean;
  /** users.createToken: ≤7.x needs the CREATE_TOKENS_FOR_USERS flag; 8.x a `secret` body field, and 2FA. */
  createTokenNeedsSecret: boolean;
  /**
   * isAuthorizedForToken: the grace period after registration lets a gated call through only while
   * the user has no 2FA method (apps/meteor/server/lib/2fa/code/index.ts); up to 7.x it always did
   * (apps/meteor/app/2fa/server/code/index.ts).
   */
  rememberAfterRegistrationNeedsNoMethod: boolean;
  /**
   * Email domain checks: up to 7.x the default list is consulted only next to a custom list; the
   * newest source lowercases and applies it on its own (isEmailDomainBlocked.ts). Which release
   * first does is not known: profile 8 is the boundary because the 7.x source read still gates it.
   */
  emailDomainRules: 'custom-list-gates-default' | 'default-list-on-its-own';
  /** 6.x's default list has no `example.com` entry (only the typo `dm.w3internet.co.ukexample.com`). */
  defaultBlockedListHasExampleCom: boolean;
  /** 7.x+ (packages/password-policies) lists every failed rule in `details`; 6.x throws the first one. */
  passwordPolicyReasons: 'first-failure' | 'all-in-details';
  /** 9.0: `applyBreakingChanges` — forbidden() says "forbidden", error-unauthorized becomes 401. */
  breakingChanges: boolean;
}

const V7: VersionProfile = {
  major: 7,
  version: '7.10.0',
  unauthorizedBody: 'legacy-and-error',
  delayUnauthorizedMs: null,
  loginBodyHasSuccess: true,
  wrongMethod: '404-text',
  directRoomIds: 'composed-one-to-one',
  invalidParamsSuffix: false,
  infoHasWorkspaceUrl: false,
  permissionsBeforeRateLimit: false,
  usersCreateTwoFactor: false,
  personalTokenBypassHonoured: true,
  createTokenNeedsSecret: false,
  rememberAfterRegistrationNeedsNoMethod: false,
  emailDomainRules: 'custom-list-gates-default',
  defaultBlockedListHasExampleCom: true,
  passwordPolicyReasons: 'all-in-details',
  breakingChanges: false,
};

const V8: VersionProfile = {
  ...V7,
  major: 8,
  version: '8.0.0',
  directRoomIds: 'object-id',
  infoHasWorkspaceUrl: true,
  permissionsBeforeRateLimit: true,
  personalTokenBypassHonoured: false,
  createTokenNeedsSecret: true,
  rememberAfterRegistrationNeedsNoMethod: true,
  emailDomainRules: 'default-list-on-its-own',
};

const PROFILES: Readonly<Record<ProfileMajor, VersionProfile>> = {
  6: {
    ...V7,
    major: 6,
    version: '6.14.0',
    unauthorizedBody: 'status-message',
    delayUnauthorizedMs: { min: 500, max: 1000 },
    loginBodyHasSuccess: false,
    wrongMethod: '405-json',
    invalidParamsSuffix: true,
    defaultBlockedListHasExampleCom: false,
    passwordPolicyReasons: 'first-failure',
  },
  7: V7,
  8: V8,
  9: {
    ...V8,
    major: 9,
    version: '9.0.0',
    personalTokenBypassHonoured: true,
    unauthorizedBody: 'error-only',
    breakingChanges: true,
  },
};

/** A release of a profile's line, e.g. `8.3.0` (RC_REFERENCE_VERSION=8.3). */
export const RELEASE_PATTERN = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;

/**
 * The profile of `major` serving `release` (X.Y.Z of that major; default the profile's own): what
 * differs between a line's minors follows the release — so far only the 8.0–8.5 token-bypass bug.
 */
export function releaseProfile(major: ProfileMajor, release?: string): VersionProfile {
  const profile = PROFILES[major];
  if (release === undefined) return profile;
  const minor = Number(RELEASE_PATTERN.exec(release)?.[2] ?? 0);
  const personalTokenBypassHonoured = major === 8 ? minor >= 6 : profile.personalTokenBypassHonoured;
  return { ...profile, version: release, personalTokenBypassHonoured };
}

export function isProfileMajor(value: unknown): value is ProfileMajor {
  return value === 6 || value === 7 || value === 8 || value === 9;
}
