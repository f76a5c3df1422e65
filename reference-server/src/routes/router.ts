import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Hono } from 'hono';
import type { ReferenceServerConfig } from '../config.js';
import { FailureError, ForbiddenError, InvalidParamsError, MeteorError, PlainError } from '../errors.js';
import { type Caller, authenticate } from '../middleware/authenticate.js';
import { clientIp } from '../middleware/client-ip.js';
import { type RateLimiter, rateLimitHeaders, tooManyRequests } from '../middleware/rate-limit.js';
import type { VersionProfile } from '../profiles.js';
import {
  failureBody,
  forbiddenBody,
  invalidParamsBody,
  meteorErrorBody,
  PERMISSION_DENIED,
  unauthorizedResultBody,
  WRONG_METHOD_BODY,
} from '../rules/error-bodies.js';
import { checkCodeForUser, type TwoFactorOptions } from '../twofactor/check-code.js';
import type { Workspace } from '../workspace/context.js';
import { hasPermission, type Permission } from '../workspace/permissions.js';

/** What an action answers; the router adds Rocket.Chat's default headers. `null` removes a header. */
export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string | null>;
}

export interface RequestContext {
  ws: Workspace;
  config: ReferenceServerConfig;
  c: Context;
  caller: Caller | undefined;
  body: Record<string, unknown>;
  /** Every value of a query key (a repeated key gives several). */
  queryAll(name: string): string[];
  query(name: string): string | undefined;
}

export interface AuthedContext extends RequestContext {
  caller: Caller;
}

interface RouteOptions {
  authRequired: boolean;
  /** `permissionsRequired`: checked where the profile's router checks it (before or after the limiter). */
  permission?: Permission;
  /** `twoFactorRequired`: processTwoFactor reads only the x-2fa-code / x-2fa-method headers. */
  twoFactorRequired?: boolean | ((profile: VersionProfile) => boolean);
  twoFactorOptions?: TwoFactorOptions;
  /** The route's params validator: it runs before the 2FA gate, as validateParams does in ApiClass.ts. */
  validate?: (ctx: RequestContext) => void;
  /** Runs before authentication (only the auth-after-updated-since fault uses it). */
  beforeAuth?: (ctx: RequestContext) => ApiResponse | undefined;
  /** What an unauthenticated call gets instead of the 401 (only the auth-not-enforced fault uses it). */
  whenUnauthenticated?: (ctx: RequestContext) => ApiResponse | undefined;
  /** Headers for every response of the route, whatever its status (the header faults use it). */
  responseHeaders?: (status: number) => Record<string, string | null>;
}

type Action<Authed extends boolean> = (
  ctx: Authed extends true ? AuthedContext : RequestContext,
) => ApiResponse | Promise<ApiResponse>;

export const success = (body: Record<string, unknown> = {}): ApiResponse => ({
  status: 200,
  body: { ...body, success: true },
});

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

/**
 * The REST wrapper's catch (ApiClass.ts): error-unauthorized → forbidden (9.0: unauthorized, 401);
 * error-forbidden → failure (9.0: forbidden, 403); anything else → failure with errorType.
 */
function errorResponse(profile: VersionProfile, error: unknown): ApiResponse {
  if (error instanceof MeteorError) {
    if (error.code === 'unauthorized' || error.code === 'error-unauthorized') {
      return profile.breakingChanges
        ? { status: 401, body: unauthorizedResultBody(error.message) }
        : { status: 403, body: forbiddenBody(profile, error.message) };
    }
    if (profile.breakingChanges && (error.code === 'forbidden' || error.code === 'error-forbidden')) {
      return { status: 403, body: forbiddenBody(profile, error.message) };
    }
    return { status: 400, body: meteorErrorBody(error.code, error.reason, error.details) };
  }
  if (error instanceof InvalidParamsError)
    return { status: 400, body: invalidParamsBody(profile, error.messages) };
  if (error instanceof FailureError)
    return { status: 400, body: failureBody(error.message, error.errorType) };
  if (error instanceof PlainError) return { status: 400, body: failureBody(error.message) };
  if (error instanceof ForbiddenError)
    return { status: 403, body: forbiddenBody(profile, error.forbiddenMessage) };
  throw error;
}

/**
 * Registers Rocket.Chat-style REST routes on a Hono app: authentication; then the rate limiter and
 * `permissionsRequired` (in the profile's order); then the 2FA gate; then the action; then JSON with
 * `Cache-Control: no-store` and `Pragma: no-cache`.
 */
export class ApiRouter {
  private readonly methodsByPath = new Map<string, Set<string>>();

  constructor(
    private readonly app: Hono,
    private readonly ws: Workspace,
    private readonly config: ReferenceServerConfig,
    private readonly limiter: RateLimiter | null,
  ) {}

  get<A extends boolean>(path: string, options: RouteOptions & { authRequired: A }, action: Action<A>): this {
    return this.register('GET', path, options, action);
  }

  post<A extends boolean>(
    path: string,
    options: RouteOptions & { authRequired: A },
    action: Action<A>,
  ): this {
    return this.register('POST', path, options, action);
  }

