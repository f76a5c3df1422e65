import { randomBytes, randomInt } from 'node:crypto';

/** Meteor's `Random.id()` alphabet: no 0/1/I/O/l/o/V/U, so ids are unmistakable when read aloud. */
const UNMISTAKABLE_CHARS = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';
/** Meteor's `Random.secret()` alphabet (URL-safe base64). */
const BASE64_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';

function randomString(length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A 17-character Meteor id, as Rocket.Chat gives users, channels and messages. */
export function randomId(): string {
  return randomString(17, UNMISTAKABLE_CHARS);
}

/** A 43-character secret, as Rocket.Chat's login tokens (`Accounts._generateStampedLoginToken`). */
export function randomSecret(): string {
  return randomString(43, BASE64_CHARS);
}

let objectIdCounter = randomInt(0xffffff);
const processRandom = randomBytes(5).toString('hex');

/** A 24-hex MongoDB ObjectId string (4-byte time, 5-byte process random, 3-byte counter). */
export function objectId(nowMs: number = Date.now()): string {
  objectIdCounter = (objectIdCounter + 1) % 0x1000000;
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}${processRandom}${objectIdCounter.toString(16).padStart(6, '0')}`;
}
