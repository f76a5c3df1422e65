/**
 * `npm run test:unit` / `test:cli` / `test:reference-server`: Node 20's test runner neither expands globs
 * nor discovers .ts files, so this lists the *.test.ts files under the given folders and runs them.
 * `--exclude <folder>` (repeatable) leaves a folder out: `test:unit` runs tests/ without tests/cli, whose
 * end-to-end runs of the suite are the slow tier (`test:cli`, part of `npm run test:full`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals: folders } = parseArgs({
  options: { exclude: { type: 'string', multiple: true, default: [] } },
  allowPositionals: true,
});
const excluded = values.exclude.map((dir) => `${normalize(dir).replace(/\/$/, '')}/`);
const files = folders
  .flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .filter((file) => file.endsWith('.test.ts'))
          .sort()
          .map((file) => join(dir, file))
      : [],
  )
  .filter((file) => !excluded.some((dir) => file.startsWith(dir)));
if (files.length === 0) {
  console.error(`no *.test.ts files under ${folders.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
