import type { ContractProfile } from '../core/config.js';

/**
 * What preflight (global setup) learned about the run, as the environment variables it sets for the
 * workers and reporters (docs/architecture.md): target, server version, profile, write mode, run id.
 */
export interface Target {
  url: string;
  /** As /api/info reported it: X.Y.Z for an admin, X.Y otherwise. */
  serverVersion: string | undefined;
  profile: ContractProfile;
  write: boolean;
  runId: string;
  suiteVersion: string;
  contractHash: string;
}

export const TARGET_ENV = {
  url: 'CONTRACT_TARGET_URL',
  serverVersion: 'CONTRACT_SERVER_VERSION',
  profile: 'CONTRACT_PROFILE_RESOLVED',
  write: 'CONTRACT_WRITE_RESOLVED',
  suiteVersion: 'CONTRACT_SUITE_VERSION',
  contractHash: 'CONTRACT_HASH',
  runId: 'CONTRACT_RUN_ID',
} as const;

export function publishTarget(target: Target, env: NodeJS.ProcessEnv = process.env): void {
  env[TARGET_ENV.url] = target.url;
  if (target.serverVersion !== undefined) env[TARGET_ENV.serverVersion] = target.serverVersion;
  env[TARGET_ENV.profile] = target.profile;
  env[TARGET_ENV.write] = String(target.write);
  env[TARGET_ENV.suiteVersion] = target.suiteVersion;
  env[TARGET_ENV.contractHash] = target.contractHash;
  env[TARGET_ENV.runId] = target.runId;
}

export function readTarget(env: NodeJS.ProcessEnv = process.env): Target {
  const url = env[TARGET_ENV.url];
  const runId = env[TARGET_ENV.runId];
  if (!url || !runId) {
    throw new Error(
      'preflight did not run: start the suite with `npx playwright test` (global setup sets CONTRACT_*)',
    );
  }
  return {
    url,
    serverVersion: env[TARGET_ENV.serverVersion] || undefined,
    profile: env[TARGET_ENV.profile] === 'documented' ? 'documented' : 'strict',
    write: env[TARGET_ENV.write] === 'true',
    runId,
    suiteVersion: env[TARGET_ENV.suiteVersion] ?? '',
    contractHash: env[TARGET_ENV.contractHash] ?? '',
  };
}
