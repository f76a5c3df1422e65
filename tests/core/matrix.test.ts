import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildMatrix, type MatrixInput } from '../../src/core/matrix.js';
import { matrixLine, renderMatrixHtml, renderMatrixMarkdown } from '../../src/core/matrix-render.js';
import { parseRecordedRun } from '../../src/core/recorded-run.js';

/**
 * The version matrix (src/core/matrix.ts) and its two renderings (src/core/matrix-render.ts): several
 * runs side by side, one column per target × Rocket.Chat version × profile. Exact texts.
 */
type Row = { check: string; status: string; reason?: string; title?: string };

function input(
  source: string,
  run: { target: string; serverVersion: string; profile: string },
  verdict: string,
  rows: Row[],
  extra: Record<string, unknown> = {},
): MatrixInput {
  const json = {
    verdict,
    run: { ...run, write: 'true', contractHash: 'f7e4e36eb7fa', suiteVersion: '0.1.0' },
    families: [{ family: 'any', checks: rows }],
    timing: { date: '2026-03-01T09:00:00.000Z' },
    ...extra,
  };
  return { source, recorded: parseRecordedRun(JSON.stringify(json), source) };
}

const HEADERS = 'Cache-Control is missing, expected no-store';
const WAIVER = 'rc8-dm-object-ids accepted 2 × one-to-one-id-is-object-id';

const staging = input(
  'runs/7.4/reports',
  { target: 'https://staging.example.com', serverVersion: '7.4.1', profile: 'strict' },
  'PASSED',
  [
    { check: 'shape/response-headers', status: 'passed', title: 'answers are JSON and not cached' },
    { check: 'auth/no-credentials', status: 'passed' },
    { check: 'dm/one-to-one-id-is-sorted-uids', status: 'passed' },
  ],
);
const canary = input(
  'runs/8.0/conformance.json',
  { target: 'https://canary.example.com', serverVersion: '8.0.1', profile: 'strict' },
  'FAILED',
  [
    { check: 'shape/response-headers', status: 'failed', reason: HEADERS },
    { check: 'auth/no-credentials', status: 'passed' },
    { check: 'dm/one-to-one-id-is-sorted-uids', status: 'waived', reason: WAIVER },
    { check: 'shape/checked-account-response-validates', status: 'passed' },
  ],
);
const documented = input(
  'runs/6/reports',
  { target: 'https://old.example.com', serverVersion: '6.13.0', profile: 'documented' },
  'INCOMPLETE',
  [{ check: 'auth/no-credentials', status: 'skipped', reason: 'needs CONTRACT_WRITE=true | read-only' }],
  {
    notApplicable: [
      { check: 'shape/checked-account-response-validates', reason: 'no checked account is configured' },
    ],
  },
);

const matrix = buildMatrix([staging, canary, documented]);

