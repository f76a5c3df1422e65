import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { reply, type ApiEnv } from '../routes/request-context.js';
import type { Workspace } from '../workspace/context.js';
import { findCaller } from '../workspace/credentials.js';

/** Credentials are tried on every route (X-User-Id + X-Auth-Token); only `authenticate` refuses without them. */
export const identifyCaller = (ws: Workspace) =>
  createMiddleware<ApiEnv>(async (c, next) => {
    c.get('request').caller = findCaller(ws, c.req.header('x-user-id'), c.req.header('x-auth-token'));
    await next();
  });

/** An `authRequired` route: without a caller, the profile's not-logged-in answer (as hono/bearer-auth refuses). */
export const authenticate = (ws: Workspace) =>
  createMiddleware<ApiEnv>(async (c, next) => {
    if (!c.get('request').caller) {
      const refusal = ws.policies.auth.notLoggedIn();
      throw new HTTPException(refusal.status, { res: reply(c, refusal) });
    }
    await next();
  });
