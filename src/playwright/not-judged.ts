import { RateLimitError, TransportError } from './rest-client.js';
import { ApiError } from './rocketchat-client.js';
import { SeedingError } from './seeder.js';

/** Why a check could not be judged, one line, in the words of the report. */
export function notJudgedCause(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  if (error instanceof SeedingError) return `seeding: ${message.replace(/^seeding failed at /, '')}`;
  if (error instanceof RateLimitError) return `rate limit: ${message}`;
  if (error instanceof TransportError) return `transport: ${message}`;
  if (error instanceof PremiseError) return `premise: ${message}`;
  if (error instanceof ApiError) return `the server refused a call the check needs: ${message}`;
  return `unexpected error in the check (${error instanceof Error ? error.name : typeof error}): ${message}`;
}

/**
 * A check could not establish what it needs before judging (e.g. the server's timestamps never showed
 * the order a check needs within the bound): the contract is not judged.
 */
export class PremiseError extends Error {
  override name = 'PremiseError';
}
