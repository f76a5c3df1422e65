import { setTimeout as sleep } from 'node:timers/promises';
import type { MiddlewareHandler } from 'hono';

/** Restivus (≤ 6.x) delays every 401 and 403 by a random `min`–`max` ms. */
export function refusalDelay(delay: { min: number; max: number }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status === 401 || c.res.status === 403) {
      await sleep(delay.min + Math.random() * (delay.max - delay.min));
    }
  };
}
