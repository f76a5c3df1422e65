import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type APIRequestContext, type FullConfig, request } from '@playwright/test';
import { plannedChecks } from '../../core/run/checks.js';
import { resolveConfig, type SuiteConfig } from '../../core/run/config.js';
import { contractHash } from '../../core/contract/contract-hash.js';
import { PROJECT_ROOT } from '../../core/project-root.js';
import { abandonedRuns, forgetAbandoned, openRunLedger } from '../../core/run/seed-ledger.js';
import { loadWaivers } from '../../core/run/waivers.js';
import { mapLimit } from '../../core/run/map-limit.js';
import { rulesFor, newerThanKnownNote } from '../../core/rocketchat/version-rules.js';
import { prepareReporterFallback } from '../reporters/fallback.js';
import {
  type ClientEvents,
  RateLimitError,
  RestClient,
  rateLimitWaitLine,
  TransportError,
} from '../rest-client.js';
import { ApiError, RocketChatClient, describeResponse } from '../rocketchat-client.js';
import type { PreflightStep } from '../../core/results/summary.js';
import type { RunPlan, StopRecord, StoredSession, TargetState } from '../run-state.js';
import { DEFAULT_TARGET_KEY, saveStopRecord, saveRunState } from '../run-state.js';
import { adminSecondFactor, totpCodes } from '../second-factor.js';
import { redactor, registerConfigSecrets } from '../secrets.js';
import { loadTargetPlan, type PlannedTarget } from '../target-plan.js';
import { explainLoginRefusal, missingPermissions } from './explain.js';
import { PreflightError } from './preflight-error.js';
import { deleteWorld, sweep } from './global-teardown.js';
import { seedWorld } from './build-shared-world.js';
import { worldPiecesFor } from '../shared-world.js';

/**
 * Preflight, once per run after webServer has started, for every target of the run: is it a reachable
 * Rocket.Chat, do the credentials work (with the second factor they need), which version is it, are the
 * waivers still valid, may the suite seed there — and, in write mode, the shared world of test users and
 * rooms, built once for the whole run. Each stop is one message saying what is wrong and how to fix it,
 * within seconds (a 4 s timeout per request). The results reach the workers and global teardown through
 * the run state (src/playwright/run-state.ts).
 */
/** Targets prepared at once in a multi-target run. */
const PREFLIGHT_CONCURRENCY = 8;

/** A rate-limit wait in preflight is said as it starts: a minute of silence looks like a hang. */
const preflightEvents: ClientEvents = {
  rateLimitWait: (ms, request) => console.log(rateLimitWaitLine(ms, request)),
};

export default async function globalSetup(config: FullConfig): Promise<void> {
  const suite = resolveConfig();
  registerConfigSecrets(suite);
  prepareReporterFallback(config);
  const plan: readonly PlannedTarget[] = loadTargetPlan() ?? [{ key: DEFAULT_TARGET_KEY, url: suite.url }];
  const runId = Date.now().toString(36).slice(-5) + randomBytes(2).toString('hex').slice(0, 3);
  // Before anything is seeded: what this run creates is known even if it is interrupted in preflight.
  if (suite.write) openRunLedger(runId);
  const { planned, notApplicable } = plannedChecks(suite.profile, suite.checkedAccount !== undefined);
  const plannedIds = planned.map((check) => check.id);
  const runPlan: RunPlan = {
    runId,
    suiteVersion: suiteVersion(),
    contractHash: contractHash(),
    planned: plannedIds,
    notApplicable,
  };
  // The first target to stop the run is the one its record tells of.
  let stopped: StopRecord | undefined;
  const context = await request.newContext();
  try {
    const targets = await mapLimit(plan, PREFLIGHT_CONCURRENCY, async (target) => {
      const progress: PreflightProgress = { step: 'reach the server' };
      try {
        return await preflightTarget(context, suite, target, plannedIds, runId, progress);
      } catch (error) {
        if (error instanceof PreflightError) {
          stopped ??= {
            ...runPlan,
            stop: { kind: error.kind, message: redactor.redact(error.message), step: progress.step },
            target: {
              url: target.url,
              profile: suite.profile,
              write: suite.write,
              ...(progress.serverVersion ? { serverVersion: progress.serverVersion } : {}),
            },
          };
        }
        throw error;
      }
    }).catch((error: unknown) => {
      if (stopped) saveStopRecord(stopped);
      throw error;
    });
    saveRunState({ ...runPlan, targets });
    for (const target of targets.slice(0, 3)) console.log(describeTarget(target, suite, runId));
    if (targets.length > 3) console.log(`rooms-get-conformance: … and ${targets.length - 3} more targets`);
  } finally {
    await context.dispose();
  }
}

