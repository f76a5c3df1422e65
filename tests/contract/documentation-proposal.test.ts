import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { applyPatch } from 'diff';
import { isMap, isSeq, type Node, type Pair, parseDocument } from 'yaml';
import { buildProposal, type Proposal, type ProposalChange } from '../../generator/documentation-proposal.js';
import { commentLinesAbove } from '../../generator/openapi-yaml.js';
import { openApi30Problems, proposalValidator } from '../../generator/proposal-checks.js';
import { documentationSelfCheck } from '../../src/core/documentation-findings.js';
import type { DriftReport } from '../../src/core/drift.js';
import { parsePointer } from '../../src/core/json-pointer.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { documentedExample } from '../../src/core/validation.js';
import { readYamlFile, SourceError } from '../../src/core/yaml-source.js';

const CONTRACT_DIR = join(PROJECT_ROOT, 'contract');
const CONTRACT = readFileSync(join(CONTRACT_DIR, 'rooms.get.openapi.yaml'), 'utf8');
const OVERLAY_ENTRIES = (
  readYamlFile(join(CONTRACT_DIR, 'overlays', 'rooms.get.strict.yaml')).value as unknown[]
).length;

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
const RUN = {
  file: 'reports/drift.json',
  date: '2026-11-30T21:56:27.237Z',
  target: 'https://chat.example.com',
};

const build = (drift?: boolean): Proposal =>
  buildProposal({
    contractDir: CONTRACT_DIR,
    contractShown: 'contract',
    operation: 'rooms.get',
    drift: drift ? { report: DRIFT, run: RUN } : undefined,
  });

/** The pair at a JSON pointer of the proposed YAML (its key carries the change's comment). */
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

