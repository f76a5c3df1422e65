import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { reply, type ApiEnv } from '../routes/request-context.js';
import { forbiddenBody, PERMISSION_DENIED } from '../rules/error-bodies.js';
import type { Workspace } from '../workspace/context.js';
import { hasPermission, type Permission } from '../workspace/permissions.js';

/** A route's `permissionsRequired`: 403 with the profile's forbidden body unless the caller holds it. */
export const requirePermission = (ws: Workspace, permission: Permission) =>
  createMiddleware<ApiEnv>(async (c, next) => {
    if (!hasPermission(c.get('request').caller?.user, permission)) {
      throw new HTTPException(403, {
        res: reply(c, { status: 403, body: forbiddenBody(ws.profile, PERMISSION_DENIED) }),
      });
    }
    await next();
  });
