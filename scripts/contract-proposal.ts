/**
 * `npm run contract:proposal`: the documentation patch. Writes, under the reports directory
 * (CONTRACT_REPORTS_DIR, default reports/) or --out-dir:
 *
 *   rooms.get.openapi.proposed.yaml   the rooms.get operation alone (with the components it uses), as
 *                                     proposed: each change under a comment giving its public evidence
 *   rooms.get.openapi.proposed.diff   with --against <rooms.yaml>: a unified diff of that file (only the
 *                                     operation and the components it uses), for `git apply` in its checkout
 *
 * Options: --against <file> (Rocket.Chat-Open-API's rooms.yaml), --drift <file> (repeatable; default:
 * drift.json of the reports directory, when there is one), --no-drift, --out-dir <dir>,
 * --contract-dir <dir> (tests). A drift report from a run that saw no 200 body is refused. Nothing is
 * written unless the proposal is valid OpenAPI 3.0, our generator reads it into schemas that accept the
 * documentation's own examples, and no output names the target server, an account, a secret or a file of
 * this repository (the proposal's leak scan).
 * Exit codes: 0 written; 1 the proposal fails a check; 2 bad input (options, drift report, contract).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyPatch } from 'diff';
import { parse } from 'yaml';
import { ContractError } from '../generator/contract-error.js';
import { buildProposal, type Proposal } from '../generator/documentation-proposal.js';
import type { DriftRun } from '../generator/drift-field-proposals.js';
import { openApi30Problems, proposalValidator } from '../generator/proposal-checks.js';
import { proposalLeaks } from '../generator/proposal-leaks.js';
import { parseDriftReport } from '../src/core/contract/drift.js';
import { isPlainObject } from '../src/core/contract/json-pointer.js';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { documentedExample } from '../src/core/contract/validation.js';
import { SourceError } from '../src/core/contract/yaml-source.js';
import { reportsDirectory } from '../src/core/run/config.js';

const OPERATION = 'rooms.get';

const OPTIONS = 'options: --against <rooms.yaml>, --drift <file>, --no-drift, --out-dir <dir>';

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

/** The run a drift report came from, from conformance.json beside it: its server's version and URL. */
function runBeside(file: string): { version?: string; target?: string } {
  const summaryFile = join(dirname(file), 'conformance.json');
  if (!existsSync(summaryFile)) return {};
  const summary = readJson(summaryFile, 'conformance summary') as {
    run?: { target?: unknown; serverVersion?: unknown };
  };
  return {
    ...(typeof summary?.run?.serverVersion === 'string' ? { version: summary.run.serverVersion } : {}),
    ...(typeof summary?.run?.target === 'string' ? { target: summary.run.target } : {}),
  };
}

interface LoadedDrift {
  runs: DriftRun[];
  /** The drift files read, as absolute paths. */
  files: string[];
  /** The servers the reports came from: the leak scan searches every output for them. */
  targets: string[];
  note: string;
}

function loadDrift(options: string[] | undefined, noDrift: boolean, reportsDir: string): LoadedDrift {
  if (noDrift)
    return {
      runs: [],
      files: [],
      targets: [],
      note: "--no-drift: proposing from Rocket.Chat's source alone",
    };
  const files = options ?? [join(reportsDir, 'drift.json')];
  if (options === undefined && !existsSync(files[0] as string))
    return {
      runs: [],
      files: [],
      targets: [],
      note: `no drift report at ${shown(files[0] as string)}: proposing from Rocket.Chat's source alone`,
    };
  const runs: DriftRun[] = [];
  const targets: string[] = [];
  for (const option of files) {
    const file = resolve(option);
    const value = readJson(file, 'drift report');
    let report: ReturnType<typeof parseDriftReport>;
    try {
      report = parseDriftReport(value);
    } catch (error) {
      throw new InputError(`${shown(file)} is ${(error as Error).message}`);
    }
    const responses = isPlainObject(value) ? (value as { responses?: unknown }).responses : undefined;
    if (!report || typeof responses !== 'number' || responses === 0)
      throw new InputError(
        `${shown(file)} is from a run that judged nothing (${report ? `"responses": ${JSON.stringify(responses ?? null)}` : 'no drift recorded'}: no 200 body was seen, a stopped run?); refused. Run the suite to its end against the server, or pass --no-drift to propose from Rocket.Chat's source alone.`,
      );
    const { version, target } = runBeside(file);
    runs.push({ report, version });
    if (target) targets.push(target);
  }
  return {
    runs,
    files: files.map((file) => resolve(file)),
    targets,
    note: `drift: ${files.map((file) => shown(resolve(file))).join(', ')}`,
  };
}

