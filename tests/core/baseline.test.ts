import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CheckChange, changeOf, withBaseline } from '../../src/core/results/baseline.js';
import { renderBaselineLine } from '../../src/core/results/baseline-render.js';
import type { CheckStatus } from '../../src/core/run/check-outcome.js';
import { checkById } from '../../src/core/run/checks.js';
import { parseRecordedRun, type RecordedRun } from '../../src/core/results/recorded-run.js';
import {
  buildSummary,
  type CheckRecord,
  type ConformanceSummary,
  type RunFacts,
} from '../../src/core/results/summary.js';
import { renderHtml, renderMarkdown } from '../../src/core/results/summary-render.js';
import { checkRecord } from './check-record.js';

/**
 * The baseline comparison (src/core/results/baseline.ts) and its texts (src/core/results/baseline-render.ts): what a
 * release manager reads first when CONTRACT_BASELINE names the run of the last sign-off. Exact texts.
 */
const run: RunFacts = {
  target: 'https://canary.example.com',
  serverVersion: '8.0.1',
  profile: 'strict',
  write: 'true',
  contractHash: 'f7e4e36eb7fa',
  suiteVersion: '0.2.0',
};

const record = (check: string, status: CheckStatus, reason?: string) =>
  checkRecord(check, status, { reason });

function summary(records: CheckRecord[], facts: RunFacts = run): ConformanceSummary {
  return buildSummary({
    run: facts,
    checks: records,
    planned: records.map((entry) => checkById(entry.check as string)),
    notApplicable: [],
    documentation: undefined,
    drift: undefined,
    startTime: new Date('2026-02-01T10:00:00Z'),
    durationMs: 7_000,
  });
}

/** A summary as an earlier run wrote it, read back as the comparison reads any conformance.json. */
function recorded(of: ConformanceSummary): RecordedRun {
  return parseRecordedRun(JSON.stringify(of), 'baseline/conformance.json');
}

const STATUSES: readonly CheckStatus[] = ['passed', 'waived', 'failed', 'error', 'skipped'];

describe('the status-pair mapping', () => {
  test('passed and waived pass; failed, error and skipped do not; absent in the baseline is a new check', () => {
    // Rows: the baseline's status; columns: this run's, in STATUSES order.
    const expected: Record<CheckStatus | 'absent', CheckChange[]> = {
      passed: ['unchanged', 'unchanged', 'new failure', 'new failure', 'new failure'],
      waived: ['unchanged', 'unchanged', 'new failure', 'new failure', 'new failure'],
      failed: ['fixed', 'fixed', 'still failing', 'still failing', 'still failing'],
      error: ['fixed', 'fixed', 'still failing', 'still failing', 'still failing'],
      skipped: ['fixed', 'fixed', 'still failing', 'still failing', 'still failing'],
      absent: ['new check', 'new check', 'new check', 'new check', 'new check'],
    };
    for (const [was, changes] of Object.entries(expected)) {
      assert.deepEqual(
        STATUSES.map((now) => changeOf(was === 'absent' ? undefined : (was as CheckStatus), now)),
        changes,
        `baseline ${was}`,
      );
    }
  });
});

// The baseline: 7.x staging as signed off. This run: the canary, judged by a newer suite.
const baselineSummary = summary(
  [
    record('shape/response-validates', 'passed'),
    record('shape/response-headers', 'passed'),
    record('auth/no-credentials', 'failed', 'status 403, expected 401'),
    record('auth/wrong-token', 'error', 'transport: ECONNRESET'),
    record('updatedSince/boundary-is-strict', 'skipped', 'needs CONTRACT_WRITE=true: it seeds its own data'),
    record('dm/one-to-one-id-is-sorted-uids', 'passed'),
    record('dm/self-dm-id-not-composed', 'passed'),
  ],
  { ...run, target: 'https://staging.example.com', serverVersion: '7.4.1', suiteVersion: '0.1.0' },
);

