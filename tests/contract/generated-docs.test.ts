import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { GENERATED_TABLES } from '../../scripts/render-docs.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

// The tables of docs/ only show what the code holds: a stale one is a failing test, not a wrong document.
for (const { file, marker, render } of GENERATED_TABLES) {
  test(`${file} (${marker}) shows exactly what its source holds`, () => {
    const doc = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    const block = new RegExp(`<!-- ${marker}:start -->\\n([\\s\\S]*?)\\n<!-- ${marker}:end -->`).exec(
      doc,
    )?.[1];
    // Compared cell by cell: the formatter pads markdown tables.
    const cells = (text: string | undefined) => text?.replace(/ *\| */g, '|').replace(/-{3,}/g, '---');
    assert.equal(cells(block), cells(render()), 'run `npm run docs`');
  });
}
