import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ApiEnv } from '../routes/request-context.js';

/** The client IP as Rocket.Chat reads it: X-Real-IP, else X-Forwarded-For (HTTP_FORWARDED_COUNT=1), else the socket. */
function readClientIp(c: Context): string {
  const realIp = c.req.header('x-real-ip')?.trim();
  if (realIp) return realIp;
  const forwarded = c.req
    .header('x-forwarded-for')
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const last = forwarded?.[forwarded.length - 1];
  if (last) return last;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Sets `clientIp`, the address the rate limiter counts and the second factor remembers. */
export const clientIp = () =>
  createMiddleware<ApiEnv>(async (c, next) => {
    c.set('clientIp', readClientIp(c));
    await next();
  });
