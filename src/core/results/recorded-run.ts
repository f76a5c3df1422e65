import { readFileSync } from 'node:fs';
import type { CheckStatus } from '../run/check-outcome.js';
import type { RunFacts, Verdict } from './run-shapes.js';

/**
 * A run as its conformance.json recorded it, read back for the baseline comparison and the version
 * matrix. The file may come from another suite version, so only what those two need is required — the
 * verdict, the run facts and each check's id and status — and whatever else it holds is ignored. A file
 * that is missing, unreadable or not a conformance summary is one message naming the file.
 */
export interface RecordedRun {
  verdict: Verdict;
  run: Omit<RunFacts, 'versionNote'>;
  /** When the run started; absent in a file that has no `timing`. */
  date: string | undefined;
  /** Every check row, in the file's order. */
  checks: RecordedCheck[];
  /** Checks the run left out because they did not apply to its configuration, with why. */
  notApplicable: Array<{ check: string; reason: string }>;
}

interface RecordedCheck {
  check: string;
  title: string | undefined;
  status: CheckStatus;
  reason: string | undefined;
  /** The id of the waiver that accepted the check's deviation, when it was waived. */
  waiver: string | undefined;
}

/** `<file> <problem>`; the problem alone ("cannot be read: no such file") for callers that name the file. */
export class RecordedRunError extends Error {
  override name = 'RecordedRunError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file} ${problem}`);
  }
}

/** An interrupted run judged no scope: it is no baseline. */
const VERDICTS: readonly Verdict[] = ['PASSED', 'FAILED', 'INCOMPLETE'];
const STATUSES: readonly CheckStatus[] = ['passed', 'failed', 'error', 'skipped', 'waived'];
const FACTS = ['target', 'serverVersion', 'profile', 'contractHash', 'suiteVersion'] as const;

/** Reads and checks a conformance.json; throws a RecordedRunError naming `file` and what is wrong. */
export function readRecordedRun(file: string): RecordedRun {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RecordedRunError(file, `cannot be read: ${readProblem(error)}`);
  }
  return parseRecordedRun(text, file);
}

export function parseRecordedRun(text: string, file: string): RecordedRun {
  const notOne = (what: string) => new RecordedRunError(file, `is not a conformance.json (${what})`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw notOne('not JSON');
  }
  if (!isObject(data)) throw notOne('not a JSON object');
  const verdict = VERDICTS.find((candidate) => candidate === data.verdict);
  if (verdict === undefined) throw notOne('no verdict PASSED, FAILED or INCOMPLETE');
  const run = data.run;
  if (!isObject(run)) throw notOne('no run facts');
  for (const fact of FACTS) {
    if (typeof run[fact] !== 'string') throw notOne(`no run.${fact}`);
  }
  if (!Array.isArray(data.families)) throw notOne('no families');
  const checks: RecordedCheck[] = [];
  for (const family of data.families) {
    if (!isObject(family) || !Array.isArray(family.checks)) throw notOne('a family without checks');
    for (const row of family.checks) {
      const status = isObject(row) ? STATUSES.find((candidate) => candidate === row.status) : undefined;
      if (!isObject(row) || typeof row.check !== 'string' || status === undefined)
        throw notOne('a check row without a check id and status');
      checks.push({
        check: row.check,
        title: typeof row.title === 'string' ? row.title : undefined,
        status,
        reason: typeof row.reason === 'string' ? row.reason : undefined,
        waiver: waiverId(row.waiver),
      });
    }
  }
  const timing = data.timing;
  return {
    verdict,
    run: {
      target: run.target as string,
      serverVersion: run.serverVersion as string,
      profile: run.profile as string,
      write: typeof run.write === 'string' ? run.write : '(not recorded)',
      contractHash: run.contractHash as string,
      suiteVersion: run.suiteVersion as string,
    },
    date: isObject(timing) && typeof timing.date === 'string' ? timing.date : undefined,
    checks,
    notApplicable: Array.isArray(data.notApplicable)
      ? data.notApplicable.filter(
          (entry): entry is { check: string; reason: string } =>
            isObject(entry) && typeof entry.check === 'string' && typeof entry.reason === 'string',
        )
      : [],
  };
}

/** A row's waiver: `{ id, … }`, or `<waiver-id> accepted …` as earlier suite versions wrote it. */
function waiverId(waiver: unknown): string | undefined {
  if (isObject(waiver) && typeof waiver.id === 'string') return waiver.id;
  if (typeof waiver === 'string') return waiver.split(' ')[0] || undefined;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a file could not be read, in words (the code alone means little to a release manager). */
function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
