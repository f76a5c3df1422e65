import { setTimeout as sleep } from 'node:timers/promises';
import type { MiddlewareHandler } from 'hono';

/** RC_REFERENCE_LATENCY_MS: every response waits this long, to benchmark at real round-trip times. */
export function latency(ms: number): MiddlewareHandler {
  return async (_c, next) => {
    await next();
    if (ms > 0) await sleep(ms);
  };
}