describe('the matrix', () => {
  test('columns in the order given, rows by family in the registry’s order, then by id', () => {
    assert.deepEqual(
      matrix.columns.map((column) => [column.number, column.label, column.verdict, column.source]),
      [
        [1, 'https://staging.example.com · 7.4.1 · strict', 'PASSED', 'runs/7.4/reports'],
        [2, 'https://canary.example.com · 8.0.1 · strict', 'FAILED', 'runs/8.0/conformance.json'],
        [3, 'https://old.example.com · 6.13.0 · documented', 'INCOMPLETE', 'runs/6/reports'],
      ],
    );
    assert.deepEqual(
      matrix.groups.map((group) => [group.family, group.title, group.rows.map((row) => row.check)]),
      [
        [
          'shape',
          '200 response shape',
          ['shape/checked-account-response-validates', 'shape/response-headers'],
        ],
        ['auth', '401 error body', ['auth/no-credentials']],
        ['dm', 'direct-message _id rules', ['dm/one-to-one-id-is-sorted-uids']],
      ],
    );
  });

  test('cells: the status and why; a check a run did not have is not in this run, with why', () => {
    const row = (id: string) =>
      matrix.groups.flatMap((group) => group.rows).find((entry) => entry.check === id);
    assert.deepEqual(row('shape/checked-account-response-validates')?.cells, [
      { status: 'not in this run', reason: 'not planned in this run (profile strict, suite 0.1.0)' },
      { status: 'passed', reason: undefined },
      { status: 'not in this run', reason: 'not applicable: no checked account is configured' },
    ]);
    assert.deepEqual(row('shape/response-headers')?.cells, [
      { status: 'passed', reason: undefined },
      { status: 'failed', reason: HEADERS },
      { status: 'not in this run', reason: 'not planned in this run (profile documented, suite 0.1.0)' },
    ]);
    assert.equal(row('shape/response-headers')?.title, 'answers are JSON and not cached');
  });

  test('a row differs when the runs that have the check disagree; absence is no disagreement', () => {
    assert.deepEqual(matrix.differing, [
      'shape/response-headers',
      'auth/no-credentials',
      'dm/one-to-one-id-is-sorted-uids',
    ]);
    assert.equal(matrixLine(matrix), '3 runs, 4 checks; 3 checks differ between the runs');
    const agreeing = buildMatrix([staging, staging]);
    assert.equal(
      matrixLine(agreeing),
      '2 runs, 3 checks; every check has the same result in every run that has it',
    );
    // Two runs of one target, version and profile are told apart by their date.
    assert.deepEqual(
      agreeing.columns.map((column) => column.label),
      [
        'https://staging.example.com · 7.4.1 · strict · 2026-03-01T09:00:00.000Z',
        'https://staging.example.com · 7.4.1 · strict · 2026-03-01T09:00:00.000Z',
      ],
    );
  });

  test('a check id only another suite version knows gets a group of its own, after the known families', () => {
    const newer = input(
      'newer.json',
      { target: 'https://canary.example.com', serverVersion: '9.0.0', profile: 'strict' },
      'PASSED',
      [{ check: 'presence/online-status', status: 'passed' }],
    );
    assert.deepEqual(
      buildMatrix([staging, newer]).groups.map((group) => [group.family, group.title]),
      [
        ['shape', '200 response shape'],
        ['auth', '401 error body'],
        ['dm', 'direct-message _id rules'],
        ['presence', 'presence'],
      ],
    );
  });
});

describe('matrix.md', () => {
  test('the whole text', () => {
    assert.equal(
      renderMatrixMarkdown(matrix),
      [
        '# rooms.get conformance matrix',
        '',
        '**3 runs, 4 checks; 3 checks differ between the runs.**',
        '',
        'Differ: `shape/response-headers`, `auth/no-credentials`, `dm/one-to-one-id-is-sorted-uids`.',
        '',
        '| Run | Target | Rocket.Chat | Profile | Write mode | Verdict | Date | From |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| [1] | https://staging.example.com | 7.4.1 | strict | true | PASSED | 2026-03-01T09:00:00.000Z | runs/7.4/reports |',
        '| [2] | https://canary.example.com | 8.0.1 | strict | true | FAILED | 2026-03-01T09:00:00.000Z | runs/8.0/conformance.json |',
        '| [3] | https://old.example.com | 6.13.0 | documented | true | INCOMPLETE | 2026-03-01T09:00:00.000Z | runs/6/reports |',
        '',
        '## @shape — 200 response shape',
        '',
        '| Check | [1] https://staging.example.com · 7.4.1 · strict | [2] https://canary.example.com · 8.0.1 · strict | [3] https://old.example.com · 6.13.0 · documented |',
        '| --- | --- | --- | --- |',
        '| shape/checked-account-response-validates | — not in this run | ✅ passed | — not in this run |',
        '| **shape/response-headers** (differs) | ✅ passed | ❌ FAILED | — not in this run |',
        '',
        'Why:',
        '',
        '- `shape/response-headers` [2]: Cache-Control is missing, expected no-store',
        '',
        '## @auth — 401 error body',
        '',
        '| Check | [1] https://staging.example.com · 7.4.1 · strict | [2] https://canary.example.com · 8.0.1 · strict | [3] https://old.example.com · 6.13.0 · documented |',
        '| --- | --- | --- | --- |',
        '| **auth/no-credentials** (differs) | ✅ passed | ✅ passed | ⏭️ skipped |',
        '',
        'Why:',
        '',
        '- `auth/no-credentials` [3]: needs CONTRACT_WRITE=true \\| read-only',
        '',
        '## @dm — direct-message _id rules',
        '',
        '| Check | [1] https://staging.example.com · 7.4.1 · strict | [2] https://canary.example.com · 8.0.1 · strict | [3] https://old.example.com · 6.13.0 · documented |',
        '| --- | --- | --- | --- |',
        '| **dm/one-to-one-id-is-sorted-uids** (differs) | ✅ passed | ⚠️ waived | — not in this run |',
        '',
        'Why:',
        '',
        '- `dm/one-to-one-id-is-sorted-uids` [2]: rc8-dm-object-ids accepted 2 × one-to-one-id-is-object-id',
        '',
      ].join('\n'),
    );
  });

  test('one reason shared by several runs is listed once, naming them all', () => {
    const failing = (source: string, serverVersion: string) =>
      input(source, { target: 'https://x.example.com', serverVersion, profile: 'strict' }, 'FAILED', [
        { check: 'shape/response-headers', status: 'failed', reason: HEADERS },
      ]);
    assert.ok(
      renderMatrixMarkdown(buildMatrix([failing('a', '7.4.1'), failing('b', '8.0.1')])).includes(
        `- \`shape/response-headers\` [1], [2]: ${HEADERS}\n`,
      ),
    );
  });
});

