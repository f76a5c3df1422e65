import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from '@playwright/test';
import semver from 'semver';
import { resolveConfig, type SuiteConfig } from '../core/config.js';
import { contractHash } from '../core/contract-hash.js';
import type { Session } from '../core/rocketchat-api.js';
import { PROJECT_ROOT } from '../core/project-root.js';
import { normaliseVersion } from '../core/rocketchat-version.js';
import { expiredWaivers, loadWaivers } from '../core/waivers.js';
import { RestClient, TransportError } from './rest-client.js';
import { ApiError, RocketChatClient, summarise } from './rocketchat-client.js';
import { redactor, registerConfigSecrets } from './secrets.js';
import { type StoredSessions, saveSessions } from './session-store.js';
import { ADMIN_SELF_DMS_ENV, findSelfDms } from './self-dm.js';
import { publishTarget } from './target.js';

/**
 * Preflight, once per run after webServer has started: is the target a reachable Rocket.Chat, do the
 * credentials work, which version is it, are the waivers still valid. Each failure is one message saying
 * what is wrong and how to fix it, within seconds (a 5 s timeout per request). The results reach the
 * workers and reporters as CONTRACT_* environment variables.
 */
const PREFLIGHT_TIMEOUT_MS = 4_000;

export class PreflightError extends Error {
  override name = 'PreflightError';
  constructor(message: string) {
    super(`rooms-get-conformance: ${message}`);
    // Playwright prints the stack when there is one: this message is the whole story.
    this.stack = this.message;
  }
}

export default async function globalSetup(): Promise<void> {
  const config = resolveConfig();
  registerConfigSecrets(config);
  const context = await request.newContext();
  try {
    const client = new RocketChatClient(
      new RestClient({ request: context, baseUrl: config.url, redactor, timeoutMs: PREFLIGHT_TIMEOUT_MS }),
    );
    await probeRocketChat(client, config);
    const sessions = await openSessions(client, config);
    const serverVersion = await readVersion(client.as(sessions.primary));
    checkWaivers(serverVersion);
    if (config.write && sessions.primary.isAdmin) {
      const before = await findSelfDms(
        client.as(sessions.primary),
        sessions.primary.userId,
        sessions.primary.username,
      );
      process.env[ADMIN_SELF_DMS_ENV] = before.join(',');
    }
    saveSessions(sessions);
    const runId = Date.now().toString(36).slice(-5) + randomBytes(2).toString('hex').slice(0, 3);
    publishTarget({
      url: config.url,
      serverVersion,
      profile: config.profile,
      write: config.write,
      runId,
      suiteVersion: suiteVersion(),
      contractHash: contractHash(),
    });
    console.log(
      `rooms-get-conformance: target ${config.url} (Rocket.Chat ${serverVersion ?? 'version unknown'}), ` +
        `profile ${config.profile}, write mode ${config.write ? 'on' : 'off'}, run ${runId}`,
    );
  } finally {
    await context.dispose();
  }
}

/** GET /api/info: reachable, and answering as Rocket.Chat does. */
async function probeRocketChat(client: RocketChatClient, config: SuiteConfig): Promise<void> {
  const fix = config.referenceServer
    ? 'The bundled reference server should have been started by Playwright (npm run reference-server).'
    : 'Check ROCKETCHAT_URL in .env or the environment.';
  let response: Awaited<ReturnType<RocketChatClient['info']>>;
  try {
    response = await client.info();
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    throw new PreflightError(`${describeTransportFailure(config.url, error)} ${fix}`);
  }
  const version = response.body?.version;
  if (response.status !== 200 || typeof version !== 'string' || !/^\d+\.\d+/.test(version)) {
    throw new PreflightError(
      `${config.url} answered but this is not a Rocket.Chat server: ${summarise(response, client.rest)} ` +
        `(expected JSON with a "version" such as "7.10"). ${fix}`,
    );
  }
}