  /** ≤ 6.x: a known path with another method is a 405 JSON with `Allow`; 7.x+ leave it to Hono's 404. */
  finish(): void {
    if (this.ws.profile.wrongMethod !== '405-json') return;
    for (const [path, methods] of this.methodsByPath) {
      const allow = [...methods, 'OPTIONS'].join(', ');
      this.app.all(path, () =>
        this.send({ status: 405, body: WRONG_METHOD_BODY, headers: { Allow: allow } }),
      );
    }
  }

  private register<A extends boolean>(
    method: string,
    path: string,
    options: RouteOptions,
    action: Action<A>,
  ): this {
    const methods = this.methodsByPath.get(path) ?? new Set<string>();
    methods.add(method);
    this.methodsByPath.set(path, methods);
    const versioned = path.startsWith('/api/v1/');
    this.app.on(method, path, async (c) => {
      const response = await this.handle(c, path, versioned, options, action as Action<boolean>);
      const extra = options.responseHeaders?.(response.status);
      return this.send(extra ? { ...response, headers: { ...response.headers, ...extra } } : response);
    });
    return this;
  }

  private permissionDenied(ctx: RequestContext, options: RouteOptions): ApiResponse | undefined {
    if (!options.permission || hasPermission(ctx.caller?.user, options.permission)) return undefined;
    return { status: 403, body: forbiddenBody(this.ws.profile, PERMISSION_DENIED) };
  }

  private async handle(
    c: Context,
    path: string,
    versioned: boolean,
    options: RouteOptions,
    action: Action<boolean>,
  ): Promise<ApiResponse> {
    const url = new URL(c.req.url);
    const ctx: RequestContext = {
      ws: this.ws,
      config: this.config,
      c,
      caller: undefined,
      body: await parseBody(c),
      queryAll: (name) => url.searchParams.getAll(name),
      query: (name) => url.searchParams.get(name) ?? undefined,
    };
    const early = options.beforeAuth?.(ctx);
    if (early) return early;

    // Credentials are tried on every route; only authRequired routes refuse without them.
    ctx.caller = authenticate(this.ws, c);
    if (options.authRequired && !ctx.caller) {
      const anonymous = options.whenUnauthenticated?.(ctx);
      if (anonymous) return anonymous;
      return this.ws.policies.auth.notLoggedIn();
    }

    // 8.x: the permissions middleware answers before the action wrapper (and its limiter) runs.
    if (this.ws.profile.permissionsBeforeRateLimit) {
      const denied = this.permissionDenied(ctx, options);
      if (denied) return denied;
    }

    // The limiter runs after authentication: 401s carry no rate-limit headers. /api/info (unversioned) is not limited.
    let limitHeaders: Record<string, string> = {};
    if (this.limiter && versioned && !hasPermission(ctx.caller?.user, 'api-bypass-rate-limit')) {
      const verdict = this.limiter.hit(`${path}${c.req.method.toLowerCase()}`, clientIp(c));
      limitHeaders = rateLimitHeaders(verdict);
      if (!verdict.allowed) return { ...tooManyRequests(verdict), headers: limitHeaders };
    }

    if (!this.ws.profile.permissionsBeforeRateLimit) {
      const denied = this.permissionDenied(ctx, options);
      if (denied) return { ...denied, headers: limitHeaders };
    }

    let response: ApiResponse;
    try {
      options.validate?.(ctx);
      if (ctx.caller && this.gated(options)) this.processTwoFactor(ctx as AuthedContext, options);
      response = await action(ctx as AuthedContext);
    } catch (error) {
      response = errorResponse(this.ws.profile, error);
    }
    return { ...response, headers: { ...limitHeaders, ...response.headers } };
  }

  private gated(options: RouteOptions): boolean {
    const required = options.twoFactorRequired;
    return typeof required === 'function' ? required(this.ws.profile) : required === true;
  }

  /** ApiClass.processTwoFactor: only the headers carry the code; the request's token and client fingerprint it. */
  private processTwoFactor(ctx: AuthedContext, options: RouteOptions): void {
    const code = ctx.c.req.header('x-2fa-code') || undefined;
    const method = ctx.c.req.header('x-2fa-method') || undefined;
    checkCodeForUser(this.ws, {
      user: ctx.caller.user,
      code,
      method,
      options: options.twoFactorOptions ?? {},
      connection: {
        hashedToken: ctx.caller.hashedToken,
        userAgent: ctx.c.req.header('user-agent'),
        clientAddress: clientIp(ctx.c),
      },
    });
  }

  private async send(response: ApiResponse): Promise<Response> {
    // Restivus (≤ 6.x) delays every 401 and 403 by a random 500–1000 ms.
    const delay = this.ws.profile.delayUnauthorizedMs;
    if (delay && this.config.delayUnauthorized && (response.status === 401 || response.status === 403)) {
      await sleep(delay.min + Math.random() * (delay.max - delay.min));
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries({ ...DEFAULT_HEADERS, ...response.headers })) {
      if (value !== null) headers.set(name, value);
    }
    return new Response(JSON.stringify(response.body), { status: response.status, headers });
  }
}

export const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};