/** The examples of the operation's responses, by status, as the operation alone documents them. */
function examplesOf(operation: string): Array<{ status: number; name: string; value: unknown }> {
  const document = parse(operation) as Record<string, unknown>;
  const found: Array<{ status: number; name: string; value: unknown }> = [];
  const follow = (node: unknown): Record<string, unknown> | undefined => {
    let current = node;
    for (let hops = 0; isPlainObject(current) && typeof current.$ref === 'string' && hops < 8; hops++) {
      let target: unknown = document;
      for (const token of (current.$ref as string).slice(2).split('/'))
        target = isPlainObject(target) ? (target as Record<string, unknown>)[token] : undefined;
      current = target;
    }
    return isPlainObject(current) ? (current as Record<string, unknown>) : undefined;
  };
  const paths = (document.paths ?? {}) as Record<string, Record<string, { responses?: unknown }>>;
  for (const item of Object.values(paths))
    for (const method of Object.values(item)) {
      const responses = isPlainObject(method?.responses) ? (method.responses as Record<string, unknown>) : {};
      for (const [status, response] of Object.entries(responses)) {
        const media = follow(follow(response)?.content as unknown)?.['application/json'];
        const examples = isPlainObject(media) ? (media as { examples?: unknown }).examples : undefined;
        for (const [name, example] of Object.entries(isPlainObject(examples) ? examples : {}))
          if (isPlainObject(example) && 'value' in example)
            found.push({ status: Number(status), name, value: (example as { value: unknown }).value });
      }
    }
  return found;
}

/** The checks a proposal must pass before it is written; each problem one line. */
async function problemsOf(proposal: Proposal, against: string | undefined): Promise<string[]> {
  const problems = (await openApi30Problems(proposal.operation)).map(
    (problem) => `not valid OpenAPI 3.0: ${problem}`,
  );
  if (problems.length > 0) return problems;
  try {
    const validator = proposalValidator(proposal.operation, OPERATION);
    const examples = examplesOf(proposal.operation);
    if (examples.length === 0)
      examples.push({ status: 200, name: 'the page', value: documentedExample(OPERATION, 200) });
    for (const { status, name, value } of examples)
      if (!validator.validate(OPERATION, status, value).valid)
        problems.push(
          `the documentation's own ${status} example "${name}" does not validate against the proposal`,
        );
  } catch (error) {
    problems.push(`our generator cannot read it: ${(error as Error).message.split('\n')[0]}`);
  }
  if (
    against !== undefined &&
    proposal.diff !== undefined &&
    applyPatch(against, proposal.diff) !== proposal.patched
  )
    problems.push('the diff does not turn the file into the proposal');
  return problems;
}

/** A text with the given paths (and their shown forms) cut out. */
function withoutPaths(text: string, paths: ReadonlyArray<string | undefined>): string {
  let rest = text;
  for (const path of paths)
    if (path) for (const form of [path, shown(path)]) rest = rest.split(form).join('<path>');
  return rest;
}

/** The name a file has in the patch: its path in its git checkout, else its own name. */
function nameInCheckout(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return relative(dir, file).split('\\').join('/');
    if (dirname(dir) === dir) return basename(file);
  }
}

function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

