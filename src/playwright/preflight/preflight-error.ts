/**
 * A preflight stop: the run cannot start, and ONE message says what is wrong and how to fix it —
 * a bad URL, wrong credentials, a Rocket.Chat setting or permission the suite needs. Never reported as
 * a failing contract check, and printed without a stack (the message is the whole story).
 */
export class PreflightError extends Error {
  override name = 'PreflightError';
  constructor(message: string) {
    super(`rooms-get-conformance: ${message}`);
    this.stack = this.message;
  }
}
