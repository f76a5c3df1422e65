import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import semver from 'semver';
import { parseDocument } from 'yaml';
import { PROJECT_ROOT } from './project-root.js';

/**
 * Waivers: accepted deviations, one file (contract/waivers.yaml). A waived check still runs, as an
 * expected failure, so a deviation that disappears is reported; an expired waiver fails the run.
 */
export interface Waiver {
  id: string;
  /** `<family>/<check-id>`, the `clause` annotation of the test it applies to. */
  check: string;
  reason: string;
  source: string;
  /** A semver range of Rocket.Chat versions, e.g. ">=8.0.0". Absent: every version. */
  versions?: string;
  /** YYYY-MM-DD, the last day the waiver applies. */
  expires?: string;
}

export type WaiverMatch = { waiver: Waiver; expired: boolean };

export const WAIVERS_FILE = join(PROJECT_ROOT, 'contract', 'waivers.yaml');

export const CHECK_FAMILIES = ['shape', 'auth', 'updatedSince', 'dm'] as const;
const CHECK_PATTERN = new RegExp(`^(${CHECK_FAMILIES.join('|')})/[a-z0-9]+(-[a-z0-9]+)*$`);
const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const FIELDS = new Set(['id', 'check', 'reason', 'source', 'versions', 'expires']);

/** Loads and validates the waivers; bad input throws an Error naming the file, the entry and the field. */
export function loadWaivers(file: string = WAIVERS_FILE): Waiver[] {
  const shown = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${shown}: cannot read waivers: ${(error as Error).message}`);
  }
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const [yamlError] = document.errors;
  if (yamlError) {
    const where = yamlError.linePos ? ` at line ${yamlError.linePos[0].line}` : '';
    const reason = (yamlError.message.split('\n')[0] ?? yamlError.code).replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    throw new Error(`${shown}: malformed YAML${where}: ${reason}`);
  }
  const root = document.toJS() as unknown;
  if (root === null || root === undefined) return [];
  if (!isRecord(root) || !Array.isArray(root.waivers)) {
    throw new Error(`${shown}: expected a mapping with a "waivers" list`);
  }
  const seen = new Set<string>();
  return root.waivers.map((raw: unknown, index: number): Waiver => {
    const label =
      isRecord(raw) && typeof raw.id === 'string'
        ? `entry ${index + 1} (id "${raw.id}")`
        : `entry ${index + 1}`;
    const fail = (field: string, reason: string): never => {
      throw new Error(`${shown}: ${label}: field "${field}": ${reason}`);
    };
    if (!isRecord(raw)) throw new Error(`${shown}: ${label}: must be a mapping`);
    for (const key of Object.keys(raw)) if (!FIELDS.has(key)) fail(key, 'unknown field');
    const text = (field: keyof Waiver): string => {
      const value = raw[field];
      if (typeof value !== 'string' || value.trim() === '')
        return fail(field, 'required, a non-empty string');
      return value;
    };
    const waiver: Waiver = {
      id: text('id'),
      check: text('check'),
      reason: text('reason'),
      source: text('source'),
    };
    if (!ID_PATTERN.test(waiver.id)) fail('id', `"${waiver.id}" must be kebab-case`);
    if (seen.has(waiver.id)) fail('id', `duplicate id "${waiver.id}"`);
    seen.add(waiver.id);
    if (!CHECK_PATTERN.test(waiver.check)) {
      fail(
        'check',
        `"${waiver.check}" must be <family>/<check-id> with family one of ${CHECK_FAMILIES.join(', ')}`,
      );
    }
    if (raw.versions !== undefined) {
      const versions = text('versions');
      if (semver.validRange(versions) === null) fail('versions', `"${versions}" is not a semver range`);
      waiver.versions = versions;
    }
    if (raw.expires !== undefined) {
      // An unquoted YAML date is still a string here (YAML 1.2 core schema), but be explicit.
      const expires = text('expires');
      if (!isCalendarDate(expires)) fail('expires', `"${expires}" must be a real date as YYYY-MM-DD`);
      waiver.expires = expires;
    }
    return waiver;
  });
}

/**
 * The waiver for `check` that applies to `serverVersion` (undefined = unknown: only range-less waivers
 * apply) on `today`. A still-valid waiver wins over an expired one.
 */
export function findWaiver(
  waivers: Waiver[],
  check: string,
  serverVersion: string | undefined,
  today: Date,
): WaiverMatch | undefined {
  const applicable = waivers.filter((waiver) => waiver.check === check && appliesTo(waiver, serverVersion));
  const matches = applicable.map((waiver) => ({ waiver, expired: isExpired(waiver, today) }));
  return matches.find((match) => !match.expired) ?? matches[0];
}

export function expiredWaivers(waivers: Waiver[], today: Date): Waiver[] {
  return waivers.filter((waiver) => isExpired(waiver, today));
}

function appliesTo(waiver: Waiver, serverVersion: string | undefined): boolean {
  if (waiver.versions === undefined) return true;
  if (serverVersion === undefined) return false;
  // /api/info strips the patch number for most callers ("8.0"): coerce to a full version.
  const version = semver.valid(serverVersion) ?? semver.coerce(serverVersion)?.version;
  return version !== undefined && semver.satisfies(version, waiver.versions, { includePrerelease: true });
}

/** Expired once `today` (UTC calendar day) is after the `expires` day. */
function isExpired(waiver: Waiver, today: Date): boolean {
  return waiver.expires !== undefined && today.toISOString().slice(0, 10) > waiver.expires;
}

function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
