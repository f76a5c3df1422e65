/**
 * The mutation matrix: proves the suite catches every fault of the reference server's catalogue with the
 * check meant for it, in every version profile the fault applies to — and passes a clean server.
 *
 *   npm run mutants [-- --only name,name] [-- --profiles 6,7,8,9] [-- --staging]
 *
 * How (one Playwright run for the whole matrix, not one per fault):
 * 1. One fleet process (reference-server/src/fleet.ts) serves a server per (fault, profile) plus three
 *    clean servers per profile, each on its own port, started with a scrubbed environment.
 * 2. A target plan gives each faulted server the checks the catalogue names for it (expected to fail,
 *    so a failure does not cost a worker restart) and each clean server every check.
 * 3. A fault is KILLED in a profile only when one of its named checks fails on a contract assertion (the
 *    `verdict: failed` annotation) — an error (seeding, transport, timeout) never counts — and its server
 *    is still healthy after the run (GET /api/info and an admin login). A clean server must pass in all
 *    three runs. For a fault that was not killed, the whole suite is run again against its server to say
 *    which other checks caught it, if any ("caught by the wrong check") or whether only errors did.
 * Prints one row per fault (which check caught it, in which profile) and exits non-zero unless every fault
 * is killed everywhere and every clean run passed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { JSONReport, JSONReportSuite, JSONReportTest } from '@playwright/test/reporter';
import { ANNOTATION, classify } from '../src/core/check-outcome.js';
import { isCheckId } from '../src/core/checks.js';
import {
  blankConfigVariables,
  REFERENCE_ADMIN_PASSWORD,
  REFERENCE_ADMIN_USER,
  REFERENCE_CHECKED_PASSWORD,
  REFERENCE_CHECKED_USER,
} from '../src/core/config.js';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import {
  type CatalogueFault,
  type Fleet,
  listFaultCatalogue,
  scrubbedEnvironment,
  startFleet,
} from './lib/fleet.js';
import { runCommand } from './lib/processes.js';

type Profile = 6 | 7 | 8 | 9;
const ALL_PROFILES: Profile[] = [6, 7, 8, 9];
const CLEAN_RUNS = 3;

type Fault = CatalogueFault;

interface TargetOutcome {
  key: string;
  fault: string | undefined;
  profile: Profile;
  /** Named checks (or, for a clean server, every check) that failed on a contract assertion. */
  caughtBy: string[];
  /** Checks that could not be judged, with their cause. */
  errors: string[];
  /** For a clean server: checks that did not pass. */
  notPassed: string[];
  healthy: boolean;
}

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    profiles: { type: 'string' },
    staging: { type: 'boolean', default: false },
    json: {
      type: 'string',
      default: join(PROJECT_ROOT, process.env.CONTRACT_REPORTS_DIR || 'reports', 'mutants.json'),
    },
  },
});

async function loadCatalogue(): Promise<Fault[]> {
  const catalogue = await listFaultCatalogue();
  for (const fault of catalogue) {
    const unknown = fault.checks.filter((id) => !isCheckId(id));
    if (fault.checks.length === 0 || unknown.length > 0) {
      throw new Error(
        `fault ${fault.name} must name known checks; unknown: ${unknown.join(', ') || '(none named)'}`,
      );
    }
  }
  return catalogue;
}

interface PlannedServer {
  key: string;
  fault: Fault | undefined;
  profile: Profile;
}

function serverEnv(server: PlannedServer): Record<string, string> {
  return {
    RC_REFERENCE_VERSION: String(server.profile),
    ...(server.fault ? { RC_REFERENCE_FAULTS: server.fault.name } : {}),
    ...(options.staging ? { RC_REFERENCE_STAGING: '1' } : {}),
    ROCKETCHAT_ADMIN_USER: REFERENCE_ADMIN_USER,
    ROCKETCHAT_ADMIN_PASSWORD: REFERENCE_ADMIN_PASSWORD,
    ROCKETCHAT_USER: REFERENCE_CHECKED_USER,
    ROCKETCHAT_PASSWORD: REFERENCE_CHECKED_PASSWORD,
  };
}

