import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHECKS, checkById, plannedChecks } from '../../src/core/run/checks.js';
import type { DocumentationFindings } from '../../src/core/contract/documentation-findings.js';
import type { DriftReport } from '../../src/core/contract/drift.js';
import {
  buildSummary,
  type CheckRecord,
  type ConformanceSummary,
  comparableSummary,
  type RunFacts,
  type SummaryInput,
} from '../../src/core/results/summary.js';
import { renderHtml, renderMarkdown, renderVerdictLine } from '../../src/core/results/summary-render.js';
import { checkRecord } from './check-record.js';

/**
 * The conformance summary (src/core/results/summary.ts) and its renderings (src/core/results/summary-render.ts): the
 * verdict a release is signed off from, the verdict line under it, one row per planned check, and the
 * texts of conformance.md and of the HTML block. Exact texts are pinned: they are what people read.
 */
const run: RunFacts = {
  target: 'https://staging.example.com',
  serverVersion: '7.4.1',
  profile: 'documented',
  write: 'false',
  contractHash: 'abc123',
  suiteVersion: '0.1.0',
};

const WRITE_SKIP = 'needs CONTRACT_WRITE=true: it seeds its own data';
const DID_NOT_RUN = 'did not run (not selected by --grep/--shard, or its spec did not load)';
const NO_LONGER_NEEDED = 'waiver w no longer needed: the check passed without the deviation it accepts';
const WAIVER = 'rc8-dm-object-ids accepted 2 × one-to-one-id-is-object-id (https://x)';

const record = checkRecord;

function summarise(
  checks: CheckRecord[],
  planned: readonly string[],
  overrides: Partial<SummaryInput> = {},
): ConformanceSummary {
  return buildSummary({
    run,
    checks,
    planned: planned.map(checkById),
    notApplicable: [],
    documentation: undefined,
    drift: undefined,
    startTime: new Date('2026-01-02T03:04:05Z'),
    durationMs: 61_000,
    ...overrides,
  });
}

/** The documented profile's checks without a checked account (14), in registry order. */
const DOCUMENTED = plannedChecks('documented', false);
const DOCUMENTED_IDS = DOCUMENTED.planned.map((check) => check.id);

/** A run of the documented profile where every status occurs, plus two tests without a planned check. */
const mixedRecords: CheckRecord[] = [
  record('shape/response-validates', 'failed', { reason: '/update/*/ts must match format "date-time" ×3' }),
  record('shape/every-room-kind-validates', 'waived', { reason: WAIVER, waiver: WAIVER }),
  record('shape/update-lists-only-callers-rooms', 'error', {
    reason: 'seeding: users.create refused: error-invalid-email',
  }),
  record('auth/no-credentials', 'passed', { title: 'no-credentials: a', rateLimitWaitMs: 1500 }),
  record('auth/no-credentials', 'passed', { title: 'no-credentials: b', transportRetries: 2 }),
  record('auth/one-header-is-not-enough', 'passed', { reason: NO_LONGER_NEEDED, notes: [NO_LONGER_NEEDED] }),
  record('auth/wrong-token', 'passed', { testRetries: 1 }),
  record('auth/token-of-another-user', 'passed'),
  // auth/token-after-logout: planned, never ran.
  record('updatedSince/far-future-returns-nothing', 'passed'),
  record('updatedSince/listed-rooms-updated-after-date', 'passed', { skewMs: [12, 40] }),
  record('updatedSince/changed-room-listed-unchanged-room-not', 'skipped', { reason: WRITE_SKIP }),
  record('updatedSince/offsets-name-the-same-instant', 'skipped', { reason: WRITE_SKIP }),
  record('updatedSince/deleted-room-in-remove', 'skipped', { reason: WRITE_SKIP }),
  record(undefined, 'passed'),
  // A strict check in a documented run: not part of the plan.
  record('dm/one-to-one-id-is-sorted-uids', 'passed'),
];

const documentation: DocumentationFindings = {
  subject: "the documentation's 200 example of rooms.get against the documentation's own schema",
  consistent: false,
  violations: ['/update/*/lastMessage/md/*/value/*/value must be string ×2'],
};

function mixed(overrides: Partial<SummaryInput> = {}): ConformanceSummary {
  return summarise(mixedRecords, DOCUMENTED_IDS, {
    notApplicable: DOCUMENTED.notApplicable,
    documentation,
    ...overrides,
  });
}

const MIXED_LINE =
  '8 of 14 checks were judged, 1 failed, 1 could not be judged (errors), 5 skipped ' +
  `(2 × ${DID_NOT_RUN}; 3 × needs CONTRACT_WRITE=true), 1 waived`;

