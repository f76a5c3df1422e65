import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

const scratch = mkdtempSync(join(tmpdir(), 'project root '));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('is the directory holding package.json and contract/', () => {
  assert.ok(existsSync(join(PROJECT_ROOT, 'package.json')));
  assert.ok(existsSync(join(PROJECT_ROOT, 'contract', 'waivers.yaml')));
});

test('works in a checkout whose path has spaces and percent signs', async () => {
  const checkout = join(scratch, 'my checkout 100%');
  mkdirSync(join(checkout, 'src', 'core'), { recursive: true });
  const copy = join(checkout, 'src', 'core', 'project-root.ts');
  copyFileSync(join(PROJECT_ROOT, 'src', 'core', 'project-root.ts'), copy);
  const module = (await import(pathToFileURL(copy).href)) as { PROJECT_ROOT: string };
  assert.equal(module.PROJECT_ROOT, checkout);
});
