import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

/** Tooling helpers shared by the mutation matrix and the benchmarks: start servers, run commands. */

/** A free loopback port, found by letting the OS pick one and releasing it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

export interface StartedServer {
  url: string;
  port: number;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the reference server in its own process and waits until /api/info answers. `env` is added to
 * this process's environment, or is the server's whole environment when `replaceEnv` (a scrubbed one).
 */
export async function startReferenceServer(
  env: Record<string, string>,
  timeoutMs = 15_000,
  replaceEnv = false,
): Promise<StartedServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'reference-server/src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...(replaceEnv ? {} : process.env), ...env, RC_REFERENCE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`reference server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/api/info`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`reference server did not answer within ${timeoutMs} ms:\n${output}`);
    }
    await delay(50);
  }
  return { url, port, output: () => output, stop: () => stopProcess(child) };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await once(child, 'exit');
  clearTimeout(timer);
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs a command to completion, capturing its output (never inherited: it may be run in parallel).
 * `env` is the command's whole environment when `replaceEnv` (a scrubbed one), else added to this one's.
 */
export async function runCommand(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 600_000,
  replaceEnv = false,
): Promise<CommandResult> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: replaceEnv ? env : { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code: code ?? 1, stdout, stderr, ms: performance.now() - started };
}
