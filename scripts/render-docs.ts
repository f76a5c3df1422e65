/**
 * `npm run docs`: rewrites the generated tables of docs/ from their one home in the code —
 * docs/version-rules.md from src/core/version-rules.ts, docs/checks.md from src/core/checks.ts and the
 * fault catalogue (the checks, and which faults each contract profile sees). tests/contract/generated-docs.test.ts fails when either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { renderVersionRulesTable } from '../src/core/version-rules.js';
import { renderChecksTables, renderFaultProfilesTable } from './lib/checks-table.js';

export const GENERATED_TABLES = [
  { file: 'docs/version-rules.md', marker: 'version-rules-table', render: renderVersionRulesTable },
  { file: 'docs/checks.md', marker: 'checks-tables', render: renderChecksTables },
  { file: 'docs/checks.md', marker: 'fault-profiles-table', render: renderFaultProfilesTable },
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
