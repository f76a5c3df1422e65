import { type APIRequestContext, test as base, type TestInfo } from '@playwright/test';
import { resolveConfig, type SuiteConfig } from '../core/config.js';
import { type ContractValidator, getContractValidator } from '../core/validation.js';
import { loadWaivers, type Waiver, waiversOfCheck } from '../core/waivers.js';
import { type ClientEvents, RestClient } from './rest-client.js';
import { RocketChatClient } from './rocketchat-client.js';
import { Seeder } from './seed.js';
import { redactor, registerConfigSecrets } from './secrets.js';
import { loadSessions } from './session-store.js';
import { readTarget, type Target } from './target.js';
import { buildWorld, type World } from './world.js';

export { expect } from './matchers.js';

/**
 * The suite's fixtures, layered like Playwright's own tests/config: worker-scoped connection, sessions
 * and shared seeded world; test-scoped `seed` (everything it creates is deleted in teardown, also when
 * the test failed), the active contract `validator`, and an automatic waiver gate.
 */

/** Who `api` is. */
export interface Account {
  _id: string;
  username: string;
  isAdmin: boolean;
}

export interface WorldHandle {
  /** Builds the worker's shared world on first use (write mode only), then returns the same one. */
  get(): Promise<World>;
}

interface WorkerFixtures {
  config: SuiteConfig;
  target: Target;
  requestContext: APIRequestContext;
  /** The account the checks run as: the admin (bypasses rate limits) or, read-only, the checked account. */
  api: RocketChatClient;
  account: Account;
  /** The optional ROCKETCHAT_USER… account whose own list is checked read-only. */
  checkedAccount: RocketChatClient | undefined;
  world: WorldHandle;
}

interface TestFixtures {
  seed: Seeder;
  validator: ContractValidator;
  /** Applies contract/waivers.yaml to the test's `clause` (automatic). */
  waiverGate: undefined;
}

function currentTest(): TestInfo | undefined {
  try {
    return base.info();
  } catch {
    return undefined; // between tests (worker fixture teardown)
  }
}

/** Rate-limit waits and transport retries become annotations of the test that suffered them. */
const clientEvents: ClientEvents = {
  rateLimitWait(ms) {
    const info = currentTest();
    if (!info) return;
    // The wait must not eat the test's own time budget.
    if (info.timeout > 0) info.setTimeout(info.timeout + ms + 1_000);
    info.annotations.push({ type: 'rate-limit-wait', description: String(ms) });
  },
  transportRetry(request, cause) {
    currentTest()?.annotations.push({ type: 'transport-retry', description: `${request}: ${cause}` });
  },
};

let waivers: Waiver[] | undefined;
let testSeeds = 0;

export const test = base.extend<TestFixtures, WorkerFixtures>({
  config: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const config = resolveConfig();
      registerConfigSecrets(config);
      await use(config);
    },
    { scope: 'worker' },
  ],

  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  target: [async ({}, use) => use(readTarget()), { scope: 'worker' }],

  requestContext: [
    async ({ playwright }, use) => {
      const context = await playwright.request.newContext();
      await use(context);
      await context.dispose();
    },
    { scope: 'worker' },
  ],

  api: [
    async ({ config, requestContext }, use) => {
      const sessions = loadSessions();
      if (!sessions) throw new Error('no sessions from preflight: run the suite with `npx playwright test`');
      redactor.add(sessions.primary.authToken);
      const rest = new RestClient({
        request: requestContext,
        baseUrl: config.url,
        redactor,
        session: sessions.primary,
        events: clientEvents,
      });
      await use(new RocketChatClient(rest));
    },
    { scope: 'worker' },
  ],

  account: [
    async ({ api }, use) => {
      const sessions = loadSessions();
      const primary = sessions?.primary;
      if (!primary) throw new Error('no primary session from preflight');
      const username = primary.username ?? (await api.me()).username;
      await use({ _id: primary.userId, username, isAdmin: primary.isAdmin });
    },
    { scope: 'worker' },
  ],

  checkedAccount: [
    async ({ api }, use) => {
      const checked = loadSessions()?.checked;
      if (checked) redactor.add(checked.authToken);
      await use(checked ? api.as(checked) : undefined);
    },
    { scope: 'worker' },
  ],

  world: [
    async ({ api, account, target }, use, workerInfo) => {
      const seeder = new Seeder(api, `ct-${target.runId}-${workerInfo.workerIndex}-w`, target.write);
      let built: Promise<World> | undefined;
      await use({
        get() {
          built ??= buildWorld(seeder, { _id: account._id, username: account.username });
          return built;
        },
      });
      await seeder.cleanup();
    },
    { scope: 'worker' },
  ],

  seed: async ({ api, target }, use, testInfo) => {
    testSeeds += 1;
    const seeder = new Seeder(api, `ct-${target.runId}-${testInfo.workerIndex}-t${testSeeds}`, target.write);
    await use(seeder);
    await seeder.cleanup();
  },

  validator: async ({ target }, use) => use(getContractValidator(target.profile)),

  waiverGate: [
    async ({ target }, use, testInfo) => {
      const clause = testInfo.annotations.find((annotation) => annotation.type === 'clause')?.description;
      waivers ??= loadWaivers();
      // Until checks report named deviations (waiverFor), a waiver in force marks its whole check.
      const [waiver] = clause ? waiversOfCheck(waivers, clause, target.serverVersion, new Date()) : [];
      if (waiver) {
        const { id, reason, source } = waiver;
        testInfo.annotations.push({ type: 'waiver', description: `${id}: ${reason} (${source})` });
        testInfo.fail(true, `waived by ${id}`);
      }
      await use(undefined);
    },
    { auto: true },
  ],
});

/** The tag and `clause` annotation of a check: `clause('dm', 'one-to-one-id-is-sorted-uids')`. */
export function clause(family: 'shape' | 'auth' | 'updatedSince' | 'dm', checkId: string) {
  return { tag: `@${family}`, annotation: { type: 'clause', description: `${family}/${checkId}` } };
}

/** Skips a check that must create or delete something when the run is read-only. */
export function requireWrite(target: Target, what: string): void {
  test.skip(!target.write, `needs CONTRACT_WRITE=true: ${what}`);
}
