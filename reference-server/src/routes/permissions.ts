import { MeteorError } from '../errors.js';
import { defaultPermissions } from '../workspace/permissions.js';
import type { ApiRouter } from './router.js';
import { success } from './router.js';

/**
 * GET permissions.listAll (apps/meteor/app/api/server/v1/permissions.ts): every permission with the
 * roles holding it (none for a permission a refusal fault revoked). Nothing changes permissions here, so all carry the server's start time as
 * `_updatedAt` and `remove` is always empty.
 */
export function registerPermissions(router: ApiRouter, startedAt: Date): void {
  router.get('/api/v1/permissions.listAll', { authRequired: true }, ({ ws, query }) => {
    const updatedSince = query('updatedSince');
    let since: Date | undefined;
    if (updatedSince) {
      if (Number.isNaN(Date.parse(updatedSince))) {
        // sic: the source's error code names roomId.
        throw new MeteorError(
          'error-roomId-param-invalid',
          'The "updatedSince" query parameter must be a valid date.',
        );
      }
      since = new Date(updatedSince);
    }
    const update = defaultPermissions()
      .filter(() => since === undefined || startedAt.getTime() > since.getTime())
      .map(({ _id, roles }) => ({
        _id,
        roles: ws.policies.refusals.revoked.has(_id) ? [] : [...roles],
        _updatedAt: startedAt,
      }));
    return success({ update, remove: [] });
  });
}
