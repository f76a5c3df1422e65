import type { Context } from 'hono';
import type { StatusCode } from 'hono/utils/http-status';
import type { ReferenceServerConfig } from '../config.js';
import type { Workspace } from '../workspace/context.js';
import type { Caller } from '../workspace/credentials.js';

/** What an action answers; `reply` adds Rocket.Chat's default headers. `null` removes a header. */
export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string | null>;
}

/** What a route's middleware and action read: the request as Rocket.Chat's REST wrapper sees it. */
export interface RequestContext {
  ws: Workspace;
  config: ReferenceServerConfig;
  c: Context<ApiEnv>;
  /** Set by the authenticate middleware when the credentials name an active user. */
  caller: Caller | undefined;
  body: Record<string, unknown>;
  /** Every value of a query key (a repeated key gives several). */
  queryAll(name: string): string[];
  query(name: string): string | undefined;
}

export interface AuthedContext extends RequestContext {
  caller: Caller;
}

/** The Hono context variables of an API request. */
export interface ApiEnv {
  Variables: {
    request: RequestContext;
    /** The client address as Rocket.Chat reads it (client-ip middleware). */
    clientIp: string;
  };
}

const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};

export const success = (body: Record<string, unknown> = {}): ApiResponse => ({
  status: 200,
  body: { ...body, success: true },
});

/**
 * The JSON response of an API answer. Built with `c.newResponse`, so the headers middleware set
 * earlier with `c.header` (the rate limiter's) are on it.
 */
export function reply(c: Context, response: ApiResponse): Response {
  const res = c.newResponse(JSON.stringify(response.body), response.status as StatusCode);
  writeHeaders(res.headers, response.headers);
  return res;
}

/** The same JSON response outside a request's own pipeline (no header set by middleware). */
export function freshReply(response: ApiResponse): Response {
  const headers = new Headers();
  writeHeaders(headers, response.headers);
  return new Response(JSON.stringify(response.body), { status: response.status, headers });
}

function writeHeaders(target: Headers, extra: Record<string, string | null> = {}): void {
  for (const [name, value] of Object.entries({ ...DEFAULT_HEADERS, ...extra })) {
    if (value === null) target.delete(name);
    else target.set(name, value);
  }
}
