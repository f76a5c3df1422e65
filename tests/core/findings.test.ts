import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outcome } from '../../src/core/run/check-outcome.js';
import { type Acceptance, Findings, failureMessage } from '../../src/core/run/findings.js';

const waiver: Acceptance = { id: 'rc8-dm-object-ids', reason: 'r', source: 'https://example.invalid/pr' };
const acceptObjectIds = (deviation: { kind: string }) =>
  deviation.kind === 'one-to-one-id-is-object-id' ? waiver : undefined;

test('nothing found: passed; an active waiver that accepted nothing is no longer needed', () => {
  assert.deepEqual(
    new Findings().judge(() => undefined),
    outcome('passed'),
  );
  assert.deepEqual(
    new Findings().judge(acceptObjectIds, [waiver]),
    outcome('passed', { unneededWaivers: ['rc8-dm-object-ids'] }),
  );
});

test('only deviations a waiver accepts: waived, each deviation naming the waiver that accepted it', () => {
  const findings = new Findings();
  findings.deviation('one-to-one-id-is-object-id', 'DM a: _id is an ObjectId');
  findings.deviation('one-to-one-id-is-object-id', 'DM b: _id is an ObjectId');
  assert.deepEqual(
    findings.judge(acceptObjectIds, [waiver]),
    outcome('waived', {
      waivers: [waiver],
      deviations: [
        { kind: 'one-to-one-id-is-object-id', message: 'DM a: _id is an ObjectId', acceptedBy: waiver.id },
        { kind: 'one-to-one-id-is-object-id', message: 'DM b: _id is an ObjectId', acceptedBy: waiver.id },
      ],
    }),
  );
});

test('any other finding fails the check, and the waived deviations are listed as such', () => {
  const findings = new Findings();
  findings.deviation('one-to-one-id-is-object-id', 'DM a: _id is an ObjectId');
  findings.problem('DM b: _id unsorted');
  findings.expect(true, 'never shown');
  findings.expect(false, 'DM c: usersCount 3');
  const record = findings.judge(acceptObjectIds);
  assert.equal(record.status, 'failed');
  assert.deepEqual(record.problems, ['DM b: _id unsorted', 'DM c: usersCount 3']);
  assert.equal(
    failureMessage('dm/one-to-one-id-is-sorted-uids: a 1:1 DM’s _id …', record),
    'dm/one-to-one-id-is-sorted-uids: a 1:1 DM’s _id … — 2 problems:\n' +
      '  • DM b: _id unsorted\n' +
      '  • DM c: usersCount 3\n' +
      '  • (accepted by waiver rc8-dm-object-ids) DM a: _id is an ObjectId',
  );
});

test('a deviation no waiver accepts here is a problem that says so', () => {
  const findings = new Findings();
  findings.deviation('one-to-one-id-is-object-id', 'DM a: _id is an ObjectId');
  findings.note('3 DMs from 3.x');
  const record = findings.judge(() => undefined);
  assert.deepEqual(
    record,
    outcome('failed', {
      deviations: [{ kind: 'one-to-one-id-is-object-id', message: 'DM a: _id is an ObjectId' }],
      notes: ['3 DMs from 3.x'],
    }),
  );
  assert.equal(
    failureMessage('dm/x', record),
    'dm/x — 1 problem:\n  • DM a: _id is an ObjectId (deviation "one-to-one-id-is-object-id": no waiver accepts it here)',
  );
});

test('an expired waiver of the check fails it, naming the waiver and its day, even with nothing else found', () => {
  const expired = { id: 'old', expires: '2020-01-31', accepts: 'one-to-one-id-is-object-id' };
  const record = new Findings().judge(() => undefined, [], [expired]);
  assert.equal(record.status, 'failed');
  assert.deepEqual(record.expiredWaivers, [expired]);
  assert.match(
    failureMessage('dm/x', record),
    /waiver old \(accepts one-to-one-id-is-object-id\) expired on 2020-01-31/,
  );
});