function describeTarget(target: TargetState, suite: SuiteConfig, runId: string): string {
  const rules = rulesFor(target.serverVersion);
  const seeding = target.seeding
    ? `, test users @${target.seeding.emailDomain}${target.seeding.verifiedEmails ? ' (verified addresses)' : ''}`
    : '';
  const newer = newerThanKnownNote(rules);
  const refused = target.world?.pieces.filter((piece) => !piece.built) ?? [];
  const world =
    refused.length > 0
      ? `\n  note: the shared world was built without ${refused.map((piece) => piece.piece).join(', ')}; ` +
        'the checks that need them are not judged (the report names the refused calls)'
      : '';
  const permissions = target.missingPermissions
    ? `\n  note: permissions the write mode uses are not granted: ${target.missingPermissions.join('; ')}`
    : '';
  return (
    `rooms-get-conformance: target ${target.url} (Rocket.Chat ${target.serverVersion}), profile ${suite.profile}, ` +
    `write mode ${target.write ? 'on' : 'off'}${seeding}, run ${runId}${newer ? `\n  note: ${newer}` : ''}` +
    permissions +
    world
  );
}

/** How far preflight got with a target: the step it is taking, and the version once /api/info told it. */
interface PreflightProgress {
  step: PreflightStep;
  serverVersion?: string;
}

async function preflightTarget(
  context: APIRequestContext,
  suite: SuiteConfig,
  planned: PlannedTarget,
  /** The checks the configuration plans; a multi-target plan may narrow them per target. */
  plannedIds: readonly string[],
  runId: string,
  progress: PreflightProgress,
): Promise<TargetState> {
  const anonymous = new RocketChatClient(
    new RestClient({
      request: context,
      baseUrl: planned.url,
      redactor,
      timeoutMs: suite.timeouts.preflightMs,
      events: preflightEvents,
    }),
  );
  const announcedVersion = await probeRocketChat(anonymous, suite, planned.url);
  progress.serverVersion = announcedVersion;
  progress.step = 'log in';
  const sessions = await openSessions(anonymous, suite, planned.url, announcedVersion);
  progress.step = 'read the version';
  const primaryClient = anonymous.as(
    sessions.primary,
    sessions.primary.isAdmin ? adminSecondFactor(suite.admin) : undefined,
  );
  // The pieces of the world the planned checks read (all of it, in a normal write-mode run).
  const worldPieces = worldPiecesFor(planned.checks ?? plannedIds);
  const seedsWorld =
    suite.write && sessions.primary.isAdmin && suite.admin !== undefined && worldPieces.length > 0;
  // One round trip for what only needs the session: the version, the permissions, and the world's first
  // seeding calls alongside (the version only words a seeding refusal, once it is known).
  const versionRead = readVersion(primaryClient);
  const permissionsRead = seedsWorld ? missingWritePermissions(primaryClient) : Promise.resolve([]);
  try {
    checkWaivers(); // local, and before anything is written
  } catch (error) {
    const [version] = await Promise.allSettled([versionRead, permissionsRead]);
    if (version.status === 'rejected') throw version.reason;
    progress.step = 'load the waivers';
    throw error;
  }
  // Leftovers of earlier runs of this machine that never swept this server, alongside too.
  const leftovers =
    suite.write && sessions.primary.isAdmin
      ? sweepAbandonedRuns(primaryClient, planned.url, runId)
      : undefined;
  const adminMember = { _id: sessions.primary.userId, username: sessions.primary.username };
  const seeding =
    seedsWorld && suite.admin
      ? seedWorld(primaryClient, {
          url: planned.url,
          admin: suite.admin,
          adminMember,
          emailDomain: suite.emailDomain,
          serverVersion: versionRead.then((version) => version ?? announcedVersion),
          prefix: `ct-${runId}-w`,
          pieces: worldPieces,
        })
      : undefined;
  const [facts, seeded] = await Promise.allSettled([Promise.all([versionRead, permissionsRead]), seeding]);
  const stopped =
    facts.status === 'rejected'
      ? facts.reason
      : facts.value[0] === undefined
        ? new PreflightError(
            `${planned.url} answered GET /api/info without a version: this is not a Rocket.Chat server.`,
          )
        : undefined;
  if (stopped !== undefined) {
    // What was seeded meanwhile goes again.
    await leftovers;
    if (seeded.status === 'fulfilled' && seeded.value) await deleteWorld(primaryClient, seeded.value.world);
    throw stopped;
  }
  if (seeded.status === 'rejected') throw seeded.reason;
  const [serverVersion, missing] = (facts as PromiseFulfilledResult<[string, string[]]>).value;
  progress.serverVersion = serverVersion;
  progress.step = 'load the waivers';

  const target: TargetState = {
    key: planned.key,
    url: planned.url,
    serverVersion,
    profile: suite.profile,
    write: suite.write,
    primary: sessions.primary,
    adminSecondFactor:
      suite.admin === undefined || suite.admin.kind === 'token'
        ? 'none'
        : suite.admin.totpSecret
          ? 'totp'
          : 'password',
    ...(sessions.checked ? { checked: sessions.checked } : {}),
    ...(planned.checks ? { checks: [...planned.checks] } : {}),
    ...(planned.expectFailure ? { expectFailure: true } : {}),
    ...(missing.length > 0 ? { missingPermissions: missing } : {}),
  };
  if (seeded.value) {
    target.seeding = seeded.value.seeding;
    target.world = seeded.value.world;
  } else if (suite.write) {
    target.seeding = { emailDomain: suite.emailDomain, verifiedEmails: false };
  }
  const swept = await leftovers;
  if (swept && swept.length > 0) target.leftoversSwept = swept;
  return target;
}

