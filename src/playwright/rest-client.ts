import { setTimeout as sleep } from 'node:timers/promises';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { HttpAnswer } from '../core/contract/contract-check.js';
import { DEFAULT_TIMEOUTS } from '../core/run/config.js';
import type { Redactor } from '../core/secrets/redact.js';
import { API_PREFIX, type Session } from '../core/rocketchat/rocketchat-api.js';

/**
 * The one way the suite talks HTTP (model: Rocket.Chat's tests/data/api-data.ts, minus its mutable
 * global credentials). Every call:
 * - sends the auth headers of the session it was built with, or exactly the headers a check asks for;
 * - never throws Playwright's own errors: their "Call log" lists every request header, token included,
 *   so they are rethrown without the call log and with every known secret redacted;
 * - honours 429 by waiting for X-RateLimit-Reset within a bound, then fails naming rate limiting;
 * - retries transport errors only (connection reset; 502/503/504 on a GET), a bounded number of times.
 * Status codes are never asserted here: the checks do that (no toBeOK, no failOnStatusCode).
 */

export type Query = Record<string, string | readonly string[] | undefined>;

/** `'session'`: the client's own credentials; `'none'`: no auth header; or exactly these headers. */
export type Auth = 'session' | 'none' | { 'X-User-Id'?: string; 'X-Auth-Token'?: string };

export interface RestResponse<T = unknown> extends HttpAnswer {
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: T | undefined;
}

/**
 * The second factor an account gives on the routes Rocket.Chat guards with one (users.update of another
 * user, users.generatePersonalAccessToken; users.create on the develop branch): the headers x-2fa-method and
 * x-2fa-code. A password account sends the password fallback (the password's SHA-256 hex), a TOTP
 * account a fresh code. A server that does not ask ignores them (docs/rocketchat-behaviour.md §9.2).
 */
export interface SecondFactor {
  method: 'password' | 'totp';
  code(): string;
}

export interface ClientEvents {
  /** Called before the client sleeps `ms` because the server answered 429. */
  rateLimitWait?(ms: number, request: string): void;
  /** Called before a transport error is retried. */
  transportRetry?(request: string, cause: string): void;
}

export interface RestClientOptions {
  request: APIRequestContext;
  /** The target's base URL, without a trailing slash. */
  baseUrl: string;
  redactor: Redactor;
  session?: Session | undefined;
  /** What this account sends on second-factor routes; undefined for a personal access token. */
  secondFactor?: SecondFactor | undefined;
  events?: ClientEvents;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** The longest the client waits on 429s for one request before giving up. */
  rateLimitBoundMs?: number;
  transportRetries?: number;
}

export interface RequestOptions {
  auth?: Auth;
  timeoutMs?: number;
  /** A route Rocket.Chat guards with a second factor: send this account's (see SecondFactor). */
  twoFactor?: boolean;
}

/** The terminal line that says a rate-limit wait as it starts: what, how long, why. */
export function rateLimitWaitLine(ms: number, request: string): string {
  return (
    `rate limit: ${request} answered 429: waiting ${(ms / 1000).toFixed(1)} s, ` +
    "as the server's X-RateLimit-Reset asks (the summary totals the waits)"
  );
}

/** The server kept answering 429 for longer than the suite may wait. */
export class RateLimitError extends Error {
  override name = 'RateLimitError';
}

