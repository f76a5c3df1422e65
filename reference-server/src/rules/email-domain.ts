import { MeteorError } from '../errors.js';
import type { VersionProfile } from '../profiles.js';
import type { Settings } from '../settings.js';

/**
 * An excerpt of Rocket.Chat's `emailDomainDefaultBlackList`
 * (apps/meteor/app/lib/server/lib/defaultBlockedDomainsList.ts, ~1 000 entries): `example.com` (on
 * the newest list; not on 6.x's, see `defaultBlockedListHasExampleCom`) and a sample of the
 * disposable-mail domains. `example.org` and `example.net` are on no version of the list read, so
 * they are not blocked here; `.invalid` (RFC 2606) is on no list.
 */
const DEFAULT_BLOCKED_DOMAINS: ReadonlySet<string> = new Set([
  'example.com',
  '0-mail.com',
  '10minutemail.com',
  '20minutemail.com',
  '33mail.com',
  'anonbox.net',
  'discard.email',
  'dispostable.com',
  'dropmail.me',
  'fakeinbox.com',
  'getairmail.com',
  'guerrillamail.com',
  'guerrillamail.net',
  'mailinator.com',
  'mailinator.net',
  'maildrop.cc',
  'mailnesia.com',
  'mytemp.email',
  'sharklasers.com',
  'spam4.me',
  'temp-mail.org',
  'tempmail.it',
  'throwawayemailaddress.com',
  'trashmail.com',
  'yopmail.com',
  'yopmail.net',
  'yourdomain.com',
  'zzz.com',
]);

/** The e-mail syntax check of validateEmailDomain. */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

const FUNCTION = { function: 'RocketChat.validateEmailDomain' };

function domainList(raw: string): string[] {
  return raw
    .split(',')
    .map((domain) => domain.trim())
    .filter(Boolean);
}

/**
 * validateEmailDomain (apps/meteor/app/lib/server/lib/validateEmailDomain.js): syntax, then the
 * allowed list, then the blocked lists. Up to 7.x the default list is consulted only when a custom
 * `Accounts_BlockedDomainsList` is set, and domains compare case-sensitively; 8.x
 * (isEmailDomainBlocked.ts) lowercases and applies the default list on its own. DNS checks
 * (`Accounts_UseDNSDomainCheck`, default off) are not modelled.
 */
export function validateEmailDomain(profile: VersionProfile, settings: Settings, email: string): void {
  if (!EMAIL.test(email)) {
    throw new MeteorError('error-invalid-email', `Invalid email ${email}`, { ...FUNCTION, email });
  }
  const modern = profile.emailDomainRules === 'default-list-on-its-own';
  const rawDomain = email.slice(email.lastIndexOf('@') + 1);
  const domain = modern ? rawDomain.toLowerCase() : rawDomain;
  const norm = (value: string): string => (modern ? value.toLowerCase() : value);

  const allowed = domainList(settings.Accounts_AllowedDomainsList).map(norm);
  if (allowed.length > 0 && !allowed.includes(domain)) {
    throw new MeteorError('error-invalid-domain', 'The email domain is not in whitelist', FUNCTION);
  }
  const blocked = domainList(settings.Accounts_BlockedDomainsList).map(norm);
  const onDefaultList =
    settings.Accounts_UseDefaultBlockedDomainsList &&
    DEFAULT_BLOCKED_DOMAINS.has(domain) &&
    (domain !== 'example.com' || profile.defaultBlockedListHasExampleCom);
  const isBlocked = modern
    ? blocked.includes(domain) || onDefaultList
    : blocked.length > 0 && (blocked.includes(domain) || onDefaultList);
  if (isBlocked) {
    throw new MeteorError('error-email-domain-blacklisted', 'The email domain is blacklisted', FUNCTION);
  }
}