const current = summary([
  record('shape/response-validates', 'failed', '/update/*/ts must be string ×3'),
  record('shape/response-headers', 'error', 'seeding: users.create refused'),
  record('auth/no-credentials', 'passed'),
  record('auth/wrong-token', 'failed', 'status 200, expected 401'),
  record('updatedSince/boundary-is-strict', 'passed'),
  record(
    'dm/one-to-one-id-is-sorted-uids',
    'waived',
    'rc8-dm-object-ids accepted 2 × one-to-one-id-is-object-id',
  ),
  record('dm/uids-are-sorted-member-ids', 'passed'),
]);

const compared = withBaseline(current, recorded(baselineSummary), 'reports-7.4/conformance.json');

describe('the comparison', () => {
  test('every check of this run, new failures first, then fixed, still failing, new checks, unchanged', () => {
    assert.deepEqual(compared.baseline?.checks, [
      {
        check: 'shape/response-headers',
        change: 'new failure',
        was: 'passed',
        now: 'error',
        reason: 'seeding: users.create refused',
      },
      {
        check: 'shape/response-validates',
        change: 'new failure',
        was: 'passed',
        now: 'failed',
        reason: '/update/*/ts must be string ×3',
      },
      {
        check: 'auth/no-credentials',
        change: 'fixed',
        was: 'failed',
        now: 'passed',
        reason: 'status 403, expected 401',
      },
      {
        check: 'updatedSince/boundary-is-strict',
        change: 'fixed',
        was: 'skipped',
        now: 'passed',
        reason: 'needs CONTRACT_WRITE=true: it seeds its own data',
      },
      {
        check: 'auth/wrong-token',
        change: 'still failing',
        was: 'error',
        now: 'failed',
        reason: 'status 200, expected 401',
      },
      {
        check: 'dm/uids-are-sorted-member-ids',
        change: 'new check',
        was: undefined,
        now: 'passed',
        reason: undefined,
      },
      {
        check: 'dm/one-to-one-id-is-sorted-uids',
        change: 'unchanged',
        was: 'passed',
        now: 'waived',
        reason: undefined,
      },
    ]);
    assert.deepEqual(compared.baseline?.noLongerChecked, [
      { check: 'dm/self-dm-id-not-composed', was: 'passed' },
    ]);
    assert.deepEqual(compared.baseline?.counts, {
      'new failure': 2,
      fixed: 2,
      'still failing': 1,
      'new check': 1,
      unchanged: 1,
      'no longer checked': 1,
    });
  });

  test('each row is marked; the baseline is described with both suite versions and contract hashes', () => {
    assert.deepEqual(
      compared.families.flatMap((family) => family.checks.map((row) => [row.check, row.change])),
      [
        ['shape/response-headers', 'new failure'],
        ['shape/response-validates', 'new failure'],
        ['auth/no-credentials', 'fixed'],
        ['auth/wrong-token', 'still failing'],
        ['updatedSince/boundary-is-strict', 'fixed'],
        ['dm/one-to-one-id-is-sorted-uids', 'unchanged'],
        ['dm/uids-are-sorted-member-ids', 'new check'],
      ],
    );
    assert.deepEqual(compared.baseline?.baseline, {
      verdict: 'FAILED',
      target: 'https://staging.example.com',
      serverVersion: '7.4.1',
      profile: 'strict',
      contractHash: 'f7e4e36eb7fa',
      suiteVersion: '0.1.0',
      date: '2026-02-01T10:00:00.000Z',
    });
    assert.equal(compared.baseline?.sameSuiteVersion, false);
    assert.equal(compared.baseline?.sameContract, true);
    // Nothing else of the summary changes: the verdict is this run's own.
    assert.equal(compared.verdict, current.verdict);
    assert.equal(compared.verdictLine, current.verdictLine);
  });

  test('the baseline itself compared with a run of itself: everything unchanged or still failing', () => {
    const same = withBaseline(baselineSummary, recorded(baselineSummary), 'b.json');
    assert.deepEqual(same.baseline?.counts, {
      'new failure': 0,
      fixed: 0,
      'still failing': 3,
      'new check': 0,
      unchanged: 4,
      'no longer checked': 0,
    });
  });
});