/** No HTTP answer: refused, reset, unknown host, TLS failure, timeout. `code` names the cause. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const TRANSPORT_CODES =
  /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|EPROTO|socket hang up|CERT_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|ERR_SSL_[A-Z_]+|ERR_TLS_[A-Z_]+|Timeout \d+ms exceeded)/;
const RETRYABLE_CODES = new Set(['ECONNRESET', 'socket hang up', 'EPIPE']);
const RETRYABLE_GET_STATUSES = new Set([502, 503, 504]);

export class RestClient {
  readonly #options: Required<Omit<RestClientOptions, 'session' | 'events' | 'secondFactor'>> & {
    session: Session | undefined;
    secondFactor: SecondFactor | undefined;
    events: ClientEvents;
  };

  constructor(options: RestClientOptions) {
    this.#options = {
      timeoutMs: DEFAULT_TIMEOUTS.requestMs,
      rateLimitBoundMs: 65_000,
      transportRetries: 2,
      events: {},
      ...options,
      session: options.session,
      secondFactor: options.secondFactor,
    };
  }

  get session(): Session | undefined {
    return this.#options.session;
  }

  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  get redactor(): Redactor {
    return this.#options.redactor;
  }

  get events(): ClientEvents {
    return this.#options.events;
  }

  /** The same connection and hooks, another account (or none), with that account's second factor. */
  withSession(session: Session | undefined, secondFactor?: SecondFactor): RestClient {
    return new RestClient({ ...this.#options, session, secondFactor });
  }

  /** The same connection and account, other hooks (work that outlives the test that started it). */
  withEvents(events: ClientEvents): RestClient {
    return new RestClient({ ...this.#options, events });
  }

  get<T = unknown>(path: string, options: RequestOptions & { query?: Query } = {}) {
    return this.#send<T>('GET', path, undefined, options);
  }

  /** `data` may be a function, called for each attempt (a login's TOTP code must be fresh after a 429 wait). */
  post<T = unknown>(path: string, data: unknown, options: RequestOptions = {}) {
    return this.#send<T>('POST', path, data, options);
  }

  /** `rooms.get` → `<base>/api/v1/rooms.get`; a path starting with `/` is taken as is (`/api/info`). */
  #pathFor(path: string, query: Query | undefined): string {
    const base = path.startsWith('/') ? path : `${API_PREFIX}/${path}`;
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const item of typeof value === 'string' ? [value] : value) params.append(name, item);
    }
    const search = params.toString();
    return search === '' ? base : `${base}?${search}`;
  }

  #headers(auth: Auth, twoFactor: boolean): Record<string, string> {
    const headers = this.#authHeaders(auth);
    const factor = this.#options.secondFactor;
    if (twoFactor && factor) {
      headers['x-2fa-method'] = factor.method;
      headers['x-2fa-code'] = factor.code();
    }
    return headers;
  }

  #authHeaders(auth: Auth): Record<string, string> {
    if (auth === 'none') return {};
    if (auth === 'session') {
      const session = this.#options.session;
      if (!session) throw new Error('this client has no session: log in first or pass auth explicitly');
      return { 'X-User-Id': session.userId, 'X-Auth-Token': session.authToken };
    }
    const headers: Record<string, string> = {};
    if (auth['X-User-Id'] !== undefined) headers['X-User-Id'] = auth['X-User-Id'];
    if (auth['X-Auth-Token'] !== undefined) headers['X-Auth-Token'] = auth['X-Auth-Token'];
    return headers;
  }

  async #send<T>(
    method: 'GET' | 'POST',
    path: string,
    data: unknown,
    options: RequestOptions & { query?: Query },
  ): Promise<RestResponse<T>> {
    const { request, baseUrl, redactor, events, rateLimitBoundMs, transportRetries } = this.#options;
    const pathAndQuery = this.#pathFor(path, options.query);
    const url = `${baseUrl}${pathAndQuery}`;
    const label = redactor.redact(`${method} ${pathAndQuery}`);
    const headers = this.#headers(options.auth ?? 'session', options.twoFactor === true);
    let waitedMs = 0;
    let retries = 0;
    for (;;) {
      let response: APIResponse;
      try {
        response = await request.fetch(url, {
          method,
          headers,
          ...(data === undefined ? {} : { data: typeof data === 'function' ? data() : data }),
          timeout: options.timeoutMs ?? this.#options.timeoutMs,
          failOnStatusCode: false,
          maxRetries: 0,
        });
      } catch (error) {
        const { message, code } = describePlaywrightError(error, redactor);
        if (RETRYABLE_CODES.has(code) && retries < transportRetries) {
          retries += 1;
          events.transportRetry?.(label, code);
          await sleep(200 * retries);
          continue;
        }
        throw new TransportError(`${label} failed: ${message}`, code);
      }
      const status = response.status();
      if (method === 'GET' && RETRYABLE_GET_STATUSES.has(status) && retries < transportRetries) {
        retries += 1;
        await response.dispose();
        events.transportRetry?.(label, `HTTP ${status}`);
        await sleep(200 * retries);
        continue;
      }
      const headersOut = response.headers();
      const text = await response.text();
      await response.dispose();
      if (status === 429) {
        const waitMs = rateLimitWaitMs(headersOut['x-ratelimit-reset'], text);
        if (waitedMs + waitMs > rateLimitBoundMs) {
          throw new RateLimitError(
            `${label}: rate limited by the server (429 Too Many Requests) for longer than the ` +
              `${Math.round(rateLimitBoundMs / 1000)} s the suite waits (already waited ` +
              `${Math.round(waitedMs / 1000)} s, asked for ${Math.round(waitMs / 1000)} s more). ` +
              rateLimitAdvice(path),
          );
        }
        events.rateLimitWait?.(waitMs, label);
        await sleep(waitMs);
        waitedMs += waitMs;
        continue;
      }
      let body: T | undefined;
      try {
        body = JSON.parse(text) as T;
      } catch {
        body = undefined;
      }
      return {
        method,
        path: pathAndQuery,
        url,
        status,
        headers: headersOut,
        contentType: headersOut['content-type'],
        text,
        body,
      };
    }
  }
}

