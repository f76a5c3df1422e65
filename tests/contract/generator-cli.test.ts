import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { generateSchemas } from '../../generator/generate.js';
import { PROJECT_ROOT as ROOT } from '../../src/core/project-root.js';

const CLI = join(ROOT, 'generator', 'cli.ts');
const run = promisify(execFile);

const scratch = mkdtempSync(join(tmpdir(), 'schemas-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const OPENAPI = `openapi: 3.0.0
info: { title: Fixture, version: 1.0.0 }
paths:
  /api/v1/rooms.get:
    get:
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  success: { type: boolean }
                  item: { $ref: '#/components/schemas/Item' }
              examples:
                Success: { value: { success: true } }
        '401':
          $ref: '#/components/responses/unauthorized'
components:
  responses:
    unauthorized:
      description: Unauthorized
      content:
        application/json:
          schema: { type: object, properties: { status: { type: string } } }
  schemas:
    Item: { type: object, properties: { name: { type: string, nullable: true } } }
`;

const OVERLAY = `- status: 200
  path: /properties/success
  merge: { const: true }
  reason: always true
  source: https://example.invalid/fixture
`;

let fixtures = 0;
/** A contract directory with the given files (relative path → text). */
function contract(files: Record<string, string>): string {
  const dir = join(scratch, `contract-${++fixtures}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function outDir(): string {
  const dir = join(scratch, `out-${++fixtures}`);
  mkdirSync(dir);
  return dir;
}

/** An output directory already holding a previous generation, to prove failures leave it untouched. */
function populatedOutDir(): { dir: string; snapshot: () => Record<string, string> } {
  const dir = outDir();
  for (const file of generateSchemas(contract({ 'rooms.get.openapi.yaml': OPENAPI }))) {
    writeFileSync(join(dir, file.name), file.content);
  }
  const snapshot = () =>
    Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  return { dir, snapshot };
}

// Each spawn costs about a second (tsx + ajv): the cases below are the ones that need a real process
// (exit codes, atomic writes); message details are also covered in-process further down.
describe('generator CLI', { concurrency: true }, () => {
  test('writes one file per operation, status and profile; --check then passes', async () => {
    const dir = contract({ 'rooms.get.openapi.yaml': OPENAPI, 'overlays/rooms.get.strict.yaml': OVERLAY });
    const out = outDir();
    const result = await cli('--contract-dir', dir, '--out-dir', out);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^schemas: 4 written, 0 unchanged, 0 removed/);
    assert.deepEqual(readdirSync(out).sort(), [
      'rooms.get.200.documented.json',
      'rooms.get.200.strict.json',
      'rooms.get.401.documented.json',
      'rooms.get.401.strict.json',
    ]);
    for (const file of generateSchemas(dir))
      assert.equal(readFileSync(join(out, file.name), 'utf8'), file.content);
    const check = await cli('--check', '--contract-dir', dir, '--out-dir', out);
    assert.equal(check.code, 0, check.stderr);
  });

  test('--check names stale, hand-edited, missing and foreign files', async () => {
    const dir = contract({ 'rooms.get.openapi.yaml': OPENAPI, 'overlays/rooms.get.strict.yaml': OVERLAY });
    const out = outDir();
    for (const file of generateSchemas(dir)) writeFileSync(join(out, file.name), file.content);
    // The overlay changes after generation: both strict files are now stale.
    writeFileSync(
      join(dir, 'overlays/rooms.get.strict.yaml'),
      OVERLAY.replace('always true', 'always true!'),
    );
    const edited = join(out, 'rooms.get.200.documented.json');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('"boolean"', '"string"'));
    rmSync(join(out, 'rooms.get.401.documented.json'));
    writeFileSync(join(out, 'rooms.get.500.documented.json'), '{}\n');

    const result = await cli('--check', '--contract-dir', dir, '--out-dir', out);
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    const shown = (name: string) => `${relative(ROOT, out)}/${name}`;
    assert.deepEqual(lines.slice(1, -1), [
      `${shown('rooms.get.200.documented.json')} is stale: its content differs from what the generator produces (edited by hand, or the generator changed)`,
      `${shown('rooms.get.200.strict.json')} is stale: generated from other contract inputs (recorded inputs-sha256 ${hashOf(out, 'rooms.get.200.strict.json')}, current ${currentHash(dir, 'rooms.get.200.strict.json')})`,
      `${shown('rooms.get.401.documented.json')} is missing`,
      `${shown('rooms.get.401.strict.json')} is stale: generated from other contract inputs (recorded inputs-sha256 ${hashOf(out, 'rooms.get.401.strict.json')}, current ${currentHash(dir, 'rooms.get.401.strict.json')})`,
      `${shown('rooms.get.500.documented.json')} is not produced by the generator`,
    ]);
    assert.equal(lines[0], 'schemas:check: 5 problems:');
    assert.equal(lines.at(-1), `Run \`npm run schemas\` and commit ${relative(ROOT, out)}/.`);
  });

  const failures: [string, Record<string, string>, RegExp][] = [
    [
      'malformed YAML names the file and the line',
      { 'rooms.get.openapi.yaml': 'openapi: 3.0.0\npaths: {\n  bad' },
      /^schemas: .*contract-\d+\/rooms\.get\.openapi\.yaml:3: malformed YAML: Flow map in block collection must be sufficiently indented and end with a }$/,
    ],
    [
      'a dangling $ref names the file and the JSON pointer',
      {
        'rooms.get.openapi.yaml': OPENAPI.replace(
          "'#/components/schemas/Item'",
          "'#/components/schemas/Gone'",
        ),
      },
      /rooms\.get\.openapi\.yaml#\/paths\/~1api~1v1~1rooms\.get\/get\/responses\/200\/content\/application~1json\/schema\/properties\/item\/\$ref: dangling \$ref "#\/components\/schemas\/Gone"/,
    ],
    [
      'an overlay path missing from the base schema names the overlay file, the line and the field',
      {
        'rooms.get.openapi.yaml': OPENAPI,
        'overlays/rooms.get.strict.yaml': OVERLAY.replace('/properties/success', '/properties/sucess'),
      },
      /overlays\/rooms\.get\.strict\.yaml:2: \[0\]\.path: "\/properties\/sucess" does not exist in the generated rooms\.get 200 schema$/,
    ],
  ];
  for (const [name, files, message] of failures) {
    test(`${name}; exits 1 and leaves the output directory untouched`, async () => {
      const { dir, snapshot } = populatedOutDir();
      const before = snapshot();
      const result = await cli('--contract-dir', contract(files), '--out-dir', dir);
      assert.equal(result.code, 1);
      assert.match(result.stderr.trimEnd(), message);
      assert.equal(result.stderr.trim().split('\n').length, 1, 'one message');
      assert.deepEqual(snapshot(), before);
    });
  }
});

