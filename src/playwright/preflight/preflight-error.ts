import type { StopKind } from '../../core/results/summary.js';

/**
 * A preflight stop: the run cannot start, and ONE message says what is wrong and how to fix it —
 * a bad URL, wrong credentials, a Rocket.Chat setting or permission the suite needs. Never reported as
 * a failing contract check, and printed without a stack (the message is the whole story). Its kind
 * decides the exit code: `configuration` (2: the user's settings or files are wrong) or
 * `target-unusable` (4, the default: unreachable, not Rocket.Chat, no account can log in).
 */
export class PreflightError extends Error {
  override name = 'PreflightError';
  constructor(
    message: string,
    readonly kind: StopKind = 'target-unusable',
  ) {
    super(`rooms-get-conformance: ${message}`);
    this.stack = this.message;
  }
}