describe('conformance.md', () => {
  const markdown = renderMarkdown(compared);

  test('the section comes right after the run facts, before the family table, new failures first', () => {
    const lines = markdown.split('\n');
    const start = lines.indexOf('## Since the baseline');
    assert.equal(lines[start - 2]?.startsWith('- Checks: '), true);
    assert.deepEqual(
      lines.slice(start, lines.indexOf('| Family | Result | Passed | Failed | Errors | Waived | Skipped |')),
      [
        '## Since the baseline',
        '',
        'Baseline: `reports-7.4/conformance.json` — verdict FAILED, https://staging.example.com (Rocket.Chat 7.4.1), profile strict, 2026-02-01T10:00:00.000Z. Checks are compared by id.',
        '',
        "- Another suite version: the baseline's is 0.1.0, this run's 0.2.0. Checks are still compared by id.",
        '- Same contract hash as the baseline: f7e4e36eb7fa.',
        '',
        '**2 new failures, 2 fixed, 1 still failing, 1 new check, 1 unchanged, 1 no longer checked.**',
        '',
        '### New failures (2)',
        '',
        '| Check | Was | Now | Why |',
        '| --- | --- | --- | --- |',
        '| shape/response-headers | ✅ passed | ⛔ ERROR | seeding: users.create refused |',
        '| shape/response-validates | ✅ passed | ❌ FAILED | /update/*/ts must be string ×3 |',
        '',
        '### Fixed (2)',
        '',
        '| Check | Was | Now | Why |',
        '| --- | --- | --- | --- |',
        '| auth/no-credentials | ❌ FAILED | ✅ passed | before: status 403, expected 401 |',
        '| updatedSince/boundary-is-strict | ⏭️ skipped | ✅ passed | before: needs CONTRACT_WRITE=true: it seeds its own data |',
        '',
        '### Still failing (1)',
        '',
        '| Check | Was | Now | Why |',
        '| --- | --- | --- | --- |',
        '| auth/wrong-token | ⛔ ERROR | ❌ FAILED | status 200, expected 401 |',
        '',
        '### New checks (1)',
        '',
        '| Check | Was | Now | Why |',
        '| --- | --- | --- | --- |',
        '| dm/uids-are-sorted-member-ids | — | ✅ passed |  |',
        '',
        '### No longer checked (1)',
        '',
        '| Check | Was |',
        '| --- | --- |',
        '| dm/self-dm-id-not-composed | ✅ passed |',
        '',
        '1 unchanged: marked in the tables below.',
        '',
      ],
    );
  });

  test('every check row says what changed, in a last column', () => {
    assert.ok(
      markdown.includes(
        [
          '| Check | Profile | Result | Why | Notes | Since baseline |',
          '| --- | --- | --- | --- | --- | --- |',
          '| shape/response-headers | strict | ⛔ ERROR | seeding: users.create refused |  | **new failure** |',
          '| shape/response-validates | documented | ❌ FAILED | /update/*/ts must be string ×3 |  | **new failure** |',
        ].join('\n'),
      ),
    );
    assert.ok(
      markdown.includes(
        '| dm/one-to-one-id-is-sorted-uids | strict | ⚠️ waived | rc8-dm-object-ids accepted 2 × one-to-one-id-is-object-id |  | unchanged |',
      ),
    );
    assert.ok(markdown.includes('| dm/uids-are-sorted-member-ids | strict | ✅ passed |  |  | new check |'));
  });

  test('no new failure still says so; same suite and contract are one line', () => {
    const same = renderMarkdown(withBaseline(baselineSummary, recorded(baselineSummary), 'b.json'));
    assert.ok(
      same.includes(
        [
          '- Same suite version (0.1.0) and contract hash (f7e4e36eb7fa) as the baseline.',
          '',
          '**0 new failures, 0 fixed, 3 still failing, 0 new checks, 4 unchanged, 0 no longer checked.**',
          '',
          '### New failures (0)',
          '',
          'None.',
          '',
          '### Still failing (3)',
        ].join('\n'),
      ),
    );
  });

  test('another contract names both hashes', () => {
    const other = summary([record('shape/response-validates', 'passed')], {
      ...run,
      contractHash: '0123456789ab',
    });
    const text = renderMarkdown(withBaseline(current, recorded(other), 'old.json'));
    assert.ok(
      text.includes(
        "- Same suite version as the baseline: 0.2.0.\n- Another contract: the baseline's hash is 0123456789ab, this run's f7e4e36eb7fa. Checks are still compared by id.",
      ),
    );
  });

  test('without a baseline nothing changes: no section, no column', () => {
    const plain = renderMarkdown(current);
    assert.ok(!plain.includes('Since the baseline'));
    assert.ok(
      plain.includes('| Check | Profile | Result | Why | Notes |\n| --- | --- | --- | --- | --- |\n'),
    );
  });
});

