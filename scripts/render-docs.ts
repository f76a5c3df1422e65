/**
 * `npm run docs`: rewrites the generated blocks of the docs from their one home —
 * docs/version-rules.md from src/core/rocketchat/version-rules.ts, docs/checks.md from src/core/run/checks.ts and the
 * fault catalogue (the checks, and which faults each contract profile sees), reference-server/README.md's
 * fault table from the catalogue, the README's table of npm scripts from package.json, the bench figures of docs/performance.md and the README from docs/bench.json, and the CI examples of the
 * README and docs/reports.md from examples/ci/. tests/contract/generated-docs.test.ts fails when any is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { renderVersionRulesTable } from '../src/core/rocketchat/version-rules.js';
import { renderBenchFigures, renderBenchHeadline } from './lib/bench-docs.js';
import { CI_EXAMPLES_DIR } from './lib/ci-examples.js';
import { renderNpmScriptsTable } from './lib/npm-scripts-table.js';
import {
  renderChecksTables,
  renderFaultCatalogueTable,
  renderFaultProfilesTable,
} from './lib/checks-table.js';

/** A CI example as the docs show it: the file itself, fenced. */
const ciExample = (name: string) => () =>
  `\`\`\`yaml\n${readFileSync(join(CI_EXAMPLES_DIR, name), 'utf8')}\`\`\``;

export const GENERATED_TABLES = [
  { file: 'docs/version-rules.md', marker: 'version-rules-table', render: renderVersionRulesTable },
  { file: 'docs/checks.md', marker: 'checks-tables', render: renderChecksTables },
  { file: 'docs/checks.md', marker: 'fault-profiles-table', render: renderFaultProfilesTable },
  { file: 'reference-server/README.md', marker: 'fault-catalogue-table', render: renderFaultCatalogueTable },
  { file: 'docs/performance.md', marker: 'bench-figures', render: renderBenchFigures },
  { file: 'README.md', marker: 'bench-headline', render: renderBenchHeadline },
  { file: 'README.md', marker: 'npm-scripts', render: renderNpmScriptsTable },
  ...['github-actions', 'gitlab-ci'].map((name) => ({
    file: 'README.md',
    marker: `ci-example-${name}`,
    render: ciExample(`${name}.yml`),
  })),
  ...['github-actions-sharded', 'gitlab-ci-sharded', 'github-actions-rocketchat-releases'].map((name) => ({
    file: 'docs/reports.md',
    marker: `ci-example-${name}`,
    render: ciExample(`${name}.yml`),
  })),
] as const;

/** The file's text with the block between its markers replaced by a fresh rendering. */
function withFreshTable(text: string, marker: string, rendered: string): string {
  const block = new RegExp(`(<!-- ${marker}:start -->\\n)[\\s\\S]*?(\\n<!-- ${marker}:end -->)`);
  if (!block.test(text)) throw new Error(`no <!-- ${marker}:start/end --> markers`);
  return text.replace(block, (_all, start: string, end: string) => `${start}${rendered}${end}`);
}

if (process.argv[1] === import.meta.filename) {
  for (const { file, marker, render } of GENERATED_TABLES) {
    const path = join(PROJECT_ROOT, file);
    const text = readFileSync(path, 'utf8');
    const updated = withFreshTable(text, marker, render());
    writeFileSync(path, updated);
    console.log(updated === text ? `${file} is up to date` : `${file}: tables rewritten`);
  }
}
