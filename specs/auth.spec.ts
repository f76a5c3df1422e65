import { randomBytes } from 'node:crypto';
import { checkContract } from '../src/core/contract-check.js';
import { NOT_LOGGED_IN_MESSAGE, type Session } from '../src/core/rocketchat-api.js';
import { clause, expect, test } from '../src/playwright/fixtures.js';
import { expectNoProblems } from '../src/playwright/listing.js';
import type { Auth, RestResponse } from '../src/playwright/rest-client.js';
import type { RocketChatClient } from '../src/playwright/rocketchat-client.js';
import { redactor } from '../src/playwright/secrets.js';
import type { ContractValidator } from '../src/core/validation.js';

/**
 * @auth: every way of not being logged in gets 401 with the documented body and no room data — also
 * when `updatedSince` is invalid, because Rocket.Chat authenticates first (rocketchat-behaviour.md
 * §1.2, §2.1–§2.2). Each check sends its variants concurrently (≤ 6.x delays every 401 by 0.5–1 s).
 */

const INVALID_UPDATED_SINCE = 'yesterday';

interface Variant {
  label: string;
  auth: Auth;
}

/** Each credential variant, once without and once with an invalid updatedSince. */
async function sendVariants(api: RocketChatClient, variants: Variant[]) {
  return Promise.all(
    variants.flatMap((variant) => [
      api.roomsGet({ auth: variant.auth }).then((response) => ({ label: variant.label, response })),
      api
        .roomsGet({ auth: variant.auth, updatedSince: INVALID_UPDATED_SINCE })
        .then((response) => ({ label: `${variant.label}, updatedSince=${INVALID_UPDATED_SINCE}`, response })),
    ]),
  );
}

/** 401, `status: "error"`, the exact message, no room data, and the active profile's 401 schema. */
function notLoggedInProblems(
  answers: { label: string; response: RestResponse }[],
  validator: ContractValidator,
): string[] {
  const problems: string[] = [];
  for (const { label, response } of answers) {
    const body = response.body as Record<string, unknown> | undefined;
    const found: string[] = [];
    if (response.status !== 401) found.push(`status ${response.status}, expected 401`);
    if (body?.status !== 'error') found.push(`"status" is ${JSON.stringify(body?.status)}, expected "error"`);
    if (body?.message !== NOT_LOGGED_IN_MESSAGE) {
      found.push(
        `"message" is ${JSON.stringify(body?.message)}, expected ${JSON.stringify(NOT_LOGGED_IN_MESSAGE)}`,
      );
    }
    for (const key of ['update', 'remove'])
      if (body && key in body) found.push(`the answer carries room data ("${key}")`);
    if (found.length === 0) {
      const contract = checkContract(validator, 'rooms.get', 401, response, redactor.fn);
      if (!contract.pass) found.push(contract.message);
    }
    if (found.length > 0) problems.push(`${label}: ${found.join('; ')}`);
  }
  return problems;
}

const NOT_LOGGED_IN =
  'rooms.get must answer 401 {"status":"error","message":"You must be logged in to do this."}';

test('no-credentials: without auth headers', clause('auth', 'no-credentials'), async ({ api, validator }) => {
  const answers = await sendVariants(api, [{ label: 'no auth headers', auth: 'none' }]);
  expectNoProblems(notLoggedInProblems(answers, validator), NOT_LOGGED_IN);
});

test(
  'one-header-is-not-enough: X-User-Id or X-Auth-Token alone',
  clause('auth', 'one-header-is-not-enough'),
  async ({ api, validator }) => {
    const session = api.session as Session;
    const answers = await sendVariants(api, [
      { label: 'only X-User-Id (valid)', auth: { 'X-User-Id': session.userId } },
      { label: 'only X-Auth-Token (valid)', auth: { 'X-Auth-Token': session.authToken } },
    ]);
    expectNoProblems(notLoggedInProblems(answers, validator), NOT_LOGGED_IN);
  },
);

test(
  'wrong-token: a valid user id with a token never issued',
  clause('auth', 'wrong-token'),
  async ({ api, validator }) => {
    const session = api.session as Session;
    const answers = await sendVariants(api, [
      {
        label: 'a wrong X-Auth-Token',
        auth: { 'X-User-Id': session.userId, 'X-Auth-Token': randomBytes(32).toString('base64url') },
      },
    ]);
    expectNoProblems(notLoggedInProblems(answers, validator), NOT_LOGGED_IN);
  },
);

test(
  'token-of-another-user: user A’s token with user B’s X-User-Id',
  clause('auth', 'token-of-another-user'),
  async ({ api, account, validator }) => {
    const session = api.session as Session;
    const otherUserId = await anotherUserId(api, account._id);
    const [control, answers] = await Promise.all([
      api.roomsGet(),
      sendVariants(api, [
        {
          label: `A's token with B's X-User-Id (${otherUserId})`,
          auth: { 'X-User-Id': otherUserId, 'X-Auth-Token': session.authToken },
        },
      ]),
    ]);
    expect(control.status, 'control: the same token with its own user id must work').toBe(200);
    expectNoProblems(notLoggedInProblems(answers, validator), NOT_LOGGED_IN);
  },
);

test(
  'token-after-logout: a token is dead once logged out',
  clause('auth', 'token-after-logout'),
  async ({ api, config, account, validator }) => {
    // A second login of the run's own account (the admin, or the checked account), logged out here.
    const credentials =
      config.admin && account.isAdmin
        ? config.admin
        : config.checkedAccount?.kind === 'password'
          ? config.checkedAccount
          : undefined;
    test.skip(
      !credentials,
      'needs a password login (ROCKETCHAT_ADMIN_* or ROCKETCHAT_USER/ROCKETCHAT_PASSWORD): a personal access token must not be logged out',
    );
    const session = await api.login(credentials!.username, credentials!.password);
    const client = api.as(session);
    expect((await client.roomsGet()).status, 'control: the fresh token must work before logout').toBe(200);
    await client.logout();
    const answers = await sendVariants(api, [
      {
        label: 'a logged-out token',
        auth: { 'X-User-Id': session.userId, 'X-Auth-Token': session.authToken },
      },
    ]);
    expectNoProblems(notLoggedInProblems(answers, validator), NOT_LOGGED_IN);
  },
);

/** Some other user's id: from users.list when the account may read it, else the stock bot. */
async function anotherUserId(api: RocketChatClient, ownId: string): Promise<string> {
  try {
    const { users } = await api.usersList(0, 5);
    const other = users.find((user) => user._id !== ownId);
    if (other) return other._id;
  } catch {
    // users.list needs view-d-room/admin rights; fall through.
  }
  // rocket.cat exists on every stock Rocket.Chat, and its _id is literally "rocket.cat" (§4.2).
  return 'rocket.cat';
}
