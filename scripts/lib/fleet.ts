import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { stopProcess } from './processes.js';

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
