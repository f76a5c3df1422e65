import type { CheckStatus } from '../run/check-outcome.js';
import { CHECK_FAMILIES, type CheckFamily, FAMILY_TITLES } from '../run/checks.js';
import type { RecordedRun } from './recorded-run.js';
import { compare, type Verdict } from './summary.js';

/**
 * The version matrix: several runs' results side by side, to see whether staging (7.x) agrees with the
 * canary (8.x). One column per run — its target × Rocket.Chat version × profile, in the order given —
 * one row per check id any run has, grouped by family; each cell is the check's status in that run with
 * why. A check a run did not have (another profile, not applicable there, another suite version) is
 * `not in this run`, never a status. A row `differs` when the runs that have the check disagree on its
 * outcome: a waived check passed but for the one deviation its waiver accepts, so waived and passed agree
 * — unless two runs were waived by different waivers. Pure: scripts/report-matrix.ts reads the files,
 * src/core/results/matrix-render.ts renders.
 */
export interface MatrixInput {
  /** The file as the command line named it. */
  source: string;
  recorded: RecordedRun;
}

export interface MatrixColumn {
  /** 1-based, as the legend numbers the runs. */
  number: number;
  source: string;
  target: string;
  serverVersion: string;
  profile: string;
  write: string;
  verdict: Verdict;
  date: string | undefined;
  /**
   * What tells this run from another with the same target, version and profile — its run folder (as the
   * command line named it) and date — or undefined when no other column shares them.
   */
  distinguisher: string | undefined;
  /** "<target> · <version> · <profile>", plus the distinguisher when there is one. */
  label: string;
}

export type MatrixCellStatus = CheckStatus | 'not in this run';

export interface MatrixCell {
  status: MatrixCellStatus;
  /** Why it failed, errored, was skipped or waived — or why the run did not have it. */
  reason: string | undefined;
  /** The waiver that accepted the deviation, for a waived cell. */
  waiver?: string;
}

export interface MatrixRow {
  check: string;
  title: string | undefined;
  /** One per column, in column order. */
  cells: MatrixCell[];
  differs: boolean;
}

interface MatrixGroup {
  family: string;
  title: string;
  rows: MatrixRow[];
}

export interface Matrix {
  columns: MatrixColumn[];
  groups: MatrixGroup[];
  /** Ids of the rows that differ, in row order. */
  differing: string[];
}

export function buildMatrix(inputs: readonly MatrixInput[]): Matrix {
  const columns = labelled(inputs);
  const ids = [...new Set(inputs.flatMap((input) => input.recorded.checks.map((row) => row.check)))];
  const rowOf = (id: string): MatrixRow => {
    const cells = inputs.map((input): MatrixCell => {
      const row = input.recorded.checks.find((candidate) => candidate.check === id);
      if (row)
        return { status: row.status, reason: row.reason, ...(row.waiver ? { waiver: row.waiver } : {}) };
      const left = input.recorded.notApplicable.find((entry) => entry.check === id);
      return {
        status: 'not in this run',
        reason: left
          ? `not applicable: ${left.reason}`
          : `not planned in this run (profile ${input.recorded.run.profile}, suite ${input.recorded.run.suiteVersion})`,
      };
    });
    return {
      check: id,
      title: inputs.flatMap((input) => input.recorded.checks).find((row) => row.check === id)?.title,
      cells,
      differs: disagree(cells),
    };
  };
  // The registry's families in its order; a family only another suite version knows comes after them.
  const families = [
    ...CHECK_FAMILIES,
    ...[...new Set(ids.map(familyName))].filter((name) => knownFamily(name) === undefined).sort(compare),
  ];
  const groups = families
    .map((family): MatrixGroup => {
      const known = knownFamily(family);
      return {
        family,
        title: known ? FAMILY_TITLES[known] : family,
        rows: ids
          .filter((id) => familyName(id) === family)
          .sort(compare)
          .map(rowOf),
      };
    })
    .filter((group) => group.rows.length > 0);
  return {
    columns,
    groups,
    differing: groups.flatMap((group) => group.rows.filter((row) => row.differs).map((row) => row.check)),
  };
}

/** Whether the runs that have a check disagree: waived counts as passed, unless the waivers differ. */
function disagree(cells: readonly MatrixCell[]): boolean {
  const had = cells.filter((cell) => cell.status !== 'not in this run');
  const outcomes = new Set(had.map((cell) => (cell.status === 'waived' ? 'passed' : cell.status)));
  const waivers = new Set(
    had.filter((cell) => cell.status === 'waived').map((cell) => cell.waiver ?? cell.reason),
  );
  return outcomes.size > 1 || waivers.size > 1;
}

function familyName(checkId: string): string {
  return checkId.split('/')[0] ?? checkId;
}

function knownFamily(name: string): CheckFamily | undefined {
  return CHECK_FAMILIES.find((family) => family === name);
}

/**
 * Columns in input order; two runs with the same target, version and profile are told apart by their run
 * folder and date (both: two folders of one day, or one folder given twice, must still differ).
 */
function labelled(inputs: readonly MatrixInput[]): MatrixColumn[] {
  const base = inputs.map(({ recorded: { run } }) => `${run.target} · ${run.serverVersion} · ${run.profile}`);
  return inputs.map(({ source, recorded }, index): MatrixColumn => {
    const shared = base.filter((label) => label === base[index]).length > 1;
    const distinguisher = shared ? `${source} · ${recorded.date ?? 'date not recorded'}` : undefined;
    return {
      number: index + 1,
      source,
      target: recorded.run.target,
      serverVersion: recorded.run.serverVersion,
      profile: recorded.run.profile,
      write: recorded.run.write,
      verdict: recorded.verdict,
      date: recorded.date,
      distinguisher,
      label: distinguisher ? `${base[index]} · ${distinguisher}` : (base[index] as string),
    };
  });
}
