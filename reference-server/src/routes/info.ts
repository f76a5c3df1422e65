import { createHash } from 'node:crypto';
import type { ApiRouter } from './router.js';
import { success } from './router.js';
import { hasPermission } from '../workspace/permissions.js';

const MINIMUM_CLIENT_VERSIONS = { desktop: '3.9.6', mobile: '4.39.0' };

/**
 * GET /api/info (unversioned, never rate limited): the version without its patch for everyone;
 * the full version plus `info` for a user with `view-statistics`.
 */
export function registerInfo(router: ApiRouter): void {
  router.get('/api/info', { authRequired: false }, (ctx) => {
    const { profile } = ctx.ws;
    const [major, minor] = profile.version.split('.');
    const workspace = profile.infoHasWorkspaceUrl
      ? (() => {
          const workspaceUrl = `${new URL(ctx.c.req.url).origin}/`;
          return {
            workspaceUrl,
            hashedWorkspaceUrl: createHash('sha256').update(workspaceUrl).digest('hex'),
          };
        })()
      : {};
    if (hasPermission(ctx.caller?.user, 'view-statistics')) {
      return success({
        info: {
          version: profile.version,
          build: { nodeVersion: process.version, arch: process.arch, platform: process.platform, cpus: 2 },
          commit: { hash: 'reference', branch: 'reference', tag: profile.version },
          marketplaceApiVersion: '1.46.0',
        },
        version: profile.version,
        minimumClientVersions: MINIMUM_CLIENT_VERSIONS,
        ...workspace,
      });
    }
    return success({
      version: `${major}.${minor}`,
      minimumClientVersions: MINIMUM_CLIENT_VERSIONS,
      ...workspace,
    });
  });
}
