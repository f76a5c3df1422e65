import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { SCHEMA_FILE_PATTERN } from '../src/core/contract/validation.js';
import { type GeneratedFile, generateSchemas, recordedInputsHash } from './generate.js';
import { generateTypingsSchemas } from './typings-schemas.js';

/**
 * npm run schemas          contract/ → schemas/, and Rocket.Chat's installed typings → schemas/typings/,
 *                          each file written atomically (temp file + rename)
 * npm run schemas:check    regenerates in memory; exits 1 naming every stale, missing or extra file
 *
 * --contract-dir <dir> and --out-dir <dir> (default: contract/ and schemas/ of this project) let tests
 * run the generator against fixtures without touching the real directories.
 */
function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: 'boolean', default: false },
      'contract-dir': { type: 'string', default: join(PROJECT_ROOT, 'contract') },
      'out-dir': { type: 'string', default: join(PROJECT_ROOT, 'schemas') },
    },
    strict: true,
  });
  const outDir = values['out-dir'];
  const contractDirGiven = argv.some((arg) => arg === '--contract-dir' || arg.startsWith('--contract-dir='));
  const shownOut = relative(process.cwd(), outDir) || '.';
  // Everything is generated (and validated) before anything is written.
  // Rocket.Chat's typings belong to the project's own contract: a --contract-dir run (tests) leaves them out.
  const typings = contractDirGiven ? [] : generateTypingsSchemas();
  const typingsRooms = new Map(
    typings
      .filter((file) => file.name.startsWith('typings/room.'))
      .map((file) => [file.name.slice('typings/room.'.length, -'.json'.length), JSON.parse(file.content)]),
  );
  const files = [
    ...(contractDirGiven
      ? generateSchemas(values['contract-dir'])
      : generateSchemas(values['contract-dir'], typingsRooms)),
    ...typings,
  ];
  return values.check ? check(files, outDir, shownOut) : write(files, outDir, shownOut);
}

function write(files: GeneratedFile[], outDir: string, shownOut: string): number {
  mkdirSync(outDir, { recursive: true });
  let written = 0;
  for (const file of files) {
    const target = join(outDir, file.name);
    if (existsSync(target) && readFileSync(target, 'utf8') === file.content) continue;
    mkdirSync(dirname(target), { recursive: true });
    const temporary = join(dirname(target), `.${file.name.split('/').at(-1)}.${process.pid}.tmp`);
    writeFileSync(temporary, file.content);
    renameSync(temporary, target);
    written += 1;
  }
  const orphans = generatedLooking(outDir).filter((name) => !files.some((file) => file.name === name));
  for (const name of orphans) rmSync(join(outDir, name));
  console.log(
    `schemas: ${written} written, ${files.length - written} unchanged, ${orphans.length} removed (${shownOut}/)`,
  );
  return 0;
}

function check(files: GeneratedFile[], outDir: string, shownOut: string): number {
  const problems: string[] = [];
  for (const file of files) {
    const target = join(outDir, file.name);
    const shown = `${shownOut}/${file.name}`;
    if (!existsSync(target)) {
      problems.push(`${shown} is missing`);
      continue;
    }
    const current = readFileSync(target, 'utf8').replace(/\r\n?/g, '\n');
    if (current === file.content) continue;
    const recorded = recordedInputsHash(current);
    problems.push(
      recorded === file.inputsHash
        ? `${shown} is stale: its content differs from what the generator produces (edited by hand, or the generator changed)`
        : `${shown} is stale: generated from other contract inputs (recorded inputs-sha256 ${recorded?.slice(0, 12) ?? 'none'}, current ${file.inputsHash.slice(0, 12)})`,
    );
  }
  for (const name of existsSync(outDir) ? generatedLooking(outDir) : []) {
    if (!files.some((file) => file.name === name))
      problems.push(`${shownOut}/${name} is not produced by the generator`);
  }
  if (problems.length === 0) {
    console.log(`schemas:check: ${files.length} files in ${shownOut}/ are up to date`);
    return 0;
  }
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  console.error(
    `schemas:check: ${count}:\n${problems.join('\n')}\nRun \`npm run schemas\` and commit ${shownOut}/.`,
  );
  return 1;
}

/** The files of outDir the generator owns: `<operation>.<status>.<profile>.json` and `typings/*.json`. */
function generatedLooking(outDir: string): string[] {
  const typings = join(outDir, 'typings');
  return [
    ...readdirSync(outDir).filter((name) => SCHEMA_FILE_PATTERN.test(name)),
    ...(existsSync(typings) ? readdirSync(typings).filter((name) => name.endsWith('.json')) : []).map(
      (name) => `typings/${name}`,
    ),
  ];
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`schemas: ${(error as Error).message}`);
  process.exitCode = 1;
}
