/** Errors route handlers throw; the app's one onError (routes/error-handler.ts) turns them into Rocket.Chat's bodies. */

/** `new Meteor.Error(code, reason, details)` → 400 `{success:false, error:"reason [code]", errorType, details?}`. */
export class MeteorError extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly details?: Record<string, unknown> | unknown[],
  ) {
    super(`${reason} [${code}]`);
  }
}

/**
 * A plain `new Error(message)` thrown by a service (e.g. TeamService's `team-name-already-exists`):
 * the REST wrapper answers 400 `{success:false, error: message}`, with no errorType.
 */
export class PlainError extends Error {}

/** A request body or query that fails the route's validator → 400 `invalid-params`. */
export class InvalidParamsError extends Error {
  constructor(readonly messages: readonly string[]) {
    super(messages.join('\n '));
  }
}

/** `API.v1.failure(message, errorType?)` → 400 `{success:false, error, errorType?}`. */
export class FailureError extends Error {
  constructor(
    message: string,
    readonly errorType?: string,
  ) {
    super(message);
  }
}

/** `API.v1.forbidden(message?)` → 403 `{success:false, error}`; without a message "unauthorized" (9.0: "forbidden"). */
export class ForbiddenError extends Error {
  constructor(readonly forbiddenMessage?: string) {
    super(forbiddenMessage ?? 'forbidden');
  }
}