describe('the HTML block and the terminal', () => {
  const html = renderHtml(compared);

  test('the section sits above the family table, new failures first, each row with its change', () => {
    const section = html.slice(
      html.indexOf('<div data-baseline'),
      html.indexOf('<table style="border-collapse:collapse"><tr><th align="left">Family'),
    );
    assert.ok(section.length > 0 && html.indexOf('<div data-baseline') < html.indexOf('data-family="shape"'));
    assert.deepEqual(
      [...section.matchAll(/data-change-group="([^"]+)"/g)].map((match) => match[1]),
      ['new failure', 'fixed', 'still failing', 'new check', 'no longer checked'],
    );
    assert.deepEqual(
      [...section.matchAll(/<tr data-baseline-check="([^"]+)" data-change="([^"]+)"/g)].map((match) => [
        match[1],
        match[2],
      ]),
      [
        ['shape/response-headers', 'new failure'],
        ['shape/response-validates', 'new failure'],
        ['auth/no-credentials', 'fixed'],
        ['updatedSince/boundary-is-strict', 'fixed'],
        ['auth/wrong-token', 'still failing'],
        ['dm/uids-are-sorted-member-ids', 'new check'],
        ['dm/self-dm-id-not-composed', 'no longer checked'],
      ],
    );
    assert.ok(
      section.includes(
        '<p style="margin:0" data-baseline-counts><b>2 new failures, 2 fixed, 1 still failing, 1 new check, 1 unchanged, 1 no longer checked.</b></p>',
      ),
    );
    assert.ok(
      section.includes(
        '<p style="margin:0 0 4px">Baseline: <code>reports-7.4/conformance.json</code> — verdict FAILED, ' +
          'https://staging.example.com (Rocket.Chat 7.4.1), profile strict, 2026-02-01T10:00:00.000Z. Checks are compared by id.</p>',
      ),
    );
    assert.ok(
      section.includes(
        '<li>Another suite version: the baseline&#39;s is 0.1.0, this run&#39;s 0.2.0. Checks are still compared by id.</li>',
      ),
    );
  });

  test('a check row carries data-change and a last cell', () => {
    assert.match(
      html,
      /<tr data-check="shape\/response-validates" data-status="failed" data-profile="documented" data-change="new failure">.*?<td><b style="color:#cf222e">new failure<\/b><\/td><\/tr>/,
    );
    assert.ok(html.includes('<th align="left">Since baseline</th>'));
    assert.ok(!renderHtml(current).includes('data-baseline'));
  });

  test('the line under the verdict line names the new failures', () => {
    assert.equal(
      renderBaselineLine(compared.baseline as NonNullable<ConformanceSummary['baseline']>),
      'since the baseline reports-7.4/conformance.json: 2 new failures (shape/response-headers, ' +
        'shape/response-validates), 2 fixed, 1 still failing, 1 new check, 1 unchanged, 1 no longer checked',
    );
  });
});
