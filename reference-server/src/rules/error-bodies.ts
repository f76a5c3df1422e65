import type { VersionProfile } from '../profiles.js';

/** Rocket.Chat's wire-level error bodies (apps/meteor/app/api/server/ApiClass.ts, 8.x apps/meteor/server/api/ApiClass.ts), quoted exactly. */

export const NOT_LOGGED_IN = 'You must be logged in to do this.';

/**
 * 401 for a missing or bad credential. 6.x: `{status, message}`; 7.x/8.x add `success` and `error`;
 * 9.0 keeps `{success:false, error}` only (authenticationMiddlewareForHono, `applyBreakingChanges`).
 */
export function unauthorizedBody(profile: VersionProfile, message = NOT_LOGGED_IN): Record<string, unknown> {
  switch (profile.unauthorizedBody) {
    case 'status-message':
      return { status: 'error', message };
    case 'legacy-and-error':
      return { success: false, error: message, status: 'error', message };
    case 'error-only':
      return { success: false, error: message };
  }
}

/**
 * A failed REST login (ApiClass.ts `_initAuth`): `unauthorized()` plus, before 9.0, the Meteor
 * error's code, details and reason. 6.x (Restivus) has no `success` key; 9.0 sends only
 * `{success:false, error:"unauthorized"}`.
 */
export function loginFailureBody(
  profile: VersionProfile,
  error: string,
  reason: string,
  details?: Record<string, unknown>,
): Record<string, unknown> {
  if (profile.breakingChanges) return { success: false, error: 'unauthorized' };
  const body: Record<string, unknown> = { success: false, error, status: 'error' };
  if (details !== undefined) body.details = details;
  body.message = reason;
  if (profile.unauthorizedBody === 'status-message') delete body.success;
  return body;
}

/** rooms.get's invalid updatedSince, every version (the rooms.get route). No `stack`: TEST_MODE is not set. */
export const INVALID_UPDATED_SINCE_BODY = {
  success: false,
  error: 'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
  errorType: 'error-updatedSince-param-invalid',
} as const;

/** The REST limiter's 429 body (ApiClass.ts `enforceRateLimit`); N is the seconds left in the window, rounded up. */
export function tooManyRequestsBody(seconds: number): Record<string, unknown> {
  return {
    success: false,
    error: `Error, too many requests. Please slow down. You must wait ${seconds} seconds before trying this endpoint again. [error-too-many-requests]`,
  };
}

/** A thrown `Meteor.Error(code, reason, details)` → 400 `{success:false, error:"reason [code]", errorType, details?}`. */
export function meteorErrorBody(
  code: string,
  reason: string,
  details?: Record<string, unknown> | unknown[],
): Record<string, unknown> {
  return { success: false, error: `${reason} [${code}]`, errorType: code, ...(details ? { details } : {}) };
}

/** Body validation failures: 6.x legacy validator vs 7.x/8.x typed (ajv) validators. */
export function invalidParamsBody(
  profile: VersionProfile,
  messages: readonly string[],
): Record<string, unknown> {
  const text = messages.join('\n ');
  return profile.invalidParamsSuffix
    ? { success: false, error: `${text} [invalid-params]`, errorType: 'invalid-params' }
    : { success: false, errorType: 'invalid-params', error: text };
}

/** `API.v1.failure(message, errorType?)`: a plain 400, errorType only when given. */
export function failureBody(message: string, errorType?: string): Record<string, unknown> {
  return errorType === undefined
    ? { success: false, error: message }
    : { success: false, error: message, errorType };
}

/**
 * `API.v1.forbidden(message?)`: 403; the default message is "unauthorized", "forbidden" from 9.0, which
 * also adds `errorType: "error-forbidden"` (Rocket.Chat #43214,
 * https://github.com/RocketChat/Rocket.Chat/pull/43214).
 */
export function forbiddenBody(profile: VersionProfile, message?: string): Record<string, unknown> {
  if (profile.breakingChanges)
    return { success: false, error: message ?? 'forbidden', errorType: 'error-forbidden' };
  return { success: false, error: message ?? 'unauthorized' };
}

/** `API.v1.unauthorized(message)`: 401 `{success:false, error}` (9.0's error-unauthorized). */
export function unauthorizedResultBody(message = 'unauthorized'): Record<string, unknown> {
  return { success: false, error: message };
}

export const PERMISSION_DENIED =
  'User does not have the permissions required for this action [error-unauthorized]';

export const INTERNAL_ERROR_BODY = { success: false, error: 'Internal server error' } as const;

/** ≤ 6.x: a registered path called with a method it does not have. */
export const WRONG_METHOD_BODY = { status: 'error', message: 'API endpoint does not exist' } as const;
