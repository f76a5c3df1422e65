import { createMiddleware } from 'hono/factory';
import type { ApiEnv, RequestContext } from '../routes/request-context.js';

/** The route's params validator: it runs before the 2FA gate, as validateParams does in ApiClass.ts. */
export const validateParams = (validate: (ctx: RequestContext) => void) =>
  createMiddleware<ApiEnv>(async (c, next) => {
    validate(c.get('request'));
    await next();
  });
