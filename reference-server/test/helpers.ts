import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { ReferenceServerOptions, SeedUser } from '../src/config.js';
import { type StartedReferenceServer, startReferenceServer } from '../src/server.js';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Test helpers: every test talks HTTP to a real server on a free loopback port. */

export const ADMIN = { username: 'admin', password: 'reference-admin-password' } as const;

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
export type Json = any;

export interface HttpResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: Json;
  text: string;
}

export interface Credentials {
  userId: string;
  authToken: string;
}

export async function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; rawBody?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** The password fallback's 2FA headers: method `password`, code the lowercase sha256 hex of the password. */
export function passwordFallbackHeaders(password: string): Record<string, string> {
  return { 'x-2fa-method': 'password', 'x-2fa-code': createHash('sha256').update(password).digest('hex') };
}

/** A logged-in (or anonymous) client of one server. */
export class Client {
  constructor(
    readonly baseUrl: string,
    readonly credentials?: Credentials,
    /** Sent with every request (e.g. the 2FA password fallback, which servers that do not need it ignore). */
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  private authHeaders(): Record<string, string> {
    return this.credentials
      ? {
          ...this.extraHeaders,
          'X-User-Id': this.credentials.userId,
          'X-Auth-Token': this.credentials.authToken,
        }
      : { ...this.extraHeaders };
  }

  /** The same session with other extra headers. */
  withHeaders(headers: Record<string, string>): Client {
    return new Client(this.baseUrl, this.credentials, headers);
  }

  get(path: string, query: Record<string, string> | string = {}): Promise<HttpResult> {
    const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
    return request(`${this.baseUrl}${path}${search ? `?${search}` : ''}`, { headers: this.authHeaders() });
  }

  post(path: string, body: unknown = {}): Promise<HttpResult> {
    return request(`${this.baseUrl}${path}`, { method: 'POST', headers: this.authHeaders(), body });
  }

  /** rooms.get; `updatedSince` as given (a Date is sent as its ISO string). */
  roomsGet(updatedSince?: string | Date): Promise<HttpResult> {
    if (updatedSince === undefined) return this.get('/api/v1/rooms.get');
    const value = updatedSince instanceof Date ? updatedSince.toISOString() : updatedSince;
    return this.get('/api/v1/rooms.get', { updatedSince: value });
  }
}

/** Logs in by password; the client then sends the password fallback's 2FA headers with every call. */
export async function login(baseUrl: string, username: string, password: string): Promise<Client> {
  const result = await request(`${baseUrl}/api/v1/login`, { body: { user: username, password } });
  if (result.status !== 200) throw new Error(`login as ${username} failed: ${result.status} ${result.text}`);
  return new Client(
    baseUrl,
    { userId: result.body.data.userId, authToken: result.body.data.authToken },
    passwordFallbackHeaders(password),
  );
}

let sequence = 0;
/** A unique, valid room or user name for this test process. */
export function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

export interface TestServer extends StartedReferenceServer {
  admin: Client;
  /** Creates a normal user (password `pw-<username>`) and logs them in. */
  createUser(name?: { username?: string; name?: string }): Promise<Client & { username: string }>;
}

/**
 * Starts a quiet server (no request log, the REST limiter off unless asked) and logs the
 * admin in; the admin client sends the 2FA password fallback (profile 8+ gates users.create).
 */
export async function startTestServer(options: ReferenceServerOptions = {}): Promise<TestServer> {
  const server = await startReferenceServer({
    port: 0,
    log: false,
    rateLimit: false,
    ...options,
  });
  let admin: Client;
  try {
    admin = await login(server.url, ADMIN.username, ADMIN.password);
  } catch (error) {
    await server.close();
    throw error;
  }
  return Object.assign(server, {
    admin,
    async createUser(name: { username?: string; name?: string } = {}) {
      const username = name.username ?? uniqueName('user');
      const created = await admin.post('/api/v1/users.create', {
        username,
        name: name.name ?? `Name of ${username}`,
        email: `${username}@example.invalid`,
        password: `pw-${username}`,
      });
      if (created.status !== 200) throw new Error(`users.create failed: ${created.text}`);
      return Object.assign(await login(server.url, username, `pw-${username}`), { username });
    },
  });
}

/** Logs in one of the test-only seed users. */
export function loginSeed(server: StartedReferenceServer, user: SeedUser): Promise<Client> {
  return login(server.url, user.username, user.password);
}

/** The room with this id in a rooms.get `update`, or undefined. */
export function findRoom(result: HttpResult, rid: string): Json | undefined {
  return (result.body.update as Json[]).find((room) => room._id === rid);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Users whose ids sort differently by UTF-16 code units ("Z" < "a") and by localeCompare ("a" < "Z"). */
export const LOWER: SeedUser = {
  _id: 'aaaaaaaaaaaaaaaaa',
  username: 'xavier',
  name: 'Xavier',
  password: 'pw-xavier',
};
export const UPPER: SeedUser = {
  _id: 'ZZZZZZZZZZZZZZZZZ',
  username: 'yolanda',
  name: 'Yolanda',
  password: 'pw-yolanda',
};

/** A free loopback port, for tests that spawn the server as its own process. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The repository's root (fileURLToPath: URL.pathname keeps %20 for a space). */
export const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** The real CLI, as `npm run reference-server` runs it; `RC_REFERENCE_PORT=0` unless `env` says otherwise. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'reference-server/src/main.ts', ...args],
      { cwd: PROJECT_DIR, env: { ...process.env, RC_REFERENCE_PORT: '0', ...env }, timeout: 20_000 },
      (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
