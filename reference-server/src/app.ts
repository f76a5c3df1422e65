import { Hono } from 'hono';
import type { ReferenceServerConfig } from './config.js';
import { buildPolicies } from './faults/policies.js';
import { latency } from './middleware/latency.js';
import { RateLimiter } from './middleware/rate-limit.js';
import { requestLog } from './middleware/request-log.js';
import { INTERNAL_ERROR_BODY } from './rules/error-bodies.js';
import { registerAuth } from './routes/auth.js';
import { registerChat } from './routes/chat.js';
import { registerIm } from './routes/im.js';
import { registerInfo } from './routes/info.js';
import { registerRooms } from './routes/rooms.js';
import { registerRoomsGet } from './routes/rooms-get.js';
import { ApiRouter, DEFAULT_HEADERS } from './routes/router.js';
import { registerUsers } from './routes/users.js';
import { Collections } from './store/collections.js';
import { bootstrapWorkspace } from './workspace/bootstrap.js';
import type { Workspace } from './workspace/context.js';
import { seedRooms } from './workspace/seed-rooms.js';

/** The Hono app over a fresh in-memory workspace. */
export function createApp(config: ReferenceServerConfig): { app: Hono; workspace: Workspace } {
  const ws: Workspace = {
    db: new Collections(),
    profile: config.profile,
    policies: buildPolicies(config.faults, config.profile),
    now: () => new Date(),
  };
  const { checked } = bootstrapWorkspace(ws, config);
  if (config.seedRooms > 0) seedRooms(ws, checked, config.seedRooms);

  const app = new Hono();
  app.use(requestLog(config.log, config.requestLogFile));
  app.use(latency(config.latencyMs));
  // The REST router answers every OPTIONS (CORS pre-flight) with a plain "OK".
  app.options('*', (c) => c.body('OK'));

  const limiter = config.rateLimit.enabled
    ? new RateLimiter(config.rateLimit.calls, config.rateLimit.windowMs)
    : null;
  const router = new ApiRouter(app, ws, config, limiter);
  registerInfo(router);
  registerAuth(router);
  registerUsers(router);
  registerRooms(router);
  registerRoomsGet(router, ws);
  registerIm(router);
  registerChat(router);
  router.finish();

  // Nothing crashes the server, and nothing internal (stacks, secrets) reaches the client.
  app.onError(
    () => new Response(JSON.stringify(INTERNAL_ERROR_BODY), { status: 500, headers: { ...DEFAULT_HEADERS } }),
  );
  return { app, workspace: ws };
}