async function main(argv: string[]): Promise<number> {
  let values: {
    against?: string;
    drift?: string[];
    'no-drift'?: boolean;
    'out-dir'?: string;
    'contract-dir'?: string;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        against: { type: 'string' },
        drift: { type: 'string', multiple: true },
        'no-drift': { type: 'boolean' },
        'out-dir': { type: 'string' },
        'contract-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InputError(`${(error as Error).message} (${OPTIONS})`);
  }
  if (values['no-drift'] && values.drift)
    throw new InputError(`--drift and --no-drift exclude each other (${OPTIONS})`);
  const outDir = values['out-dir'] === undefined ? reportsDirectory() : resolve(values['out-dir']);
  const contractDir = resolve(values['contract-dir'] ?? join(PROJECT_ROOT, 'contract'));
  const drift = loadDrift(values.drift, values['no-drift'] === true, reportsDirectory());
  const { runs, targets, note } = drift;
  let against: { text: string; name: string; file: string } | undefined;
  if (values.against !== undefined) {
    const file = resolve(values.against);
    try {
      against = { text: readFileSync(file, 'utf8'), name: nameInCheckout(file), file };
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new InputError(
        `cannot read --against ${shown(file)}: ${missing ? 'no such file' : (error as Error).message}`,
      );
    }
  }

  let proposal: Proposal;
  try {
    proposal = buildProposal({
      contractDir,
      contractShown: shown(contractDir),
      operation: OPERATION,
      against,
      drift: runs,
    });
  } catch (error) {
    // The contract and the overlay are inputs too: their errors name file and line.
    if (error instanceof SourceError || error instanceof ContractError)
      throw new InputError(error.message.split('\n')[0] as string);
    // So is the file to patch: it must describe the operation, as YAML.
    if (against)
      throw new InputError(`--against ${shown(against.file)}: ${(error as Error).message.split('\n')[0]}`);
    throw error;
  }
  const problems = await problemsOf(proposal, against?.text);
  if (problems.length > 0) {
    console.error(
      `contract:proposal: nothing written, the proposal fails ${problems.length} check(s):\n${problems.join('\n')}`,
    );
    return 1;
  }

  const yamlFile = join(outDir, `${OPERATION}.openapi.proposed.yaml`);
  const diffFile = join(outDir, `${OPERATION}.openapi.proposed.diff`);
  const fromDrift = proposal.changes.filter((change) => change.kind === 'drift').length;
  const report = [
    `contract:proposal: ${proposal.changes.length} changes (${proposal.changes.length - fromDrift} from Rocket.Chat's source, ${fromDrift} from drift); ${note}`,
    `  ${shown(yamlFile)}: the operation alone; valid OpenAPI 3.0; its schemas accept the documentation's own examples`,
    ...(against
      ? [
          `  ${shown(diffFile)}: a patch of ${shown(against.file)} (as ${against.name}), for git apply in its checkout`,
        ]
      : []),
    ...(proposal.notProposed.length > 0
      ? [
          `  ${proposal.notProposed.length} field(s) seen, not proposed (no Rocket.Chat typing): see the drift report`,
        ]
      : []),
  ].join('\n');
  const leaks = proposalLeaks(
    [
      { name: shown(yamlFile), text: proposal.operation, ownFiles: true },
      ...(proposal.diff ? [{ name: shown(diffFile), text: proposal.diff, ownFiles: true }] : []),
      // The files the user named are theirs to name: a folder called after the server is not a leak.
      {
        name: 'the terminal output',
        text: withoutPaths(report, [yamlFile, diffFile, against?.file, ...drift.files]),
        ownFiles: false,
      },
    ],
    targets,
  );
  if (leaks.length > 0) {
    console.error(
      [
        `contract:proposal: nothing written, the proposal's leak scan found ${leaks.length} thing(s) a public patch must not name:`,
        ...leaks.map((leak) => `  - ${leak.output}: ${leak.what}`),
      ].join('\n'),
    );
    return 1;
  }

  mkdirSync(outDir, { recursive: true });
  writeAtomically(yamlFile, proposal.operation);
  // A patch of an earlier --against run is not this proposal: never leave it beside it.
  if (proposal.diff !== undefined) writeAtomically(diffFile, proposal.diff);
  else rmSync(diffFile, { force: true });
  console.log(report);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`contract:proposal: ${(error as Error).message}`);
  process.exitCode = error instanceof InputError ? 2 : 1;
}
