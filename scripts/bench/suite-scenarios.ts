import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startScrubbedServer } from '../lib/suite-run.js';
import { type RunResult, runPlaywright } from './playwright-run.js';

/**
 * The Playwright runs the bench times: the runner's floor, the suite at several round-trip times, and
 * the suite for a checked account in many rooms. Every suite run gets a fresh reference server (started
 * outside the timed span), so no run inherits another's rooms.
 */

const REFERENCE_ADMIN = { user: 'admin', password: 'reference-admin-password' };
const CHECKED_USER = 'ct-bench-checked';
const FLOOR_CONFIG = join(import.meta.dirname, 'floor', 'playwright.config.ts');

export type Scenario =
  | { kind: 'floor' }
  | { kind: 'latency'; latencyMs: number }
  | { kind: 'rooms'; rooms: number };

export function scenarioName(scenario: Scenario): string {
  if (scenario.kind === 'floor') return 'floor';
  return scenario.kind === 'latency' ? `latency ${scenario.latencyMs} ms` : `${scenario.rooms} rooms`;
}

/**
 * The server's whole environment (nothing of the caller's RC_REFERENCE_* reaches it). The rate limiter
 * is off: a stock server limits a normal user (the checked account) to 10 rooms.get calls a minute, and
 * the bench measures the suite, not the limiter's waits (as Rocket.Chat's TEST_MODE does).
 */
function serverEnv(latencyMs: number, checked?: { password: string; rooms: number }): Record<string, string> {
  return {
    ROCKETCHAT_ADMIN_USER: REFERENCE_ADMIN.user,
    ROCKETCHAT_ADMIN_PASSWORD: REFERENCE_ADMIN.password,
    ROCKETCHAT_USER: checked ? CHECKED_USER : '',
    ROCKETCHAT_PASSWORD: checked ? checked.password : '',
    RC_REFERENCE_SEED_ROOMS: String(checked?.rooms ?? 0),
    RC_REFERENCE_LATENCY_MS: String(latencyMs),
    RC_REFERENCE_RATE_LIMIT: 'off',
    RC_REFERENCE_FAULTS: '',
    RC_REFERENCE_SHUFFLE: 'off',
    RC_REFERENCE_VERSION: '',
    RC_REFERENCE_REQUEST_LOG: '',
  };
}

export async function runScenario(scenario: Scenario): Promise<RunResult> {
  if (scenario.kind === 'floor') return runPlaywright({ configFile: FLOOR_CONFIG });
  // A fresh password per run, never printed: the checked account exists only on this server.
  const checked =
    scenario.kind === 'rooms'
      ? { password: randomBytes(18).toString('base64url'), rooms: scenario.rooms }
      : undefined;
  const server = await startScrubbedServer(
    serverEnv(scenario.kind === 'latency' ? scenario.latencyMs : 0, checked),
  );
  try {
    return await runPlaywright({
      upstream: server.url,
      env: {
        ROCKETCHAT_ADMIN_USER: REFERENCE_ADMIN.user,
        ROCKETCHAT_ADMIN_PASSWORD: REFERENCE_ADMIN.password,
        ...(checked ? { ROCKETCHAT_USER: CHECKED_USER, ROCKETCHAT_PASSWORD: checked.password } : {}),
      },
    });
  } finally {
    await server.stop();
  }
}
