import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CHECKS } from '../../src/core/run/checks.js';
import {
  expiredWaivers,
  loadWaivers,
  type Waiver,
  waiverFor,
  waiversOfCheck,
} from '../../src/core/run/waivers.js';
import { SourceError } from '../../src/core/contract/yaml-source.js';

const scratch = mkdtempSync(join(tmpdir(), 'waivers-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let files = 0;
function waiversFile(text: string): string {
  const file = join(scratch, `waivers-${++files}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** The message loadWaivers throws for `text`, with the scratch file's path shortened to `FILE`. */
function problemsOf(text: string): string {
  const file = waiversFile(text);
  try {
    loadWaivers(file);
  } catch (error) {
    assert.ok(error instanceof SourceError, String(error));
    return error.message.replaceAll(file, 'FILE');
  }
  assert.fail('expected the waivers to be rejected');
}

// Lines 2–6 of every file below.
const ENTRY = `  - id: some-waiver
    check: shape/room-ids-unique
    accepts: duplicate-room-id
    reason: a reason
    source: https://example.org/evidence
`;

describe('contract/waivers.yaml', () => {
  test('holds the Rocket.Chat 8.x DM id waiver, valid', () => {
    const waivers = loadWaivers();
    assert.deepEqual(waivers, [
      {
        id: 'rc8-dm-object-ids',
        check: 'dm/one-to-one-id-is-sorted-uids',
        accepts: 'one-to-one-id-is-object-id',
        versions: '>=8.0.0',
        reason:
          'Rocket.Chat 8.x gives every new DM a 24-hex ObjectId instead of the sorted-uids composition; ' +
          'everything else about the DM (uids, usernames, usersCount, one room per pair) is unchanged',
        source: 'https://github.com/RocketChat/Rocket.Chat/pull/37840',
      },
    ]);
    assert.deepEqual(expiredWaivers(waivers, new Date(), '8.0.0'), []);
  });
});

describe('loadWaivers', () => {
  test('loads every field; paths inside the repository are sources too', () => {
    const file = waiversFile(
      `waivers:\n${ENTRY.replace('https://example.org/evidence', 'docs/rocketchat-behaviour.md §4.2')}` +
        `    versions: '>=7.0.0 <8.0.0'\n    expires: 2030-01-31\n`,
    );
    assert.deepEqual(loadWaivers(file), [
      {
        id: 'some-waiver',
        check: 'shape/room-ids-unique',
        accepts: 'duplicate-room-id',
        reason: 'a reason',
        source: 'docs/rocketchat-behaviour.md §4.2',
        versions: '>=7.0.0 <8.0.0',
        expires: '2030-01-31',
      },
    ]);
  });

  const bad: [string, string, string][] = [
    [
      'malformed YAML',
      'waivers:\n  - id: some-waiver\n    check: [unclosed\n',
      'FILE:4: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    [
      'a duplicate key',
      `waivers:\n${ENTRY}    id: again\n`,
      'FILE:7: malformed YAML: Map keys must be unique',
    ],
    ['no waivers list', 'waivers: {}\n', 'FILE:1: waivers: a mapping is not a list of waivers'],
    ['an empty file', '', 'FILE:1: an empty value is not a mapping with a "waivers" list'],
    [
      'a missing field',
      `waivers:\n${ENTRY.replace('    accepts: duplicate-room-id\n', '')}`,
      'FILE:2: waivers[0]: missing field "accepts"',
    ],
    [
      'an unknown field (a typo)',
      `waivers:\n${ENTRY}    expire: 2030-01-01\n`,
      'FILE:7: waivers[0].expire: unknown field (the fields are id, check, accepts, reason, source, versions, expires)',
    ],
    [
      'an id that is not kebab-case',
      `waivers:\n${ENTRY.replace('id: some-waiver', 'id: Some_Waiver')}`,
      'FILE:2: waivers[0].id: "Some_Waiver" is not kebab-case (lower-case letters and digits, words joined by single hyphens)',
    ],
    [
      'a deviation that is not kebab-case',
      `waivers:\n${ENTRY.replace('accepts: duplicate-room-id', 'accepts: duplicate room id')}`,
      'FILE:4: waivers[0].accepts: "duplicate room id" is not kebab-case (lower-case letters and digits, words joined by single hyphens)',
    ],
    [
      'a check that does not exist',
      `waivers:\n${ENTRY.replace('shape/room-ids-unique', 'shape/room-id-unique')}`,
      `FILE:3: waivers[0].check: "shape/room-id-unique" is not a check id of src/core/run/checks.ts: one of ${CHECKS.map((check) => check.id).join(', ')}`,
    ],
    [
      'an empty reason',
      `waivers:\n${ENTRY.replace('reason: a reason', "reason: ' '")}`,
      'FILE:5: waivers[0].reason: " " is not a non-empty text',
    ],
    [
      'a source outside the repository',
      `waivers:\n${ENTRY.replace('https://example.org/evidence', '../outside-the-repository/notes.md §4.2')}`,
      'FILE:6: waivers[0].source: "../outside-the-repository/notes.md §4.2" is not a public https:// URL or the path of a file inside the repository (e.g. docs/rocketchat-behaviour.md), on one line, optionally followed by a note such as §4.2',
    ],
    [
      'a bad semver range',
      `waivers:\n${ENTRY}    versions: 'eight'\n`,
      'FILE:7: waivers[0].versions: "eight" is not a semver range of Rocket.Chat versions, e.g. ">=8.0.0"',
    ],
    [
      'an impossible date',
      `waivers:\n${ENTRY}    expires: 2026-02-30\n`,
      'FILE:7: waivers[0].expires: "2026-02-30" is not a real date written YYYY-MM-DD',
    ],
    [
      'a date in another notation',
      `waivers:\n${ENTRY}    expires: 31.01.2030\n`,
      'FILE:7: waivers[0].expires: "31.01.2030" is not a real date written YYYY-MM-DD',
    ],
    [
      'a duplicate id',
      `waivers:\n${ENTRY}${ENTRY}`,
      'FILE:7: waivers[1].id: "some-waiver" is already the id of the waiver at line 2',
    ],
  ];
  for (const [name, text, message] of bad) {
    test(`rejects ${name}, naming the file, the line and the field`, () => {
      assert.equal(problemsOf(text), message);
    });
  }

  test('reports every problem at once, one line each, in file order', () => {
    const text = `waivers:\n${ENTRY.replace('accepts: duplicate-room-id', 'accepts: Dup')}${ENTRY}    expires: soon\n`;
    assert.equal(
      problemsOf(text),
      [
        'FILE:4: waivers[0].accepts: "Dup" is not kebab-case (lower-case letters and digits, words joined by single hyphens)',
        'FILE:12: waivers[1].expires: "soon" is not a real date written YYYY-MM-DD',
      ].join('\n'),
    );
  });

  test('a missing file is a clear error', () => {
    const file = join(scratch, 'nope.yaml');
    assert.throws(
      () => loadWaivers(file),
      (error: unknown) =>
        error instanceof SourceError && error.message.startsWith(`${file}: cannot read: ENOENT`),
    );
  });
});

describe('waiverFor', () => {
  const always: Waiver = { id: 'doc', check: 'shape/a', accepts: 'x', reason: 'r', source: 's' };
  const rc8: Waiver = {
    id: 'rc8',
    check: 'dm/b',
    accepts: 'object-id',
    reason: 'r',
    source: 's',
    versions: '>=8.0.0',
  };
  const expiring: Waiver = {
    id: 'temp',
    check: 'auth/c',
    accepts: 'slow',
    reason: 'r',
    source: 's',
    expires: '2026-03-31',
  };
  const waivers = [always, rc8, expiring];
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
  const on = (
    check: string,
    deviation: string,
    serverVersion: string | undefined,
    today = day('2026-01-01'),
  ) => waiverFor(waivers, { check, deviation, serverVersion, today });

  test('matches the check and the one deviation it accepts', () => {
    assert.deepEqual(on('shape/a', 'x', '7.4.0'), { waiver: always, expired: false });
    assert.equal(on('shape/a', 'another-deviation', '7.4.0'), undefined);
    assert.equal(on('shape/other', 'x', '7.4.0'), undefined);
  });

  test('a version range applies only to versions inside it, pre-releases included', () => {
    assert.equal(on('dm/b', 'object-id', '8.1.0')?.waiver, rc8);
    assert.equal(on('dm/b', 'object-id', '8.1.0-rc.1')?.waiver, rc8);
    assert.equal(on('dm/b', 'object-id', '7.9.9'), undefined);
  });

  test('a version without patch ("8.0", as /api/info reports it) is normalised', () => {
    assert.equal(on('dm/b', 'object-id', '8.0')?.waiver, rc8);
  });

  test('an unknown version: only range-less waivers apply', () => {
    assert.equal(on('dm/b', 'object-id', undefined), undefined);
    assert.equal(on('shape/a', 'x', undefined)?.waiver, always);
  });

  test('expires after its last day (UTC)', () => {
    assert.deepEqual(on('auth/c', 'slow', '7.0.0', day('2026-03-31')), { waiver: expiring, expired: false });
    assert.deepEqual(on('auth/c', 'slow', '7.0.0', new Date('2026-04-01T00:00:00Z')), {
      waiver: expiring,
      expired: true,
    });
  });

  test('a valid waiver wins over an expired one for the same deviation', () => {
    const renewed: Waiver = { ...expiring, id: 'temp-renewed', expires: '2027-01-01' };
    const today = day('2026-06-01');
    assert.deepEqual(
      waiverFor([expiring, renewed], { check: 'auth/c', deviation: 'slow', serverVersion: '7.0.0', today }),
      { waiver: renewed, expired: false },
    );
  });
});

describe('waiversOfCheck', () => {
  const a: Waiver = { id: 'a', check: 'dm/b', accepts: 'one', reason: 'r', source: 's' };
  const b: Waiver = { ...a, id: 'b', accepts: 'two', versions: '>=8.0.0' };
  const old: Waiver = { ...a, id: 'old', accepts: 'three', expires: '2020-01-01' };
  const other: Waiver = { ...a, id: 'other', check: 'dm/c' };

  test('the waivers in force for the check on this server today', () => {
    const today = new Date('2026-01-01T00:00:00Z');
    assert.deepEqual(waiversOfCheck([a, b, old, other], 'dm/b', '8.0.1', today), [a, b]);
    assert.deepEqual(waiversOfCheck([a, b, old, other], 'dm/b', '7.0.0', today), [a]);
    assert.deepEqual(waiversOfCheck([a, b, old, other], 'dm/b', undefined, today), [a]);
  });
});

describe('expiredWaivers', () => {
  const base: Waiver = { id: 'a', check: 'dm/b', accepts: 'one', reason: 'r', source: 's' };
  const expiredEverywhere: Waiver = { ...base, expires: '2026-03-31' };
  const expiredOn8: Waiver = { ...base, id: 'b', versions: '>=8.0.0', expires: '2026-03-31' };
  const valid: Waiver = { ...base, id: 'c', expires: '2030-01-01' };
  const waivers = [expiredEverywhere, expiredOn8, valid];

  test('the expired waivers that apply to this server', () => {
    assert.deepEqual(expiredWaivers(waivers, new Date('2026-03-31T23:59:59Z'), '8.0.0'), []);
    assert.deepEqual(expiredWaivers(waivers, new Date('2026-04-01T00:00:00Z'), '8.0.0'), [
      expiredEverywhere,
      expiredOn8,
    ]);
    assert.deepEqual(expiredWaivers(waivers, new Date('2026-04-01T00:00:00Z'), '7.4.0'), [expiredEverywhere]);
    assert.deepEqual(expiredWaivers(waivers, new Date('2026-04-01T00:00:00Z'), undefined), [
      expiredEverywhere,
    ]);
  });
});
