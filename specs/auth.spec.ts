import { randomBytes } from 'node:crypto';
import type { Findings } from '../src/core/run/findings.js';
import type { Session } from '../src/core/rocketchat/rocketchat-api.js';
import type { RulesForVersion } from '../src/core/rocketchat/version-rules.js';
import { expect, forEachTarget, test } from '../src/playwright/fixtures/index.js';
import { fromRegistry } from '../src/playwright/registered-test.js';
import type { Auth, RestResponse } from '../src/playwright/rest-client.js';
import type { RocketChatClient } from '../src/playwright/rocketchat-client.js';
import { totpCodes } from '../src/playwright/second-factor.js';
import type { WorldData } from '../src/playwright/shared-world.js';

/**
 * @auth: every way of not being logged in gets 401 and the not-logged-in body of the server's version,
 * with no room data — also when `updatedSince` is invalid, because Rocket.Chat authenticates first
 * (docs/rocketchat-behaviour.md §1.2, §2.1–§2.2). Variants are sent concurrently: ≤ 6.x delays every 401.
 */

interface Variant {
  label: string;
  auth: Auth;
}

/** The ways of sending bad credentials that need no account of their own, by check. */
function credentialVariants(session: Session, otherUserId: string): Record<string, Variant[]> {
  return {
    'auth/no-credentials': [{ label: 'no auth headers', auth: 'none' }],
    'auth/one-header-is-not-enough': [
      { label: 'only X-User-Id (valid)', auth: { 'X-User-Id': session.userId } },
      { label: 'only X-Auth-Token (valid)', auth: { 'X-Auth-Token': session.authToken } },
    ],
    'auth/wrong-token': [
      {
        label: 'a token never issued',
        auth: { 'X-User-Id': session.userId, 'X-Auth-Token': randomBytes(32).toString('base64url') },
      },
    ],
    'auth/token-of-another-user': [
      {
        label: `A's token with B's X-User-Id (${otherUserId})`,
        auth: { 'X-User-Id': otherUserId, 'X-Auth-Token': session.authToken },
      },
    ],
  };
}

/** Some other user's id: the seeded peer, else one from users.list, else the stock bot. */
async function anotherUserId(
  api: RocketChatClient,
  ownId: string,
  world: WorldData | undefined,
): Promise<string> {
  if (world) return world.peer._id;
  const listed = await api.usersList(0, 5).catch(() => undefined);
  // rocket.cat exists on every stock Rocket.Chat, and its _id is literally "rocket.cat" (§4.2).
  return listed?.users.find((user) => user._id !== ownId)?._id ?? 'rocket.cat';
}

async function send(api: RocketChatClient, variants: Variant[], updatedSince?: string) {
  return Promise.all(
    variants.map(async (variant) => ({
      label: updatedSince ? `${variant.label}, updatedSince=${updatedSince}` : variant.label,
      response: await api.roomsGet({ auth: variant.auth, ...(updatedSince ? { updatedSince } : {}) }),
    })),
  );
}

/** The documented part: 401, and a body matching the active profile's 401 schema. */
async function expectNotLoggedIn(answers: { label: string; response: RestResponse }[], findings: Findings) {
  for (const { label, response } of answers) {
    await test.step(label, async () => {
      findings.expect(
        response.status === 401,
        `${label}: status ${response.status}, expected 401 (${response.text.slice(0, 120)})`,
      );
      if (response.status === 401) await expect(response).toMatchContract('rooms.get', 401);
    });
  }
}

