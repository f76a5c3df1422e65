import semver from 'semver';
import { normaliseVersion } from './rocketchat-version.js';

/**
 * Every rule the suite applies that depends on the Rocket.Chat version, in one table. The specs read
 * their rules from `rulesFor(version)`; docs/version-rules.md renders the same table (a unit test keeps
 * the two equal). Each era names the versions it holds for and where the rule comes from.
 *
 * A server newer than the newest major this table knows is checked with the newest rules, and the
 * report says so (`newerThanKnown`).
 */
const NEWEST_KNOWN_MAJOR = 9;

const NOT_LOGGED_IN_MESSAGE = 'You must be logged in to do this.';

interface Era<T> {
  /** A semver range of Rocket.Chat versions. */
  versions: string;
  value: T;
  /** What the value means, in words (for docs/version-rules.md and failure messages). */
  says: string;
  source: string;
}

interface VersionRule<T> {
  id: string;
  /** What the rule governs, one line. */
  what: string;
  eras: readonly Era<T>[];
}

type Json = string | boolean;

const REST_V6 = 'packages/meteor-restivus/lib/route.js (≤ 6.x); docs/rocketchat-behaviour.md §2.2';
const REST_V7 =
  'apps/meteor/server/api/v1/middlewares/authenticationHono.ts; docs/rocketchat-behaviour.md §2.2';
const REST_V9 =
  'apps/meteor/app/api/server/ApiClass.ts (applyBreakingChanges = shouldBreakInVersion("9.0.0")); docs/rocketchat-behaviour.md §2.2';
const DM_SOURCE =
  'apps/meteor/app/lib/server/functions/createDirectRoom.ts; docs/rocketchat-behaviour.md §4.2';

/** The 401 body of rooms.get when the caller is not logged in. */
const NOT_LOGGED_IN_BODY: VersionRule<Readonly<Record<string, Json>>> = {
  id: 'not-logged-in-body',
  what: 'the 401 body when the caller is not logged in',
  eras: [
    {
      versions: '<7.0.0',
      value: { status: 'error', message: NOT_LOGGED_IN_MESSAGE },
      says: '{status, message} (Restivus), no success key',
      source: REST_V6,
    },
    {
      versions: '>=7.0.0 <9.0.0',
      value: {
        success: false,
        error: NOT_LOGGED_IN_MESSAGE,
        status: 'error',
        message: NOT_LOGGED_IN_MESSAGE,
      },
      says: '{success: false, error, status, message}',
      source: REST_V7,
    },
    {
      versions: '>=9.0.0',
      value: { success: false, error: NOT_LOGGED_IN_MESSAGE },
      says: '{success: false, error}: the legacy status and message keys are dropped (announced for 9.0)',
      source: REST_V9,
    },
  ],
};

/** How long a not-logged-in answer may take: ≤ 6.x delays every 401 and 403 on purpose. */
const NOT_LOGGED_IN_DELAY_MS: VersionRule<{ min: number; max: number }> = {
  id: 'not-logged-in-delay',
  what: 'the delay before a 401 (the suite sends its auth variants concurrently and waits for it)',
  eras: [
    {
      versions: '<7.0.0',
      value: { min: 500, max: 1000 },
      says: 'a random 500–1000 ms before every 401 and 403',
      source: REST_V6,
    },
    { versions: '>=7.0.0', value: { min: 0, max: 0 }, says: 'none', source: REST_V7 },
  ],
};

type OneToOneIdRule = 'composed' | 'object-id';

/** The `_id` of a new 1:1 DM (two distinct users). */
const ONE_TO_ONE_DM_ID: VersionRule<OneToOneIdRule> = {
  id: 'dm-one-to-one-id',
  what: 'the _id of a new 1:1 DM',
  eras: [
    {
      versions: '<8.0.0',
      value: 'composed',
      says: 'its two user ids sorted by UTF-16 code unit and concatenated',
      source: `${DM_SOURCE} (3e1fdbd472, #16761)`,
    },
    {
      versions: '>=8.0.0',
      value: 'object-id',
      says:
        'a 24-hex ObjectId, a deviation from the composition rule accepted by the waiver rc8-dm-object-ids ' +
        '(DMs made before an upgrade keep their composed ids)',
      source: `${DM_SOURCE} (#37840; not confirmed against a running 8.x server)`,
    },
  ],
};

export type GeneratedIdRule = 'doubled-uid' | 'meteor-id' | 'object-id';