/**
 * What to do about a route that stays rate limited. A login has no user yet, so no permission bypasses
 * its limit (Rocket.Chat limits the REST login like any route, per client IP).
 */
function rateLimitAdvice(path: string): string {
  const limit =
    'A stock Rocket.Chat allows 10 calls a minute per route and client IP (API_Enable_Rate_Limiter_Limit_Calls_Default)';
  if (path === 'login')
    return (
      `${limit}, logins included, which nobody bypasses (no user yet). Wait a minute and run again, or give ` +
      'the admin as a personal access token (ROCKETCHAT_ADMIN_USER_ID, ROCKETCHAT_ADMIN_AUTH_TOKEN), which needs no login.'
    );
  return `${limit}; run the suite with an account that has the api-bypass-rate-limit permission (e.g. an admin), or raise that setting.`;
}

/**
 * How long a 429 asks to wait: X-RateLimit-Reset is the server's epoch milliseconds of the window
 * reset; the body says "You must wait N seconds". The header is trusted only when it is plausible
 * for the local clock (staging clocks are skewed); a small margin avoids landing just before the reset.
 */
export function rateLimitWaitMs(resetHeader: string | undefined, body: string, now = Date.now()): number {
  const margin = 250;
  const reset = Number(resetHeader);
  if (resetHeader !== undefined && Number.isFinite(reset)) {
    const untilReset = reset - now;
    if (untilReset >= 0 && untilReset <= 120_000) return untilReset + margin;
  }
  const seconds = /wait (\d+) seconds?/.exec(body)?.[1];
  if (seconds !== undefined) return Number(seconds) * 1000 + margin;
  return 1000;
}

/** Playwright's message without its call log (request headers), redacted, plus a short cause code. */
export function describePlaywrightError(
  error: unknown,
  redactor: Redactor,
): { message: string; code: string } {
  const raw = error instanceof Error ? error.message : String(error);
  const withoutCallLog = raw.split(/\n\s*Call log:/)[0] ?? raw;
  const firstLines = withoutCallLog
    .replace(/^(apiRequestContext|APIRequestContext)\.\w+:\s*/i, '')
    .trim()
    .split('\n')
    .slice(0, 3)
    .join(' ');
  const code = TRANSPORT_CODES.exec(raw)?.[1] ?? 'unknown';
  return { message: redactor.redact(firstLines), code };
}
