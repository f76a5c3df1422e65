/**
 * `npm run report:matrix -- [--out <dir>] <run dir or conformance.json>…`: merges the conformance
 * summaries of runs against several servers (or profiles) into one page, reports/matrix.html, and its
 * text twin reports/matrix.md — rows are checks grouped by family, columns are the runs (target ×
 * Rocket.Chat version × profile), cells are statuses with the reason a click away.
 *
 * A run directory is a reports folder holding conformance.json. Output goes to --out, else
 * CONTRACT_REPORTS_DIR, else reports/. Bad input — no such file, a folder without conformance.json, a
 * file that is not one — is one message and exit code 2, before anything is written.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { buildMatrix, type MatrixInput } from '../src/core/results/matrix.js';
import { matrixLine, renderMatrixHtml, renderMatrixMarkdown } from '../src/core/results/matrix-render.js';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { RecordedRunError, readRecordedRun } from '../src/core/results/recorded-run.js';
import { reportsDirectory } from '../src/core/run/config.js';

const USAGE = 'usage: npm run report:matrix -- [--out <dir>] <run dir or conformance.json>…';

class InputError extends Error {}

/** npm runs scripts in the project root; paths on its command line are the caller's (INIT_CWD). */
const callerDir = process.env.INIT_CWD ?? process.cwd();

function inputOf(given: string): MatrixInput {
  const path = resolve(callerDir, given);
  if (!existsSync(path)) throw new InputError(`${given}: no such file or folder. ${USAGE}`);
  const file = statSync(path).isDirectory() ? join(path, 'conformance.json') : path;
  if (file !== path && !existsSync(file)) {
    throw new InputError(
      `${given} is a folder without conformance.json: give the reports folder of a run, or its conformance.json`,
    );
  }
  try {
    return { source: given, recorded: readRecordedRun(file) };
  } catch (error) {
    if (error instanceof RecordedRunError) throw new InputError(`${given} ${error.problem}`);
    throw error;
  }
}

function main(): number {
  dotenv.config({ quiet: true, path: join(PROJECT_ROOT, '.env') });
  let inputs: MatrixInput[];
  let outDir: string;
  try {
    const { values, positionals } = parseArgs({
      options: { out: { type: 'string' } },
      allowPositionals: true,
    });
    if (positionals.length === 0) throw new InputError(`no run given. ${USAGE}`);
    inputs = positionals.map(inputOf);
    outDir = values.out === undefined ? reportsDirectory() : resolve(callerDir, values.out);
  } catch (error) {
    // parseArgs's errors (an unknown option, --out without a value) are the user's to fix, too.
    const parseError = /^ERR_PARSE_ARGS_/.test((error as NodeJS.ErrnoException).code ?? '');
    if (!(error instanceof InputError) && !parseError) throw error;
    console.error(`report:matrix: ${(error as Error).message}`);
    return 2;
  }
  const matrix = buildMatrix(inputs);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'matrix.html'), renderMatrixHtml(matrix));
  writeFileSync(join(outDir, 'matrix.md'), renderMatrixMarkdown(matrix));
  const inside = relative(callerDir, outDir);
  const shown = inside.startsWith('..') ? outDir : inside || '.';
  console.log(
    `report:matrix: ${matrixLine(matrix)} — wrote ${join(shown, 'matrix.html')} and ${join(shown, 'matrix.md')}`,
  );
  return 0;
}

process.exit(main());
