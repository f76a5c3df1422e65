import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { Secret } from 'otpauth';
import { REFERENCE_ADMIN_PASSWORD, REFERENCE_ADMIN_USER } from '../../src/core/run/config.js';
import { freePort } from '../lib/processes.js';
import { runSuite, type SuiteRun, startScrubbedServer } from '../lib/suite-run.js';
import type { Figure } from './figures.js';
import { sampleStats } from './stats.js';

/**
 * Time to a clear stop: how long `npx playwright test` takes, from spawn to exit, to stop on a bad input
 * with one message that says what is wrong and how to fix it. tests/cli/bad-configuration.test.ts and
 * tests/cli/stock-gates.test.ts assert the message; the time is measured here, against the 10 s the
 * requirement names. Each run is the tests' run (scripts/lib/suite-run.ts: scrubbed environment, CI=1,
 * its own reports folder), and gets what its case needs — a fresh reference server in a scrubbed
 * environment, a plain HTML server, a port nothing listens on — made before the timed span and removed
 * after it. A run that did not stop as its case expects is reported with its problem and never timed.
 */

const TARGET_SECONDS = 10;
/** A run that has not stopped by then is killed and reported as not stopping. */
const RUN_TIMEOUT_MS = 120_000;

interface Prepared {
  /** The run's configuration, on top of the scrubbed environment. */
  env: Record<string, string>;
  /** Values the run's output must never show, besides the env's passwords, secrets and tokens. */
  secrets?: string[];
  stop(): Promise<void>;
}

interface StopCase {
  /** Key in bench.json: `stops.<id>.wallSeconds`. */
  id: string;
  label: string;
  /** The message the run must stop with (as tests/cli asserts it). */
  expected: RegExp;
  prepare(): Promise<Prepared>;
}

const ADMIN = {
  ROCKETCHAT_ADMIN_USER: REFERENCE_ADMIN_USER,
  ROCKETCHAT_ADMIN_PASSWORD: REFERENCE_ADMIN_PASSWORD,
};
const nothing = async (): Promise<void> => {};

/** A fresh reference server (its REST limiter, logins included, as it comes) with the reference admin. */
async function referenceServer(
  serverEnv: Record<string, string>,
  runEnv: Record<string, string>,
  secrets: string[] = [],
): Promise<Prepared> {
  const server = await startScrubbedServer({ ...ADMIN, ...serverEnv });
  return { env: { ROCKETCHAT_URL: server.url, ...runEnv }, secrets, stop: server.stop };
}

