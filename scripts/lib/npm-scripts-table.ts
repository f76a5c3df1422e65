import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

/**
 * What each npm script of package.json is for: the README's table of them is rendered from here by
 * `npm run docs`, and rendering fails on a script without a line, or a line without a script, so a
 * script a pipeline may call is never left undocumented.
 */
const PURPOSES: Readonly<Record<string, string>> = {
  test: 'the gate before every commit, a few minutes on 2 cores: `typecheck`, `lint`, `schemas:check`, `test:unit`, `test:reference-server`, the suite against the reference server (profile 9 as a staging server, then profile 7) and `report:check`; every step runs, then one tally line `N passed, N failed, N skipped`',
  'test:full':
    'what CI runs (`.ci/run`): `npm test`, then `test:cli` and the mutation matrix (`mutants`), stock and as a staging server; the same tally line',
  typecheck: '`tsc --noEmit`, strict',
  lint: 'biome (style, and the layer rules: which folder may import which, no import cycles) and knip (unused files, exports and dependencies)',
  schemas: 'regenerates `schemas/` from the contract, its overlay and Rocket.Chat’s typings',
  'schemas:check': 'fails, naming the file, when `schemas/` is stale, hand-edited, missing or foreign',
  docs: 'rewrites the generated blocks of the docs, this table among them (a test fails when one is stale)',
  'contract:proposal':
    'a documentation patch from a run’s drift ([Proposing a documentation fix](#proposing-a-documentation-fix))',
  'test:unit': 'unit tests: everything under `tests/` but `tests/cli`',
  'test:cli':
    'the command-line tests (`tests/cli`): each runs the suite as a user does, against refused settings, second factors, faults, malformed rooms, interruptions',
  'test:reference-server': 'the reference server’s own tests, its fault catalogue probed in every profile',
  'reference-server': 'starts the reference server ([The reference server](#the-reference-server))',
  conformance: 'the suite, as `npx playwright test` runs it',
  mutants: 'the mutation matrix ([The mutation matrix](#the-mutation-matrix))',
  bench: 'the benchmarks ([docs/performance.md](docs/performance.md))',
  format: 'biome’s formatter, in place',
  'report:check': 'the HTML report and the version matrix, checked in Chromium (`/usr/bin/chromium`)',
  'report:merge':
    'one set of reports from the blob reports of sharded runs ([Sharding across CI machines](#sharding-across-ci-machines))',
  'report:matrix': 'the version matrix of several runs ([Release sign-off](#release-sign-off))',
  'bench:reference-server-memory':
    'the reference server’s memory under 10,000 mixed requests: exits 1 when its resident size moved more than 20 %',
};

export function renderNpmScriptsTable(): string {
  const { scripts } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const undocumented = Object.keys(scripts).filter((name) => PURPOSES[name] === undefined);
  const gone = Object.keys(PURPOSES).filter((name) => scripts[name] === undefined);
  if (undocumented.length > 0 || gone.length > 0)
    throw new Error(
      `scripts/lib/npm-scripts-table.ts and package.json disagree: ${[
        ...undocumented.map((name) => `"${name}" has no line`),
        ...gone.map((name) => `"${name}" is no script`),
      ].join('; ')}`,
    );
  const rows = Object.keys(scripts).map((name) => {
    const command = name === 'test' ? 'npm test' : `npm run ${name}`;
    return `| \`${command}\` | ${PURPOSES[name]} |`;
  });
  return ['| command | what it does |', '| --- | --- |', ...rows].join('\n');
}