function hashOf(out: string, name: string): string {
  return /inputs-sha256:([0-9a-f]{12})/.exec(readFileSync(join(out, name), 'utf8'))?.[1] ?? 'none';
}

function currentHash(dir: string, name: string): string {
  return (
    generateSchemas(dir)
      .find((file) => file.name === name)
      ?.inputsHash.slice(0, 12) ?? 'none'
  );
}

describe('generation errors (in-process)', () => {
  test('not an OpenAPI 3.0 document', () => {
    const dir = contract({ 'rooms.get.openapi.yaml': OPENAPI.replace('openapi: 3.0.0', 'swagger: "2.0"') });
    assert.throws(
      () => generateSchemas(dir),
      /rooms\.get\.openapi\.yaml#\/openapi: expected an OpenAPI 3\.0\.x document/,
    );
  });

  test('an overlay that ajv strict mode rejects names the overlay file', () => {
    const dir = contract({
      'rooms.get.openapi.yaml': OPENAPI,
      'overlays/rooms.get.strict.yaml': OVERLAY.replace('const: true', 'requird: [x]'),
    });
    assert.throws(
      () => generateSchemas(dir),
      /overlays\/rooms\.get\.strict\.yaml: rooms\.get\.200\.strict\.json does not compile under ajv strict mode: strict mode: unknown keyword: "requird"/,
    );
  });

  test('an overlay for an operation that is not described', () => {
    const dir = contract({ 'rooms.get.openapi.yaml': OPENAPI, 'overlays/rooms.list.strict.yaml': OVERLAY });
    assert.throws(
      () => generateSchemas(dir),
      /overlays\/rooms\.list\.strict\.yaml: overlay files are named <operation>\.<profile>\.yaml/,
    );
  });

  test('an overlay entry without a reason', () => {
    const dir = contract({
      'rooms.get.openapi.yaml': OPENAPI,
      'overlays/rooms.get.strict.yaml': OVERLAY.replace('  reason: always true\n', ''),
    });
    assert.throws(() => generateSchemas(dir), /rooms\.get\.strict\.yaml:1: \[0\]: missing field "reason"$/);
  });

  test('the same contract generates byte-identical output, with draft-07 and the inputs hash', () => {
    const dir = contract({ 'rooms.get.openapi.yaml': OPENAPI, 'overlays/rooms.get.strict.yaml': OVERLAY });
    const first = generateSchemas(dir);
    assert.deepEqual(generateSchemas(dir), first);
    const strict = JSON.parse(
      first.find((file) => file.name === 'rooms.get.200.strict.json')?.content ?? '{}',
    );
    assert.equal(strict.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.match(
      strict.$comment,
      /from contract\/rooms\.get\.openapi\.yaml \+ contract\/overlays\/rooms\.get\.strict\.yaml; do not edit\. inputs-sha256:[0-9a-f]{64}$/,
    );
    assert.deepEqual(strict.properties.success, { const: true, type: 'boolean' });
    assert.deepEqual(strict.properties.item.properties.name, { type: ['string', 'null'] });
    assert.deepEqual(strict.examples, [{ success: true }]);
  });
});

describe('the committed schemas/', () => {
  const generated = generateSchemas(join(ROOT, 'contract'));

  test('are exactly what the generator produces from contract/', () => {
    for (const file of generated) {
      assert.equal(
        readFileSync(join(ROOT, 'schemas', file.name), 'utf8'),
        file.content,
        `schemas/${file.name} is stale`,
      );
    }
  });

  test('are generated identically from CRLF contract files (Windows checkouts)', () => {
    const crlf = join(scratch, 'crlf-contract');
    cpSync(join(ROOT, 'contract'), crlf, { recursive: true });
    for (const name of ['rooms.get.openapi.yaml', 'overlays/rooms.get.strict.yaml']) {
      const file = join(crlf, name);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    }
    assert.deepEqual(generateSchemas(crlf), generated);
  });
});
