import { randomInt } from 'node:crypto';

/**
 * Passwords for the users the suite creates: accepted by every password-policy option Rocket.Chat offers
 * (Accounts_Password_Policy_*: a length well above the minimum and below any sane maximum, lower case,
 * upper case, a digit, a special character, and no character repeated next to itself), so a staging
 * server with the policy switched on creates them as readily as a stock one.
 */
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SPECIAL = '!#%+-.=@_';
const ALL = LOWER + UPPER + DIGITS + SPECIAL;
export const SEEDED_PASSWORD_LENGTH = 24;

function pick(alphabet: string, previous: string | undefined): string {
  for (;;) {
    const char = alphabet[randomInt(alphabet.length)] as string;
    if (char !== previous) return char;
  }
}

export function seededUserPassword(length = SEEDED_PASSWORD_LENGTH): string {
  // One of each class first, then the rest from every class; never the same character twice in a row.
  const chars: string[] = [];
  for (const alphabet of [UPPER, LOWER, DIGITS, SPECIAL]) chars.push(pick(alphabet, chars.at(-1)));
  while (chars.length < length) chars.push(pick(ALL, chars.at(-1)));
  return chars.join('');
}
