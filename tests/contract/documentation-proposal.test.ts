import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { applyPatch } from 'diff';
import { isMap, isSeq, type Node, type Pair, parse, parseDocument } from 'yaml';
import { buildProposal, type Proposal, type ProposalChange } from '../../generator/documentation-proposal.js';
import { commentLinesAbove } from '../../generator/openapi-yaml.js';
import { openApi30Problems, proposalValidator } from '../../generator/proposal-checks.js';
import { ownReferences, SOURCE_TAG } from '../../generator/public-evidence.js';
import { documentationSelfCheck } from '../../src/core/contract/documentation-findings.js';
import type { DriftReport } from '../../src/core/contract/drift.js';
import { parsePointer } from '../../src/core/contract/json-pointer.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { documentedExample } from '../../src/core/contract/validation.js';
import { readYamlFile, SourceError } from '../../src/core/contract/yaml-source.js';

const CONTRACT_DIR = join(PROJECT_ROOT, 'contract');
const CONTRACT = readFileSync(join(CONTRACT_DIR, 'rooms.get.openapi.yaml'), 'utf8');
const OVERLAY_ENTRIES = (
  readYamlFile(join(CONTRACT_DIR, 'overlays', 'rooms.get.strict.yaml')).value as unknown[]
).length;

const FIXTURE_FILE = join(PROJECT_ROOT, 'tests', 'contract', 'fixtures', 'rooms.yaml');
/** A file shaped like RocketChat/Rocket.Chat-Open-API's rooms.yaml (written for the test). */
const FIXTURE = readFileSync(FIXTURE_FILE, 'utf8');

const DRIFT: DriftReport = {
  responses: 3,
  roomsSeen: 40,
  documentedRoomTypes: ['c', 'd', 'p', 'l', 'v'],
  undocumentedRoomFields: [
    {
      t: 'c',
      rooms: 30,
      fields: [
        { path: 'fname', rooms: 25 },
        { path: 'lastMessage.attachments[].x_ticket', rooms: 4 },
      ],
    },
    { t: 'p', rooms: 10, fields: [{ path: 'fname', rooms: 10 }] },
  ],
  undocumentedResponseFields: ['remove[]._deletedAt', 'remove[]._id'],
  documentedNeverSeen: [],
  undocumentedRoomTypes: [],
  truncated: false,
};

const build = (drift?: boolean, against?: boolean): Proposal =>
  buildProposal({
    contractDir: CONTRACT_DIR,
    contractShown: 'contract',
    operation: 'rooms.get',
    drift: drift ? [{ report: DRIFT, version: '7.4.1' }] : undefined,
    against: against ? { text: FIXTURE, name: 'rooms.yaml' } : undefined,
  });

/** The pair at a JSON pointer of a YAML text (its key carries the change's comment). */
function pairAt(yaml: string, pointer: string): Pair {
  let node: unknown = parseDocument(yaml).contents;
  let pair: Pair | undefined;
  for (const token of parsePointer(pointer)) {
    if (isSeq(node)) {
      node = (node.items as Node[])[Number(token)];
      continue;
    }
    assert.ok(isMap(node), `${pointer}: ${token} is not inside a mapping`);
    pair = node.items.find((item) => String((item.key as { value?: unknown }).value) === token) as Pair;
    assert.ok(pair, `${pointer}: no ${token}`);
    node = pair.value;
  }
  return pair as Pair;
}

const change = (proposal: Proposal, at: string): ProposalChange | undefined =>
  proposal.changes.find((candidate) => candidate.at === at);

