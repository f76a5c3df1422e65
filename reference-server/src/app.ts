import { Hono } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { InstanceClock } from './clock.js';
import type { ReferenceServerConfig } from './config.js';
import { buildPolicies } from './faults/policies.js';
import { identifyCaller } from './middleware/authenticate.js';
import { clientIp } from './middleware/client-ip.js';
import { latency } from './middleware/latency.js';
import { refusalDelay } from './middleware/refusal-delay.js';
import { requestContext } from './middleware/request-context.js';
import { requestLog } from './middleware/request-log.js';
import { RateLimiter } from './rate-limiter.js';
import { WRONG_METHOD_BODY } from './rules/error-bodies.js';
import { registerAuth } from './routes/auth.js';
import { registerChat } from './routes/chat.js';
import { registerIm } from './routes/im.js';
import { registerInfo } from './routes/info.js';
import { registerMembership } from './routes/membership.js';
import { registerPermissions } from './routes/permissions.js';
import { registerRooms } from './routes/rooms.js';
import { registerRoomsGet } from './routes/rooms-get.js';
import { registerSubscriptionStates } from './routes/subscription-states.js';
import { rocketChatErrors } from './routes/error-handler.js';
import { type ApiEnv, reply } from './routes/request-context.js';
import { ApiRouter } from './routes/router.js';
import { registerTeams } from './routes/teams.js';
import { registerUsers } from './routes/users.js';
import { Collections } from './store/collections.js';
import { type Activity, startActivity } from './workspace/activity.js';
import { bootstrapWorkspace } from './workspace/bootstrap.js';
import type { Workspace } from './workspace/context.js';
import { seedLegacyRooms } from './workspace/legacy-rooms.js';
import { seedRooms } from './workspace/seed-rooms.js';

export interface ReferenceApp {
  app: Hono<ApiEnv>;
  workspace: Workspace;
  /** Starts the background activity (RC_REFERENCE_ACTIVITY=busy); a no-op when quiet. */
  startActivity(): Activity | null;
}

/** The Hono app over a fresh in-memory workspace. */
export function createApp(config: ReferenceServerConfig): ReferenceApp {
  const clock = new InstanceClock(config.instances, config.clockSkewMs);
  const policies = buildPolicies(config.faults, config.profile);
  const ws: Workspace = {
    db: new Collections(),
    profile: config.profile,
    settings: { ...config.settings, ...policies.refusals.settings },
    policies,
    clock,
    now: () => clock.now(),
    log: config.log,
    createTokensSecret: config.createTokensSecret,
  };
  const startedAt = ws.now();
  const { admin, checked } = bootstrapWorkspace(ws, config);
  if (config.seedRooms > 0) seedRooms(ws, checked, config.seedRooms);
  if (config.legacy) seedLegacyRooms(ws, admin, checked === admin ? null : checked);

  const app = new Hono<ApiEnv>();
  // Each request is served by the next app instance in turn: its writes carry that instance's clock.
  if (clock.instances > 1) app.use((_c, next) => clock.runNext(() => next()));
  app.use(requestLog(config.log, config.requestLogFile));
  app.use(latency(config.latencyMs));
  // The REST router answers every OPTIONS (CORS pre-flight) with a plain "OK".
  app.use((c, next) => (c.req.method === 'OPTIONS' ? Promise.resolve(c.body('OK')) : next()));
  // ≤ 6.x: a known path with another method is a 405 JSON with `Allow`; 7.x+ leave it to Hono's 404.
  if (ws.profile.wrongMethod === '405-json') {
    app.use(
      methodNotAllowed({
        app,
        onMethodNotAllowed: (c, methods) =>
          reply(c, {
            status: 405,
            body: WRONG_METHOD_BODY,
            headers: { Allow: [...methods.filter((method) => method !== 'HEAD'), 'OPTIONS'].join(', ') },
          }),
      }),
    );
  }
  app.use(clientIp());
  const delay = ws.profile.delayUnauthorizedMs;
  if (delay && config.delayUnauthorized) app.use(refusalDelay(delay));
  app.use(requestContext(ws, config), identifyCaller(ws));

  const limiter = config.rateLimit.enabled
    ? new RateLimiter(config.rateLimit.calls, config.rateLimit.windowMs)
    : null;
  const router = new ApiRouter(app, ws, limiter);
  registerInfo(router);
  registerAuth(router);
  registerUsers(router);
  registerRooms(router);
  registerRoomsGet(router, ws);
  registerIm(router);
  registerChat(router);
  registerMembership(router);
  registerTeams(router);
  registerSubscriptionStates(router);
  registerPermissions(router, startedAt);
  app.onError(rocketChatErrors(ws.profile));
  return {
    app,
    workspace: ws,
    startActivity: () =>
      config.activity.mode === 'busy' ? startActivity(ws, config.activity.intervalMs) : null,
  };
}