describe('verdicts', () => {
  test('PASSED only when every planned check was judged and none failed; waivers allowed', () => {
    const planned = ['shape/response-validates', 'auth/no-credentials', 'auth/wrong-token'];
    const summary = summarise(
      [
        record('shape/response-validates', 'passed'),
        record('auth/no-credentials', 'waived', { reason: WAIVER, waiver: WAIVER }),
        record('auth/wrong-token', 'passed'),
      ],
      planned,
    );
    assert.equal(summary.verdict, 'PASSED');
    assert.equal(summary.verdictLine, 'all 3 checks were judged and passed (1 waived)');
    assert.equal(
      renderVerdictLine(summary),
      'rooms.get conformance: PASSED — all 3 checks were judged and passed (1 waived)',
    );
    assert.deepEqual(summary.counts, { passed: 2, failed: 0, error: 0, skipped: 0, waived: 1 });
    assert.equal(summary.planned, 3);

    const allPassed = summarise(
      planned.map((id) => record(id, 'passed')),
      planned,
    );
    assert.equal(
      renderVerdictLine(allPassed),
      'rooms.get conformance: PASSED — all 3 checks were judged and passed',
    );
  });

  test('FAILED on any contract failure, whatever else happened; the line says how many of how many and why', () => {
    const summary = mixed();
    assert.equal(summary.verdict, 'FAILED');
    assert.equal(summary.verdictLine, MIXED_LINE);
    assert.equal(renderVerdictLine(summary), `rooms.get conformance: FAILED — ${MIXED_LINE}`);
    assert.deepEqual(summary.counts, { passed: 6, failed: 1, error: 1, skipped: 5, waived: 1 });
    assert.equal(summary.planned, 14);
  });

  test('INCOMPLETE when a check could not be judged and none failed', () => {
    const planned = ['shape/response-validates', 'auth/no-credentials', 'auth/wrong-token'];
    const summary = summarise(
      [
        record('shape/response-validates', 'passed'),
        record('auth/no-credentials', 'error', { reason: 'transport: GET /api/v1/rooms.get: ECONNRESET' }),
        record('auth/wrong-token', 'passed'),
      ],
      planned,
    );
    assert.equal(summary.verdict, 'INCOMPLETE');
    assert.equal(
      renderVerdictLine(summary),
      'rooms.get conformance: INCOMPLETE — 2 of 3 checks were judged, 1 could not be judged (errors)',
    );
  });

  test('INCOMPLETE when a planned check did not run: a read-only run is never PASSED', () => {
    // Every check of the strict profile with a checked account; the write checks skip, as the judgement fixture makes them.
    const { planned } = plannedChecks('strict', true);
    const writes = planned.filter((check) => check.needs.includes('write'));
    const summary = summarise(
      planned.map((check) =>
        check.needs.includes('write')
          ? record(check.id, 'skipped', { reason: WRITE_SKIP })
          : record(check.id, 'passed'),
      ),
      planned.map((check) => check.id),
    );
    assert.equal(summary.verdict, 'INCOMPLETE');
    const judged = planned.length - writes.length;
    assert.equal(
      summary.verdictLine,
      `${judged} of ${planned.length} checks were judged, ${writes.length} skipped (${writes.length} × needs CONTRACT_WRITE=true); ` +
        'set CONTRACT_WRITE=false to choose the read-only scope',
    );
    assert.equal(summary.exitCode, 3);
    // Today's registry: 18 read-only checks of 41.
    assert.equal(planned.length, CHECKS.length);
    assert.equal(
      summary.verdictLine,
      '18 of 41 checks were judged, 23 skipped (23 × needs CONTRACT_WRITE=true); set CONTRACT_WRITE=false to choose the read-only scope',
    );
  });

  test('a planned check without any test is skipped as "did not run", and keeps the run from PASSED', () => {
    const summary = summarise(
      [record('auth/no-credentials', 'passed')],
      ['auth/no-credentials', 'auth/wrong-token'],
    );
    assert.equal(
      renderVerdictLine(summary),
      `rooms.get conformance: INCOMPLETE — 1 of 2 checks were judged, 1 skipped (1 × ${DID_NOT_RUN})`,
    );
    const row = summary.families
      .find((family) => family.family === 'auth')
      ?.checks.find((check) => check.check === 'auth/wrong-token');
    assert.deepEqual(row, {
      check: 'auth/wrong-token',
      title: 'a valid user id with a token never issued: 401',
      profile: 'documented',
      status: 'skipped',
      reason: DID_NOT_RUN,
      notes: [],
      tests: 0,
    });
  });

  test('nothing planned (the preflight never ran): INCOMPLETE, never PASSED', () => {
    const summary = summarise([], []);
    assert.equal(renderVerdictLine(summary), 'rooms.get conformance: INCOMPLETE — 0 of 0 checks were judged');
    assert.deepEqual(
      summary.families.map((family) => family.status),
      ['not in this profile', 'not in this profile', 'not in this profile', 'not in this profile'],
    );
  });

  test('tests without a planned check are listed apart: never counted as checks, but their failures count', () => {
    const planned = ['auth/no-credentials', 'auth/wrong-token'];
    const passing = planned.map((id) => record(id, 'passed'));

    const stray = summarise(
      [...passing, record(undefined, 'passed'), record(undefined, 'skipped', { title: 'z' })],
      planned,
    );
    assert.equal(
      renderVerdictLine(stray),
      'rooms.get conformance: PASSED — all 2 checks were judged and passed',
    );
    assert.deepEqual(stray.counts, { passed: 2, failed: 0, error: 0, skipped: 0, waived: 0 });
    assert.deepEqual(stray.unclassified, [
      { title: 'a test without a check', status: 'passed', reason: undefined },
      { title: 'z', status: 'skipped', reason: undefined },
    ]);

    const failed = summarise([...passing, record(undefined, 'failed', { reason: 'expected 1' })], planned);
    assert.equal(
      renderVerdictLine(failed),
      'rooms.get conformance: FAILED — 2 of 2 checks were judged, 1 test without a known check failed',
    );
    assert.deepEqual(failed.counts, { passed: 2, failed: 0, error: 0, skipped: 0, waived: 0 });

    const errored = summarise(
      [...passing, record(undefined, 'error'), record('dm/one-to-one-id-is-sorted-uids', 'error')],
      planned,
    );
    assert.equal(
      renderVerdictLine(errored),
      'rooms.get conformance: INCOMPLETE — 2 of 2 checks were judged, 2 tests without a known check could not be judged',
    );
  });
});

