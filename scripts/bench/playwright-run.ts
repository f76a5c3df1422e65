import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONReport } from '@playwright/test/reporter';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { stopProcess } from '../lib/processes.js';
import { type CriticalPath, criticalPath } from './critical-path.js';
import {
  type Identify,
  type LoggingProxy,
  type RecordedRequest,
  startLoggingProxy,
} from './logging-proxy.js';
import { PROC_AVAILABLE, socketInodes, socketOwners } from './proc.js';
import { type MemoryPeak, startRssSampler } from './rss-sampler.js';
import { CONFIG_VARIABLES } from '../../src/core/run/config.js';

/**
 * One timed Playwright run, as a user runs the suite: `playwright test` in a fresh process, with the
 * bench's logging proxy between the suite and the server and an RSS sampler on the process tree.
 */

const PLAYWRIGHT_CLI = join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const RUN_TIMEOUT_MS = 600_000;

export interface RunOptions {
  /** The server to run against; the suite reaches it through the logging proxy. */
  upstream?: string;
  /** A Playwright config other than the project's (the runner's floor). */
  configFile?: string;
  /** Extra environment for the run (checked account, …). Values here are never printed. */
  env?: Record<string, string>;
}

export interface RunResult {
  wallMs: number;
  exitCode: number;
  tests: { expected: number; unexpected: number; flaky: number; skipped: number } | undefined;
  memory: MemoryPeak;
  /** Undefined for a run without a server (the floor). */
  http?: {
    requests: number;
    /** Response body bytes received from the server over the whole run. */
    responseBytes: number;
    connections: number;
    /** Requests whose client process could not be told (counted in no worker's chain). */
    unattributed: number;
    criticalPath: CriticalPath;
    /** Requests per `METHOD /path`, most frequent first: which calls a scenario adds. */
    byRoute: Record<string, number>;
    /** How the critical path was computed: per client process, or over all requests. */
    criticalPathScope: 'per-process' | 'all-requests';
    /** The critical path's requests, in order: when each started (seconds into the run), who sent it (runner or a worker's pid) and its route. */
    criticalPathRoutes: string[];
  };
  /** The last lines of output when the run failed (never contains secrets: Playwright's JSON goes to a file). */
  failure?: string;
}

/**
 * The variables a user's shell or .env may hold that would change what is measured: blanked, so the
 * bench measures the configuration it names (dotenv does not override a variable that is set, even empty).
 */
const SCRUBBED = [...CONFIG_VARIABLES, 'CONTRACT_SECRETS_SPOOL', 'CI'];

export async function runPlaywright(options: RunOptions): Promise<RunResult> {
  const workDir = mkdtempSync(join(tmpdir(), 'rgc-bench-'));
  const jsonFile = join(workDir, 'results.json');
  let proxy: LoggingProxy | undefined;
  let sampler: ReturnType<typeof startRssSampler> | undefined;
  let runnerPid: number | undefined;
  try {
    // Attributes each connection to a process of the Playwright tree while the client still holds it.
    const identify: Identify = (clientPorts, proxyPort) => {
      const owners = new Map<number, number>();
      if (!PROC_AVAILABLE || sampler === undefined) return owners;
      const inodes = socketInodes(clientPorts, proxyPort);
      let found = socketOwners(inodes.values(), sampler.currentTree());
      // A process started since the tree was last sampled: look again with a fresh tree.
      if (found.size < inodes.size) found = socketOwners(inodes.values(), sampler.refresh());
      for (const [clientPort, inode] of inodes) {
        const pid = found.get(inode);
        if (pid !== undefined) owners.set(clientPort, pid);
      }
      return owners;
    };
    if (options.upstream) proxy = await startLoggingProxy(options.upstream, identify);

    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of SCRUBBED) env[name] = '';
    Object.assign(env, {
      PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile,
      CONTRACT_REPORTS_DIR: join(workDir, 'reports'),
      FORCE_COLOR: '0',
      ...(proxy ? { ROCKETCHAT_URL: proxy.url, CONTRACT_WRITE: 'true' } : {}),
      ...options.env,
    });
    const args = [PLAYWRIGHT_CLI, 'test', '--reporter=json', `--output=${join(workDir, 'test-results')}`];
    if (options.configFile) args.push(`--config=${options.configFile}`);

    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    runnerPid = child.pid;
    if (runnerPid !== undefined && PROC_AVAILABLE) sampler = startRssSampler(runnerPid);
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const timer = setTimeout(() => void stopProcess(child), RUN_TIMEOUT_MS);
    const [code] = (await once(child, 'exit')) as [number | null];
    const wallMs = performance.now() - started;
    clearTimeout(timer);
    const memory = sampler?.stop() ?? {
      peakTotalBytes: 0,
      peakProportionalBytes: 0,
      peakProcessBytes: 0,
      samples: 0,
      maxProcesses: 0,
    };

    let tests: RunResult['tests'];
    try {
      const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as JSONReport;
      tests = {
        expected: report.stats.expected,
        unexpected: report.stats.unexpected,
        flaky: report.stats.flaky,
        skipped: report.stats.skipped,
      };
    } catch {
      tests = undefined;
    }
    const result: RunResult = { wallMs, exitCode: code ?? 1, tests, memory };
    if (result.exitCode !== 0 || !tests || tests.unexpected > 0) {
      result.failure = output.trim().split('\n').slice(-8).join('\n') || '(no output)';
    }
    if (proxy) result.http = summariseRequests(proxy, runnerPid, started);
    return result;
  } finally {
    sampler?.stop();
    await proxy?.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Per-process when the clients could be told apart (Linux /proc); otherwise over all requests, which
 * lets requests of different workers chain and so overstates the path — said in the report.
 */
function summariseRequests(
  proxy: LoggingProxy,
  runnerPid: number | undefined,
  started: number,
): NonNullable<RunResult['http']> {
  const requests = proxy.requests;
  const unattributed = requests.filter((request) => request.client === undefined).length;
  const counts = new Map<string, number>();
  for (const request of requests) {
    const route = `${request.method} ${request.path}`;
    counts.set(route, (counts.get(route) ?? 0) + 1);
  }
  const byRoute = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
  const perProcess = PROC_AVAILABLE && unattributed <= requests.length * 0.05;
  const path = perProcess
    ? criticalPath(requests, { barrierClient: runnerPid })
    : criticalPath(requests, { singleClient: true });
  return {
    requests: requests.length,
    responseBytes: requests.reduce((sum, request) => sum + request.bytes, 0),
    connections: proxy.connections,
    unattributed,
    criticalPath: path,
    criticalPathScope: perProcess ? 'per-process' : 'all-requests',
    criticalPathRoutes: path.chain.map((index) => {
      const request = requests[index] as RecordedRequest;
      const who = request.client === runnerPid ? 'runner' : `worker ${request.client ?? '?'}`;
      const at = ((request.start - started) / 1000).toFixed(2);
      return `${at}s ${who} ${request.method} ${request.path}`;
    }),
    byRoute,
  };
}
