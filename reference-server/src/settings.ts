import { ConfigError } from './config-error.js';
import type { ProfileMajor } from './profiles.js';

/**
 * Rocket.Chat settings the reference server honours, with Rocket.Chat's own names and the values a
 * fresh install starts with. `RC_REFERENCE_SETTINGS=Name=value,Name=value` overrides them at start;
 * nothing changes them afterwards (there is no settings endpoint).
 */
export interface SettingValues {
  Accounts_TwoFactorAuthentication_Enabled: boolean;
  Accounts_TwoFactorAuthentication_MaxDelta: number;
  Accounts_TwoFactorAuthentication_By_TOTP_Enabled: boolean;
  Accounts_TwoFactorAuthentication_By_Email_Enabled: boolean;
  Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In: boolean;
  Accounts_TwoFactorAuthentication_By_Email_Code_Expiration: number;
  Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts: number;
  Accounts_TwoFactorAuthentication_RememberFor: number;
  Accounts_TwoFactorAuthentication_Enforce_Password_Fallback: boolean;
  Accounts_EmailVerification: boolean;
  Accounts_UseDefaultBlockedDomainsList: boolean;
  Accounts_BlockedDomainsList: string;
  Accounts_AllowedDomainsList: string;
  Accounts_Password_Policy_Enabled: boolean;
  Accounts_Password_Policy_MinLength: number;
  Accounts_Password_Policy_MaxLength: number;
  Accounts_Password_Policy_ForbidRepeatingCharacters: boolean;
  Accounts_Password_Policy_ForbidRepeatingCharactersCount: number;
  Accounts_Password_Policy_AtLeastOneLowercase: boolean;
  Accounts_Password_Policy_AtLeastOneUppercase: boolean;
  Accounts_Password_Policy_AtLeastOneNumber: boolean;
  Accounts_Password_Policy_AtLeastOneSpecialCharacter: boolean;
  API_Enable_Rate_Limiter: boolean;
  API_Enable_Rate_Limiter_Limit_Calls_Default: number;
  API_Enable_Rate_Limiter_Limit_Time_Default: number;
  Message_AllowDirectMessagesToYourself: boolean;
  DirectMesssage_maxUsers: number;
  Message_MaxAllowedSize: number;
}

export type SettingName = keyof SettingValues;
export type Settings = Readonly<SettingValues>;
type SettingValue = boolean | number | string;

interface SettingDefinition<T extends SettingValue> {
  /** A fresh install's value, or one per profile where the source differs by version. */
  default: T | Readonly<Record<ProfileMajor, T>>;
  /** What the reference server does with it. */
  effect: string;
  /** Where Rocket.Chat registers it. */
  source: string;
}

const TWO_FA = 'apps/meteor/app/2fa/server/startup/settings.ts';
const ACCOUNTS = 'apps/meteor/server/settings/accounts.ts';
const RATE = 'apps/meteor/server/settings/rate.ts';
const MESSAGE = 'apps/meteor/server/settings/message.ts';

export const SETTING_DEFINITIONS: { readonly [K in SettingName]: SettingDefinition<SettingValues[K]> } = {
  Accounts_TwoFactorAuthentication_Enabled: {
    default: true,
    effect: 'two-factor checks at all (login codes, gated routes); off: every check passes',
    source: TWO_FA,
  },
  Accounts_TwoFactorAuthentication_MaxDelta: {
    default: 1,
    effect: 'TOTP codes accepted this many 30 s steps either side of now',
    source: TWO_FA,
  },
  Accounts_TwoFactorAuthentication_By_TOTP_Enabled: {
    default: true,
    effect: 'users with services.totp.enabled (RC_REFERENCE_ADMIN_TOTP_SECRET) need a TOTP code',
    source: TWO_FA,
  },
  Accounts_TwoFactorAuthentication_By_Email_Enabled: {
    default: true,
    effect: 'users with email2fa and a verified e-mail need an e-mailed code (written to the log)',
    source: TWO_FA,
  },
  Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In: {
    default: true,
    effect: 'new users get services.email2fa.enabled: true',
    source: TWO_FA,
  },
  Accounts_TwoFactorAuthentication_By_Email_Code_Expiration: {
    default: 3600,
    effect: 'seconds an e-mailed code stays valid',
    source: TWO_FA,
  },
  Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts: {
    default: 5,
    effect: 'wrong e-mailed codes before totp-max-attempts',
    source: 'apps/meteor/server/settings/accounts.ts (default not confirmed in the source read)',
  },
  Accounts_TwoFactorAuthentication_RememberFor: {
    default: 1800,
    effect: 'seconds a passed gate is remembered per token+client, and the grace period after registration',
    source: TWO_FA,
  },
  Accounts_TwoFactorAuthentication_Enforce_Password_Fallback: {
    default: true,
    effect: 'gated routes ask users without a 2FA method for x-2fa-method: password + sha256(password)',
    source: TWO_FA,
  },
  Accounts_EmailVerification: {
    default: false,
    effect: 'password logins of non-admins without a verified e-mail are refused (error-invalid-email)',
    source: ACCOUNTS,
  },
  Accounts_UseDefaultBlockedDomainsList: {
    default: true,
    effect:
      'users.create refuses the built-in disposable/example domains (on its own in 8/9; 6/7 only with a custom list; 6 has no example.com)',
    source: ACCOUNTS,
  },
  Accounts_BlockedDomainsList: {
    default: '',
    effect: 'comma-separated e-mail domains users.create refuses',
    source: ACCOUNTS,
  },
  Accounts_AllowedDomainsList: {
    default: '',
    effect: 'comma-separated e-mail domains users.create allows (empty: any)',
    source: ACCOUNTS,
  },
  Accounts_Password_Policy_Enabled: {
    default: false,
    effect: 'a password change (users.update) is checked against the policy below; users.create never is',
    source: ACCOUNTS,
  },
  Accounts_Password_Policy_MinLength: { default: 7, effect: 'minimum length (-1: none)', source: ACCOUNTS },
  Accounts_Password_Policy_MaxLength: { default: -1, effect: 'maximum length (-1: none)', source: ACCOUNTS },
  Accounts_Password_Policy_ForbidRepeatingCharacters: {
    default: true,
    effect: 'refuse runs of the same character',
    source: ACCOUNTS,
  },
  Accounts_Password_Policy_ForbidRepeatingCharactersCount: {
    default: 3,
    effect: 'a run longer than this is refused (regex (.)\\1{N,})',
    source: ACCOUNTS,
  },
  Accounts_Password_Policy_AtLeastOneLowercase: { default: true, effect: 'need [a-z]', source: ACCOUNTS },
  Accounts_Password_Policy_AtLeastOneUppercase: { default: true, effect: 'need [A-Z]', source: ACCOUNTS },
  Accounts_Password_Policy_AtLeastOneNumber: { default: true, effect: 'need [0-9]', source: ACCOUNTS },
  Accounts_Password_Policy_AtLeastOneSpecialCharacter: {
    default: true,
    effect: 'need [^A-Za-z0-9 ]',
    source: ACCOUNTS,
  },
  API_Enable_Rate_Limiter: {
    default: true,
    effect: 'the REST limiter (429, X-RateLimit-*); RC_REFERENCE_RATE_LIMIT=off is an alias for false',
    source: RATE,
  },
  API_Enable_Rate_Limiter_Limit_Calls_Default: {
    default: 10,
    effect: 'REST calls per window per client IP and route',
    source: RATE,
  },
  API_Enable_Rate_Limiter_Limit_Time_Default: {
    default: 60000,
    effect: 'REST limiter window in ms',
    source: RATE,
  },
  Message_AllowDirectMessagesToYourself: {
    default: true,
    effect: 'self-DMs allowed; off: im.create with yourself answers error-invalid-user',
    source: MESSAGE,
  },
  DirectMesssage_maxUsers: {
    default: 8,
    effect: 'most members of a DM, the creator included (the setting name is misspelt in Rocket.Chat too)',
    source: MESSAGE,
  },
  Message_MaxAllowedSize: {
    default: 5000,
    effect: 'longest message text chat.postMessage accepts; longer: error-message-size-exceeded',
    source: MESSAGE,
  },
};

