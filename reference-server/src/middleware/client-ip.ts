import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The client IP as Rocket.Chat reads it: X-Real-IP, else X-Forwarded-For (HTTP_FORWARDED_COUNT=1), else the socket. */
export function clientIp(c: Context): string {
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
