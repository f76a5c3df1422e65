/**
 * The mutation matrix: proves the suite catches every fault of the reference server's catalogue with
 * each check meant for it, in every version profile the fault applies to and in both contract profiles
 * (strict and documented) where the fault is visible — and passes a clean server.
 *
 *   npm run mutants [-- --only name,name] [-- --profiles 6,7,8,9] [-- --contract-profiles strict,documented] [-- --staging]
 *
 * How (one Playwright run per contract profile, refusal faults in one of their own — not one per fault):
 * 1. A fleet process (reference-server/src/fleet.ts) per contract profile serves a server per fault run
 *    plus clean servers per version profile, each on its own port, started with a scrubbed environment.
 * 2. A target plan gives each faulted server the checks that must fail there (expected to fail, so a
 *    failure does not cost a worker restart) and each clean server every check. The rules — which
 *    checks must fail, which faults a profile sees, what a refusal must give — are in
 *    scripts/lib/matrix-plan.ts.
 * 3. A contract fault is KILLED in a run only when EACH check it names fails on a contract assertion
 *    (the `verdict: failed` annotation) — an error (seeding, transport, timeout) never counts — and its
 *    server is still healthy after the run (GET /api/info and an admin login). A refusal fault must give
 *    INCOMPLETE alone (no check failed, every read-only check judged) and, beside the fault that reveals
 *    it, that fault's checks must each fail. A clean server must pass every run. For a run whose named
 *    checks did not all fail, the whole suite is run again against its server to say which other checks
 *    caught it, if any ("caught by the wrong check"), or whether only errors did.
 * A fault with no run in the chosen profiles is an error of the matrix (exit 2). Prints one row per fault
 * and contract profile, and exits 1 unless every fault met its expectation everywhere and every clean
 * run passed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { JSONReport, JSONReportSuite, JSONReportTest } from '@playwright/test/reporter';
import { ANNOTATION, classify } from '../src/core/run/check-outcome.js';
import { isCheckId } from '../src/core/run/checks.js';
import { CONTRACT_PROFILES, type ContractProfile } from '../src/core/contract/contract-profiles.js';
import {
  blankConfigVariables,
  REFERENCE_ADMIN_PASSWORD,
  REFERENCE_ADMIN_USER,
  REFERENCE_CHECKED_PASSWORD,
  REFERENCE_CHECKED_USER,
  reportsDirectory,
} from '../src/core/run/config.js';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import {
  type CatalogueFault,
  type Fleet,
  listFaultCatalogue,
  scrubbedEnvironment,
  startFleet,
} from './lib/fleet.js';
import {
  type CheckResult,
  type FaultRun,
  judgeRun,
  planFaultRuns,
  type RunJudgement,
  VERSION_PROFILES,
  type VersionProfile,
  verdictOf,
} from './lib/matrix-plan.js';
import { runCommand } from './lib/processes.js';

const HEALTH_CHECKS_AT_ONCE = 16;

/** Clean runs per version profile: three in strict (every check), one in documented (a subset of them). */
const CLEAN_RUNS: Readonly<Record<ContractProfile, number>> = { strict: 3, documented: 1 };

/** A server of the matrix: a fault run, or a clean server. */
interface PlannedServer {
  key: string;
  profile: VersionProfile;
  contract: ContractProfile;
  run: FaultRun | undefined;
}

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    profiles: { type: 'string' },
    'contract-profiles': { type: 'string' },
    staging: { type: 'boolean', default: false },
    json: {
      type: 'string',
      default: join(reportsDirectory(), 'mutants.json'),
    },
  },
});

class MatrixError extends Error {}

async function loadCatalogue(): Promise<CatalogueFault[]> {
  const catalogue = await listFaultCatalogue();
  for (const fault of catalogue) {
    const unknown = fault.checks.filter((id) => !isCheckId(id));
    const refusal = fault.effect === 'refusal';
    if (unknown.length > 0 || (refusal ? fault.checks.length > 0 : fault.checks.length === 0)) {
      throw new MatrixError(
        refusal
          ? `fault ${fault.name} is a refusal: it must name no check (it breaks no contract)`
          : `fault ${fault.name} must name known checks; unknown: ${unknown.join(', ') || '(none named)'}`,
      );
    }
  }
  return catalogue;
}