/** The `_id` of a new self-DM. */
const SELF_DM_ID: VersionRule<GeneratedIdRule> = {
  id: 'dm-self-id',
  what: 'the _id of a new self-DM',
  eras: [
    { versions: '<3.1.0', value: 'doubled-uid', says: 'the user id twice (uid+uid)', source: DM_SOURCE },
    {
      versions: '>=3.1.0 <6.2.0',
      value: 'meteor-id',
      says: 'a random 17-character Meteor id',
      source: `${DM_SOURCE} (b61ba90c34, #17239)`,
    },
    {
      versions: '>=6.2.0',
      value: 'object-id',
      says: 'a 24-hex ObjectId',
      source: `${DM_SOURCE} (35499f5b89, #28694)`,
    },
  ],
};

/** The `_id` of a new group DM (three or more members; none before 3.1). */
const GROUP_DM_ID: VersionRule<GeneratedIdRule> = {
  id: 'dm-group-id',
  what: 'the _id of a new group DM',
  eras: [
    {
      versions: '<6.2.0',
      value: 'meteor-id',
      says: 'a random 17-character Meteor id, never a composition (group DMs exist from 3.1)',
      source: `${DM_SOURCE} (b61ba90c34, #17239)`,
    },
    {
      versions: '>=6.2.0',
      value: 'object-id',
      says: 'a 24-hex ObjectId, never a composition',
      source: `${DM_SOURCE} (35499f5b89, #28694)`,
    },
  ],
};

/** Whether DMs carry `uids` (the member ids, sorted). */
const DM_UIDS: VersionRule<boolean> = {
  id: 'dm-uids',
  what: 'the uids field of a DM',
  eras: [
    { versions: '<3.1.0', value: false, says: 'absent', source: DM_SOURCE },
    {
      versions: '>=3.1.0',
      value: true,
      says: 'the member ids sorted by UTF-16 code unit',
      source: DM_SOURCE,
    },
  ],
};

/** Whether a refused login says why (`error`: totp-required, error-invalid-email, …). */
const LOGIN_FAILURE_BODY: VersionRule<'explains' | 'unauthorized-only'> = {
  id: 'login-failure-body',
  what: 'the 401 body of a refused login (the suite turns its error code into a stop message)',
  eras: [
    {
      versions: '<9.0.0',
      value: 'explains',
      says: '{status: "error", error: <code>, details, message}; 7.x+ add success: false',
      source: 'apps/meteor/app/api/server/ApiClass.ts (_initAuth); docs/rocketchat-behaviour.md §5',
    },
    {
      versions: '>=9.0.0',
      value: 'unauthorized-only',
      says: 'only the unauthorized body: the cause is not named, so the stop message lists the likely ones',
      source: REST_V9,
    },
  ],
};

/**
 * Whether users.create needs a second factor: in no release (the suite sends one anyway; servers that do
 * not ask ignore it). The develop branch heading to 9.0 declares it `twoFactorRequired`.
 */
const USERS_CREATE_SECOND_FACTOR: VersionRule<boolean> = {
  id: 'users-create-second-factor',
  what: 'whether users.create is a two-factor-guarded route',
  eras: [
    {
      versions: '*',
      value: false,
      says: 'no release read gates it (only the develop branch and an open pull request do); the suite sends its second factor anyway, which a server that does not ask ignores',
      source:
        'apps/meteor/app/api/server/v1/users.ts (twoFactorRequired on the develop branch only); docs/rocketchat-behaviour.md §9.2',
    },
  ],
};

const PERSONAL_TOKEN_BYPASS_FIX =
  'Rocket.Chat #41065 (https://github.com/RocketChat/Rocket.Chat/pull/41065), shipped in 8.6.0; docs/rocketchat-behaviour.md §9.2';

/** Whether a personal access token made with "Ignore Two Factor Authentication" passes second-factor routes. */
const PERSONAL_TOKEN_BYPASS: VersionRule<boolean> = {
  id: 'personal-token-bypass',
  what: 'whether a personal access token with "Ignore Two Factor Authentication" passes the routes that ask for a second factor',
  eras: [
    {
      versions: '<8.0.0',
      value: true,
      says: 'yes',
      source:
        'apps/meteor/app/2fa/server/code/index.ts (isAuthorizedForToken); docs/rocketchat-behaviour.md §9.2',
    },
    {
      versions: '>=8.0.0 <8.6.0',
      value: false,
      says: 'no (a bug): such a token gets totp-required there; the suite calls no such route a release gates, and names these releases if a server asks it for a second factor anyway',
      source: PERSONAL_TOKEN_BYPASS_FIX,
    },
    { versions: '>=8.6.0', value: true, says: 'yes (fixed)', source: PERSONAL_TOKEN_BYPASS_FIX },
  ],
};