export function describeTransportFailure(url: string, error: TransportError): string {
  const host = new URL(url).host;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `cannot reach ${url}: the connection was refused (ECONNREFUSED). Is Rocket.Chat running on ${host}?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach ${url}: unknown host "${new URL(url).hostname}" (${error.code}).`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot reach ${url}: no route to ${host} (${error.code}).`;
    default:
      if (/^Timeout/.test(error.code) || error.code === 'ETIMEDOUT') {
        return `${url} did not answer GET /api/info within ${PREFLIGHT_TIMEOUT_MS / 1000} s (timeout).`;
      }
      if (/CERT|SSL|TLS|EPROTO/.test(error.code)) {
        return (
          `TLS error talking to ${url} (${error.code}): the certificate is not trusted, or the port does not ` +
          'speak TLS (http:// versus https://). For a private CA set NODE_EXTRA_CA_CERTS.'
        );
      }
      return `cannot reach ${url}: ${error.message}.`;
  }
}

/** Logs in the accounts the run uses; a refusal names the variables to fix. */
async function openSessions(client: RocketChatClient, config: SuiteConfig): Promise<StoredSessions> {
  let checked: StoredSessions['checked'];
  const account = config.checkedAccount;
  if (account?.kind === 'password') {
    const session = await loginOrExplain(client, account.username, account.password, [
      'ROCKETCHAT_USER',
      'ROCKETCHAT_PASSWORD',
    ]);
    checked = { ...session, kind: 'password' };
  } else if (account?.kind === 'token') {
    const session: Session = { userId: account.userId, authToken: account.authToken };
    try {
      const me = await client.as(session).me();
      checked = { ...session, username: me.username, kind: 'token' };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw new PreflightError(
        `${config.url} refused the personal access token of ROCKETCHAT_USER_ID "${account.userId}" ` +
          `(${error.status}): check ROCKETCHAT_USER_ID and ROCKETCHAT_AUTH_TOKEN (Account → Personal Access Tokens).`,
      );
    }
  }
  if (config.admin) {
    const session = await loginOrExplain(client, config.admin.username, config.admin.password, [
      'ROCKETCHAT_ADMIN_USER',
      'ROCKETCHAT_ADMIN_PASSWORD',
    ]);
    return { primary: { ...session, isAdmin: true }, ...(checked ? { checked } : {}) };
  }
  if (!checked)
    throw new PreflightError('no account to run the checks with (a bug: config validation allows none)');
  return { primary: { ...checked, isAdmin: false }, checked };
}

async function loginOrExplain(
  client: RocketChatClient,
  username: string,
  password: string,
  [userVariable, passwordVariable]: [string, string],
): Promise<Session> {
  try {
    return await client.login(username, password);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw new PreflightError(
      `${client.rest.baseUrl} refused the login of ${userVariable} "${username}" (HTTP ${error.status}): ` +
        `check ${userVariable} and ${passwordVariable}.`,
    );
  }
}

/** The full version: /api/info gives X.Y.Z to a caller with view-statistics, X.Y to anyone. */
async function readVersion(client: RocketChatClient): Promise<string | undefined> {
  const response = await client.info({ auth: 'session' });
  const detailed = response.body?.info?.version;
  const version = typeof detailed === 'string' ? detailed : response.body?.version;
  return typeof version === 'string' ? version : undefined;
}

/** An expired waiver that applies to this server fails the run: fix the deviation or renew the waiver. */
function checkWaivers(serverVersion: string | undefined): void {
  const version = serverVersion === undefined ? undefined : normaliseVersion(serverVersion);
  const expired = expiredWaivers(loadWaivers(), new Date(), serverVersion).filter(
    (waiver) =>
      waiver.versions === undefined ||
      (version !== undefined && semver.satisfies(version, waiver.versions, { includePrerelease: true })),
  );
  if (expired.length > 0) {
    const list = expired.map((waiver) => `${waiver.id} (check ${waiver.check}, expired ${waiver.expires})`);
    throw new PreflightError(
      `waiver(s) in force for Rocket.Chat ${serverVersion ?? '(unknown version)'} have expired: ${list.join('; ')}. ` +
        'Fix the deviation, or renew the waiver in contract/waivers.yaml with a new "expires" date and a reason.',
    );
  }
}

function suiteVersion(): string {
  const file = join(PROJECT_ROOT, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
}