/**
 * Sweeps what earlier runs of the suite left on this server (interrupted in preflight, killed): runs of
 * this machine whose ledger is still there and whose process is gone (src/core/run/seed-ledger.ts). A run
 * still going is never touched. Says so in one line; the run state keeps it for the reports.
 */
async function sweepAbandonedRuns(
  admin: RocketChatClient,
  url: string,
  ownRunId: string,
): Promise<NonNullable<TargetState['leftoversSwept']>> {
  const runs = abandonedRuns(url, ownRunId);
  const swept = await Promise.all(
    runs.map(async ({ runId, usernames }) => {
      const result = await sweep(admin, `ct-${runId}-`, {}, usernames).catch(() => undefined);
      if (result && result.failures.length === 0) forgetAbandoned(url, runId);
      return { runId, users: result?.users ?? 0, rooms: result?.rooms ?? 0 };
    }),
  );
  const found = swept.filter((run) => run.users + run.rooms > 0);
  for (const run of found) {
    console.log(
      `rooms-get-conformance: swept what an earlier interrupted run (${run.runId}) left on ${url}: ` +
        `${run.users} user(s), ${run.rooms} room(s)`,
    );
  }
  return found;
}

/** GET /api/info: reachable, and answering as Rocket.Chat does. */
/** GET /api/info as anyone: returns the version it announces (X.Y to an anonymous caller). */
async function probeRocketChat(client: RocketChatClient, config: SuiteConfig, url: string): Promise<string> {
  const fix = config.referenceServer
    ? 'The bundled reference server should have been started by Playwright (npm run reference-server).'
    : 'Check ROCKETCHAT_URL in .env or the environment.';
  let response: Awaited<ReturnType<RocketChatClient['info']>>;
  try {
    response = await client.info();
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    throw new PreflightError(`${describeTransportFailure(url, error, config.timeouts.preflightMs)} ${fix}`);
  }
  const version = response.body?.version;
  if (response.status !== 200 || typeof version !== 'string' || !/^\d+\.\d+/.test(version)) {
    throw new PreflightError(
      `${url} answered but this is not a Rocket.Chat server: ${describeResponse(response, client.rest)} ` +
        `(expected JSON with a "version" such as "7.10"). ${fix}`,
    );
  }
  return version;
}

