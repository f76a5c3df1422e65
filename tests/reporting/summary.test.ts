import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildSummary,
  type CheckRecord,
  comparableSummary,
  renderHtml,
  renderMarkdown,
} from '../../src/playwright/reporters/summary.js';

const run = {
  target: 'https://staging.example.com',
  serverVersion: '7.4.1',
  profile: 'strict',
  write: 'false',
  contractHash: 'abc123',
  suiteVersion: '0.1.0',
};

function check(overrides: Partial<CheckRecord>): CheckRecord {
  return {
    title: 'a test',
    clause: 'shape/response-validates',
    status: 'passed',
    reason: undefined,
    waiver: undefined,
    rateLimitWaitMs: 0,
    transportRetries: 0,
    testRetries: 0,
    ...overrides,
  };
}

const checks: CheckRecord[] = [
  check({
    title: 'validates',
    clause: 'shape/response-validates',
    status: 'failed',
    reason: '/update/*/ts must match format "date-time" ×3',
  }),
  check({
    title: 'example',
    clause: 'shape/documentation-example',
    status: 'waived',
    waiver: 'doc-example-md-typing: md typing (https://x)',
  }),
  check({ title: '401 a', clause: 'auth/documented-401-body', rateLimitWaitMs: 1500 }),
  check({ title: '401 b', clause: 'auth/documented-401-body', transportRetries: 2 }),
  check({
    title: 'deleted',
    clause: 'updatedSince/deleted-room-in-remove',
    status: 'skipped',
    reason: 'needs CONTRACT_WRITE=true: deletes a room',
  }),
  check({ title: 'no clause', clause: undefined }),
];

function summarise(input: CheckRecord[] = checks) {
  return buildSummary({
    run,
    checks: input,
    drift: undefined,
    startTime: new Date('2026-01-02T03:04:05Z'),
    durationMs: 61_000,
  });
}

describe('conformance summary', () => {
  test('one row per clause; the worst test decides; every family listed, also when none of it ran', () => {
    const summary = summarise();
    assert.equal(summary.verdict, 'failed');
    assert.deepEqual(
      summary.families.map((family) => [
        family.family,
        family.status,
        family.clauses.map((row) => [row.clause, row.status, row.tests]),
      ]),
      [
        [
          'shape',
          'failed',
          [
            ['shape/documentation-example', 'waived', 1],
            ['shape/response-validates', 'failed', 1],
          ],
        ],
        ['auth', 'passed', [['auth/documented-401-body', 'passed', 2]]],
        ['updatedSince', 'skipped', [['updatedSince/deleted-room-in-remove', 'skipped', 1]]],
        ['dm', 'not run', []],
      ],
    );
    assert.deepEqual(summary.counts, { passed: 2, failed: 1, waived: 1, skipped: 1 });
    assert.deepEqual(summary.unclassified, [{ title: 'no clause', status: 'passed', reason: undefined }]);
    assert.deepEqual(summary.waivers, ['doc-example-md-typing: md typing (https://x)']);
    assert.deepEqual(summary.retries, { transport: 2, test: 0 });
    assert.equal(summary.timing.rateLimitWaitMs, 1500);
  });

  test('the order of tests does not matter (shards arrive in any order)', () => {
    assert.deepEqual(comparableSummary(summarise([...checks].reverse())), comparableSummary(summarise()));
  });

  test('markdown: run facts, one row per clause with reason, waivers, waits and retries', () => {
    const markdown = renderMarkdown(summarise());
    assert.match(markdown, /^# rooms.get conformance: FAILED\n/);
    assert.ok(markdown.includes('- Target: https://staging.example.com — Rocket.Chat 7.4.1'));
    assert.ok(markdown.includes('- Profile: strict · write mode: false'));
    assert.ok(markdown.includes('- Contract hash: abc123 · suite version: 0.1.0'));
    assert.ok(markdown.includes('- Date: 2026-01-02T03:04:05.000Z (61.0 s)'));
    assert.ok(
      markdown.includes(
        '| shape/response-validates | ❌ FAILED | /update/*/ts must match format "date-time" ×3 |',
      ),
    );
    assert.ok(markdown.includes('| auth/documented-401-body (2 tests) | ✅ passed |  |'));
    assert.ok(
      markdown.includes(
        '| updatedSince/deleted-room-in-remove | ⏭️ skipped | needs CONTRACT_WRITE=true: deletes a room |',
      ),
    );
    assert.ok(markdown.includes('## @dm — direct-message _id rules\n\nNo check of this family ran.'));
    assert.ok(markdown.includes('- doc-example-md-typing: md typing (https://x)'));
    assert.ok(
      markdown.includes('Waited 1.5 s on rate limits (HTTP 429). Transport retries: 2. Test retries: 0.'),
    );
    assert.ok(markdown.includes('No rooms.get 200 response was observed'));
    assert.ok(markdown.split('\n').length < 60, 'short enough to read in a minute');
  });

  test('a passing run says PASSED; pipes and newlines in reasons cannot break the table', () => {
    const markdown = renderMarkdown(summarise([check({ reason: 'a | b\nc' })]));
    assert.match(markdown, /^# rooms.get conformance: PASSED/);
    assert.ok(markdown.includes('| shape/response-validates | ✅ passed | a \\| b c |'));
  });

  test('the HTML block escapes what it shows', () => {
    const html = renderHtml(summarise([check({ status: 'failed', reason: '<script>alert(1)</script>' })]));
    assert.ok(html.startsWith('<section id="conformance-summary" data-verdict="failed"'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('<script>'));
    for (const family of ['shape', 'auth', 'updatedSince', 'dm'])
      assert.ok(html.includes(`data-family="${family}"`));
  });
});
