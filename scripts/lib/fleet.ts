import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { runCommand, stopProcess } from './processes.js';

/**
 * Many reference servers in one process (reference-server/src/fleet.ts), for the mutation matrix: one
 * per fault and profile, each on its own port. The fleet and everything the matrix spawns get a scrubbed
 * environment — only what Node needs — so a caller's RC_REFERENCE_* or ROCKETCHAT_* variables cannot
 * change the servers or the suite.
 */
export interface FleetServer {
  key: string;
  env: Record<string, string>;
}

export interface Fleet {
  urlOf(key: string): string;
  stop(): Promise<void>;
}

/** PATH and HOME, and nothing of the caller's configuration. */
export function scrubbedEnvironment(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT'];
  return Object.fromEntries(
    keep.flatMap((name) => (process.env[name] ? [[name, process.env[name] as string]] : [])),
  );
}

export async function startFleet(
  servers: FleetServer[],
  workDir: string,
  timeoutMs = 60_000,
): Promise<Fleet> {
  const planFile = join(workDir, 'fleet.json');
  writeFileSync(planFile, JSON.stringify(servers));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'reference-server/src/fleet.ts', planFile],
    {
      cwd: PROJECT_ROOT,
      env: scrubbedEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const urls = new Map<string, string>();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`the fleet did not start ${servers.length} servers within ${timeoutMs} ms:\n${stderr}`),
        ),
      timeoutMs,
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line === 'ready') {
        clearTimeout(timer);
        resolve();
        return;
      }
      try {
        const { key, url } = JSON.parse(line) as { key: string; url: string };
        urls.set(key, url);
      } catch {
        // not a server line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the fleet exited with ${code} before it was ready:\n${stderr}`));
    });
  });
  return {
    urlOf(key) {
      const url = urls.get(key);
      if (!url) throw new Error(`the fleet has no server "${key}"`);
      return url;
    },
    stop: () => stopProcess(child),
  };
}

/** A fault of the reference server's catalogue, as `--list-faults --json` prints it. */
export interface CatalogueFault {
  name: string;
  family: string;
  breaks: string;
  /** The suite's checks that must catch it. */
  checks: string[];
  /** The version profiles it applies to (every one when absent). */
  versions?: Array<6 | 7 | 8 | 9>;
  precedent: string;
  /** `refusal`: a seeding call the server refuses, breaking no contract (`checks` is empty). */
  effect?: 'refusal';
  /** For a refusal: the contract fault whose named checks must still fail alongside it. */
  revealedBy?: string;
  /** Why the documented contract profile cannot see it: the documentation promises nothing it breaks. */
  documentedProfileBlind?: string;
}

/**
 * The fault catalogue through the reference server's own CLI (`--list-faults --json`): tooling reads it
 * as a user of the server would, never by importing the server's code.
 */
export async function listFaultCatalogue(): Promise<CatalogueFault[]> {
  const listed = await runCommand(
    process.execPath,
    ['--import', 'tsx', 'reference-server/src/main.ts', '--list-faults', '--json'],
    scrubbedEnvironment(),
    60_000,
    true,
  );
  if (listed.code !== 0) throw new Error(`could not list the fault catalogue:\n${listed.stderr}`);
  return JSON.parse(listed.stdout) as CatalogueFault[];
}
