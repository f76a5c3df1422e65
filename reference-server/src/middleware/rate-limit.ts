import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { type RateLimiter, rateLimitHeaders, tooManyRequests } from '../rate-limiter.js';
import { reply, type ApiEnv } from '../routes/request-context.js';
import { hasPermission } from '../workspace/permissions.js';

/**
 * ApiClass.ts `enforceRateLimit`: one rule per route+method, counted per client IP; callers with
 * api-bypass-rate-limit are not counted. The X-RateLimit headers go on every answer after it (`c.header`),
 * the 429 included.
 */
export const rateLimit = (limiter: RateLimiter, path: string) =>
  createMiddleware<ApiEnv>(async (c, next) => {
    if (hasPermission(c.get('request').caller?.user, 'api-bypass-rate-limit')) return next();
    // The rule is the route's path and the request's own method (a HEAD is not counted as its GET).
    const verdict = limiter.hit(`${path}${c.req.method.toLowerCase()}`, c.get('clientIp'));
    for (const [name, value] of Object.entries(rateLimitHeaders(verdict))) c.header(name, value);
    if (!verdict.allowed) throw new HTTPException(429, { res: reply(c, tooManyRequests(verdict)) });
    await next();
  });