/** Every comment line of a YAML text, without its `#`. */
const comments = (text: string): string[] =>
  text
    .split('\n')
    .filter((line) => /^\s*#/.test(line))
    .map((line) => line.replace(/^\s*# ?/, ''));

const ROOMS =
  '/paths/~1api~1v1~1rooms.get/get/responses/200/content/application~1json/schema/properties/update/items';

describe('the documentation proposal: the operation alone', () => {
  const withDrift = build(true);

  test('is valid OpenAPI 3.0 for the OpenAPI Initiative’s schema, with and without drift', async () => {
    assert.deepEqual(await openApi30Problems(build().operation), []);
    assert.deepEqual(await openApi30Problems(withDrift.operation), []);
  });

  test('holds rooms.get and the components it uses, and none of our header comments', () => {
    const document = parse(withDrift.operation) as Record<string, Record<string, Record<string, unknown>>>;
    assert.deepEqual(Object.keys(document.paths ?? {}), ['/api/v1/rooms.get']);
    assert.deepEqual(Object.keys(document.components?.parameters ?? {}), ['Auth-Token', 'UserId']);
    assert.deepEqual(Object.keys(document.components?.responses ?? {}), ['authorizationError']);
    assert.deepEqual(Object.keys(document.components?.schemas ?? {}).sort(), [
      'Attachment',
      'MdNode',
      'MdPlainText',
    ]);
    const header = CONTRACT.slice(0, CONTRACT.indexOf('openapi: 3.0.0'))
      .split('\n')
      .filter((line) => line.length > 2);
    for (const line of header) assert.ok(!withDrift.operation.includes(line), line);
  });

  test('every overlay entry and every proposed drift field is a change with its evidence comment above its key', () => {
    assert.equal(withDrift.changes.filter((entry) => entry.kind === 'overlay').length, OVERLAY_ENTRIES);
    assert.deepEqual(
      withDrift.changes.filter((entry) => entry.kind === 'drift').map((entry) => entry.origin),
      ['drift: fname'],
    );
    for (const entry of withDrift.changes) {
      assert.deepEqual(commentLinesAbove(pairAt(withDrift.operation, entry.at)), entry.evidence, entry.at);
      assert.match(entry.evidence[0] ?? '', /^Proposed: /, entry.at);
    }
  });

  test('the evidence, word for word: a source guarantee, a 3.0 rewrite, a drift field', () => {
    assert.deepEqual(change(withDrift, `${ROOMS}/properties/t/enum`)?.evidence, [
      'Proposed: RoomType is one of c, d, p, l, v.',
      `Source: https://github.com/RocketChat/Rocket.Chat/blob/${SOURCE_TAG}/packages/core-typings/src/RoomType.ts`,
    ]);
    assert.deepEqual(change(withDrift, `${ROOMS}/properties/sysMes`)?.evidence, [
      'Proposed: sysMes is boolean or the list of hidden system-message types.',
      `Source: https://github.com/RocketChat/Rocket.Chat/blob/${SOURCE_TAG}/packages/core-typings/src/IRoom.ts`,
      'OpenAPI 3.0: a `type` list as `anyOf` with a branch per type (3.0 has one type per schema; exact)',
    ]);
    assert.deepEqual(change(withDrift, `${ROOMS}/properties/fname`)?.evidence, [
      'Proposed: sent by Rocket.Chat, not documented.',
      'Rocket.Chat 7.4.1: seen in 25 of 30 listed rooms of type c and 10 of 10 of type p',
      // 7.4.1 has no typings of its own line installed: those of 6.13.1, the nearest below.
      'Type: @rocket.chat/core-typings 6.13.1 (https://www.npmjs.com/package/@rocket.chat/core-typings/v/6.13.1)',
    ]);
  });

  test('evidence is public facts only: Rocket.Chat source at a tag, never a file or section of this repository', () => {
    for (const text of [withDrift.operation, build(true, true).diff ?? '']) {
      for (const line of comments(text)) {
        assert.deepEqual(ownReferences(line), [], line);
        for (const url of line.match(/https?:\/\/\S+/g) ?? [])
          assert.ok(
            url.startsWith(`https://github.com/RocketChat/Rocket.Chat/blob/${SOURCE_TAG}/`) ||
              url.startsWith('https://tc39.es/') ||
              /^https:\/\/www\.npmjs\.com\/package\/@rocket\.chat\/core-typings\/v\/[\d.]+\)$/.test(url) ||
              url === 'https://developer.rocket.chat/apidocs/get-rooms),',
            url,
          );
      }
      assert.doesNotMatch(text, /blob\/develop\/|strict\.yaml|version-rules|reports\/drift/);
    }
  });

  test('a key the same change touched elsewhere points back to the comment with the evidence', () => {
    const schema = '/components/responses/authorizationError/content/application~1json/schema';
    assert.equal(change(withDrift, `${schema}/anyOf`)?.kind, 'overlay');
    for (const key of ['properties/success', 'properties/error'])
      assert.deepEqual(commentLinesAbove(pairAt(withDrift.operation, `${schema}/${key}`)), [
        `Proposed: part of the change commented at ${schema}/anyOf`,
      ]);
  });

  test('what the brief names is there: 400, remove items, date-times, md, the 401 of every version, t, sysMes', () => {
    const text = withDrift.operation;
    assert.match(text, /\n {8}"400":\n {10}description: Bad Request\n/);
    assert.match(text, /\n {22}required: \[_id, _deletedAt\]\n/);
    assert.equal(text.match(/^ +format: date-time$/gm)?.length, 6);
    assert.match(text, /\n {18}\$ref: "#\/components\/schemas\/MdNode"\n/);
    assert.match(text, /\n {4}MdNode:\n {6}type: object\n {6}required: \[type\]\n/);
    assert.match(text, /\n {12}anyOf:\n {14}- required: \[status, message\]\n/);
    assert.match(text, /\n {26}enum: \[c, d, p, l, v\]\n/);
    assert.match(text, /\n {24}sysMes:\n {26}anyOf:\n {28}- type: boolean\n {28}- type: array\n/);
  });

  test("the documented schema's md finding is gone: the documentation's example validates against the proposal", () => {
    assert.equal(documentationSelfCheck().consistent, false);
    const validator = proposalValidator(withDrift.operation, 'rooms.get');
    assert.deepEqual(validator.statuses('rooms.get'), [200, 400, 401]);
    assert.deepEqual(
      validator.validate('rooms.get', 200, documentedExample('rooms.get', 200)).violations,
      [],
    );
    assert.equal(validator.validate('rooms.get', 401, documentedExample('rooms.get', 401)).valid, true);
  });

  test('and it is stricter than the page where the source is: t, md node values, remove items', () => {
    const validator = proposalValidator(withDrift.operation, 'rooms.get');
    const room = { _id: 'r', t: 'c', _updatedAt: '2024-07-16T08:49:34.732Z' };
    const body = (update: unknown[], remove: unknown[] = []) => ({ update, remove, success: true });
    assert.equal(validator.validate('rooms.get', 200, body([room])).valid, true);
    assert.equal(validator.validate('rooms.get', 200, body([{ ...room, t: 'x' }])).valid, false);
    const md = (value: unknown) => ({
      ...room,
      lastMessage: { md: [{ type: 'PARAGRAPH', value: [value] }] },
    });
    assert.equal(validator.validate('rooms.get', 200, body([md({ type: 'BOLD', value: [] })])).valid, true);
    assert.equal(validator.validate('rooms.get', 200, body([md({ type: 'BOLD', value: 'x' })])).valid, false);
    const removed = { _id: 'r', _deletedAt: '2024-07-16T08:49:34.732Z' };
    assert.equal(validator.validate('rooms.get', 200, body([], [removed])).valid, true);
    assert.equal(validator.validate('rooms.get', 200, body([], [{ ...removed, t: 'c' }])).valid, false);
  });

  test('without against there is no patch; the same inputs give the same bytes', () => {
    assert.equal(withDrift.diff, undefined);
    assert.equal(build(true).operation, withDrift.operation);
  });
});

describe('the documentation proposal against a file shaped like Rocket.Chat-Open-API rooms.yaml', () => {
  const proposal = build(true, true);
  const diff = proposal.diff as string;
  const dir = mkdtempSync(join(tmpdir(), 'proposal-against-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('git apply --check accepts the patch in the file’s checkout, and applying it gives the proposal', () => {
    writeFileSync(join(dir, 'rooms.yaml'), FIXTURE);
    writeFileSync(join(dir, 'rooms.get.patch'), diff);
    const check = spawnSync('git', ['apply', '--check', '--verbose', 'rooms.get.patch'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(check.status, 0, check.stderr);
    const apply = spawnSync('git', ['apply', 'rooms.get.patch'], { cwd: dir, encoding: 'utf8' });
    assert.equal(apply.status, 0, apply.stderr);
    assert.equal(readFileSync(join(dir, 'rooms.yaml'), 'utf8'), proposal.patched);
    assert.equal(applyPatch(FIXTURE, diff), proposal.patched);
    assert.ok(diff.includes('\n--- a/rooms.yaml\n+++ b/rooms.yaml\n'));
  });

  test('only rooms.get and the components it uses change; every other operation and component is as it was', () => {
    const before = parse(FIXTURE) as Record<string, Record<string, Record<string, unknown>>>;
    const after = parse(proposal.patched as string) as typeof before;
    for (const path of ['/api/v1/rooms.favorite', '/api/v1/rooms.info'])
      assert.deepEqual(after.paths?.[path], before.paths?.[path], path);
    assert.deepEqual(after.components?.parameters, before.components?.parameters);
    assert.deepEqual(after.components?.responses?.trueSuccess, before.components?.responses?.trueSuccess);
    assert.deepEqual(
      after.components?.responses?.forbiddenError,
      before.components?.responses?.forbiddenError,
    );
    for (const name of ['Attachment', 'Subscription'])
      assert.deepEqual(after.components?.schemas?.[name], before.components?.schemas?.[name], name);
    assert.deepEqual(Object.keys(after.components?.schemas ?? {}), [
      'Attachment',
      'Subscription',
      'MdNode',
      'MdPlainText',
    ]);
    // Byte for byte outside the edits: the blank line with trailing spaces, `schema: { }`, the commented-out info.
    const removed = diff.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---'));
    assert.ok(removed.length > 0);
    assert.ok(proposal.patched?.includes('          schema: { }\n'));
    assert.ok(proposal.patched?.includes('#  description: |-\n'));
    assert.ok(
      proposal.patched?.includes(
        'Get all opened rooms (all joined public & private channels and all DMs) of the authenticated user.\n        \n',
      ),
    );
  });

  test('in the file’s own style: single quotes, block lists, two-space indentation; no header of ours', () => {
    const added = diff
      .split('\n')
      .filter((line) => line.startsWith('+') && !line.startsWith('+++'))
      .map((line) => line.slice(1));
    assert.ok(added.some((line) => line === "        '400':"));
    assert.ok(added.some((line) => line.endsWith("$ref: '#/components/schemas/MdNode'")));
    assert.deepEqual(
      added.filter((line) => /: \[.+\]$/.test(line)),
      [],
    );
    assert.ok(added.includes('                            - c'));
    for (const line of added) assert.equal((line.length - line.trimStart().length) % 2, 0, line);
    assert.doesNotMatch(diff, /transcription|Written by|a proposed correction of/);
    assert.equal(diff.includes('openapi: 3.0.0'), false);
  });

  test('the operation alone is the patched file’s rooms.get, valid 3.0, and the file’s examples validate against it', async () => {
    assert.deepEqual(await openApi30Problems(proposal.operation), []);
    assert.match(proposal.operation, /\n {8}'400':\n/);
    const validator = proposalValidator(proposal.operation, 'rooms.get');
    const examples =
      (
        parse(FIXTURE) as {
          paths: Record<
            string,
            {
              get: {
                responses: Record<
                  string,
                  { content: Record<string, { examples: Record<string, { value: unknown }> }> }
                >;
              };
            }
          >;
        }
      ).paths['/api/v1/rooms.get']?.get.responses['200']?.content['application/json']?.examples ?? {};
    assert.ok(Object.keys(examples).length > 0);
    for (const { value } of Object.values(examples))
      assert.deepEqual(validator.validate('rooms.get', 200, value).violations, []);
  });

  test('the same inputs give the same bytes', () => {
    assert.equal(build(true, true).diff, diff);
  });
});

describe('an overlay entry with no 3.0 form', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proposal-contract-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('stops the proposal with the overlay file and line', () => {
    cpSync(CONTRACT_DIR, dir, { recursive: true });
    const overlay = join(dir, 'overlays', 'rooms.get.strict.yaml');
    writeFileSync(
      overlay,
      `${readFileSync(overlay, 'utf8')}
- status: 200
  path: /properties/update/items
  merge: { patternProperties: { "^x-": { type: string } } }
  reason: A test entry.
  source: docs/rocketchat-behaviour.md §1.6
`,
    );
    // The line of the new entry's `path`, as overlay problems are reported.
    const line =
      readFileSync(overlay, 'utf8').split('\n').lastIndexOf('  path: /properties/update/items') + 1;
    assert.throws(
      () => buildProposal({ contractDir: dir, contractShown: 'contract', operation: 'rooms.get' }),
      (error: unknown) =>
        error instanceof SourceError &&
        error.message ===
          `contract/overlays/rooms.get.strict.yaml:${line}: no OpenAPI 3.0 form: /patternProperties: "patternProperties" has no OpenAPI 3.0 form`,
    );
  });
});