describe('rows, families and run-level facts', () => {
  test('one row per planned check with its profile; the worst test decides; families in a fixed order', () => {
    const summary = mixed();
    assert.deepEqual(
      summary.families.map((family) => [
        family.family,
        family.status,
        family.checks.map((row) => [row.check, row.profile, row.status, row.tests]),
      ]),
      [
        [
          'shape',
          'failed',
          [
            ['shape/ended-subscriptions-leave-update', 'documented', 'skipped', 0],
            ['shape/every-room-kind-validates', 'documented', 'waived', 1],
            ['shape/response-validates', 'documented', 'failed', 1],
            ['shape/update-lists-only-callers-rooms', 'documented', 'error', 1],
          ],
        ],
        [
          'auth',
          'skipped',
          [
            ['auth/no-credentials', 'documented', 'passed', 2],
            ['auth/one-header-is-not-enough', 'documented', 'passed', 1],
            ['auth/token-after-logout', 'documented', 'skipped', 0],
            ['auth/token-of-another-user', 'documented', 'passed', 1],
            ['auth/wrong-token', 'documented', 'passed', 1],
          ],
        ],
        [
          'updatedSince',
          'skipped',
          [
            ['updatedSince/changed-room-listed-unchanged-room-not', 'documented', 'skipped', 1],
            ['updatedSince/deleted-room-in-remove', 'documented', 'skipped', 1],
            ['updatedSince/far-future-returns-nothing', 'documented', 'passed', 1],
            ['updatedSince/listed-rooms-updated-after-date', 'documented', 'passed', 1],
            ['updatedSince/offsets-name-the-same-instant', 'documented', 'skipped', 1],
          ],
        ],
        ['dm', 'not in this profile', []],
      ],
    );
    assert.deepEqual(summary.families[0]?.counts, { passed: 0, failed: 1, error: 1, skipped: 1, waived: 1 });
    assert.deepEqual(summary.families[3]?.counts, { passed: 0, failed: 0, error: 0, skipped: 0, waived: 0 });
    assert.deepEqual(summary.unclassified, [
      { title: 'a test without a check', status: 'passed', reason: undefined },
      { title: 'one-to-one-id-is-sorted-uids: a title', status: 'passed', reason: undefined },
    ]);
  });

  test('a check with several tests takes the worst status and that test’s reason', () => {
    const summary = summarise(
      [
        record('dm/users-count-is-member-count', 'passed', { title: 'a' }),
        record('dm/users-count-is-member-count', 'failed', {
          title: 'b',
          reason: 'usersCount 3, expected 2',
        }),
        record('dm/users-count-is-member-count', 'skipped', { title: 'c', reason: WRITE_SKIP }),
      ],
      ['dm/users-count-is-member-count'],
    );
    assert.deepEqual(summary.families[3]?.checks, [
      {
        check: 'dm/users-count-is-member-count',
        title: 'usersCount is 2 for 1:1, 1 for self, N for a group',
        profile: 'strict',
        status: 'failed',
        reason: 'usersCount 3, expected 2',
        notes: [],
        tests: 3,
      },
    ]);
  });

  test('not-applicable checks, waivers, notes, retries, rate-limit waits and clock skew', () => {
    const summary = mixed();
    assert.deepEqual(summary.notApplicable, [
      {
        check: 'shape/checked-account-response-validates',
        reason:
          'no checked account is configured (ROCKETCHAT_USER/ROCKETCHAT_PASSWORD or ROCKETCHAT_USER_ID/ROCKETCHAT_AUTH_TOKEN)',
      },
    ]);
    assert.deepEqual(summary.waivers, [WAIVER]);
    const oneHeader = summary.families[1]?.checks.find(
      (row) => row.check === 'auth/one-header-is-not-enough',
    );
    assert.equal(oneHeader?.reason, NO_LONGER_NEEDED);
    assert.deepEqual(oneHeader?.notes, [NO_LONGER_NEEDED]);
    assert.deepEqual(summary.retries, { transport: 2, test: 1 });
    assert.equal(summary.timing.rateLimitWaitMs, 1500);
    assert.deepEqual(summary.clockSkew, {
      maxMs: 40,
      observations: 2,
      checks: ['updatedSince/listed-rooms-updated-after-date'],
    });
    assert.equal(
      summarise([record('auth/no-credentials', 'passed')], ['auth/no-credentials']).clockSkew,
      undefined,
    );
  });

  test('stable order: tests arriving in any order (shards) give the same summary; only timing differs', () => {
    const forwards = mixed();
    const backwards = summarise([...mixedRecords].reverse(), DOCUMENTED_IDS, {
      notApplicable: DOCUMENTED.notApplicable,
      documentation,
      startTime: new Date('2027-01-01T00:00:00Z'),
      durationMs: 5,
    });
    assert.deepEqual(comparableSummary(backwards), comparableSummary(forwards));
    assert.notDeepEqual(backwards, forwards);
    assert.equal(
      renderMarkdown(backwards).replace(/^- Date: .*$/m, ''),
      renderMarkdown(forwards).replace(/^- Date: .*$/m, ''),
    );
    assert.ok(!('timing' in comparableSummary(forwards)));
  });
});

