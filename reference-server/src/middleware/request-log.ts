import { appendFileSync } from 'node:fs';
import type { MiddlewareHandler } from 'hono';

/**
 * One line per request: `GET /api/v1/rooms.get 200 3ms`. Only the method, the path without its
 * query string, the status and the time — never headers, tokens, passwords or query values.
 */
export function requestLog(log: (line: string) => void, file: string | null): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const line = `${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`;
    log(line);
    if (file) appendFileSync(file, `${line}\n`);
  };
}