const VERSION_RULES = [
  NOT_LOGGED_IN_BODY,
  NOT_LOGGED_IN_DELAY_MS,
  ONE_TO_ONE_DM_ID,
  SELF_DM_ID,
  GROUP_DM_ID,
  DM_UIDS,
  LOGIN_FAILURE_BODY,
  USERS_CREATE_SECOND_FACTOR,
  PERSONAL_TOKEN_BYPASS,
] as const;

/** The rules for one server: each rule's value for its version. */
export interface RulesForVersion {
  /** The version as the server reported it, normalised to X.Y.Z. */
  version: string;
  /** Set when the server is newer than every major this table knows: the newest rules apply. */
  newerThanKnown: boolean;
  notLoggedInBody: Readonly<Record<string, Json>>;
  notLoggedInDelayMs: { min: number; max: number };
  oneToOneDmId: OneToOneIdRule;
  selfDmId: GeneratedIdRule;
  groupDmId: GeneratedIdRule;
  dmHasUids: boolean;
  loginFailureBody: 'explains' | 'unauthorized-only';
  usersCreateSecondFactor: boolean;
  personalTokenBypass: boolean;
}

/** The era of `rule` that holds for `version` (X.Y.Z). */
function eraOf<T>(rule: VersionRule<T>, version: string): Era<T> {
  const era = rule.eras.find((candidate) =>
    semver.satisfies(version, candidate.versions, { includePrerelease: true }),
  );
  if (!era) throw new Error(`version rule ${rule.id} has no era for Rocket.Chat ${version}`);
  return era;
}

/**
 * The rules for a server that reported `reported` (/api/info: "X.Y" or "X.Y.Z"). A version newer than
 * the newest known major is read as that major's latest, with `newerThanKnown` set.
 */
export function rulesFor(reported: string): RulesForVersion {
  const normalised = normaliseVersion(reported);
  if (normalised === undefined) throw new Error(`"${reported}" is not a Rocket.Chat version`);
  const newerThanKnown = semver.major(normalised) > NEWEST_KNOWN_MAJOR;
  const version = newerThanKnown ? `${NEWEST_KNOWN_MAJOR}.999.0` : normalised;
  const value = <T>(rule: VersionRule<T>): T => eraOf(rule, version).value;
  return {
    version: normalised,
    newerThanKnown,
    notLoggedInBody: value(NOT_LOGGED_IN_BODY),
    notLoggedInDelayMs: value(NOT_LOGGED_IN_DELAY_MS),
    oneToOneDmId: value(ONE_TO_ONE_DM_ID),
    selfDmId: value(SELF_DM_ID),
    groupDmId: value(GROUP_DM_ID),
    dmHasUids: value(DM_UIDS),
    loginFailureBody: value(LOGIN_FAILURE_BODY),
    usersCreateSecondFactor: value(USERS_CREATE_SECOND_FACTOR),
    personalTokenBypass: value(PERSONAL_TOKEN_BYPASS),
  };
}

/** "Rocket.Chat 10.1.0 is newer than 9.x, the newest version this suite knows: checked with 9.x rules." */
export function newerThanKnownNote(rules: RulesForVersion): string | undefined {
  if (!rules.newerThanKnown) return undefined;
  return (
    `Rocket.Chat ${rules.version} is newer than ${NEWEST_KNOWN_MAJOR}.x, the newest version this suite knows: ` +
    `it was checked with the ${NEWEST_KNOWN_MAJOR}.x rules (docs/version-rules.md).`
  );
}

/** docs/version-rules.md's table, rendered from the rules above. */
export function renderVersionRulesTable(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const rows = VERSION_RULES.flatMap((rule: VersionRule<unknown>) =>
    rule.eras.map(
      (era) =>
        `| \`${rule.id}\` | ${cell(rule.what)} | \`${era.versions}\` | ${cell(era.says)} | ${cell(era.source)} |`,
    ),
  );
  return [
    '| rule | governs | Rocket.Chat versions | rule in those versions | source |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
