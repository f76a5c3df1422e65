import type { Hono, MiddlewareHandler } from 'hono';
import { authenticate } from '../middleware/authenticate.js';
import { requirePermission } from '../middleware/permission.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { secondFactor } from '../middleware/second-factor.js';
import { validateParams } from '../middleware/validate-params.js';
import type { VersionProfile } from '../profiles.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { TwoFactorOptions } from '../twofactor/check-code.js';
import type { Workspace } from '../workspace/context.js';
import type { Permission } from '../workspace/permissions.js';
import {
  type ApiEnv,
  type ApiResponse,
  type AuthedContext,
  type RequestContext,
  reply,
} from './request-context.js';

export { type ApiResponse, type AuthedContext, type RequestContext, success } from './request-context.js';

/** A route's declaration, as Rocket.Chat's `API.v1.addRoute` options: each becomes a middleware. */
interface RouteOptions {
  authRequired: boolean;
  /** `permissionsRequired`: checked where the profile's router checks it (before or after the limiter). */
  permission?: Permission;
  /** `twoFactorRequired`: processTwoFactor reads only the x-2fa-code / x-2fa-method headers. */
  twoFactorRequired?: boolean | ((profile: VersionProfile) => boolean);
  twoFactorOptions?: TwoFactorOptions;
  /** The route's params validator: it runs before the 2FA gate, as validateParams does in ApiClass.ts. */
  validate?: (ctx: RequestContext) => void;
}

type Action<Authed extends boolean> = (
  ctx: Authed extends true ? AuthedContext : RequestContext,
) => ApiResponse | Promise<ApiResponse>;

/**
 * Registers Rocket.Chat-style REST routes on the Hono app, each as a chain of middleware: authenticate;
 * the rate limiter and `permissionsRequired` (in the profile's order); the params validator; the 2FA gate;
 * then the action, answered as JSON with `Cache-Control: no-store` and `Pragma: no-cache`. A thrown error
 * reaches the app's one `onError` (routes/error-handler.ts).
 */
export class ApiRouter {
  constructor(
    private readonly app: Hono<ApiEnv>,
    private readonly ws: Workspace,
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

  /** Middleware in front of one route's own chain: how a fault policy bends a route. Call before the route. */
  use(method: 'GET' | 'POST', path: string, middleware: readonly MiddlewareHandler[]): this {
    if (middleware.length > 0) this.app.on(method, path, ...(middleware as [MiddlewareHandler]));
    return this;
  }

  private register<A extends boolean>(
    method: 'GET' | 'POST',
    path: string,
    options: RouteOptions,
    action: Action<A>,
  ): this {
    const { ws } = this;
    const permission = options.permission ? [requirePermission(ws, options.permission)] : [];
    // /api/info (unversioned) is not limited.
    const limit = this.limiter && path.startsWith('/api/v1/') ? [rateLimit(this.limiter, path)] : [];
    const chain: MiddlewareHandler<ApiEnv>[] = [
      ...(options.authRequired ? [authenticate(ws)] : []),
      // The limiter runs after authentication (401s carry no rate-limit headers); 8.x's permissions
      // middleware answers before the action wrapper and its limiter run.
      ...(ws.profile.permissionsBeforeRateLimit ? [...permission, ...limit] : [...limit, ...permission]),
      ...(options.validate ? [validateParams(options.validate)] : []),
      ...(twoFactorRequired(options, ws.profile) ? [secondFactor(ws, options.twoFactorOptions ?? {})] : []),
    ];
    const run = action as Action<boolean>;
    this.app.on(method, path, ...(chain as [MiddlewareHandler<ApiEnv>]), async (c) =>
      reply(c, await run(c.get('request') as AuthedContext)),
    );
    return this;
  }
}

function twoFactorRequired(options: RouteOptions, profile: VersionProfile): boolean {
  const required = options.twoFactorRequired;
  return typeof required === 'function' ? required(profile) : required === true;
}
