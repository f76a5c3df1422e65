import type { VersionProfile } from '../profiles.js';

/** Rocket.Chat's wire-level error bodies (behaviour doc §2), quoted exactly. */

export const NOT_LOGGED_IN = 'You must be logged in to do this.';

/** 401 for a missing or bad credential. 6.x: `{status, message}`; 7.x/8.x add `success` and `error`. */
export function unauthorizedBody(profile: VersionProfile, message = NOT_LOGGED_IN): Record<string, unknown> {
  return profile.unauthorizedBodyHasSuccess
    ? { success: false, error: message, status: 'error', message }
    : { status: 'error', message };
}

/** §2.3, every version. No `stack`: TEST_MODE is not set. */
export const INVALID_UPDATED_SINCE_BODY = {
  success: false,
  error: 'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
  errorType: 'error-updatedSince-param-invalid',
} as const;

/** §2.6: the 429 body; N is the seconds left in the window, rounded up. */
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
  details?: Record<string, unknown>,
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

/** `API.v1.failure(message)`: a plain 400 without errorType. */
export function failureBody(message: string): Record<string, unknown> {
  return { success: false, error: message };
}

/** `API.v1.forbidden()` (7.x+) / `API.v1.unauthorized()` (≤ 6.x): 403. */
export function forbiddenBody(message = 'unauthorized'): Record<string, unknown> {
  return { success: false, error: message };
}

export const PERMISSION_DENIED =
  'User does not have the permissions required for this action [error-unauthorized]';

export const INTERNAL_ERROR_BODY = { success: false, error: 'Internal server error' } as const;

/** ≤ 6.x: a registered path called with a method it does not have. */
export const WRONG_METHOD_BODY = { status: 'error', message: 'API endpoint does not exist' } as const;
