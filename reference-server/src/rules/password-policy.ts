import { MeteorError } from '../errors.js';
import type { VersionProfile } from '../profiles.js';
import type { Settings } from '../settings.js';

/**
 * The password policy (7.x+ packages/password-policies/src/PasswordPolicyClass.ts; 6.x
 * apps/meteor/app/lib/server/lib/PasswordPolicyClass.js), enforced on a password change (users.update,
 * saveUser) when `Accounts_Password_Policy_Enabled` — never on users.create. 7.x+ collect every failed rule into `details` under the code
 * `error-password-policy-not-met`; 6.x throws the first failed rule's own code.
 */
export function validatePassword(profile: VersionProfile, settings: Settings, password: string): void {
  const policyNotMet = "The password provided does not meet the server's password policy.";
  if (password.trim().length === 0) throw new MeteorError('error-password-policy-not-met', policyNotMet);
  if (!settings.Accounts_Password_Policy_Enabled) return;

  const reasons: { error: string; message: string }[] = [];
  const fail = (error: string, message: string) => reasons.push({ error, message });
  const min = settings.Accounts_Password_Policy_MinLength;
  const max = settings.Accounts_Password_Policy_MaxLength;
  if (min >= 1 && password.length < min)
    fail(
      'error-password-policy-not-met-minLength',
      'The password does not meet the minimum length password policy.',
    );
  if (max >= 1 && password.length > max)
    fail(
      'error-password-policy-not-met-maxLength',
      'The password does not meet the maximum length password policy.',
    );
  const repeat = new RegExp(`(.)\\1{${settings.Accounts_Password_Policy_ForbidRepeatingCharactersCount},}`);
  if (settings.Accounts_Password_Policy_ForbidRepeatingCharacters && repeat.test(password))
    fail(
      'error-password-policy-not-met-repeatingCharacters',
      'The password contains repeating characters which is against the password policy.',
    );
  if (settings.Accounts_Password_Policy_AtLeastOneLowercase && !/[a-z]/.test(password))
    fail(
      'error-password-policy-not-met-oneLowercase',
      'The password does not contain at least one lowercase character which is against the password policy.',
    );
  if (settings.Accounts_Password_Policy_AtLeastOneUppercase && !/[A-Z]/.test(password))
    fail(
      'error-password-policy-not-met-oneUppercase',
      'The password does not contain at least one uppercase character which is against the password policy.',
    );
  if (settings.Accounts_Password_Policy_AtLeastOneNumber && !/[0-9]/.test(password))
    fail(
      'error-password-policy-not-met-oneNumber',
      'The password does not contain at least one numerical character which is against the password policy.',
    );
  if (settings.Accounts_Password_Policy_AtLeastOneSpecialCharacter && !/[^A-Za-z0-9 ]/.test(password))
    fail(
      'error-password-policy-not-met-oneSpecial',
      'The password does not contain at least one special character which is against the password policy.',
    );
  const first = reasons[0];
  if (!first) return;
  if (profile.passwordPolicyReasons === 'first-failure') throw new MeteorError(first.error, first.message);
  throw new MeteorError('error-password-policy-not-met', policyNotMet, reasons);
}
