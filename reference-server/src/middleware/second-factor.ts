import { createMiddleware } from 'hono/factory';
import type { ApiEnv } from '../routes/request-context.js';
import { checkCodeForUser, type TwoFactorOptions } from '../twofactor/check-code.js';
import type { Workspace } from '../workspace/context.js';

/**
 * A `twoFactorRequired` route (ApiClass.processTwoFactor): only the x-2fa-code / x-2fa-method headers
 * carry the code; the request's token and client fingerprint it. A wrong or missing code throws.
 */
export const secondFactor = (ws: Workspace, options: TwoFactorOptions) =>
  createMiddleware<ApiEnv>(async (c, next) => {
    const { caller } = c.get('request');
    if (caller) {
      checkCodeForUser(ws, {
        user: caller.user,
        code: c.req.header('x-2fa-code') || undefined,
        method: c.req.header('x-2fa-method') || undefined,
        options,
        connection: {
          hashedToken: caller.hashedToken,
          userAgent: c.req.header('user-agent'),
          clientAddress: c.get('clientIp'),
        },
      });
    }
    await next();
  });
