/**
 * The fleet launcher for the mutation matrix: `node --import tsx reference-server/src/fleet.ts <plan.json>`.
 *
 * The plan is a JSON array of `{ "key": string, "env": { "RC_REFERENCE_…": "…" } }`: the same
 * variables as a single server (read by the same `optionsFromEnv`; never from this process's
 * environment). Every server starts in this one process on 127.0.0.1 with a free port; then one
 * JSON line per server `{"key":…,"url":…}` and a line `ready`. Request logs are off. SIGTERM/SIGINT
 * close every server. A bad plan entry exits 2 naming its key and the problem, before any server starts.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './config.js';
import { parsePlan, startFleet } from './fleet-plan.js';

async function main(): Promise<number> {
  // Listen for the signals before anything starts, so a stop during start-up is not lost.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const planPath = process.argv[2];
  if (!planPath) throw new ConfigError('usage: node --import tsx reference-server/src/fleet.ts <plan.json>');
  let text: string;
  try {
    text = readFileSync(planPath, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read the plan ${planPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const fleet = await startFleet(parsePlan(text));
  const lines = fleet.servers.map(({ key, server }) => JSON.stringify({ key, url: server.url }));
  process.stdout.write(`${[...lines, 'ready'].join('\n')}\n`);
  await stopped;
  await fleet.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`reference fleet: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