describe('matrix.html', () => {
  const html = renderMatrixHtml(matrix);

  test('self-contained: inline style, no script, nothing fetched', () => {
    assert.match(html, /^<!doctype html>\n<html lang="en"><head><meta charset="utf-8">/);
    assert.ok(html.includes('<style>body{'));
    assert.doesNotMatch(html, /<script|<link|@import|url\(|src=/i);
  });

  test('a column head names target, version and profile; the legend names verdict and source', () => {
    assert.ok(
      html.includes(
        '<th scope="col" data-column="2">[2]<br><span data-target>https://canary.example.com</span><br>' +
          '<span data-version>Rocket.Chat 8.0.1</span><br><span data-profile>profile strict</span></th>',
      ),
    );
    assert.ok(
      html.includes(
        '<tr data-run="2"><td>[2]</td><td>https://canary.example.com</td><td>8.0.1</td><td>strict</td>' +
          '<td>true</td><td class="FAILED">FAILED</td><td>2026-03-01T09:00:00.000Z</td><td>runs/8.0/conformance.json</td></tr>',
      ),
    );
  });

  test('a cell with a reason opens it in <details> (no JavaScript needed) and carries it as its title', () => {
    assert.ok(
      html.includes(
        '<tr data-check="shape/response-headers" data-differs="true" id="check-shape/response-headers">' +
          '<th scope="row" title="answers are JSON and not cached">shape/response-headers <span class="differs">differs</span></th>' +
          '<td data-column="1" data-status="passed" class="passed">passed</td>' +
          `<td data-column="2" data-status="failed" class="failed" title="${HEADERS}"><details><summary>FAILED</summary><p data-reason>${HEADERS}</p></details></td>` +
          '<td data-column="3" data-status="not in this run" class="not-in-this-run" title="not planned in this run (profile documented, suite 0.1.0)">—</td></tr>',
      ),
    );
    assert.ok(
      html.includes(
        '<tbody data-family="shape"><tr class="family"><th colspan="4">@shape — 200 response shape</th></tr>',
      ),
    );
    assert.ok(
      html.includes(
        '<p data-differing>Differ: <a href="#check-shape/response-headers">shape/response-headers</a>, ' +
          '<a href="#check-auth/no-credentials">auth/no-credentials</a>, ' +
          '<a href="#check-dm/one-to-one-id-is-sorted-uids">dm/one-to-one-id-is-sorted-uids</a>.</p>',
      ),
    );
  });

  test('text from the files is escaped', () => {
    const hostile = input(
      '<b>x</b>.json',
      { target: 'https://x.example.com/"><script>', serverVersion: '7.4.1', profile: 'strict' },
      'FAILED',
      [{ check: 'shape/response-headers', status: 'failed', reason: '<img src=x onerror=alert(1)>' }],
    );
    const page = renderMatrixHtml(buildMatrix([hostile]));
    assert.doesNotMatch(page, /<script>|<img|<b>x/);
    assert.ok(page.includes('&lt;img src=x onerror=alert(1)&gt;'));
  });
});