/** A comma list of allowed values; throws naming the option and what it accepts. */
function listOption<T extends string | number>(
  raw: string | undefined,
  name: string,
  allowed: readonly T[],
  parse: (value: string) => T,
): T[] {
  if (raw === undefined) return [...allowed];
  const values = raw.split(',').map((value) => parse(value.trim()));
  const wrong = values.filter((value) => !allowed.includes(value));
  if (wrong.length > 0 || values.length === 0)
    throw new MatrixError(`--${name} ${raw}: expected a comma list of ${allowed.join(', ')}`);
  return [...new Set(values)];
}

function serverEnv(server: PlannedServer): Record<string, string> {
  return {
    RC_REFERENCE_VERSION: String(server.profile),
    ...(server.run ? { RC_REFERENCE_FAULTS: server.run.serverFaults.join(',') } : {}),
    ...(options.staging ? { RC_REFERENCE_STAGING: '1' } : {}),
    ROCKETCHAT_ADMIN_USER: REFERENCE_ADMIN_USER,
    ROCKETCHAT_ADMIN_PASSWORD: REFERENCE_ADMIN_PASSWORD,
    ROCKETCHAT_USER: REFERENCE_CHECKED_USER,
    ROCKETCHAT_PASSWORD: REFERENCE_CHECKED_PASSWORD,
  };
}

/** Runs the suite once, in one contract profile, against every target of the plan; returns the JSON report. */
async function runSuite(
  fleet: Fleet,
  contract: ContractProfile,
  servers: PlannedServer[],
  checksOf: (server: PlannedServer) => string[] | undefined,
  workDir: string,
  label: string,
): Promise<JSONReport> {
  const plan = servers.map((server) => {
    const checks = checksOf(server);
    return {
      key: server.key,
      url: fleet.urlOf(server.key),
      ...(checks ? { checks } : {}),
      // Expected to fail only where every planned check must fail: a refusal's run plans every check and
      // most pass, and each "expected to fail, but passed" would cost a worker restart.
      ...(server.run?.checks ? { expectFailure: true } : {}),
    };
  });
  const planFile = join(workDir, `plan-${label}.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const jsonFile = join(dirname(options.json), `mutants-results-${label}.json`);
  // An earlier run's report must never be read as this run's (a run that writes none is an error).
  rmSync(jsonFile, { force: true });
  const run = await runCommand(
    process.execPath,
    [
      join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
      'test',
      '--config',
      'scripts/mutants.config.ts',
    ],
    {
      ...scrubbedEnvironment(),
      // A developer's shell or .env must not change what the matrix measures.
      ...blankConfigVariables(),
      ROCKETCHAT_URL: plan[0]?.url ?? '',
      CONTRACT_WRITE: 'true',
      CONTRACT_PROFILE: contract,
      ROCKETCHAT_ADMIN_USER: REFERENCE_ADMIN_USER,
      ROCKETCHAT_ADMIN_PASSWORD: REFERENCE_ADMIN_PASSWORD,
      ROCKETCHAT_USER: REFERENCE_CHECKED_USER,
      ROCKETCHAT_PASSWORD: REFERENCE_CHECKED_PASSWORD,
      CONTRACT_TARGET_PLAN: planFile,
      CONTRACT_MUTANTS_JSON: jsonFile,
      CONTRACT_MUTANTS_OUTPUT: join(workDir, `test-results-${label}`),
    },
    900_000,
    true,
  );
  try {
    return JSON.parse(readFileSync(jsonFile, 'utf8')) as JSONReport;
  } catch {
    const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`the matrix's Playwright run wrote no JSON report (exit ${run.code}):\n${tail}`);
  }
}

/** Every test of a report with its target key and classified result. */
function testsOf(report: JSONReport): Array<CheckResult & { key: string }> {
  const out: Array<CheckResult & { key: string }> = [];
  // A target of the plan is a describe block of the run, titled with its key (fixtures/index.ts forEachTarget).
  const visit = (suite: JSONReportSuite, path: string[]): void => {
    for (const spec of suite.specs) {
      for (const test of spec.tests) out.push({ key: path[path.length - 1] ?? '', ...classifyTest(test) });
    }
    for (const child of suite.suites ?? []) visit(child, [...path, child.title]);
  };
  for (const suite of report.suites) visit(suite, []);
  return out;
}

