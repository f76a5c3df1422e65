import type { OverlayEntry } from './overlay.js';

/**
 * The evidence a documentation patch may carry: public facts only. A patch goes into a public pull
 * request on RocketChat/Rocket.Chat-Open-API, so its comments cite Rocket.Chat's own source at a tag and
 * counts per Rocket.Chat version — never this repository's files (the overlay's `source` points into
 * docs/ for us), never the server a run went to (its URL, host, users, rooms).
 */

/**
 * The Rocket.Chat tag every source link points at (`blob/<tag>/…` instead of the moving `develop`).
 * Bump it with care: each cited path must exist at the tag (tests/contract/public-evidence.test.ts lists
 * them).
 */
export const SOURCE_TAG = '7.10.0';
const REPOSITORY = 'https://github.com/RocketChat/Rocket.Chat/blob/';
const ECMASCRIPT_DATE_JSON = 'https://tc39.es/ecma262/#sec-date.prototype.tojson';

/** A Rocket.Chat source link at SOURCE_TAG. */
function sourceAt(path: string): string {
  return `${REPOSITORY}${SOURCE_TAG}/${path}`;
}

/** Rocket.Chat links in a text, at SOURCE_TAG (whatever ref they named). */
function rocketChatLinks(text: string): string[] {
  const links = [
    ...text.matchAll(/https:\/\/github\.com\/RocketChat\/Rocket\.Chat\/blob\/[^/\s]+\/([^\s)]+)/g),
  ];
  return [...new Set(links.map((match) => sourceAt(match[1] as string)))];
}

/**
 * Entries whose reason or source speaks of this repository (a docs/ section, a file of ours): what the
 * patch says instead. Keyed by the overlay entry's reason; a new entry like them fails the test until it
 * is added here.
 */
const REWORDED: Record<string, { reason: string; sources: string[] }> = {
  'Dates are serialised as ISO-8601 with milliseconds and Z.': {
    reason: 'Room dates are JavaScript Dates, sent as JSON: an ISO-8601 string with milliseconds and Z.',
    sources: [sourceAt('packages/core-typings/src/IRoom.ts'), ECMASCRIPT_DATE_JSON],
  },
  'Message dates are serialised as ISO-8601 with milliseconds and Z.': {
    reason: 'Message dates are JavaScript Dates, sent as JSON: an ISO-8601 string with milliseconds and Z.',
    sources: [sourceAt('packages/core-typings/src/IMessage/IMessage.ts'), ECMASCRIPT_DATE_JSON],
  },
};
const REWORDED_401 = {
  reason:
    'The not-logged-in body differs by Rocket.Chat version: {status, message} up to 8.x (7.x and 8.x add success and error), {success, error} from 9.0; the schema allows both.',
  sources: [
    sourceAt('apps/meteor/server/api/ApiClass.ts'),
    sourceAt('apps/meteor/server/api/v1/middlewares/authenticationHono.ts'),
  ],
};

/** An overlay entry's evidence as a patch may print it: `Proposed: <reason>` and `Source: <link>` lines. */
export function publicEvidence(entry: OverlayEntry): string[] {
  const reworded =
    REWORDED[entry.reason] ?? (entry.status === 401 && entry.path === '' ? REWORDED_401 : undefined);
  const reason = reworded?.reason ?? withoutOwnReferences(entry.reason);
  const sources = reworded?.sources ?? rocketChatLinks(entry.source);
  if (sources.length === 0 || ownReferences(reason).length > 0)
    throw new Error(
      `the overlay entry "${entry.reason}" has no public evidence: add it to REWORDED in generator/public-evidence.ts`,
    );
  return [`Proposed: ${reason}`, ...sources.map((source) => `Source: ${source}`)];
}

/** Parenthesised references to this repository's files, dropped from a reason. */
function withoutOwnReferences(text: string): string {
  return text.replace(/\s*\([^()]*\)/g, (group) => (ownReferences(group).length > 0 ? '' : group));
}

/** Mentions of this repository's files or folders in a text: none may reach a patch. */
export function ownReferences(text: string): string[] {
  const found = text.match(
    /(?<![\w/.-])(?:docs|src|contract|generator|tests|scripts|reports|schemas|reference-server)\/[\w./-]*|§\s?\d+(?:\.\d+)?/g,
  );
  return found ?? [];
}
