/**
 * `npm run contract:proposal`: the documentation patch. Writes, under the reports directory
 * (CONTRACT_REPORTS_DIR, default reports/):
 *
 *   rooms.get.openapi.proposed.yaml   contract/rooms.get.openapi.yaml corrected by the strict overlay and
 *                                     the run's drift report, each change under its evidence comment
 *   rooms.get.openapi.proposed.diff   a unified diff against contract/rooms.get.openapi.yaml
 *
 * Options: --drift <file> (default: drift.json of the reports directory, when there is one),
 * --out-dir <dir>, --contract-dir <dir> (tests). Nothing is written unless the proposal is valid
 * OpenAPI 3.0 and our generator reads it into schemas that accept the documentation's own example.
 * Exit codes: 0 written; 1 the proposal fails a check; 2 bad input (options, drift report, contract).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ContractError } from '../generator/contract-error.js';
import { buildProposal, type Proposal } from '../generator/documentation-proposal.js';
import type { DriftRun } from '../generator/drift-field-proposals.js';
import { openApi30Problems, proposalValidator } from '../generator/proposal-checks.js';
import { type DriftReport, parseDriftReport } from '../src/core/drift.js';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { documentedExample } from '../src/core/validation.js';
import { SourceError } from '../src/core/yaml-source.js';
import { reportsDirectory } from '../src/playwright/reporters/index.js';

const OPERATION = 'rooms.get';

class InputError extends Error {}

/** How files are named in messages and in the proposal's comments: from the project root when inside. */
function shown(file: string): string {
  const inside = relative(PROJECT_ROOT, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(
      `cannot read the ${what} ${shown(file)}: ${missing ? 'no such file' : (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`the ${what} ${shown(file)} is not JSON: ${(error as Error).message}`);
  }
}

/** The run a drift report came from: date and target from conformance.json beside it, when there is one. */
function driftRun(file: string): DriftRun {
  const run: DriftRun = { file: shown(file) };
  const summaryFile = join(dirname(file), 'conformance.json');
  if (!existsSync(summaryFile)) return run;
  const summary = readJson(summaryFile, 'conformance summary') as {
    run?: { target?: unknown };
    timing?: { date?: unknown };
  };
  if (typeof summary?.timing?.date === 'string') run.date = summary.timing.date;
  if (typeof summary?.run?.target === 'string') run.target = summary.run.target;
  return run;
}

function loadDrift(
  option: string | undefined,
  reportsDir: string,
): { drift?: { report: DriftReport; run: DriftRun }; note: string } {
  const file = option === undefined ? join(reportsDir, 'drift.json') : resolve(option);
  if (option === undefined && !existsSync(file))
    return { note: `no drift report at ${shown(file)}: proposing from the overlay alone` };
  let report: DriftReport | undefined;
  try {
    report = parseDriftReport(readJson(file, 'drift report'));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${shown(file)} is ${(error as Error).message}`);
  }
  if (!report)
    return {
      note: `${shown(file)} holds no drift (the run saw no 200 body): proposing from the overlay alone`,
    };
  return { drift: { report, run: driftRun(file) }, note: `drift: ${shown(file)}` };
}

/** The checks a proposal must pass before it is written; each problem one line. */
async function problemsOf(proposal: Proposal): Promise<string[]> {
  const problems = (await openApi30Problems(proposal.yaml)).map(
    (problem) => `not valid OpenAPI 3.0: ${problem}`,
  );
  if (problems.length > 0) return problems;
  try {
    const validator = proposalValidator(proposal.yaml, OPERATION);
    const result = validator.validate(OPERATION, 200, documentedExample(OPERATION, 200));
    if (!result.valid)
      problems.push("the documentation's own 200 example does not validate against the proposal");
  } catch (error) {
    problems.push(`our generator cannot read it: ${(error as Error).message.split('\n')[0]}`);
  }
  return problems;
}

function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

async function main(argv: string[]): Promise<number> {
  let values: { drift?: string; 'out-dir'?: string; 'contract-dir'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        drift: { type: 'string' },
        'out-dir': { type: 'string' },
        'contract-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InputError(`${(error as Error).message} (options: --drift <file>, --out-dir <dir>)`);
  }
  const outDir = values['out-dir'] === undefined ? reportsDirectory() : resolve(values['out-dir']);
  const contractDir = resolve(values['contract-dir'] ?? join(PROJECT_ROOT, 'contract'));
  const { drift, note } = loadDrift(values.drift, reportsDirectory());

  let proposal: Proposal;
  try {
    proposal = buildProposal({ contractDir, contractShown: shown(contractDir), operation: OPERATION, drift });
  } catch (error) {
    // The contract and the overlay are inputs too: their errors name file and line.
    if (!(error instanceof SourceError || error instanceof ContractError)) throw error;
    throw new InputError(error.message.split('\n')[0] as string);
  }
  const problems = await problemsOf(proposal);
  if (problems.length > 0) {
    console.error(
      `contract:proposal: nothing written, the proposal fails ${problems.length} check(s):\n${problems.join('\n')}`,
    );
    return 1;
  }

  mkdirSync(outDir, { recursive: true });
  const yamlFile = join(outDir, `${OPERATION}.openapi.proposed.yaml`);
  const diffFile = join(outDir, `${OPERATION}.openapi.proposed.diff`);
  writeAtomically(yamlFile, proposal.yaml);
  writeAtomically(diffFile, proposal.diff);
  const fromDrift = proposal.changes.filter((change) => change.kind === 'drift').length;
  console.log(
    [
      `contract:proposal: ${proposal.changes.length} changes (${proposal.changes.length - fromDrift} from the strict overlay, ${fromDrift} from drift); ${note}`,
      `  ${shown(yamlFile)}: valid OpenAPI 3.0; its schemas accept the documentation's own 200 example`,
      `  ${shown(diffFile)}: against ${proposal.documented}`,
      ...(proposal.notProposed.length > 0
        ? [`  seen, not proposed: ${proposal.notProposed.map((entry) => entry.path).join(', ')}`]
        : []),
    ].join('\n'),
  );
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`contract:proposal: ${(error as Error).message}`);
  process.exitCode = error instanceof InputError ? 2 : 1;
}
