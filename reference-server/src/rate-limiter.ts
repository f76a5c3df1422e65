import { tooManyRequestsBody } from './rules/error-bodies.js';

/**
 * Rocket.Chat's REST rate limiter (apps/meteor/app/api/server/ApiClass.ts `enforceRateLimit`), after Meteor's `RateLimiter`: one rule per route+method,
 * counters per client IP, and a window that restarts for the whole rule once it has elapsed.
 * Rocket.Chat's defaults are 10 calls per 60 000 ms.
 */
export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds at which the window restarts (X-RateLimit-Reset). */
  resetAt: number;
  /** Seconds to wait, rounded up, for the 429 message. */
  secondsToReset: number;
  /** Milliseconds until the window restarts (`timeToReset` in Meteor's RateLimiter). */
  timeToResetMs: number;
}

interface Rule {
  lastReset: number;
  counters: Map<string, number>;
}

export class RateLimiter {
  private readonly rules = new Map<string, Rule>();

  constructor(
    private readonly calls: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one call of `route` from `clientIp` and says whether it may proceed. */
  hit(route: string, clientIp: string): RateLimitVerdict {
    const now = this.now();
    let rule = this.rules.get(route);
    if (!rule) {
      rule = { lastReset: now, counters: new Map() };
      this.rules.set(route, rule);
    }
    if (now - rule.lastReset >= this.windowMs) {
      rule.counters.clear();
      rule.lastReset = now;
    }
    const count = (rule.counters.get(clientIp) ?? 0) + 1;
    rule.counters.set(clientIp, count);
    const timeToReset = this.windowMs - (now - rule.lastReset);
    const allowed = count <= this.calls;
    return {
      allowed,
      limit: this.calls,
      remaining: allowed ? this.calls - count : 0,
      resetAt: now + timeToReset,
      secondsToReset: Math.ceil(timeToReset / 1000),
      timeToResetMs: timeToReset,
    };
  }
}

export function rateLimitHeaders(verdict: RateLimitVerdict): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(verdict.limit),
    'X-RateLimit-Remaining': String(verdict.remaining),
    'X-RateLimit-Reset': String(verdict.resetAt),
  };
}

/** 429 with Rocket.Chat's body; the headers are added by the caller. */
export function tooManyRequests(verdict: RateLimitVerdict): { status: 429; body: Record<string, unknown> } {
  return { status: 429, body: tooManyRequestsBody(verdict.secondsToReset) };
}
