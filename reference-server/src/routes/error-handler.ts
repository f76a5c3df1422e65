import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { FailureError, ForbiddenError, InvalidParamsError, MeteorError, PlainError } from '../errors.js';
import type { VersionProfile } from '../profiles.js';
import {
  failureBody,
  forbiddenBody,
  INTERNAL_ERROR_BODY,
  invalidParamsBody,
  meteorErrorBody,
  unauthorizedResultBody,
} from '../rules/error-bodies.js';
import { type ApiEnv, type ApiResponse, freshReply, reply } from './request-context.js';

/**
 * The REST wrapper's catch (ApiClass.ts): error-unauthorized → forbidden (9.0: unauthorized, 401);
 * error-forbidden → failure (9.0: forbidden, 403); anything else → failure with errorType.
 */
function rocketChatAnswer(profile: VersionProfile, error: Error): ApiResponse | undefined {
  if (error instanceof MeteorError) {
    if (error.code === 'unauthorized' || error.code === 'error-unauthorized') {
      return profile.breakingChanges
        ? { status: 401, body: unauthorizedResultBody(error.message) }
        : { status: 403, body: forbiddenBody(profile, error.message) };
    }
    if (profile.breakingChanges && (error.code === 'forbidden' || error.code === 'error-forbidden')) {
      return { status: 403, body: forbiddenBody(profile, error.message) };
    }
    return { status: 400, body: meteorErrorBody(error.code, error.reason, error.details) };
  }
  if (error instanceof InvalidParamsError)
    return { status: 400, body: invalidParamsBody(profile, error.messages) };
  if (error instanceof FailureError)
    return { status: 400, body: failureBody(error.message, error.errorType) };
  if (error instanceof PlainError) return { status: 400, body: failureBody(error.message) };
  if (error instanceof ForbiddenError)
    return { status: 403, body: forbiddenBody(profile, error.forbiddenMessage) };
  return undefined;
}

/**
 * The app's one `onError`: a middleware's HTTPException carries its own answer; an error a validator,
 * the second factor or an action throws becomes Rocket.Chat's body for this profile (with the headers
 * middleware set before it); anything else is a bare 500 — nothing internal (stacks, secrets) reaches the client.
 */
export function rocketChatErrors(profile: VersionProfile): ErrorHandler<ApiEnv> {
  return (error, c) => {
    // The exception's own response as built (getResponse() would re-stream its body and drop Content-Length).
    if (error instanceof HTTPException) return error.res ?? error.getResponse();
    const answer = rocketChatAnswer(profile, error);
    return answer ? reply(c, answer) : freshReply({ status: 500, body: INTERNAL_ERROR_BODY });
  };
}