function classifyTest(test: JSONReportTest): CheckResult {
  const result = test.results[test.results.length - 1];
  const annotations = result?.annotations?.length ? result.annotations : test.annotations;
  const classified = classify({
    status: result?.status ?? 'skipped',
    annotations,
    ...(result?.error?.message ? { error: result.error.message.split('\n')[0] as string } : {}),
  });
  const check = annotations.find((annotation) => annotation.type === ANNOTATION.check)?.description ?? '?';
  return { check, status: classified.status, ...(classified.reason ? { reason: classified.reason } : {}) };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const info = await fetch(`${url}/api/info`, { signal: AbortSignal.timeout(5_000) });
    const login = await fetch(`${url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: REFERENCE_ADMIN_USER, password: REFERENCE_ADMIN_PASSWORD }),
      signal: AbortSignal.timeout(5_000),
    });
    return info.ok && login.ok;
  } catch {
    return false;
  }
}

interface ServerOutcome {
  server: PlannedServer;
  results: CheckResult[];
  healthy: boolean;
  judgement: RunJudgement | undefined;
  /** For a run that missed: what the whole suite found against its server. */
  diagnosis?: string;
}

/** One contract profile: its Playwright run, health checks and, for the missed runs, the diagnosis run. */
async function runContractProfile(
  fleet: Fleet,
  contract: ContractProfile,
  servers: PlannedServer[],
  workDir: string,
): Promise<ServerOutcome[]> {
  // Refusal runs get a Playwright run of their own: a preflight that stops on a refusal must not take
  // the contract faults' and clean servers' runs with it.
  const batches = [
    {
      label: contract,
      servers: servers.filter((server) => server.run?.kind === undefined || server.run.kind === 'contract'),
    },
    {
      label: `${contract}-refusals`,
      servers: servers.filter((server) => server.run !== undefined && server.run.kind !== 'contract'),
    },
  ].filter((batch) => batch.servers.length > 0);
  const tests: Array<CheckResult & { key: string }> = [];
  const stopped = new Map<string, string>();
  for (const batch of batches) {
    const report = await runSuite(
      fleet,
      contract,
      batch.servers,
      (server) => server.run?.checks,
      workDir,
      batch.label,
    );
    tests.push(...testsOf(report));
    const error = report.errors[0]?.message?.split('\n')[0];
    if (error) for (const server of batch.servers) stopped.set(server.key, error);
  }
  // A few at a time: hundreds of logins at once in the one fleet process would time out on a busy machine.
  const health = new Map<string, boolean>();
  for (let index = 0; index < servers.length; index += HEALTH_CHECKS_AT_ONCE) {
    const batch = servers.slice(index, index + HEALTH_CHECKS_AT_ONCE);
    const answers = await Promise.all(batch.map((server) => healthy(fleet.urlOf(server.key))));
    for (const [at, server] of batch.entries()) health.set(server.key, answers[at] ?? false);
  }
  const outcomes = servers.map((server): ServerOutcome => {
    const results = tests.filter((test) => test.key === server.key);
    const isHealthy = health.get(server.key) ?? false;
    const judgement = server.run
      ? judgeRun(server.run, results, isHealthy, stopped.get(server.key))
      : undefined;
    return { server, results, healthy: isHealthy, judgement };
  });
  // A run where no check ran at all says why above; the whole suite would stop the same way.
  const missed = outcomes.filter(
    (outcome) => outcome.judgement && outcome.judgement.notFailed.length > 0 && outcome.results.length > 0,
  );
  if (missed.length > 0) {
    console.log(
      `mutants: ${missed.length} ${contract} run(s) where named checks did not fail: running the whole suite against them`,
    );
    const full = testsOf(
      await runSuite(
        fleet,
        contract,
        missed.map((outcome) => outcome.server),
        () => undefined,
        workDir,
        `${contract}-diagnosis`,
      ),
    );
    for (const outcome of missed) {
      const mine = full.filter((test) => test.key === outcome.server.key);
      const named = new Set(outcome.server.run?.mustFail);
      const others = mine.filter((test) => test.status === 'failed' && !named.has(test.check));
      const errors = mine.filter((test) => test.status === 'error');
      outcome.diagnosis =
        others.length > 0
          ? `caught by other checks: ${others.map((test) => test.check).join(', ')}`
          : errors.length > 0
            ? `only errors: ${errors
                .slice(0, 3)
                .map((test) => `${test.check}: ${test.reason ?? ''}`)
                .join('; ')}`
            : 'no other check caught it';
    }
  }
  return outcomes;
}

function printTable(rows: string[][]): void {
  const widths =
    rows[0]?.map((_, column) => Math.min(90, Math.max(...rows.map((row) => (row[column] ?? '').length)))) ??
    [];
  for (const [index, row] of rows.entries()) {
    console.log(
      row
        .map((cell, column) => cell.slice(0, widths[column]).padEnd(widths[column] ?? 0))
        .join(' | ')
        .trimEnd(),
    );
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  }
}

const shortId = (id: string): string => id.slice(id.indexOf('/') + 1);

/** "a @6,7 · b @8": the same text for several version profiles printed once. */
function byProfile(outcomes: ServerOutcome[], text: (outcome: ServerOutcome) => string): string {
  const groups = new Map<string, number[]>();
  for (const outcome of outcomes) {
    const key = text(outcome);
    groups.set(key, [...(groups.get(key) ?? []), outcome.server.profile]);
  }
  return [...groups].map(([key, profiles]) => `${key} @${profiles.join(',')}`).join(' · ');
}

/** The printed rows of one fault in one contract profile (a refusal: its alone and revealed runs). */
function faultRows(fault: CatalogueFault, contract: ContractProfile, outcomes: ServerOutcome[]): string[][] {
  const kinds = [...new Set(outcomes.map((outcome) => outcome.server.run?.kind))];
  return kinds.map((kind) => {
    const mine = outcomes.filter((outcome) => outcome.server.run?.kind === kind);
    const first = mine[0]?.server.run as FaultRun;
    const label = kind === 'refusal-revealed' ? `${fault.name} + ${first.serverFaults[1]}` : fault.name;
    const verdicts = byProfile(mine, (outcome) => outcome.judgement?.verdict ?? '?');
    const named =
      kind === 'refusal-alone'
        ? byProfile(mine, (outcome) => {
            const judged = outcome.judgement?.judged;
            return `read-only judged ${judged?.judged}/${judged?.met}, all judged ${judged?.judgedAll}/${judged?.planned}`;
          })
        : byProfile(
            mine,
            (outcome) =>
              `${outcome.judgement?.failed.filter((id) => first.mustFail.includes(id)).length}/${first.mustFail.length} failed`,
          );
    const missed = mine.filter((outcome) => !outcome.judgement?.met);
    const result =
      missed.length === 0
        ? kind === 'refusal-alone'
          ? 'as expected'
          : 'killed'
        : `NOT MET: ${byProfile(missed, (outcome) => [...(outcome.judgement?.problems ?? []), ...(outcome.diagnosis ? [outcome.diagnosis] : [])].join('; '))}`;
    const checks =
      kind === 'refusal-alone'
        ? '(none: a refusal breaks no contract)'
        : first.mustFail.map(shortId).join(', ');
    return [label, fault.family, contract, checks, verdicts, named, result];
  });
}

async function main(): Promise<number> {
  const started = performance.now();
  const catalogue = await loadCatalogue();
  const only = options.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !catalogue.some((fault) => fault.name === name)) ?? [];
  if (unknown.length > 0) {
    throw new MatrixError(
      `unknown fault(s): ${unknown.join(', ')}. Run \`npm run reference-server -- --list-faults\`.`,
    );
  }
  const profiles = listOption(options.profiles, 'profiles', VERSION_PROFILES, Number) as VersionProfile[];
  // Under --staging, strict only unless asked: staging-shaped servers hold legacy rooms whose sysMes is
  // the list of hidden message types, which the documented schema (sysMes: boolean) rejects on a clean
  // server — the documentation's gap, not a fault to catch.
  const contracts = listOption(
    options['contract-profiles'] ?? (options.staging ? 'strict' : undefined),
    'contract-profiles',
    CONTRACT_PROFILES,
    (value) => value as ContractProfile,
  );
  const selected = only ? catalogue.filter((fault) => only.includes(fault.name)) : catalogue;
  const { runs, noRun } = planFaultRuns(selected, catalogue, profiles, contracts);
  // A fault named with --only must run; of the whole catalogue, those the chosen profiles cannot see are
  // left out and listed — counted neither as killed nor as missed.
  if (only && noRun.length > 0) throw new MatrixError(noRun.map((line) => line.text).join('\n'));
  const faults = selected.filter((fault) => !noRun.some((line) => line.fault === fault.name));

  const servers: PlannedServer[] = contracts.flatMap((contract) =>
    profiles.flatMap((profile) => [
      ...Array.from({ length: CLEAN_RUNS[contract] }, (_, index) => ({
        key: `clean#${index + 1}@${profile}${contract === 'strict' ? '' : `/${contract}`}`,
        profile,
        contract,
        run: undefined,
      })),
      ...runs
        .filter((run) => run.contract === contract && run.profile === profile)
        .map((run) => ({ key: run.key, profile, contract, run })),
    ]),
  );
  console.log(
    `mutants: ${faults.length} fault(s) in version profiles ${profiles.join(', ')}, contract profiles ${contracts.join(', ')}` +
      `${options.staging ? ' under RC_REFERENCE_STAGING=1' : ''}: ${servers.length} servers, one Playwright run per contract profile (refusal faults in one of their own)`,
  );

  const workDir = mkdtempSync(join(tmpdir(), 'rgc-mutants-'));
  const outcomes: ServerOutcome[] = [];
  try {
    // A fleet per contract profile: only one profile's servers (busy ones, under --staging) live at once.
    for (const contract of contracts) {
      const mine = servers.filter((server) => server.contract === contract);
      const fleet = await startFleet(
        mine.map((server) => ({ key: server.key, env: serverEnv(server) })),
        workDir,
      );
      try {
        outcomes.push(...(await runContractProfile(fleet, contract, mine, workDir)));
      } finally {
        await fleet.stop();
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  const rows: string[][] = [
    [
      'fault',
      'family',
      'contract',
      'checks that must each fail',
      'verdict',
      'named failed · judged',
      'result',
    ],
  ];
  let metFaults = 0;
  for (const fault of faults) {
    const mine = outcomes.filter((outcome) => outcome.server.run?.fault === fault.name);
    for (const contract of contracts) {
      const inContract = mine.filter((outcome) => outcome.server.contract === contract);
      if (inContract.length > 0) rows.push(...faultRows(fault, contract, inContract));
    }
    if (mine.every((outcome) => outcome.judgement?.met)) metFaults += 1;
  }
  console.log('');
  printTable(rows);
  // The table cuts long cells: each missed run in full.
  for (const outcome of outcomes.filter((each) => each.judgement && !each.judgement.met)) {
    const why = [...(outcome.judgement?.problems ?? []), ...(outcome.diagnosis ? [outcome.diagnosis] : [])];
    console.log(`NOT MET ${outcome.server.key}: ${why.join('; ')}`);
  }
  const unseen = contracts.includes('documented')
    ? faults.filter(
        (fault) =>
          fault.effect !== 'refusal' &&
          !runs.some((run) => run.fault === fault.name && run.contract === 'documented'),
      )
    : [];
  if (unseen.length > 0)
    console.log(
      `\nnot run in the documented profile (they name only strict-profile checks, or the documentation promises nothing they break; docs/checks.md says which): ${unseen.map((fault) => fault.name).join(', ')}`,
    );
  for (const line of noRun) console.log(`left out: ${line.text}`);
  const cleanRuns = outcomes.filter((outcome) => outcome.server.run === undefined);
  const cleanFailures = cleanRuns.filter(
    (outcome) => verdictOf(outcome.results) !== 'PASSED' || outcome.results.length === 0 || !outcome.healthy,
  );
  console.log('');
  for (const clean of cleanFailures) {
    const notPassed = clean.results
      .filter((result) => result.status !== 'passed' && result.status !== 'waived')
      .map((result) => `${result.check} ${result.status}${result.reason ? ` (${result.reason})` : ''}`);
    console.log(
      `clean server ${clean.server.key} did NOT pass: ${notPassed.join('; ') || (clean.healthy ? 'no check ran' : 'unhealthy')}`,
    );
  }
  console.log(`clean servers: ${cleanRuns.length - cleanFailures.length} of ${cleanRuns.length} runs passed`);
  const wallSeconds = (performance.now() - started) / 1000;
  console.log(
    `kill rate: ${metFaults}/${faults.length} faults met their expectation (each named check failed; a refusal INCOMPLETE alone) in every run (wall time ${wallSeconds.toFixed(1)} s)`,
  );

  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(
    options.json,
    `${JSON.stringify(
      {
        staging: options.staging,
        profiles,
        contracts,
        killed: metFaults,
        total: faults.length,
        wallSeconds,
        faults: rows.slice(1),
        results: outcomes.map(({ server, results, healthy: isHealthy, judgement, diagnosis }) => ({
          key: server.key,
          fault: server.run?.fault,
          kind: server.run?.kind ?? 'clean',
          profile: server.profile,
          contract: server.contract,
          healthy: isHealthy,
          ...(judgement ? { judgement } : {}),
          ...(diagnosis ? { diagnosis } : {}),
          results,
        })),
      },
      null,
      2,
    )}\n`,
  );
  // The plain tally line CI reads: a fault that met its expectation and a passing clean run count as passed.
  const passed = metFaults + cleanRuns.length - cleanFailures.length;
  console.log(`mutants: ${passed} passed, ${faults.length - metFaults + cleanFailures.length} failed`);
  return metFaults === faults.length && cleanFailures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`mutants: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
