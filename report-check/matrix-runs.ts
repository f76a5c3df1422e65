import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFaultCatalogue } from '../scripts/lib/fleet.js';
import { freePort, runCommand } from '../scripts/lib/processes.js';
import { mapLimit } from '../src/core/run/map-limit.js';
import { blankConfigVariables } from '../src/core/run/config.js';
import { PROJECT_ROOT } from '../src/core/project-root.js';

/**
 * Global setup of the report check, for the version matrix: three full runs of the suite against the
 * bundled reference server — profiles 6 and 7 clean, profile 8 with fault `missing-no-store` (the canary
 * regressed) — then `npm run report:matrix` over them, as a release manager would: two given as run
 * folders, one as its conformance.json. Always against the reference server (.env's target and accounts
 * are blanked). The folder travels to report-check/matrix.spec.ts in REPORT_CHECK_MATRIX_DIR, with
 * fault.json: the fault's name and the checks the catalogue names for it (`--list-faults --json`).
 */
export const MATRIX_DIR_ENV = 'REPORT_CHECK_MATRIX_DIR';
export const MATRIX_FAULT = 'missing-no-store';

/** Profile and fault of each column, in the order the matrix is given them. */
export const MATRIX_RUNS: ReadonlyArray<{ version: string; fault: string | undefined }> = [
  { version: '6', fault: undefined },
  { version: '7', fault: undefined },
  { version: '8', fault: MATRIX_FAULT },
];

export default async function matrixRuns(): Promise<(() => void) | undefined> {
  if (!existsSync('/usr/bin/chromium')) return undefined; // the spec skips, saying why
  const dir = mkdtempSync(join(tmpdir(), 'report-check-matrix-'));
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined &&
        !entry[0].startsWith('RC_REFERENCE_') &&
        !['CONTRACT_SECRETS_SPOOL', 'PLAYWRIGHT_HTML_TITLE', 'CONTRACT_BLOB', 'CONTRACT_TRACE'].includes(
          entry[0],
        ),
    ),
  );
  const cli = join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  // Two at a time: the machine has two cores, and each run is short.
  const runs = await mapLimit(MATRIX_RUNS, 2, async ({ version, fault }) => {
    const reports = join(dir, `rc${version}`);
    const result = await runCommand(
      process.execPath,
      [cli, 'test', '--output', join(dir, `test-results-${version}`)],
      {
        ...inherited,
        ...blankConfigVariables(),
        CONTRACT_REPORTS_DIR: reports,
        RC_REFERENCE_VERSION: version,
        RC_REFERENCE_FAULTS: fault ?? '',
        RC_REFERENCE_PORT: String(await freePort()),
        CI: '1', // never open the report
      },
      300_000,
      true,
    );
    writeFileSync(join(dir, `rc${version}.log`), `${result.stdout}\n${result.stderr}`);
    if (!existsSync(join(reports, 'conformance.json'))) {
      throw new Error(
        `the profile ${version} run wrote no conformance.json; see ${join(dir, `rc${version}.log`)}`,
      );
    }
    return reports;
  });

  const fault = (await listFaultCatalogue()).find((entry) => entry.name === MATRIX_FAULT);
  if (!fault) throw new Error(`fault ${MATRIX_FAULT} is not in the catalogue`);
  writeFileSync(join(dir, 'fault.json'), JSON.stringify(fault));

  const [six, seven, eight] = runs as [string, string, string];
  const matrix = await runCommand(
    'npm',
    [
      'run',
      '--silent',
      'report:matrix',
      '--',
      '--out',
      join(dir, 'matrix'),
      six,
      seven,
      join(eight, 'conformance.json'),
    ],
    { ...inherited, CONTRACT_REPORTS_DIR: '' },
    60_000,
    true,
  );
  if (matrix.code !== 0 || !existsSync(join(dir, 'matrix', 'matrix.html'))) {
    throw new Error(
      `npm run report:matrix failed (exit ${matrix.code}):\n${matrix.stdout}\n${matrix.stderr}`,
    );
  }
  process.env[MATRIX_DIR_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