// One block of checks per target of a multi-target run; a plain run declares them once.
forEachTarget(() => {
  // The documented checks: one per way of not being logged in (table-driven).
  for (const checkId of [
    'auth/no-credentials',
    'auth/one-header-is-not-enough',
    'auth/wrong-token',
    'auth/token-of-another-user',
  ]) {
    test(...fromRegistry(checkId), async ({ api, account, worldIfSeeded, findings }) => {
      const variants =
        credentialVariants(api.session as Session, await anotherUserId(api, account._id, worldIfSeeded))[
          checkId
        ] ?? [];
      // The control (the same token with its own user id) goes alongside: it reads, and changes nothing.
      const [answers, control] = await Promise.all([
        test.step('send rooms.get with the bad credentials', () => send(api, variants)),
        checkId === 'auth/token-of-another-user'
          ? test.step('control: the same token with its own user id', () => api.roomsGet())
          : undefined,
      ]);
      if (control) expect(control.status, 'control: the token with its own X-User-Id must work').toBe(200);
      await expectNotLoggedIn(answers, findings);
    });
  }

  test(...fromRegistry('auth/token-after-logout'), async ({ api, config, target, worldIfSeeded }) => {
    // A login that is ours to end: the world's login user (write mode), else a second login of a password account.
    const session = await test.step('log in a session to end', async () => {
      if (worldIfSeeded) return api.login(worldIfSeeded.loginUser.username, worldIfSeeded.loginUser.password);
      const admin = config.admin?.kind === 'password' ? config.admin : undefined;
      const checked = config.checkedAccount?.kind === 'password' ? config.checkedAccount : undefined;
      const account = target.primary.isAdmin ? admin : checked;
      test.skip(
        !account,
        'needs CONTRACT_WRITE=true or a password login: a personal access token must not be logged out',
      );
      const totpSecret = account === admin ? admin?.totpSecret : undefined;
      return api.login(
        account!.username,
        account!.password,
        totpSecret ? { code: totpCodes(totpSecret) } : {},
      );
    });
    const client = api.as(session);
    await test.step('control: the fresh token works', async () => {
      expect((await client.roomsGet()).status, 'control: the fresh token must work before logout').toBe(200);
    });
    await test.step('log out', () => client.logout());
    const [answer] = await test.step('send rooms.get with the logged-out token', () =>
      send(api, [
        {
          label: 'a logged-out token',
          auth: { 'X-User-Id': session.userId, 'X-Auth-Token': session.authToken },
        },
      ]));
    expect(
      answer?.response.status,
      `a logged-out token: status ${answer?.response.status}, expected 401`,
    ).toBe(401);
    if (answer) await expect(answer.response).toMatchContract('rooms.get', 401);
  });

  /** The strict part: exactly the version's not-logged-in body (which carries no room data). */
  function expectVersionBody(
    answers: { label: string; response: RestResponse }[],
    rules: RulesForVersion,
    findings: Findings,
  ) {
    const expected = JSON.stringify(rules.notLoggedInBody, Object.keys(rules.notLoggedInBody).sort());
    for (const { label, response } of answers) {
      const body = response.body as Record<string, unknown> | undefined;
      const actual =
        body && typeof body === 'object' ? JSON.stringify(body, Object.keys(body).sort()) : response.text;
      findings.expect(
        response.status === 401 && actual === expected,
        `${label}: ${response.status} ${actual.slice(0, 200)}, expected 401 ${expected} (Rocket.Chat ${rules.version})`,
      );
    }
  }

  test(
    ...fromRegistry('auth/not-logged-in-body-matches-version'),
    async ({ api, account, worldIfSeeded, rules, findings }) => {
      const variants = Object.values(
        credentialVariants(api.session as Session, await anotherUserId(api, account._id, worldIfSeeded)),
      ).flat();
      const answers = await test.step('send rooms.get with each kind of bad credentials', () =>
        send(api, variants));
      await test.step(`each body is Rocket.Chat ${rules.version}'s not-logged-in body`, () =>
        expectVersionBody(answers, rules, findings));
    },
  );

  /** An updatedSince that Rocket.Chat would refuse with 400 — but only after authenticating. */
  const INVALID_UPDATED_SINCE = 'yesterday';

  test(
    ...fromRegistry('auth/authenticates-before-validating-updated-since'),
    async ({ api, account, worldIfSeeded, rules, findings }) => {
      const variants = Object.values(
        credentialVariants(api.session as Session, await anotherUserId(api, account._id, worldIfSeeded)),
      ).flat();
      const answers = await test.step(`send bad credentials with updatedSince=${INVALID_UPDATED_SINCE}`, () =>
        send(api, variants, INVALID_UPDATED_SINCE));
      await test.step('authentication comes first: 401, not 400', () =>
        expectVersionBody(answers, rules, findings));
    },
  );
});
