import { CHECKS, type CheckDefinition } from '../../src/core/run/checks.js';
import type { ContractProfile } from '../../src/core/contract/contract-profiles.js';
import type { CheckStatus } from '../../src/core/run/check-outcome.js';
import type { CatalogueFault } from './fleet.js';

/**
 * The mutation matrix's rules, without its processes (scripts/mutants.ts runs them; tests/scripts
 * tests them): which faulted servers a matrix starts, which checks each must fail, and how a run's
 * results are judged.
 *
 * - A contract fault is KILLED in a run only when EACH check it names (in that contract profile) fails
 *   on a contract assertion; the checks that did not fail are reported by name.
 * - The documented contract profile runs a fault's named documented-profile checks, unless the catalogue
 *   says the documentation promises nothing that the fault breaks (`documentedProfileBlind`).
 * - A refusal fault (`effect: 'refusal'`) breaks no contract: alone it must give INCOMPLETE with no
 *   check failed and every read-only check judged; together with the fault that reveals it
 *   (`revealedBy`), that fault's named checks must each fail.
 * - A fault with no run in the chosen profiles is an error of the matrix, never a kill.
 */
export type VersionProfile = 6 | 7 | 8 | 9;
export const VERSION_PROFILES: readonly VersionProfile[] = [6, 7, 8, 9];

type RunKind = 'contract' | 'refusal-alone' | 'refusal-revealed';

/** One faulted server of the matrix and what must happen there. */
export interface FaultRun {
  key: string;
  /** The catalogue fault the run proves. */
  fault: string;
  kind: RunKind;
  /** RC_REFERENCE_FAULTS of its server: the fault, and for a revealed refusal the revealing fault too. */
  serverFaults: string[];
  profile: VersionProfile;
  contract: ContractProfile;
  /** The checks planned on its server; undefined: every check of the contract profile. */
  checks: string[] | undefined;
  /** Checks that must each fail on a contract assertion. */
  mustFail: string[];
}

export interface CheckResult {
  check: string;
  status: CheckStatus;
  reason?: string;
}

export type Verdict = 'PASSED' | 'FAILED' | 'INCOMPLETE';

/** A check counts as judged when the run reached a verdict on it. */
const isJudged = (status: CheckStatus): boolean =>
  status === 'passed' || status === 'failed' || status === 'waived';

const checkProfile = new Map(CHECKS.map((check) => [check.id, check.profile]));

/** The checks a contract profile runs: every documented check, plus the strict ones in `strict`. */
function inContract(contract: ContractProfile): CheckDefinition[] {
  return CHECKS.filter((check) => contract === 'strict' || check.profile === 'documented');
}

/**
 * Checks that need nothing but a session (a checked account at most): a refusal of a seeding call
 * leaves their needs met, so they must be judged whatever the server refuses.
 */
export function readOnlyChecks(contract: ContractProfile): string[] {
  return inContract(contract)
    .filter((check) => check.needs.every((need) => need === 'checked-account'))
    .map((check) => check.id);
}

/** What the rules read of a fault: the tooling's listing and the catalogue's own entries both have it. */
type FaultFacts = Pick<CatalogueFault, 'effect' | 'documentedProfileBlind'> & { checks: readonly string[] };

/**
 * The checks that must each fail against a contract fault in a contract profile: all its named checks
 * in `strict`; in `documented`, its named documented-profile checks — none when the catalogue says the
 * documentation promises nothing the fault breaks.
 */
export function mustFailIn(fault: FaultFacts, contract: ContractProfile): string[] {
  if (contract === 'strict') return [...fault.checks];
  if (fault.documentedProfileBlind) return [];
  return fault.checks.filter((id) => checkProfile.get(id) === 'documented');
}

/** Why a contract profile has no run of a fault (its version profiles aside), or undefined. */
export function whyUnseen(fault: FaultFacts, contract: ContractProfile): string | undefined {
  if (fault.effect === 'refusal' || contract === 'strict') return undefined;
  if (fault.documentedProfileBlind)
    return `the documented profile cannot see it: ${fault.documentedProfileBlind}`;
  if (mustFailIn(fault, contract).length === 0)
    return 'the documented profile cannot see it: every check it names is a strict-profile check';
  return undefined;
}

const versionsOf = (fault: CatalogueFault): readonly VersionProfile[] => fault.versions ?? VERSION_PROFILES;

/**
 * Every faulted server of a matrix, and the faults that have no run in it: an error of the matrix when
 * the fault was asked for by name, never a kill.
 */