describe('conformance.md', () => {
  const markdown = renderMarkdown(
    mixed({ run: { ...run, versionNote: 'Rocket.Chat 9.9.0 is newer than every version the suite knows' } }),
  );
  const lines = markdown.split('\n');

  test('the verdict, its line, and the run facts come first', () => {
    assert.deepEqual(lines.slice(0, 10), [
      '# rooms.get conformance: FAILED',
      '',
      `**${MIXED_LINE}.**`,
      '',
      '- Target: https://staging.example.com — Rocket.Chat 7.4.1',
      '- Note: Rocket.Chat 9.9.0 is newer than every version the suite knows',
      '- Profile: documented · write mode: false',
      '- Contract hash: abc123 · suite version: 0.1.0',
      '- Date: 2026-01-02T03:04:05.000Z (61.0 s)',
      '- Checks: 6 passed, 1 failed, 1 errors, 1 waived, 5 skipped (of 14)',
    ]);
  });

  test('families, including one with no check in this profile', () => {
    for (const line of [
      '| Family | Result | Passed | Failed | Errors | Waived | Skipped |',
      '| @shape — 200 response shape | ❌ FAILED | 0 | 1 | 1 | 1 | 1 |',
      '| @auth — 401 error body | ⏭️ skipped | 4 | 0 | 0 | 0 | 1 |',
      '| @updatedSince — updatedSince semantics | ⏭️ skipped | 2 | 0 | 0 | 0 | 3 |',
      '| @dm — direct-message _id rules | — not in this profile | 0 | 0 | 0 | 0 | 0 |',
    ]) {
      assert.ok(lines.includes(line), line);
    }
    assert.ok(
      markdown.includes(
        '## @dm — direct-message _id rules\n\nNo check of this family belongs to the documented profile.',
      ),
    );
  });

  test('one row per check: id, profile, result, why, notes', () => {
    for (const line of [
      '| Check | Profile | Result | Why | Notes |',
      '| shape/response-validates | documented | ❌ FAILED | /update/*/ts must match format "date-time" ×3 |  |',
      `| shape/every-room-kind-validates | documented | ⚠️ waived | ${WAIVER} |  |`,
      '| shape/update-lists-only-callers-rooms | documented | ⛔ ERROR | seeding: users.create refused: error-invalid-email |  |',
      '| auth/no-credentials (2 tests) | documented | ✅ passed |  |  |',
      `| auth/one-header-is-not-enough | documented | ✅ passed | ${NO_LONGER_NEEDED} | ${NO_LONGER_NEEDED} |`,
      `| auth/token-after-logout | documented | ⏭️ skipped | ${DID_NOT_RUN} |  |`,
      `| updatedSince/deleted-room-in-remove | documented | ⏭️ skipped | ${WRITE_SKIP} |  |`,
    ]) {
      assert.ok(lines.includes(line), line);
    }
  });

  test('a failed check’s problems in full, below the tables: its cut reason loses nothing', () => {
    const long = `updatedSince=… ${'x'.repeat(400)} replay this case: CONTRACT_PROPERTY_SEED=42:1:0`;
    const failing = summarise(
      [
        record('updatedSince/deleted-room-in-remove', 'failed', {
          reason: `${long.slice(0, 299)}…`,
          evidence: [long, 'a second problem'],
        }),
      ],
      ['updatedSince/deleted-room-in-remove'],
    );
    assert.deepEqual(failing.families.find((family) => family.family === 'updatedSince')?.checks[0]?.evidence, [
      long,
      'a second problem',
    ]);
    const text = renderMarkdown(failing);
    assert.ok(
      text.includes(
        `## Failures in full\n\n### updatedSince/deleted-room-in-remove\n\n\`\`\`text\n${long}\na second problem\n\`\`\`\n`,
      ),
      text,
    );
    assert.ok(!renderMarkdown(summarise([], [])).includes('## Failures in full'));
  });

  test('not applicable, tests without a known check, waivers, waits, retries and clock skew', () => {
    const section = (heading: string) => {
      const start = lines.indexOf(heading);
      assert.ok(start >= 0, heading);
      const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
      return lines.slice(start + 2, end < 0 ? undefined : end).filter((line) => line.length > 0);
    };
    assert.deepEqual(section('## Not applicable to this configuration'), [
      '- shape/checked-account-response-validates: no checked account is configured (ROCKETCHAT_USER/ROCKETCHAT_PASSWORD or ROCKETCHAT_USER_ID/ROCKETCHAT_AUTH_TOKEN)',
    ]);
    assert.deepEqual(
      section('## Tests without a known check').map((line) => line.trimEnd()),
      ['- ✅ passed: a test without a check', '- ✅ passed: one-to-one-id-is-sorted-uids: a title'],
    );
    assert.deepEqual(section('## Waivers that accepted a deviation'), [`- ${WAIVER}`]);
    assert.deepEqual(section('## Rate limits, retries and clock skew'), [
      'Waited 1.5 s on rate limits. Transport retries: 2. Test retries: 1.',
      "Clock skew between the server's instances was observed: writes stamped up to 40 ms earlier than an " +
        'earlier write (2 times, in updatedSince/listed-rooms-updated-after-date). The checks waited for the ' +
        'server’s own timestamps to show the order they need.',
    ]);

    const quiet = renderMarkdown(
      summarise([record('auth/no-credentials', 'passed')], ['auth/no-credentials']),
    );
    assert.ok(quiet.includes('## Waivers that accepted a deviation\n\nNone.\n'));
    assert.ok(quiet.includes('\nNo clock skew between server instances was observed.\n'));
    assert.ok(!quiet.includes('## Not applicable'));
    assert.ok(!quiet.includes('## Tests without a known check'));
  });

  test('the documentation-findings section: violations, consistent, or not run', () => {
    assert.ok(
      markdown.includes(
        '## Documentation findings (not about the server)\n\n' +
          "- the documentation's 200 example of rooms.get against the documentation's own schema: the example breaks its own schema:\n" +
          '  - `/update/*/lastMessage/md/*/value/*/value must be string ×2`\n',
      ),
    );
    const consistent = renderMarkdown(
      mixed({ documentation: { subject: 'the example', consistent: true, violations: [] } }),
    );
    assert.ok(
      consistent.includes('## Documentation findings (not about the server)\n\n- the example: consistent.\n'),
    );
    const none = renderMarkdown(mixed({ documentation: undefined }));
    assert.ok(
      none.includes(
        '## Documentation findings (not about the server)\n\nThe documentation self-check did not run.\n',
      ),
    );
  });

  test('drift: informational, per room type, long lists cut with a pointer to drift.json', () => {
    const drift: DriftReport = {
      responses: 3,
      roomsSeen: 5,
      documentedRoomTypes: ['c', 'd', 'p', 'l', 'v'],
      typings: { release: '8.3.8', note: 'the 8.x release installed, for server 8.1.0' },
      undocumentedRoomFields: [
        {
          t: 'c',
          rooms: 2,
          fields: [
            { path: 'teamMain', rooms: 1, typedBy: '8.3.8' },
            { path: 'x_plugin', rooms: 1 },
          ],
        },
      ],
      undocumentedResponseFields: ['count'],
      documentedNeverSeen: Array.from({ length: 14 }, (_, index) => `f${String(index + 1).padStart(2, '0')}`),
      undocumentedRoomTypes: [{ t: 'x', rooms: 1 }],
      truncated: true,
    };
    const text = renderMarkdown(mixed({ drift }));
    const start = text.indexOf('## Drift from the documented schema (informational)');
    assert.equal(
      text.slice(start),
      [
        '## Drift from the documented schema (informational)',
        '',
        'From 3 responses holding 5 rooms. Never fails a run; it lists what the documentation could add.',
        'Each room field seen is documented, typed by Rocket.Chat (its published typings, release 8.3.8: the 8.x release installed, for server 8.1.0) or declared nowhere.',
        '',
        '- Undocumented, typed by Rocket.Chat 8.3.8, in rooms of type `c` (2 rooms): `teamMain`',
        '- Declared nowhere, in rooms of type `c` (2 rooms): `x_plugin`',
        '- Undocumented fields outside `update[]`: `count`',
        '- Documented room fields never seen: `f01`, `f02`, `f03`, `f04`, `f05`, `f06`, `f07`, `f08`, `f09`, `f10`, ' +
          '`f11`, `f12`, and 2 more (reports/drift.json)',
        '- Room types outside c, d, p, l, v: `x` (1 rooms)',
        '- Some responses had too many distinct fields; the inventory was cut.',
        '',
      ].join('\n'),
    );
    assert.ok(markdown.endsWith('No rooms.get 200 response was observed, so there is nothing to compare.\n'));
    assert.equal(summarise([], [], { drift }).drift, drift);
  });

  test('pipes and newlines in reasons, notes, waivers and not-applicable reasons cannot break a table or a list', () => {
    const text = renderMarkdown(
      summarise(
        [
          record('auth/no-credentials', 'failed', { reason: 'a | b\nc', notes: ['n|1', 'n\n2'] }),
          record('auth/wrong-token', 'waived', { reason: 'w', waiver: 'w | x\ny' }),
        ],
        ['auth/no-credentials', 'auth/wrong-token'],
        { notApplicable: [{ check: 'shape/checked-account-response-validates', reason: 'r | s\nt' }] },
      ),
    );
    const lines = text.split('\n');
    assert.ok(
      lines.includes('| auth/no-credentials | documented | ❌ FAILED | a \\| b c | n 2; n\\|1 |'),
      text,
    );
    assert.ok(lines.includes('- w \\| x y'), text);
    assert.ok(lines.includes('- shape/checked-account-response-validates: r \\| s t'), text);
    assert.ok(!lines.includes('c'));
  });
});

