/**
 * The fleet's plan and start-up, shared by the fleet CLI (fleet.ts) and its tests.
 */
import {
  ConfigError,
  optionsFromEnv,
  type ReferenceServerOptions,
  resolveServerConfig,
  SWITCH_NAMES,
} from './config.js';
import { type StartedReferenceServer, startReferenceServer } from './server.js';

/** Variables a fleet entry may not set: the port is always a free one, and request logs are off. */
const NOT_IN_A_FLEET = new Set(['RC_REFERENCE_PORT', 'RC_REFERENCE_REQUEST_LOG']);

/** Parses and validates a plan; every problem is a ConfigError naming the entry. */
export function parsePlan(text: string): Array<{ key: string; options: ReferenceServerOptions }> {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`the plan is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(plan)) throw new ConfigError('the plan must be a JSON array of {key, env} entries');
  const seen = new Set<string>();
  return plan.map((entry: unknown, index) => {
    const where = `plan entry ${index}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      throw new ConfigError(`${where}: must be an object {key, env}`);
    const { key, env } = entry as Record<string, unknown>;
    if (typeof key !== 'string' || key === '')
      throw new ConfigError(`${where}: "key" must be a non-empty string`);
    const named = `plan entry "${key}"`;
    if (seen.has(key)) throw new ConfigError(`${named}: the key is used twice`);
    seen.add(key);
    const vars = env ?? {};
    if (vars === null || typeof vars !== 'object' || Array.isArray(vars))
      throw new ConfigError(`${named}: "env" must be an object of strings`);
    const strings: Record<string, string> = {};
    for (const [name, value] of Object.entries(vars)) {
      if (typeof value !== 'string') throw new ConfigError(`${named}: ${name} must be a string`);
      if (NOT_IN_A_FLEET.has(name)) throw new ConfigError(`${named}: ${name} cannot be set in a fleet`);
      if (!SWITCH_NAMES.has(name)) throw new ConfigError(`${named}: unknown variable ${name}`);
      strings[name] = value;
    }
    try {
      const options: ReferenceServerOptions = { ...optionsFromEnv(strings), port: 0, log: false };
      resolveServerConfig(options);
      return { key, options };
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`${named}: ${error.message}`);
      throw error;
    }
  });
}

export interface Fleet {
  servers: ReadonlyArray<{ key: string; server: StartedReferenceServer }>;
  close(): Promise<void>;
}

/** Starts every server of a parsed plan (a few at a time), in plan order. */
export async function startFleet(entries: ReturnType<typeof parsePlan>): Promise<Fleet> {
  const servers: Array<{ key: string; server: StartedReferenceServer }> = [];
  const close = async (): Promise<void> => {
    await Promise.all(servers.map(({ server }) => server.close()));
  };
  try {
    const batch = 16;
    for (let i = 0; i < entries.length; i += batch) {
      const started = await Promise.all(
        entries
          .slice(i, i + batch)
          .map(async ({ key, options }) => ({ key, server: await startReferenceServer(options) })),
      );
      servers.push(...started);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { servers, close };
}