export function planFaultRuns(
  faults: readonly CatalogueFault[],
  catalogue: readonly CatalogueFault[],
  profiles: readonly VersionProfile[],
  contracts: readonly ContractProfile[],
): { runs: FaultRun[]; noRun: Array<{ fault: string; text: string }> } {
  const runs: FaultRun[] = [];
  const noRun: Array<{ fault: string; text: string }> = [];
  for (const fault of faults) {
    const versions = versionsOf(fault).filter((profile) => profiles.includes(profile));
    const run = (
      kind: RunKind,
      profile: VersionProfile,
      contract: ContractProfile,
      serverFaults: string[],
      mustFail: string[],
    ): FaultRun => ({
      key: `${serverFaults.join('+')}@${profile}${contract === 'strict' ? '' : `/${contract}`}`,
      fault: fault.name,
      kind,
      serverFaults,
      profile,
      contract,
      // A refusal alone runs every check: those whose needs it leaves met must be judged.
      checks: kind === 'refusal-alone' ? undefined : mustFail,
      mustFail,
    });
    if (fault.effect === 'refusal') {
      const revealer = catalogue.find((other) => other.name === fault.revealedBy);
      if (!revealer || revealer.effect === 'refusal' || revealer.checks.length === 0) {
        noRun.push({
          fault: fault.name,
          text: `fault ${fault.name} is a refusal whose revealedBy (${fault.revealedBy ?? 'missing'}) is not a contract fault of the catalogue`,
        });
        continue;
      }
      // A refusal breaks no contract, and its revealing fault has runs of its own in every contract
      // profile: one contract profile (the first chosen) is enough to prove both expectations.
      const mine = contracts.slice(0, 1).flatMap((contract) =>
        versions.flatMap((profile) => {
          const revealed = mustFailIn(revealer, contract);
          return [
            run('refusal-alone', profile, contract, [fault.name], []),
            ...(revealed.length > 0 && versionsOf(revealer).includes(profile)
              ? [run('refusal-revealed', profile, contract, [fault.name, revealer.name], revealed)]
              : []),
          ];
        }),
      );
      if (mine.length === 0)
        noRun.push({ fault: fault.name, text: noRunText(fault, profiles, contracts, []) });
      runs.push(...mine);
      continue;
    }
    const seenIn = contracts.filter((contract) => !whyUnseen(fault, contract));
    const mine = seenIn.flatMap((contract) =>
      versions.map((profile) =>
        run('contract', profile, contract, [fault.name], mustFailIn(fault, contract)),
      ),
    );
    if (mine.length === 0) {
      const unseen = contracts.flatMap((contract) => whyUnseen(fault, contract) ?? []);
      noRun.push({ fault: fault.name, text: noRunText(fault, profiles, contracts, unseen) });
    }
    runs.push(...mine);
  }
  return { runs, noRun };
}

function noRunText(
  fault: CatalogueFault,
  profiles: readonly VersionProfile[],
  contracts: readonly ContractProfile[],
  unseen: readonly string[],
): string {
  return (
    `fault ${fault.name} has no run in the chosen profiles: it applies to version profile(s) ${versionsOf(fault).join(', ')}` +
    ` (chosen: ${profiles.join(', ')}; contract profile(s) ${contracts.join(', ')})${unseen.map((why) => `; ${why}`).join('')}`
  );
}

/** FAILED when a check failed, INCOMPLETE when one was not judged (or none ran), PASSED otherwise. */
export function verdictOf(results: readonly CheckResult[]): Verdict {
  if (results.some((result) => result.status === 'failed')) return 'FAILED';
  if (results.length === 0 || results.some((result) => !isJudged(result.status))) return 'INCOMPLETE';
  return 'PASSED';
}

export interface RunJudgement {
  /** Whether the run met its expectation (a kill, or a refusal's INCOMPLETE). */
  met: boolean;
  verdict: Verdict;
  /** Checks that failed on a contract assertion. */
  failed: string[];
  /** Named checks that did not fail. */
  notFailed: string[];
  /** Each way the run missed its expectation, in words. */
  problems: string[];
  /** Of the checks whose needs the run met (read-only ones for a refusal): how many were judged. */
  judged: { met: number; judged: number; planned: number; judgedAll: number };
}

/**
 * Judges one faulted run's results against what its kind expects. `stoppedBy`: the error that stopped
 * its Playwright run, if any (named when no check ran).
 */
export function judgeRun(
  run: FaultRun,
  results: readonly CheckResult[],
  healthy: boolean,
  stoppedBy?: string,
): RunJudgement {
  const failed = [...new Set(results.filter((result) => result.status === 'failed').map((r) => r.check))];
  const notFailed = run.mustFail.filter((id) => !failed.includes(id));
  const problems: string[] = results.length === 0 ? [`no check ran${stoppedBy ? `: ${stoppedBy}` : ''}`] : [];
  const judgedIds = new Set(results.filter((result) => isJudged(result.status)).map((r) => r.check));
  const needsMet = run.kind === 'refusal-alone' ? readOnlyChecks(run.contract) : run.mustFail;
  const verdict = verdictOf(results);
  if (run.kind === 'refusal-alone') {
    if (failed.length > 0) problems.push(`a refusal breaks no contract, yet ${failed.join(', ')} failed`);
    if (verdict !== 'INCOMPLETE') problems.push(`verdict ${verdict}, expected INCOMPLETE`);
    const unjudged = needsMet.filter((id) => !judgedIds.has(id));
    if (unjudged.length > 0) {
      const cause = results.find((result) => result.check === unjudged[0])?.reason;
      problems.push(
        `${unjudged.length} read-only check(s) not judged: ${unjudged.join(', ')}${cause ? ` (e.g. ${cause})` : ''}`,
      );
    }
    const causeless = results.filter((result) => result.status === 'error' && !result.reason);
    if (causeless.length > 0)
      problems.push(`errors without a cause: ${causeless.map((result) => result.check).join(', ')}`);
  } else if (notFailed.length > 0) {
    problems.push(`named check(s) did not fail: ${notFailed.join(', ')}`);
  }
  if (!healthy) problems.push('the server was unhealthy after the run');
  return {
    met: problems.length === 0,
    verdict,
    failed,
    notFailed,
    problems,
    judged: {
      met: needsMet.length,
      judged: needsMet.filter((id) => judgedIds.has(id)).length,
      planned: results.length,
      judgedAll: judgedIds.size,
    },
  };
}
