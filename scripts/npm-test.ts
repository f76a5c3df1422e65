/**
 * `npm test` and `npm run test:full`: the project's own tests, in the order that fails fastest, with one
 * tally at the end.
 *
 * `npm test` is the gate a developer runs before every commit (a few minutes on 2 cores): typecheck, lint
 * (biome and the unused-code check), schemas:check, unit tests (tests/ without tests/cli: the
 * documentation self-check among them), reference-server tests, the conformance suite as a user runs it
 * against the reference server (profile 9 as a staging server — RC_REFERENCE_STAGING=1: instances with
 * skewed clocks, other users at work, rooms from older versions — then profile 7, last, so that the
 * reports describe it), and the HTML report's browser check.
 *
 * `npm run test:full` (`--full`, what CI runs: .ci/run) adds the slow tier: the command-line tests
 * (tests/cli: each runs the whole suite as a user does, against servers with refused settings, faults,
 * malformed rooms, interruptions) and the mutation matrix, stock and staging, whose clean servers run
 * the suite against every version profile, stock and staging-shaped.
 *
 * Every step runs even when an earlier one failed, so one run tells the whole story; the exit code is
 * non-zero if any failed. The last line is the plain tally CI reads: `N passed, N failed`.
 *
 * The suite runs get the configuration variables blanked (a developer's .env must not send a "reference
 * server" run to staging); reports go to CONTRACT_REPORTS_DIR when it is set.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { JSONReport } from '@playwright/test/reporter';
import { blankConfigVariables, reportsDirectory } from '../src/core/run/config.js';
import { PROJECT_ROOT } from '../src/core/project-root.js';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
interface Step {
  name: string;
  command: string[];
  env?: Record<string, string>;
  /** How to count the step's tests; by default the step counts as one check. */
  count?: (output: string, code: number) => Tally;
  /** Files a step's count is read from are removed first, so a stale one is never counted. */
  countsFrom?: string;
}

const playwright = [
  process.execPath,
  join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
  'test',
];
const tsx = [process.execPath, '--import', 'tsx'];

/** node:test's spec reporter ends with lines such as `ℹ pass 12` and `ℹ fail 0`. */
function countNodeTests(output: string, code: number): Tally {
  const read = (label: string): number =>
    Number(output.match(new RegExp(`^ℹ ${label} (\\d+)`, 'm'))?.[1] ?? 0);
  const tally = {
    passed: read('pass'),
    failed: read('fail') + read('cancelled'),
    skipped: read('skipped') + read('todo'),
  };
  if (code !== 0 && tally.failed === 0) tally.failed = 1;
  return tally;
}

/** Playwright runs are counted from the JSON report the run wrote. */
function countPlaywright(jsonFile: string): (output: string, code: number) => Tally {
  return (_output, code) => {
    if (!existsSync(jsonFile)) return { passed: 0, failed: 1, skipped: 0 };
    const { stats } = JSON.parse(readFileSync(jsonFile, 'utf8')) as JSONReport;
    const tally = { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
    if (code !== 0 && tally.failed === 0) tally.failed = 1;
    return tally;
  };
}

/** The mutation matrix prints its own tally line: `mutants: N passed, N failed`. */
function countMutants(output: string, code: number): Tally {
  const match = output.match(/^mutants: (\d+) passed, (\d+) failed$/m);
  if (!match) return { passed: 0, failed: 1, skipped: 0 };
  const tally = { passed: Number(match[1]), failed: Number(match[2]), skipped: 0 };
  if (code !== 0 && tally.failed === 0) tally.failed = 1;
  return tally;
}

const { values: options } = parseArgs({ options: { full: { type: 'boolean', default: false } } });

const reportsDir = reportsDirectory();
const resultsJson = join(reportsDir, 'results.json');
const reportCheckJson = join(reportsDir, 'report-check.json');
const conformance = (version: string, staging = false): Step => ({
  name: `conformance suite, reference server profile ${version}${staging ? ' as a staging server' : ''}`,
  command: playwright,
  env: {
    ...blankConfigVariables(),
    RC_REFERENCE_VERSION: version,
    ...(staging ? { RC_REFERENCE_STAGING: '1' } : { RC_REFERENCE_STAGING: '' }),
  },
  count: countPlaywright(resultsJson),
  countsFrom: resultsJson,
});

const steps: Step[] = [
  { name: 'typecheck (tsc --noEmit, strict)', command: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint (biome, knip)', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'schemas are up to date', command: [...tsx, 'generator/cli.ts', '--check'] },
  {
    name: 'unit tests (generator, core, reporters)',
    command: [...tsx, 'scripts/run-node-tests.ts', 'tests', '--exclude', 'tests/cli'],
    count: countNodeTests,
  },
  {
    name: 'reference server tests',
    command: [...tsx, 'scripts/run-node-tests.ts', 'reference-server/test'],
    count: countNodeTests,
  },
  // Every profile, stock and staging-shaped, is run clean by the mutation matrices below (their clean
  // servers); these two runs take the path a user's command takes — one reference server, the real
  // reporters — and profile 7 comes last so that the reports the browser check reads describe it.
  conformance('9', true),
  conformance('7'),
  {
    name: 'HTML report browser check',
    command: [...playwright, '--config', 'report-check/playwright.config.ts'],
    count: countPlaywright(reportCheckJson),
    countsFrom: reportCheckJson,
  },
];

/** The slow tier, `npm run test:full` only. */
const fullSteps: Step[] = [
  {
    name: 'command-line tests (the suite run as a user runs it)',
    command: [...tsx, 'scripts/run-node-tests.ts', 'tests/cli'],
    count: countNodeTests,
  },
  { name: 'mutation matrix', command: [...tsx, 'scripts/mutants.ts'], count: countMutants },
  {
    name: 'mutation matrix as a staging server',
    command: [...tsx, 'scripts/mutants.ts', '--staging', '--json', join(reportsDir, 'mutants-staging.json')],
    count: countMutants,
  },
];

async function runStep(step: Step): Promise<{ code: number; output: string; seconds: number }> {
  const started = performance.now();
  const [command, ...args] = step.command as [string, ...string[]];
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...step.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code: code ?? 1, output, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<number> {
  const total: Tally = { passed: 0, failed: 0, skipped: 0 };
  const summary: string[] = [];
  const started = performance.now();
  const minutesSince = (start: number): string => `${((performance.now() - start) / 60_000).toFixed(1)} min`;
  let gate = '';
  for (const step of options.full ? [...steps, ...fullSteps] : steps) {
    // The gate's own time, also in a full run: the figure `npm test` is held to.
    if (step === fullSteps[0]) gate = minutesSince(started);
    console.log(`\n━━ ${step.name} ━━`);
    if (step.countsFrom) rmSync(step.countsFrom, { force: true });
    const { code, output, seconds } = await runStep(step);
    const tally = step.count
      ? step.count(output, code)
      : code === 0
        ? { passed: 1, failed: 0, skipped: 0 }
        : { passed: 0, failed: 1, skipped: 0 };
    total.passed += tally.passed;
    total.failed += tally.failed;
    total.skipped += tally.skipped;
    summary.push(
      `${code === 0 ? 'ok  ' : 'FAIL'}  ${step.name}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped (${seconds.toFixed(1)} s)`,
    );
  }
  console.log('\n━━ summary ━━');
  for (const line of summary) console.log(line);
  if (options.full)
    console.log(`npm test's steps took ${gate}; npm run test:full took ${minutesSince(started)}`);
  else console.log(`npm test took ${minutesSince(started)}`);
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return total.failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
