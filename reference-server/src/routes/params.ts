import { InvalidParamsError } from '../errors.js';

/** Small validators in the words of Rocket.Chat's ajv validators (`must have required property 'x'`). */

export function requireStrings(body: Record<string, unknown>, keys: readonly string[]): void {
  const messages: string[] = [];
  for (const key of keys) {
    if (!(key in body)) messages.push(`must have required property '${key}'`);
    else if (typeof body[key] !== 'string') messages.push('must be string');
  }
  if (messages.length > 0) throw new InvalidParamsError(messages);
}

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidParamsError(['must be string']);
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new InvalidParamsError(['must be boolean']);
}

/** count/offset as `getPaginationItems`: count defaults to 50 and is capped at 100. */
export function pagination(query: (name: string) => string | undefined): { count: number; offset: number } {
  const count = Number.parseInt(query('count') ?? '', 10);
  const offset = Number.parseInt(query('offset') ?? '', 10);
  return {
    count: Number.isFinite(count) && count >= 0 ? Math.min(count, 100) : 50,
    offset: Number.isFinite(offset) && offset >= 0 ? offset : 0,
  };
}