export function describeTransportFailure(url: string, error: TransportError, timeoutMs: number): string {
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
        return (
          `${url} did not answer GET /api/info within ${timeoutMs / 1000} s (timeout). A slow but working ` +
          `server needs more: CONTRACT_PREFLIGHT_TIMEOUT_MS=${timeoutMs * 4} (now ${timeoutMs}).`
        );
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

interface OpenedSessions {
  primary: StoredSession & { isAdmin: boolean };
  checked?: StoredSession;
}

/** Logs in (or checks the tokens of) the accounts the run uses; a refusal names what to fix. */
async function openSessions(
  client: RocketChatClient,
  config: SuiteConfig,
  url: string,
  /** The version /api/info announced: a login refusal is explained in its terms. */
  serverVersion: string,
): Promise<OpenedSessions> {
  const account = config.checkedAccount;
  // Both accounts at once: a round trip saved, and a refusal of either still names its variables.
  const [checked, admin] = await Promise.all([
    account?.kind === 'password'
      ? passwordLogin(client, url, account.username, account.password, {
          userVariable: 'ROCKETCHAT_USER',
          passwordVariable: 'ROCKETCHAT_PASSWORD',
          serverVersion,
        })
      : account?.kind === 'token'
        ? tokenSession(client, url, account.userId, account.authToken, [
            'ROCKETCHAT_USER_ID',
            'ROCKETCHAT_AUTH_TOKEN',
          ])
        : undefined,
    adminSession(client, config, url, serverVersion),
  ]);
  if (admin) return { primary: { ...admin, isAdmin: true }, ...(checked ? { checked } : {}) };
  if (!checked)
    throw new PreflightError(
      'no account to run the checks with (a bug: config validation allows none)',
      'configuration',
    );
  return { primary: { ...checked, isAdmin: false }, checked };
}

/** The admin's session, by password (with a TOTP code) or personal access token; undefined without one. */
async function adminSession(
  client: RocketChatClient,
  config: SuiteConfig,
  url: string,
  serverVersion: string,
) {
  const admin = config.admin;
  if (admin?.kind === 'password') {
    return passwordLogin(client, url, admin.username, admin.password, {
      userVariable: 'ROCKETCHAT_ADMIN_USER',
      passwordVariable: 'ROCKETCHAT_ADMIN_PASSWORD',
      totpVariable: 'ROCKETCHAT_ADMIN_TOTP_SECRET',
      totpSecret: admin.totpSecret,
      serverVersion,
    });
  }
  if (admin?.kind === 'token') {
    return tokenSession(client, url, admin.userId, admin.authToken, [
      'ROCKETCHAT_ADMIN_USER_ID',
      'ROCKETCHAT_ADMIN_AUTH_TOKEN',
    ]);
  }
  return undefined;
}

async function passwordLogin(
  client: RocketChatClient,
  url: string,
  username: string,
  password: string,
  variables: {
    userVariable: string;
    passwordVariable: string;
    totpVariable?: string;
    totpSecret?: string;
    serverVersion: string;
  },
): Promise<StoredSession> {
  try {
    const code = variables.totpSecret ? totpCodes(variables.totpSecret) : undefined;
    const session = await client.login(username, password, code ? { code } : {});
    return { ...session, username: session.username ?? username, kind: 'login' };
  } catch (error) {
    // The REST limiter on login outlasted the suite's wait: RestClient's message says what to do.
    if (error instanceof RateLimitError) throw new PreflightError(error.message);
    if (!(error instanceof ApiError)) throw error;
    throw explainLoginRefusal(url, error, {
      username,
      userVariable: variables.userVariable,
      passwordVariable: variables.passwordVariable,
      ...(variables.totpVariable ? { totpVariable: variables.totpVariable } : {}),
      hasTotp: variables.totpSecret !== undefined,
      serverVersion: variables.serverVersion,
    });
  }
}

async function tokenSession(
  client: RocketChatClient,
  url: string,
  userId: string,
  authToken: string,
  [idVariable, tokenVariable]: [string, string],
): Promise<StoredSession> {
  try {
    const me = await client.as({ userId, authToken }).me();
    return { userId, authToken, username: me.username, kind: 'personal-token' };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw new PreflightError(
      `${url} refused the personal access token of ${idVariable} "${userId}" (HTTP ${error.status}): check ` +
        `${idVariable} and ${tokenVariable}, or create a new token (My Account → Personal Access Tokens).`,
    );
  }
}

/**
 * The write-mode permissions the admin or role "user" lacks (permissions.listAll): a fact for the report,
 * not a stop — seeding then loses only what the server refuses, and says so per piece of the world.
 */
async function missingWritePermissions(admin: RocketChatClient): Promise<string[]> {
  try {
    const [granted, roles] = await Promise.all([admin.permissions(), admin.me().then((me) => me.roles)]);
    return missingPermissions(granted, roles);
  } catch (error) {
    if (error instanceof ApiError) return []; // no permissions.listAll here: seeding will say what it refuses
    throw error;
  }
}

/** The full version: /api/info gives X.Y.Z to a caller with view-statistics, X.Y to anyone. */
async function readVersion(client: RocketChatClient): Promise<string | undefined> {
  const response = await client.info({ auth: 'session' });
  const detailed = response.body?.info?.version;
  const version = typeof detailed === 'string' ? detailed : response.body?.version;
  return typeof version === 'string' ? version : undefined;
}

/**
 * A waivers file that does not load is the user's to fix before anything runs. An expired waiver is not a
 * stop: it fails its own check (src/playwright/fixtures/judgement.ts).
 */
function checkWaivers(): void {
  try {
    loadWaivers();
  } catch (error) {
    throw new PreflightError((error as Error).message, 'configuration');
  }
}

function suiteVersion(): string {
  const file = join(PROJECT_ROOT, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
}