/** An HTTP server that answers every request with an HTML page: a URL that answers but is not Rocket.Chat. */
async function htmlServer(): Promise<Prepared> {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end('<html><body>It works!</body></html>');
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the HTML server has no port');
  return {
    env: { ROCKETCHAT_URL: `http://127.0.0.1:${address.port}`, ...ADMIN },
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

const CASES: StopCase[] = [
  {
    id: 'malformedUrl',
    label: 'a malformed ROCKETCHAT_URL',
    expected: /ROCKETCHAT_URL="chat\.example\.com:3000" .* Fix ROCKETCHAT_URL/,
    prepare: async () => ({ env: { ROCKETCHAT_URL: 'chat.example.com:3000', ...ADMIN }, stop: nothing }),
  },
  {
    id: 'connectionRefused',
    label: 'an unreachable URL (connection refused)',
    expected: /cannot reach http:\/\/127\.0\.0\.1:\d+: the connection was refused.*Check ROCKETCHAT_URL/,
    // A port the OS just handed out and took back: nothing listens there.
    prepare: async () => ({
      env: { ROCKETCHAT_URL: `http://127.0.0.1:${await freePort()}`, ...ADMIN },
      stop: nothing,
    }),
  },
  {
    id: 'notRocketChat',
    label: 'a URL that answers HTML, not Rocket.Chat',
    expected: /answered but this is not a Rocket\.Chat server/,
    prepare: htmlServer,
  },
  {
    id: 'wrongAdminPassword',
    label: 'a wrong admin password',
    expected:
      /ROCKETCHAT_ADMIN_USER.*ROCKETCHAT_ADMIN_PASSWORD|ROCKETCHAT_ADMIN_PASSWORD.*ROCKETCHAT_ADMIN_USER/,
    prepare: () =>
      referenceServer(
        {},
        { ...ADMIN, ROCKETCHAT_ADMIN_PASSWORD: `wrong-${randomBytes(12).toString('base64url')}` },
        [REFERENCE_ADMIN_PASSWORD],
      ),
  },
  {
    id: 'totpWithoutSecret',
    label: 'an admin with TOTP, no ROCKETCHAT_ADMIN_TOTP_SECRET',
    expected:
      /asks ROCKETCHAT_ADMIN_USER "admin" for a TOTP two-factor code at login\. Give the account's TOTP secret .* in ROCKETCHAT_ADMIN_TOTP_SECRET/,
    prepare: () => {
      const totpSecret = new Secret({ size: 20 }).base32;
      return referenceServer(
        { RC_REFERENCE_VERSION: '8', RC_REFERENCE_ADMIN_TOTP_SECRET: totpSecret },
        { CONTRACT_WRITE: 'true', ...ADMIN },
        [totpSecret],
      );
    },
  },
];

/** Values of a run's environment that are credentials: its output must never show them. */
function secretsOf(prepared: Prepared): string[] {
  const fromEnv = Object.entries(prepared.env)
    .filter(([name, value]) => /PASSWORD|SECRET|TOKEN/.test(name) && value !== '')
    .map(([, value]) => value);
  return [...fromEnv, ...(prepared.secrets ?? [])];
}

/**
 * Why a run is not the clear stop its case expects, or undefined when it is: it exited non-zero, within
 * the run timeout, with the expected message as the suite's only message, no check run, no stack trace,
 * and no secret in its output.
 */
export function stopProblem(
  run: Pick<SuiteRun, 'code' | 'output' | 'ms'>,
  expected: RegExp,
  secrets: readonly string[],
  timeoutMs = RUN_TIMEOUT_MS,
): string | undefined {
  if (run.ms >= timeoutMs) return `did not stop within ${timeoutMs / 1000} s (killed)`;
  if (run.code === 0) return 'exited 0';
  if (secrets.some((secret) => run.output.includes(secret)))
    return 'a secret given to the run is in its output';
  if (!expected.test(run.output)) return 'the expected message is not in the output';
  if (/\d+ (passed|failed)/.test(run.output)) return 'checks ran';
  if (/^\s+at /m.test(run.output)) return 'a stack trace in the output';
  const messages = run.output
    .split('\n')
    .filter((line) => /rooms-get-conformance: /.test(line) && !/target /.test(line)).length;
  return messages === 1 ? undefined : `${messages} messages from the suite, not one`;
}

interface StopRun {
  wallMs: number;
  exitCode: number;
  /** Why the run is not a clear stop; absent when it is. */
  problem?: string;
}

export interface StopResults {
  figures: Figure[];
  /** For bench.json: every run of every case. */
  details: { targetSeconds: number; runTimeoutMs: number; runs: Record<string, StopRun[]> };
  allStopped: boolean;
}

/** The last lines of a run's output with its secrets masked, for the bench's log. */
function tail(output: string, secrets: readonly string[]): string {
  const masked = secrets.reduce((text, secret) => text.split(secret).join('***'), output);
  return masked.trim().split('\n').slice(-8).join('\n') || '(no output)';
}

/** Every case once per round, interleaved, so load that comes and goes hits them alike. */
export async function measureStops(runs: number, log: (message: string) => void): Promise<StopResults> {
  const results = new Map<StopCase, StopRun[]>(CASES.map((stopCase) => [stopCase, []]));
  for (let round = 1; round <= runs; round++) {
    for (const stopCase of CASES) {
      const prepared = await stopCase.prepare();
      let run: SuiteRun;
      try {
        run = await runSuite(prepared.env, [], { timeoutMs: RUN_TIMEOUT_MS });
      } finally {
        await prepared.stop();
      }
      const secrets = secretsOf(prepared);
      const problem = stopProblem(run, stopCase.expected, secrets);
      results.get(stopCase)!.push({ wallMs: run.ms, exitCode: run.code, ...(problem ? { problem } : {}) });
      log(
        `round ${round}/${runs} stop on ${stopCase.label}: ${(run.ms / 1000).toFixed(2)} s ` +
          `(${problem ? `NOT a clear stop: ${problem}` : `exit ${run.code}, one clear message`})`,
      );
      if (problem) log(`  its last lines:\n${tail(run.output, secrets).replace(/^/gm, '    ')}`);
    }
  }
  return {
    figures: CASES.map((stopCase) => stopFigure(stopCase, results.get(stopCase)!)),
    details: {
      targetSeconds: TARGET_SECONDS,
      runTimeoutMs: RUN_TIMEOUT_MS,
      runs: Object.fromEntries(CASES.map((stopCase) => [stopCase.id, results.get(stopCase)!])),
    },
    allStopped: [...results.values()].every((list) => list.every((run) => run.problem === undefined)),
  };
}

/** Median, min and max over the runs that stopped as expected; the target is met only if every run did. */
function stopFigure(stopCase: StopCase, runs: StopRun[]): Figure {
  const figure: Figure = {
    id: `stops.${stopCase.id}.wallSeconds`,
    label: `stop on ${stopCase.label}`,
    unit: 's',
    target: `≤ ${TARGET_SECONDS} s`,
  };
  const stopped = runs.filter((run) => run.problem === undefined);
  const problems = [...new Set(runs.flatMap((run) => (run.problem ? [run.problem] : [])))];
  if (stopped.length === 0) {
    return {
      ...figure,
      met: false,
      note: `not measured: none of ${runs.length} run(s) stopped as expected (${problems.join('; ')})`,
    };
  }
  figure.summary = sampleStats(stopped.map((run) => run.wallMs / 1000));
  figure.met = problems.length === 0 && figure.summary.median <= TARGET_SECONDS;
  if (problems.length > 0) {
    figure.note =
      `${runs.length - stopped.length} of ${runs.length} runs did not stop as expected (${problems.join('; ')}); ` +
      `the times are of the ${stopped.length} that did`;
  } else if (!figure.met) {
    figure.note = `missed by ${(figure.summary.median - TARGET_SECONDS).toFixed(2)} s`;
  }
  return figure;
}
