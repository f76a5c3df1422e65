/**
 * One reporter per output, each built on the shared run summary (issue 17): every `*-reporter.ts` of
 * src/playwright/reporters default-exports a RunSummaryReporter, imports no other reporter (only
 * run-summary.ts and the helper modules), and passes nothing through the environment.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

const DIR = join(PROJECT_ROOT, 'src', 'playwright', 'reporters');
/** Modules of the folder that are no reporter: what a reporter may import besides run-summary.ts. */
const HELPERS = new Set(['./run-summary.js', './exit-code.js', './output-tee.js', './secret-digests.js']);
const reporters = readdirSync(DIR).filter((file) => file.endsWith('-reporter.ts'));

test('the reporters are the outputs the issue names, each its own file', () => {
  assert.deepEqual(reporters.sort(), [
    'conformance-reporter.ts',
    'drift-reporter.ts',
    'exit-code-reporter.ts',
    'html-summary-reporter.ts',
    'junit-reporter.ts',
    'leak-scan-reporter.ts',
    'metadata-reporter.ts',
    'trace-scrub-reporter.ts',
    'verdict-line-reporter.ts',
  ]);
});

for (const file of reporters) {
  test(`${file}: a RunSummaryReporter importing no other reporter, using no environment variable as a channel`, () => {
    const source = readFileSync(join(DIR, file), 'utf8');
    assert.match(source, /^export default class \w+ extends RunSummaryReporter(<\w+>)? \{/m);
    const local = [...source.matchAll(/from '(\.\/[^']+)'/g)].map((match) => match[1] as string);
    for (const module of local) assert.ok(HELPERS.has(module), `${file} imports ${module}`);
    assert.doesNotMatch(
      source,
      /process\.env(\.\w+|\[[^\]]+\])\s*(\?\?|\|\|)?=[^=]/,
      'sets an environment variable',
    );
  });
}