describe('the documentation proposal', () => {
  const withDrift = build(true);

  test('is valid OpenAPI 3.0 for the OpenAPI Initiative’s schema, with and without drift', async () => {
    assert.deepEqual(await openApi30Problems(build().yaml), []);
    assert.deepEqual(await openApi30Problems(withDrift.yaml), []);
  });

  test('every overlay entry and every proposed drift field is a change with its evidence comment above its key', () => {
    assert.equal(withDrift.changes.filter((entry) => entry.kind === 'overlay').length, OVERLAY_ENTRIES);
    assert.deepEqual(
      withDrift.changes.filter((entry) => entry.kind === 'drift').map((entry) => entry.origin),
      ['reports/drift.json: fname'],
    );
    for (const entry of withDrift.changes) {
      assert.deepEqual(commentLinesAbove(pairAt(withDrift.yaml, entry.at)), entry.evidence, entry.at);
      assert.match(entry.evidence[0] ?? '', /^Proposed: /, entry.at);
    }
  });

  test('the evidence, word for word: an overlay entry, a 3.0 rewrite, a drift field', () => {
    const rooms =
      '/paths/~1api~1v1~1rooms.get/get/responses/200/content/application~1json/schema/properties/update/items';
    assert.deepEqual(change(withDrift, `${rooms}/properties/t/enum`)?.evidence, [
      'Proposed: RoomType is one of c, d, p, l, v. (contract/overlays/rooms.get.strict.yaml:44)',
      'Source: https://github.com/RocketChat/Rocket.Chat/blob/develop/packages/core-typings/src/RoomType.ts (docs/rocketchat-behaviour.md §1.6)',
    ]);
    assert.deepEqual(change(withDrift, `${rooms}/properties/sysMes`)?.evidence, [
      'Proposed: sysMes is boolean or the list of hidden system-message types. (contract/overlays/rooms.get.strict.yaml:74)',
      'Source: https://github.com/RocketChat/Rocket.Chat/blob/develop/packages/core-typings/src/IRoom.ts (docs/rocketchat-behaviour.md §1.6)',
      'OpenAPI 3.0: a `type` list as `anyOf` with a branch per type (3.0 has one type per schema; exact)',
    ]);
    assert.deepEqual(change(withDrift, `${rooms}/properties/fname`)?.evidence, [
      'Proposed: seen in 25 rooms of type c and 10 rooms of type p in the run of 2026-11-30T21:56:27.237Z against https://chat.example.com (reports/drift.json).',
      'Type: from packages/core-typings/src/IRoom.ts (https://github.com/RocketChat/Rocket.Chat/blob/develop/packages/core-typings/src/IRoom.ts)',
    ]);
  });

  test('a key the same change touched elsewhere points back to the comment with the evidence', () => {
    const schema = '/components/responses/authorizationError/content/application~1json/schema';
    assert.equal(change(withDrift, `${schema}/anyOf`)?.origin, 'contract/overlays/rooms.get.strict.yaml:207');
    for (const key of ['properties/success', 'properties/error'])
      assert.deepEqual(commentLinesAbove(pairAt(withDrift.yaml, `${schema}/${key}`)), [
        `Proposed: part of the change commented at ${schema}/anyOf (contract/overlays/rooms.get.strict.yaml:207)`,
      ]);
  });

  test('what the brief names is there: 400, remove items, date-times, md, the 401 of every version, t, sysMes', () => {
    const text = withDrift.yaml;
    assert.match(text, /\n {8}"400":\n {10}description: Bad Request\n/);
    assert.match(text, /\n {22}required: \[_id, _deletedAt\]\n/);
    assert.equal(text.match(/^ +format: date-time$/gm)?.length, 6);
    assert.match(text, /\n {18}\$ref: "#\/components\/schemas\/MdNode"\n/);
    assert.match(text, /\n {4}MdNode:\n {6}type: object\n {6}required: \[type\]\n/);
    assert.match(text, /\n {12}anyOf:\n {14}- required: \[status, message\]\n/);
    assert.match(text, /\n {26}enum: \[c, d, p, l, v\]\n/);
    assert.match(text, /\n {24}sysMes:\n {26}anyOf:\n {28}- type: boolean\n {28}- type: array\n/);
    assert.match(text, /\n# - lastMessage\.attachments\[\]\.x_ticket \(4 rooms of type c\)\n/);
  });

  test('the diff turns the documentation’s file into the proposal, and nothing else', () => {
    assert.ok(
      withDrift.diff.includes(
        '--- a/contract/rooms.get.openapi.yaml\n+++ b/contract/rooms.get.openapi.yaml\n',
      ),
    );
    assert.ok(withDrift.diff.includes('\n+                          enum: [c, d, p, l, v]\n'));
    assert.equal(applyPatch(CONTRACT, withDrift.diff), withDrift.yaml);
  });

  test("the documented schema's md finding is gone: the documentation's example validates against the proposal", () => {
    assert.equal(documentationSelfCheck().consistent, false);
    const validator = proposalValidator(withDrift.yaml, 'rooms.get');
    assert.deepEqual(validator.statuses('rooms.get'), [200, 400, 401]);
    assert.deepEqual(
      validator.validate('rooms.get', 200, documentedExample('rooms.get', 200)).violations,
      [],
    );
    assert.equal(validator.validate('rooms.get', 401, documentedExample('rooms.get', 401)).valid, true);
  });

  test('and it is stricter than the page where the source is: t, md node values, remove items', () => {
    const validator = proposalValidator(withDrift.yaml, 'rooms.get');
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

  test('the header says what the file is, what went in and what 3.0 cannot say', () => {
    const text = build().yaml;
    assert.equal(
      text.slice(0, text.indexOf('openapi: 3.0.0')),
      [
        "# rooms.get: a proposed correction of Rocket.Chat's documentation",
        '# (https://developer.rocket.chat/apidocs/get-rooms, rendered from RocketChat/Rocket.Chat-Open-API rooms.yaml).',
        '#',
        '# Written by `npm run contract:proposal`: contract/rooms.get.openapi.yaml (the page as published), corrected by',
        `# - contract/overlays/rooms.get.strict.yaml: ${OVERLAY_ENTRIES} entries, each a guarantee of Rocket.Chat's source;`,
        '# - no drift report: no undocumented field proposed.',
        '# Every change has a comment above it: "Proposed: <reason> (<evidence>)", then its source, and the',
        "# OpenAPI 3.0 form used where the overlay's JSON Schema keyword has none in 3.0.",
        '#',
        "# What a 3.0 schema cannot say, and the page's prose should (docs/documentation-proposal.md):",
        '# - which 401 body a version sends: each version sends one, the schema allows both (anyOf);',
        '# - that `remove` is workspace-wide and 30 days deep, and that updatedSince compares with a strict >;',
        "# - what updatedSince accepts: whatever JavaScript's Date.parse does (`format: date-time` would be too strict).",
        '',
      ].join('\n'),
    );
  });

  test('the same inputs give the same bytes', () => {
    assert.equal(build(true).yaml, withDrift.yaml);
    assert.equal(build(true).diff, withDrift.diff);
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