describe('the HTML block', () => {
  test('verdict, verdict line, and per-check rows with data-check, data-status and data-profile', () => {
    const html = renderHtml(mixed());
    assert.ok(html.startsWith('<section id="conformance-summary" data-verdict="FAILED"'));
    assert.ok(html.includes(`<p style="margin:0 0 6px" data-verdict-line><b>${MIXED_LINE}.</b></p>`));
    assert.ok(html.includes('rooms.get conformance: <span style="color:#cf222e">FAILED</span>'));
    for (const family of ['shape', 'auth', 'updatedSince', 'dm']) {
      assert.ok(html.includes(`<tr data-family="${family}">`), family);
      assert.ok(html.includes(`data-family-details="${family}"`), family);
    }
    assert.ok(
      html.includes(
        '<tr data-check="shape/response-validates" data-status="failed" data-profile="documented"><td>shape/response-validates</td>' +
          '<td>documented</td><td><b style="color:#cf222e">FAILED</b></td><td>/update/*/ts must match format &quot;date-time&quot; ×3</td><td></td></tr>',
      ),
    );
    assert.ok(
      html.includes(
        '<tr data-check="auth/no-credentials" data-status="passed" data-profile="documented"><td>auth/no-credentials (2 tests)</td>',
      ),
    );
    assert.ok(
      html.includes(
        '<tr data-check="auth/token-after-logout" data-status="skipped" data-profile="documented">',
      ),
    );
    assert.equal(html.match(/<tr data-check=/g)?.length, 14);
    // A family with a failure or an error is open; the others are folded.
    assert.ok(html.includes('<details open data-family-details="shape">'));
    assert.ok(html.includes('<details data-family-details="auth">'));
    assert.ok(
      html.includes(
        '<details data-family-details="dm"><summary>@dm — direct-message _id rules: <span style="color:#6e7781">not in this profile</span></summary><p>No check of this family belongs to the documented profile.</p></details>',
      ),
    );
    assert.ok(
      html.includes(
        '<details data-documentation><summary>Documentation findings (not about the server)</summary><ul>' +
          '<li>the documentation&#39;s 200 example of rooms.get against the documentation&#39;s own schema: the example breaks its own schema:</li>' +
          '<li>/update/*/lastMessage/md/*/value/*/value must be string ×2</li></ul></details>',
      ),
    );
    assert.ok(html.includes(`<ul><li>${WAIVER}</li></ul>`));
    assert.ok(html.includes('Checks: 6 passed, 1 failed, 1 errors, 1 waived, 5 skipped (of 14).'));
    assert.ok(html.includes('; clock skew observed up to 40 ms.'));
  });

  test('a strict run shows each check’s own profile', () => {
    const html = renderHtml(
      summarise(
        [record('shape/response-validates', 'passed'), record('shape/response-headers', 'passed')],
        ['shape/response-validates', 'shape/response-headers'],
        { run: { ...run, profile: 'strict' } },
      ),
    );
    assert.ok(html.startsWith('<section id="conformance-summary" data-verdict="PASSED"'));
    assert.ok(
      html.includes('<tr data-check="shape/response-headers" data-status="passed" data-profile="strict">'),
    );
    assert.ok(
      html.includes(
        '<tr data-check="shape/response-validates" data-status="passed" data-profile="documented">',
      ),
    );
    assert.ok(html.includes('<p>No check of this family belongs to the strict profile.</p>'));
  });

  test('everything it shows is escaped: reasons, notes, waivers, run facts, findings and drift', () => {
    const hostile = '<script>alert(1)</script>';
    const html = renderHtml(
      summarise(
        [
          record('auth/no-credentials', 'failed', { reason: hostile, notes: ['a & b'] }),
          record('auth/wrong-token', 'waived', {
            reason: "it's <i>waived</i>",
            waiver: "it's <i>waived</i>",
          }),
        ],
        ['auth/no-credentials', 'auth/wrong-token'],
        {
          run: {
            ...run,
            target: 'https://x.invalid/"><img src=x onerror=alert(1)>',
            versionNote: '<b>new</b>',
          },
          documentation: { subject: '<u>doc</u>', consistent: false, violations: ['<svg onload=alert(1)>'] },
          drift: {
            responses: 1,
            roomsSeen: 1,
            documentedRoomTypes: ['c'],
            undocumentedRoomFields: [{ t: '<x>', rooms: 1, fields: [{ path: '<iframe>', rooms: 1 }] }],
            undocumentedResponseFields: [],
            documentedNeverSeen: [],
            undocumentedRoomTypes: [],
            truncated: false,
          },
        },
      ),
    );
    for (const raw of ['<script', '<img', '<i>', '<b>new', '<u>', '<svg', '<iframe', '<x>', 'x.invalid/"']) {
      assert.ok(!html.includes(raw), `unescaped ${raw}`);
    }
    for (const escaped of [
      '&lt;script&gt;alert(1)&lt;/script&gt;',
      'a &amp; b',
      'it&#39;s &lt;i&gt;waived&lt;/i&gt;',
      'https://x.invalid/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;',
      '&lt;b&gt;new&lt;/b&gt;',
      '&lt;svg onload=alert(1)&gt;',
      '&lt;iframe&gt;',
    ]) {
      assert.ok(html.includes(escaped), escaped);
    }
  });
});