export const SETTING_NAMES = Object.keys(SETTING_DEFINITIONS) as SettingName[];

function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(SETTING_DEFINITIONS, name);
}

/** The value a fresh install of this profile starts with. */
export function settingDefault<K extends SettingName>(name: K, major: ProfileMajor): SettingValues[K] {
  const value = SETTING_DEFINITIONS[name].default as
    | SettingValue
    | Readonly<Record<ProfileMajor, SettingValue>>;
  return (typeof value === 'object' ? value[major] : value) as SettingValues[K];
}

function kindOf(name: SettingName): 'boolean' | 'number' | 'string' {
  return typeof settingDefault(name, 7) as 'boolean' | 'number' | 'string';
}

const listOfNames = (): string => `valid names: ${SETTING_NAMES.join(', ')}`;

/** One raw value for a setting, typed as the setting is; a bad value throws naming the setting. */
function parseSettingValue(name: SettingName, raw: string): SettingValue {
  const kind = kindOf(name);
  const value = raw.trim();
  if (kind === 'boolean') {
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new ConfigError(`setting ${name} must be true or false, got "${raw}"`);
  }
  if (kind === 'number') {
    if (!/^-?\d+$/.test(value)) throw new ConfigError(`setting ${name} must be an integer, got "${raw}"`);
    return Number(value);
  }
  return value;
}

/**
 * `Name=value,Name=value` → overrides. String values cannot contain a comma here, except the two
 * domain lists, whose commas are their own separators: `Accounts_BlockedDomainsList=a.com;b.com`
 * (semicolons) is read as "a.com,b.com".
 */
export function parseSettingsList(raw: string): Partial<Record<SettingName, SettingValue>> {
  const overrides: Partial<Record<SettingName, SettingValue>> = {};
  for (const part of raw.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw new ConfigError(`RC_REFERENCE_SETTINGS: "${item}" is not Name=value\n${listOfNames()}`);
    const name = item.slice(0, eq).trim();
    if (!isSettingName(name)) {
      throw new ConfigError(`RC_REFERENCE_SETTINGS: unknown setting ${name}\n${listOfNames()}`);
    }
    let value = item.slice(eq + 1);
    if (name === 'Accounts_BlockedDomainsList' || name === 'Accounts_AllowedDomainsList')
      value = value.replaceAll(';', ',');
    overrides[name] = parseSettingValue(name, value);
  }
  return overrides;
}

/** Every setting resolved for a profile: its default, unless overridden. */
export function resolveSettings(
  major: ProfileMajor,
  overrides: Partial<Record<string, unknown>> = {},
): Settings {
  const values: Record<string, SettingValue> = {};
  for (const name of SETTING_NAMES) values[name] = settingDefault(name, major);
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!isSettingName(name)) throw new ConfigError(`unknown setting ${name}\n${listOfNames()}`);
    if (typeof value !== kindOf(name)) {
      throw new ConfigError(`setting ${name} must be a ${kindOf(name)}, got ${JSON.stringify(value)}`);
    }
    values[name] = value as SettingValue;
  }
  return Object.freeze(values) as unknown as Settings;
}
