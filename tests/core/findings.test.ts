import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Acceptance, Findings } from '../../src/core/findings.js';

const waiver: Acceptance = { id: 'rc8-dm-object-ids', reason: 'r', source: 'https://example.invalid/pr' };
const acceptObjectIds = (deviation: { kind: string }) =>
  deviation.kind === 'one-to-one-id-is-object-id' ? waiver : undefined;

test('nothing found: passed; an active waiver that accepted nothing is no longer needed', () => {
  assert.deepEqual(
    new Findings().judge('dm/x', () => undefined),
    { outcome: 'passed', notes: [] },
  );
  assert.deepEqual(new Findings().judge('dm/x', acceptObjectIds, [waiver]), {
    outcome: 'passed',
    notes: ['waiver rc8-dm-object-ids no longer needed: the check passed without the deviation it accepts'],
  });
});

test('only deviations a waiver accepts: waived, naming the waiver and the deviations', () => {
  const findings = new Findings();
  findings.deviation('one-to-one-id-is-object-id', 'DM a: _id is an ObjectId');
  findings.deviation('one-to-one-id-is-object-id', 'DM b: _id is an ObjectId');
  const judgement = findings.judge('dm/x', acceptObjectIds, [waiver]);
  assert.equal(judgement.outcome, 'waived');
  assert.deepEqual(judgement.outcome === 'waived' ? judgement.accepted : undefined, [
    {
      waiver,
      deviations: [
        { kind: 'one-to-one-id-is-object-id', message: 'DM a: _id is an ObjectId' },
        { kind: 'one-to-one-id-is-object-id', message: 'DM b: _id is an ObjectId' },
      ],
    },
  ]);
});

test('any other finding fails the check, and the waived deviations are listed as such', () => {
  const findings = new Findings();
  findings.deviation('one-to-one-id-is-object-id', 'DM a: _id is an ObjectId');
  findings.problem('DM b: _id unsorted');
  findings.expect(true, 'never shown');
  findings.expect(false, 'DM c: usersCount 3');
  assert.deepEqual(findings.judge('dm/one-to-one-id-is-sorted-uids: a 1:1 DM’s _id …', acceptObjectIds), {
    outcome: 'failed',
    message:
      'dm/one-to-one-id-is-sorted-uids: a 1:1 DM’s _id … — 2 problems:\n' +
      '  • DM b: _id unsorted\n' +
      '  • DM c: usersCount 3\n' +
      '  • (accepted by waiver rc8-dm-object-ids) DM a: _id is an ObjectId',
    notes: [],
  });
});

test('a deviation no waiver accepts here is a problem that says so', () => {
  const findings = new Findings();
  findings.deviation('one-to-one-id-is-object-id', 'DM a: _id is an ObjectId');
  findings.note('3 DMs from 3.x');
  assert.deepEqual(
    findings.judge('dm/x', () => undefined),
    {
      outcome: 'failed',
      message:
        'dm/x — 1 problem:\n  • DM a: _id is an ObjectId (deviation "one-to-one-id-is-object-id": no waiver accepts it here)',
      notes: ['3 DMs from 3.x'],
    },
  );
});
