import { join, resolve } from 'node:path';
import { validateContractFile } from '../contract/contract-file-schema.js';
import { PROJECT_ROOT } from '../project-root.js';
import { isInRange } from '../rocketchat/rocketchat-version.js';
import { readYamlFile, SourceError } from '../contract/yaml-source.js';

/**
 * Waivers: accepted deviations, one file (contract/waivers.yaml, schema contract/schemas/waivers.schema.json).
 * A check reports named deviations; a waiver accepts exactly one deviation of one check, so any other
 * failure of that check still fails. A waived check still runs, so a deviation that disappears is
 * reported; an expired waiver fails the run.
 */
export interface Waiver {
  /** kebab-case, unique; shown in the `waiver` annotation. */
  id: string;
  /** `<family>/<check-id>`, a check of src/core/run/checks.ts. */
  check: string;
  /** kebab-case: the one deviation of `check` that is accepted. */
  accepts: string;
  reason: string;
  /** A public URL or a path inside the repository. */
  source: string;
  /** A semver range of Rocket.Chat versions, e.g. ">=8.0.0". Absent: every version. */
  versions?: string;
  /** YYYY-MM-DD, the last day the waiver applies. */
  expires?: string;
}

export interface WaiverMatch {
  waiver: Waiver;
  expired: boolean;
}

/** A deviation a check reported, on a server, on a day. */
export interface Deviation {
  check: string;
  deviation: string;
  /** As /api/info reports it; undefined = unknown (then only range-less waivers apply). */
  serverVersion: string | undefined;
  today: Date;
}

const WAIVERS_FILE = join(PROJECT_ROOT, 'contract', 'waivers.yaml');

/**
 * The waivers in force: contract/waivers.yaml, or the file CONTRACT_WAIVERS names (a team's own
 * accepted deviations for its staging server, kept outside this repository).
 */
export function waiversFile(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CONTRACT_WAIVERS?.trim();
  return configured ? resolve(configured) : WAIVERS_FILE;
}

/** Loads and validates the waivers; every problem is reported as `<file>:<line>: <what is wrong>`. */
export function loadWaivers(file: string = waiversFile()): Waiver[] {
  const source = readYamlFile(file);
  const { waivers } = validateContractFile<{ waivers: Waiver[] }>(source, 'waivers');
  // Unique ids: JSON Schema cannot say "unique by one field".
  const firstLine = new Map<string, number>();
  const duplicates = waivers.flatMap((waiver, index) => {
    const line = source.lineAt(['waivers', index, 'id']);
    const first = firstLine.get(waiver.id);
    if (first === undefined) firstLine.set(waiver.id, line);
    return first === undefined
      ? []
      : [
          {
            line,
            reason: `waivers[${index}].id: "${waiver.id}" is already the id of the waiver at line ${first}`,
          },
        ];
  });
  if (duplicates.length > 0) throw new SourceError(source.file, duplicates);
  return waivers;
}

/**
 * The waiver that accepts this deviation of this check on this server today. A still-valid waiver wins
 * over an expired one; a ranged waiver never applies to an unknown version.
 */
export function waiverFor(
  waivers: readonly Waiver[],
  { check, deviation, serverVersion, today }: Deviation,
): WaiverMatch | undefined {
  const matches = waivers
    .filter(
      (waiver) => waiver.check === check && waiver.accepts === deviation && appliesTo(waiver, serverVersion),
    )
    .map((waiver) => ({ waiver, expired: isExpired(waiver, today) }));
  return matches.find((match) => !match.expired) ?? matches[0];
}

/** The waivers in force for a check on this server today: a check that passes can say they are no longer needed. */
export function waiversOfCheck(
  waivers: readonly Waiver[],
  check: string,
  serverVersion: string | undefined,
  today: Date,
): Waiver[] {
  return waivers.filter(
    (waiver) => waiver.check === check && appliesTo(waiver, serverVersion) && !isExpired(waiver, today),
  );
}

/** The expired waivers that apply to this server: each one fails the run until fixed or renewed. */
export function expiredWaivers(
  waivers: readonly Waiver[],
  today: Date,
  serverVersion: string | undefined,
): Waiver[] {
  return waivers.filter((waiver) => isExpired(waiver, today) && appliesTo(waiver, serverVersion));
}

function appliesTo(waiver: Waiver, serverVersion: string | undefined): boolean {
  return waiver.versions === undefined || isInRange(serverVersion, waiver.versions);
}

/** Expired once `today` (UTC calendar day) is after the `expires` day. */
function isExpired(waiver: Waiver, today: Date): boolean {
  return waiver.expires !== undefined && today.toISOString().slice(0, 10) > waiver.expires;
}
