import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { expiredWaivers, findWaiver, loadWaivers, type Waiver } from '../../src/core/waivers.js';

const scratch = mkdtempSync(join(tmpdir(), 'waivers-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let files = 0;
function waiversFile(text: string): string {
  const file = join(scratch, `waivers-${++files}.yaml`);
  writeFileSync(file, text);
  return file;
}

const ENTRY = `  - id: some-waiver
    check: shape/some-check
    reason: a reason
    source: https://example.org/evidence
`;

describe('contract/waivers.yaml', () => {
  test('holds the two known deviations, valid', () => {
    const waivers = loadWaivers();
    const byId = new Map(waivers.map((waiver) => [waiver.id, waiver]));
    const docExample = byId.get('doc-example-md-typing');
    assert.equal(docExample?.check, 'shape/documentation-example-matches-documented-schema');
    assert.equal(docExample?.versions, undefined);
    assert.match(docExample?.source ?? '', /^https:\/\//);
    const rc8 = byId.get('rc8-dm-object-ids');
    assert.equal(rc8?.check, 'dm/one-to-one-id-is-sorted-uids');
    assert.equal(rc8?.versions, '>=8.0.0');
    assert.match(rc8?.source ?? '', /37840/);
    assert.deepEqual(expiredWaivers(waivers, new Date()), []);
  });
});

describe('loadWaivers', () => {
  test('loads every field', () => {
    const file = waiversFile(`waivers:\n${ENTRY}    versions: '>=7.0.0 <8.0.0'\n    expires: 2030-01-31\n`);
    assert.deepEqual(loadWaivers(file), [
      {
        id: 'some-waiver',
        check: 'shape/some-check',
        reason: 'a reason',
        source: 'https://example.org/evidence',
        versions: '>=7.0.0 <8.0.0',
        expires: '2030-01-31',
      },
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ['malformed YAML', 'waivers:\n  - id: [unclosed\n', /: malformed YAML at line \d+/],
    ['not a list', 'waivers: {}\n', /: expected a mapping with a "waivers" list$/],
    [
      'missing reason',
      `waivers:\n${ENTRY.replace('    reason: a reason\n', '')}`,
      /: entry 1 \(id "some-waiver"\): field "reason": required, a non-empty string$/,
    ],
    [
      'unknown family',
      `waivers:\n${ENTRY.replace('shape/', 'speed/')}`,
      /: entry 1 \(id "some-waiver"\): field "check": "speed\/some-check" must be <family>\/<check-id> with family one of shape, auth, updatedSince, dm$/,
    ],
    [
      'bad semver range',
      `waivers:\n${ENTRY}    versions: 'eight'\n`,
      /: entry 1 \(id "some-waiver"\): field "versions": "eight" is not a semver range$/,
    ],
    [
      'impossible date',
      `waivers:\n${ENTRY}    expires: 2026-02-30\n`,
      /: entry 1 \(id "some-waiver"\): field "expires": "2026-02-30" must be a real date as YYYY-MM-DD$/,
    ],
    [
      'duplicate id',
      `waivers:\n${ENTRY}${ENTRY}`,
      /: entry 2 \(id "some-waiver"\): field "id": duplicate id "some-waiver"$/,
    ],
    [
      'unknown field (a typo)',
      `waivers:\n${ENTRY}    expire: 2030-01-01\n`,
      /: entry 1 \(id "some-waiver"\): field "expire": unknown field$/,
    ],
  ];
  for (const [name, text, message] of bad) {
    test(`rejects ${name}, naming the file, the entry and the field`, () => {
      const file = waiversFile(text);
      assert.throws(
        () => loadWaivers(file),
        (error: unknown) =>
          error instanceof Error &&
          error.message.includes(`waivers-${files}.yaml`) &&
          message.test(error.message),
      );
    });
  }

  test('a missing file is a clear error', () => {
    assert.throws(() => loadWaivers(join(scratch, 'nope.yaml')), /nope\.yaml: cannot read waivers/);
  });
});

describe('findWaiver', () => {
  const always: Waiver = { id: 'doc', check: 'shape/a', reason: 'r', source: 's' };
  const rc8: Waiver = { id: 'rc8', check: 'dm/b', reason: 'r', source: 's', versions: '>=8.0.0' };
  const expiring: Waiver = { id: 'temp', check: 'auth/c', reason: 'r', source: 's', expires: '2026-03-31' };
  const waivers = [always, rc8, expiring];
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

  test('matches by check', () => {
    assert.deepEqual(findWaiver(waivers, 'shape/a', '7.4.0', day('2026-01-01')), {
      waiver: always,
      expired: false,
    });
    assert.equal(findWaiver(waivers, 'shape/other', '7.4.0', day('2026-01-01')), undefined);
  });

  test('a version range applies only to versions inside it', () => {
    assert.equal(findWaiver(waivers, 'dm/b', '8.1.0', day('2026-01-01'))?.waiver, rc8);
    assert.equal(findWaiver(waivers, 'dm/b', '8.1.0-rc.1', day('2026-01-01'))?.waiver, rc8);
    assert.equal(findWaiver(waivers, 'dm/b', '7.9.9', day('2026-01-01')), undefined);
  });

  test('a version without patch ("8.0", as /api/info reports it) is coerced', () => {
    assert.equal(findWaiver(waivers, 'dm/b', '8.0', day('2026-01-01'))?.waiver, rc8);
  });

  test('an unknown version: only range-less waivers apply', () => {
    assert.equal(findWaiver(waivers, 'dm/b', undefined, day('2026-01-01')), undefined);
    assert.equal(findWaiver(waivers, 'shape/a', undefined, day('2026-01-01'))?.waiver, always);
  });

  test('expires after its last day (UTC)', () => {
    assert.deepEqual(findWaiver(waivers, 'auth/c', '7.0.0', day('2026-03-31')), {
      waiver: expiring,
      expired: false,
    });
    assert.deepEqual(findWaiver(waivers, 'auth/c', '7.0.0', new Date('2026-04-01T00:00:00Z')), {
      waiver: expiring,
      expired: true,
    });
    assert.deepEqual(expiredWaivers(waivers, day('2026-03-31')), []);
    assert.deepEqual(expiredWaivers(waivers, day('2026-04-01')), [expiring]);
  });

  test('a valid waiver wins over an expired one for the same check', () => {
    const renewed: Waiver = { ...expiring, id: 'temp-renewed', expires: '2027-01-01' };
    assert.deepEqual(findWaiver([expiring, renewed], 'auth/c', '7.0.0', day('2026-06-01')), {
      waiver: renewed,
      expired: false,
    });
  });
});