/** Runs the suite once against every target of the plan; returns the JSON report. */
async function runSuite(
  fleet: Fleet,
  servers: PlannedServer[],
  checksOf: (server: PlannedServer) => string[] | undefined,
  expectFailure: (server: PlannedServer) => boolean,
  workDir: string,
): Promise<JSONReport> {
  const plan = servers.map((server) => ({
    key: server.key,
    url: fleet.urlOf(server.key),
    ...(checksOf(server) ? { checks: checksOf(server) } : {}),
    ...(expectFailure(server) ? { expectFailure: true } : {}),
  }));
  const planFile = join(workDir, `plan-${Date.now()}.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const jsonFile = join(
    dirname(options.json),
    `mutants-results${servers.every((server) => server.fault) && servers.length < 60 ? '-diagnosis' : ''}.json`,
  );
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
      ROCKETCHAT_ADMIN_USER: REFERENCE_ADMIN_USER,
      ROCKETCHAT_ADMIN_PASSWORD: REFERENCE_ADMIN_PASSWORD,
      ROCKETCHAT_USER: REFERENCE_CHECKED_USER,
      ROCKETCHAT_PASSWORD: REFERENCE_CHECKED_PASSWORD,
      CONTRACT_TARGET_PLAN: planFile,
      CONTRACT_MUTANTS_JSON: jsonFile,
      CONTRACT_MUTANTS_OUTPUT: join(workDir, 'test-results'),
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

/** Every test of a report with its target key, check id and classified status. */
function testsOf(report: JSONReport) {
  const out: Array<{ key: string; check: string; status: string; reason: string | undefined }> = [];
  const visit = (suite: JSONReportSuite, path: string[]): void => {
    for (const spec of suite.specs) {
      for (const test of spec.tests) out.push({ key: path[path.length - 1] ?? '', ...classifyTest(test) });
    }
    for (const child of suite.suites ?? []) visit(child, [...path, child.title]);
  };
  for (const suite of report.suites) visit(suite, []);
  return out;
}

function classifyTest(test: JSONReportTest): { check: string; status: string; reason: string | undefined } {
  const result = test.results[test.results.length - 1];
  const annotations = result?.annotations?.length ? result.annotations : test.annotations;
  const classified = classify({
    status: result?.status ?? 'skipped',
    annotations,
    ...(result?.error?.message ? { error: result.error.message.split('\n')[0] as string } : {}),
  });
  const check = annotations.find((annotation) => annotation.type === ANNOTATION.check)?.description ?? '?';
  return { check, status: classified.status, reason: classified.reason };
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

function outcomes(
  report: JSONReport,
  servers: PlannedServer[],
  health: Map<string, boolean>,
): TargetOutcome[] {
  const tests = testsOf(report);
  return servers.map((server) => {
    const mine = tests.filter((test) => test.key === server.key);
    return {
      key: server.key,
      fault: server.fault?.name,
      profile: server.profile,
      caughtBy: mine.filter((test) => test.status === 'failed').map((test) => test.check),
      errors: mine
        .filter((test) => test.status === 'error')
        .map((test) => `${test.check}: ${test.reason ?? ''}`),
      notPassed: mine
        .filter((test) => test.status !== 'passed' && test.status !== 'waived')
        .map((test) => `${test.check} ${test.status}${test.reason ? ` (${test.reason})` : ''}`),
      healthy: health.get(server.key) ?? false,
    };
  });
}

function printTable(rows: string[][]): void {
  const widths =
    rows[0]?.map((_, column) => Math.min(80, Math.max(...rows.map((row) => (row[column] ?? '').length)))) ??
    [];
  for (const [index, row] of rows.entries()) {
    console.log(
      row.map((cell, column) => cell.slice(0, widths[column]).padEnd(widths[column] ?? 0)).join(' | '),
    );
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const catalogue = await loadCatalogue();
  const only = options.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !catalogue.some((fault) => fault.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(
      `mutants: unknown fault(s): ${unknown.join(', ')}. Run \`npm run reference-server -- --list-faults\`.`,
    );
    return 2;
  }
  const profiles = options.profiles ? (options.profiles.split(',').map(Number) as Profile[]) : ALL_PROFILES;
  const faults = only ? catalogue.filter((fault) => only.includes(fault.name)) : catalogue;
  const servers: PlannedServer[] = profiles.flatMap((profile) => [
    ...Array.from({ length: CLEAN_RUNS }, (_, run) => ({
      key: `clean#${run + 1}@${profile}`,
      fault: undefined,
      profile,
    })),
    ...faults
      .filter((fault) => (fault.versions ?? ALL_PROFILES).includes(profile))
      .map((fault) => ({ key: `${fault.name}@${profile}`, fault, profile })),
  ]);
  console.log(
    `mutants: ${faults.length} fault(s) in profiles ${profiles.join(', ')}${options.staging ? ' under RC_REFERENCE_STAGING=1' : ''}: ` +
      `${servers.length} servers, one Playwright run`,
  );

  const workDir = mkdtempSync(join(tmpdir(), 'rgc-mutants-'));
  const fleet = await startFleet(
    servers.map((server) => ({ key: server.key, env: serverEnv(server) })),
    workDir,
  );
  let results: TargetOutcome[];
  let diagnosis = new Map<string, string[]>();
  try {
    const report = await runSuite(
      fleet,
      servers,
      (server) => server.fault?.checks,
      (server) => server.fault !== undefined,
      workDir,
    );
    const health = new Map(
      await Promise.all(
        servers.map(async (server) => [server.key, await healthy(fleet.urlOf(server.key))] as const),
      ),
    );
    results = outcomes(report, servers, health);
    const missed = results.filter((result) => result.fault && result.caughtBy.length === 0);
    if (missed.length > 0) {
      console.log(
        `mutants: ${missed.length} fault run(s) not caught by their named checks: running the whole suite against them`,
      );
      const missedServers = servers.filter((server) => missed.some((result) => result.key === server.key));
      const full = await runSuite(
        fleet,
        missedServers,
        () => undefined,
        () => true,
        workDir,
      );
      diagnosis = new Map(
        outcomes(full, missedServers, health).map((result) => [
          result.key,
          result.caughtBy.length > 0
            ? [`caught only by other checks: ${result.caughtBy.join(', ')}`]
            : result.errors.length > 0
              ? [`only errors: ${result.errors.slice(0, 3).join('; ')}`]
              : ['no check caught it'],
        ]),
      );
    }
  } finally {
    await fleet.stop();
    rmSync(workDir, { recursive: true, force: true });
  }

  const rows: string[][] = [['fault', 'family', 'caught by (check @ profile)', 'verdict']];
  let killedFaults = 0;
  for (const fault of faults) {
    const runs = results.filter((result) => result.fault === fault.name);
    const missedRuns = runs.filter((result) => result.caughtBy.length === 0 || !result.healthy);
    const caught = runs
      .filter((result) => result.caughtBy.length > 0)
      .map(
        (result) =>
          `${[...new Set(result.caughtBy)].join('+')} @${result.profile}${result.healthy ? '' : ' (server unhealthy)'}`,
      );
    const verdict =
      missedRuns.length === 0
        ? 'killed'
        : `NOT KILLED in ${missedRuns.map((result) => `${result.profile}${result.healthy ? '' : ' (server unhealthy)'}: ${(diagnosis.get(result.key) ?? []).join('; ') || 'its named checks did not fail'}`).join(' · ')}`;
    if (missedRuns.length === 0) killedFaults += 1;
    rows.push([fault.name, fault.family, caught.join(', ') || '—', verdict]);
  }
  console.log('');
  printTable(rows);
  const cleanRuns = results.filter((result) => result.fault === undefined);
  const cleanFailures = cleanRuns.filter((result) => result.notPassed.length > 0 || !result.healthy);
  console.log('');
  for (const clean of cleanFailures)
    console.log(`clean server ${clean.key} did NOT pass: ${clean.notPassed.join('; ') || 'unhealthy'}`);
  console.log(`clean servers: ${cleanRuns.length - cleanFailures.length} of ${cleanRuns.length} runs passed`);
  const wallSeconds = (performance.now() - started) / 1000;
  console.log(
    `kill rate: ${killedFaults}/${faults.length} faults killed by their named checks in every profile (wall time ${wallSeconds.toFixed(1)} s)`,
  );

  mkdirSync(join(options.json, '..'), { recursive: true });
  writeFileSync(
    options.json,
    `${JSON.stringify({ staging: options.staging, profiles, killed: killedFaults, total: faults.length, wallSeconds, faults: rows.slice(1), results }, null, 2)}\n`,
  );
  // The plain tally line CI reads: a killed fault and a passing clean run count as passed.
  const passed = killedFaults + cleanRuns.length - cleanFailures.length;
  console.log(`mutants: ${passed} passed, ${faults.length - killedFaults + cleanFailures.length} failed`);
  return killedFaults === faults.length && cleanFailures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`mutants: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