describe('the scope, interruptions, preflight stops and exit codes', () => {
  const { planned } = plannedChecks('strict', true);
  const ids = planned.map((check) => check.id);
  const writes = (check: (typeof planned)[number]) =>
    check.needs.includes('write') || check.needs.includes('world');
  const readOnlyRecords = planned.map((check) =>
    writes(check) ? record(check.id, 'skipped', { reason: WRITE_SKIP }) : record(check.id, 'passed'),
  );

  test('a read-only scope the user chose (CONTRACT_WRITE=false): PASSED, exit 0, the scope named, the write checks left out', () => {
    const summary = summarise(readOnlyRecords, ids, { scope: { readOnlyChosen: true } });
    const left = planned.filter(writes).length;
    assert.equal(summary.verdict, 'PASSED');
    assert.equal(summary.exitCode, 0);
    assert.equal(summary.planned, planned.length - left);
    assert.equal(
      summary.verdictLine,
      `all ${planned.length - left} checks were judged and passed; scope: read-only (CONTRACT_WRITE=false), ${left} planned checks left out`,
    );
    assert.ok(
      summary.notApplicable.some(
        (entry) => entry.reason === 'outside the chosen read-only scope (CONTRACT_WRITE=false): it writes',
      ),
    );
  });

  test('read-only because CONTRACT_WRITE is unset: the same run is INCOMPLETE, exit 3', () => {
    const summary = summarise(readOnlyRecords, ids);
    assert.equal(summary.verdict, 'INCOMPLETE');
    assert.equal(summary.exitCode, 3);
  });

  test('a --grep selection: the unselected checks are outside the scope, which the line names', () => {
    const summary = summarise([record('auth/no-credentials', 'passed')], ids, {
      scope: {
        readOnlyChosen: false,
        selection: '--grep auth/no-credentials',
        selected: ['auth/no-credentials'],
      },
    });
    assert.equal(summary.verdict, 'PASSED');
    assert.equal(
      summary.verdictLine,
      `the 1 check was judged and passed; scope: selected by --grep auth/no-credentials, ${ids.length - 1} planned checks left out`,
    );
  });

  test('an interrupted run: INTERRUPTED, exit 130, never "0 of 0 judged"', () => {
    const summary = summarise([record('auth/no-credentials', 'failed', { reason: 'x' })], ids, {
      interrupted: true,
    });
    assert.equal(summary.verdict, 'INTERRUPTED');
    assert.equal(summary.exitCode, 130);
    assert.match(
      summary.verdictLine,
      /^interrupted before the run could judge its scope: 1 of \d+ checks were judged, 1 failed, \d+ skipped \(\d+ × did not run\)$/,
    );
    assert.equal(rowOf(summary, 'auth/wrong-token')?.reason, 'did not run: the run was interrupted');
  });

  test('a preflight stop: exit 2 for the configuration, 4 for an unusable target; the message once, in `stop`', () => {
    const stop = (kind: 'configuration' | 'target-unusable') =>
      summarise([], ids, {
        preflightStop: { kind, message: 'rooms-get-conformance: cannot reach x', step: 'log in' },
      });
    assert.equal(stop('configuration').exitCode, 2);
    assert.equal(stop('target-unusable').exitCode, 4);
    assert.equal(stop('target-unusable').verdict, 'INCOMPLETE');
    assert.equal(stop('target-unusable').stop?.message, 'rooms-get-conformance: cannot reach x');
    // Each row says it did not run and why in a few words, never the stop message again.
    assert.equal(
      rowOf(stop('target-unusable'), 'auth/wrong-token')?.reason,
      'not run: preflight stopped the run when it tried to log in',
    );
    assert.equal(
      stop('configuration').verdictLine,
      `0 of ${ids.length} checks were judged: preflight stopped the run when it tried to log in (a configuration error)`,
    );
  });

  test('a stopped run renders the stop message once at the top, the steps tried, and one "N checks not run" line', () => {
    const message =
      'rooms-get-conformance: http://rc.example refused the login of ROCKETCHAT_ADMIN_USER "admin" (HTTP 401)';
    const summary = summarise([], ids, {
      preflightStop: { kind: 'target-unusable', message, step: 'log in' },
    });
    const markdown = renderMarkdown(summary);
    assert.equal(markdown.split(message).length - 1, 1, 'the stop message once');
    assert.ok(markdown.indexOf(message) < markdown.indexOf('- Target:'), 'the message before the run facts');
    assert.match(
      markdown,
      /^- Preflight: reach the server: done → log in: stopped the run$/m,
    );
    assert.match(
      markdown,
      new RegExp(
        `^\\*\\*${ids.length} checks not run: preflight stopped the run when it tried to log in\\.\\*\\*$`,
        'm',
      ),
    );
    assert.doesNotMatch(markdown, /^\| Check \|/m, 'no row per check');
    assert.doesNotMatch(markdown, /the message above/);
    const html = renderHtml(summary);
    assert.equal(html.split('refused the login').length - 1, 1, 'the stop message once in the HTML block');
    assert.match(html, /<div data-stop="target-unusable" data-stop-step="log in"/);
    assert.match(
      html,
      new RegExp(`<p data-not-run><b>${ids.length} checks not run: preflight stopped the run`),
    );
    assert.doesNotMatch(html, /data-check=/, 'no row per check');
  });

  test('exit codes: FAILED 1', () => {
    assert.equal(summarise([record('auth/no-credentials', 'failed')], ['auth/no-credentials']).exitCode, 1);
  });
});

function rowOf(summary: ConformanceSummary, check: string) {
  return summary.families.flatMap((family) => family.checks).find((row) => row.check === check);
}
