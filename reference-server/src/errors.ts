/** Errors route handlers throw; the route wrapper turns them into Rocket.Chat's bodies. */

/** `new Meteor.Error(code, reason, details)` → 400 `{success:false, error:"reason [code]", errorType, details?}`. */
export class MeteorError extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${reason} [${code}]`);
  }
}

/** A request body or query that fails the route's validator → 400 `invalid-params`. */
export class InvalidParamsError extends Error {
  constructor(readonly messages: readonly string[]) {
    super(messages.join('\n '));
  }
}

/** `API.v1.failure(message)` → 400 `{success:false, error}`. */
export class FailureError extends Error {}

/** `API.v1.forbidden(message)` → 403 `{success:false, error}`. */
export class ForbiddenError extends Error {}
