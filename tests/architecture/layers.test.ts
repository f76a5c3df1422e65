import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

/**
 * The layer rules and the ban on import cycles live in biome.json (noRestrictedImports overrides per
 * folder, noImportCycles with type imports counted) and run with `npm run lint`. These cases prove the
 * rules bite: each writes a throw-away module where the rule applies, lints it, and removes it.
 */
const BIOME = join(PROJECT_ROOT, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');

function lint(files: Record<string, string>): { code: number; output: string } {
  const tag = randomBytes(3).toString('hex');
  const written = Object.entries(files).map(([path, source]) => {
    const file = join(PROJECT_ROOT, path.replace('TAG', tag));
    writeFileSync(file, source.replaceAll('TAG', tag));
    return file;
  });
  try {
    const run = spawnSync(process.execPath, [BIOME, 'lint', '--max-diagnostics=20', ...written], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
  } finally {
    for (const file of written) rmSync(file, { force: true });
  }
}

const cases: Array<{ name: string; files: Record<string, string>; rule: string }> = [
  {
    name: 'src/core imports no Playwright',
    files: { 'src/core/layer-probe-TAG.ts': "export { test } from '@playwright/test';\n" },
    rule: 'noRestrictedImports',
  },
  {
    name: 'the reference server imports nothing of the suite',
    files: {
      'reference-server/src/layer-probe-TAG.ts': "export { CHECKS } from '../../src/core/run/checks.js';\n",
    },
    rule: 'noRestrictedImports',
  },
  {
    name: 'the suite imports nothing of the reference server',
    files: {
      'src/playwright/layer-probe-TAG.ts': "export * from '../../reference-server/src/profiles.js';\n",
    },
    rule: 'noRestrictedImports',
  },
  {
    name: 'fixtures import no reporter',
    files: {
      'src/playwright/fixtures/layer-probe-TAG.ts':
        "export { reportsDirectory } from '../reporters/index.js';\n",
    },
    rule: 'noRestrictedImports',
  },
  {
    name: 'no import cycle, type-only imports included',
    files: {
      'src/core/cycle-a-TAG.ts': "import type { B } from './cycle-b-TAG.js';\nexport type A = { b?: B };\n",
      'src/core/cycle-b-TAG.ts': "import type { A } from './cycle-a-TAG.js';\nexport type B = { a?: A };\n",
    },
    rule: 'noImportCycles',
  },
];

for (const { name, files, rule } of cases) {
  test(`${name}: lint fails on a module that breaks it (${rule})`, () => {
    const { code, output } = lint(files);
    assert.notEqual(code, 0, `biome lint passed:\n${output}`);
    assert.match(output, new RegExp(`lint/(style|suspicious)/${rule}`));
  });
}

test('the allowed direction passes: src/playwright may import src/core', () => {
  const { code, output } = lint({
    'src/playwright/layer-probe-TAG.ts': "export { CHECKS } from '../core/checks.js';\n",
  });
  assert.equal(code, 0, output);
});
