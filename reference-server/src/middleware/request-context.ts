import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ReferenceServerConfig } from '../config.js';
import type { ApiEnv } from '../routes/request-context.js';
import type { Workspace } from '../workspace/context.js';

/** The Hono router parses JSON leniently: a malformed body is `{}` and the route's validator decides. */
async function parseBody(c: Context): Promise<Record<string, unknown>> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return {};
  try {
    const contentType = c.req.header('content-type') ?? '';
    if (contentType.includes('application/x-www-form-urlencoded')) {
      return Object.fromEntries(new URLSearchParams(await c.req.text()));
    }
    const text = await c.req.text();
    if (text.trim() === '') return {};
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Sets `request`: the parsed body and query every later middleware and the action read. */
export const requestContext = (ws: Workspace, config: ReferenceServerConfig) =>
  createMiddleware<ApiEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    c.set('request', {
      ws,
      config,
      c,
      caller: undefined,
      body: await parseBody(c),
      queryAll: (name) => url.searchParams.getAll(name),
      query: (name) => url.searchParams.get(name) ?? undefined,
    });
    await next();
  });
