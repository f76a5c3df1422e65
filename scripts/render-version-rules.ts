/**
 * `npx tsx scripts/render-version-rules.ts`: rewrites the table in docs/version-rules.md from
 * src/core/version-rules.ts (the one home of the rules; the document only shows them).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { renderVersionRulesTable } from '../src/core/version-rules.js';

const file = join(PROJECT_ROOT, 'docs', 'version-rules.md');
const text = readFileSync(file, 'utf8');
const updated = text.replace(
  /(<!-- version-rules-table:start -->\n)[\s\S]*?(\n<!-- version-rules-table:end -->)/,
  `$1${renderVersionRulesTable()}$2`,
);
writeFileSync(file, updated);
console.log(
  updated === text ? 'docs/version-rules.md is up to date' : 'docs/version-rules.md: table rewritten',
);
