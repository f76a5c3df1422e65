/**
 * The mutation matrix: proves the suite catches every fault of the reference server's catalogue.
 *
 * For each fault, a fresh reference server is started with that fault alone and the conformance suite
 * is run against it (as against any Rocket.Chat: ROCKETCHAT_URL, write mode on). A fault is *killed*
 * when the run fails and its failing checks include the family the catalogue names; a clean server
 * must pass. Prints a table and the kill rate; exits non-zero below 100 %.
 *
 *   npm run mutants [-- --only name,name] [-- --jobs N]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { JSONReport, JSONReportSuite } from '@playwright/test/reporter';
import { blankConfigVariables } from '../src/core/config.js';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { mapLimit, runCommand, startReferenceServer } from './lib/processes.js';

type Family = 'shape' | 'auth' | 'updatedSince' | 'dm';
interface Fault {
  name: string;
  breaks: string;
  family: Family;
}
interface MutantResult {
  fault: string;
  expectedFamily: Family | 'none';
  exitCode: number;
  failingChecks: string[];
  failingFamilies: string[];
  verdict: 'killed' | 'survived' | 'passed' | 'broken';
  seconds: number;
  note?: string;
}

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    jobs: { type: 'string' },
    json: { type: 'string', default: join(PROJECT_ROOT, 'reports', 'mutants.json') },
  },
});

async function loadCatalogue(): Promise<Fault[]> {
  const listed = await runCommand(process.execPath, [
    '--import',
    'tsx',
    'reference-server/src/main.ts',
    '--list-faults',
    '--json',
  ]);
  if (listed.code !== 0) throw new Error(`could not list the fault catalogue:\n${listed.stderr}`);
  return JSON.parse(listed.stdout) as Fault[];
}

/** Every test that ended unexpectedly, as `<family>/<title>`, read from Playwright's JSON report. */
function failingChecks(report: JSONReport): { checks: string[]; families: Set<string> } {
  const checks: string[] = [];
  const families = new Set<string>();
  const visit = (suite: JSONReportSuite): void => {
    for (const spec of suite.specs) {
      for (const test of spec.tests) {
        if (test.status !== 'unexpected') continue;
        const family = spec.tags.map((tag) => tag.replace(/^@/, '')).find((tag) => tag.length > 0) ?? '?';
        families.add(family);
        checks.push(`${family}/${spec.title}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites) visit(suite);
  return { checks, families };
}

async function runMutant(fault: Fault | undefined): Promise<MutantResult> {
  const started = performance.now();
  const name = fault?.name ?? '(clean server)';
  const workDir = mkdtempSync(join(tmpdir(), 'rgc-mutant-'));
  const server = await startReferenceServer(fault ? { RC_REFERENCE_FAULTS: fault.name } : {});
  try {
    const jsonFile = join(workDir, 'results.json');
    const run = await runCommand(
      process.execPath,
      [
        join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
        'test',
        '--reporter=json',
        `--output=${join(workDir, 'test-results')}`,
      ],
      {
        // A developer's .env (a checked account, the documented profile) must not change the matrix.
        ...blankConfigVariables(),
        ROCKETCHAT_URL: server.url,
        CONTRACT_WRITE: 'true',
        ROCKETCHAT_ADMIN_USER: process.env.ROCKETCHAT_ADMIN_USER ?? 'admin',
        ROCKETCHAT_ADMIN_PASSWORD: process.env.ROCKETCHAT_ADMIN_PASSWORD ?? 'reference-admin-password',
        PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile,
        CONTRACT_REPORTS_DIR: join(workDir, 'reports'),
        CI: '',
      },
    );
    let report: JSONReport | undefined;
    try {
      report = JSON.parse(readFileSync(jsonFile, 'utf8')) as JSONReport;
    } catch {
      report = undefined;
    }
    const seconds = (performance.now() - started) / 1000;
    const base = {
      fault: name,
      expectedFamily: fault?.family ?? ('none' as const),
      exitCode: run.code,
      seconds,
    };
    if (!report) {
      const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-5).join(' | ');
      return {
        ...base,
        failingChecks: [],
        failingFamilies: [],
        verdict: 'broken',
        note: `no JSON report: ${tail}`,
      };
    }
    const { checks, families } = failingChecks(report);
    const failingFamilies = [...families].sort();
    if (!fault) {
      const passed = run.code === 0 && checks.length === 0;
      return { ...base, failingChecks: checks, failingFamilies, verdict: passed ? 'passed' : 'broken' };
    }
    const killed = run.code !== 0 && families.has(fault.family);
    return { ...base, failingChecks: checks, failingFamilies, verdict: killed ? 'killed' : 'survived' };
  } finally {
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function printTable(results: MutantResult[]): void {
  const rows = results.map((result) => [
    result.fault,
    result.expectedFamily,
    result.failingChecks.length === 0
      ? '—'
      : `${result.failingChecks.length}: ${result.failingChecks.slice(0, 2).join('; ')}${result.failingChecks.length > 2 ? '; …' : ''}`,
    result.verdict + (result.note ? ` (${result.note})` : ''),
    `${result.seconds.toFixed(1)}s`,
  ]);
  const header = ['fault', 'expected family', 'failing checks', 'verdict', 'time'];
  const widths = header.map((title, column) =>
    Math.min(70, Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))),
  );
  const line = (cells: string[]): string =>
    cells.map((cell, column) => cell.slice(0, widths[column]).padEnd(widths[column] ?? 0)).join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of rows) console.log(line(row));
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
  const faults = only ? catalogue.filter((fault) => only.includes(fault.name)) : catalogue;
  const jobs = Number(options.jobs ?? Math.max(1, Math.min(2, availableParallelism())));
  console.log(`mutants: ${faults.length} fault(s) + a clean server, ${jobs} at a time`);

  const results = await mapLimit([undefined, ...faults], jobs, async (fault) => {
    const result = await runMutant(fault);
    console.log(`  ${result.verdict.padEnd(8)} ${result.fault} (${result.seconds.toFixed(1)}s)`);
    return result;
  });

  console.log('');
  printTable(results);
  const mutants = results.filter((result) => result.expectedFamily !== 'none');
  const killed = mutants.filter((result) => result.verdict === 'killed').length;
  const clean = results.find((result) => result.expectedFamily === 'none');
  const killRate = mutants.length === 0 ? 100 : (100 * killed) / mutants.length;
  const wallSeconds = (performance.now() - started) / 1000;
  console.log('');
  console.log(
    `clean server: ${clean?.verdict === 'passed' ? 'passed' : `FAILED (${clean?.failingChecks.join('; ')})`}`,
  );
  console.log(
    `kill rate: ${killed}/${mutants.length} = ${killRate.toFixed(1)} %  (wall time ${wallSeconds.toFixed(1)} s)`,
  );

  mkdirSync(join(options.json, '..'), { recursive: true });
  writeFileSync(
    options.json,
    `${JSON.stringify({ killRate, killed, total: mutants.length, wallSeconds, results }, null, 2)}\n`,
  );
  // The plain tally line that CI reads: a killed mutant and a passing clean server count as passed.
  const passed = killed + (clean?.verdict === 'passed' ? 1 : 0);
  console.log(`mutants: ${passed} passed, ${results.length - passed} failed`);
  return killRate === 100 && clean?.verdict === 'passed' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`mutants: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
