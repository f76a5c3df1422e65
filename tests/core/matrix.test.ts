import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildMatrix, type MatrixInput } from '../../src/core/results/matrix.js';
import { matrixLine, renderMatrixHtml, renderMatrixMarkdown } from '../../src/core/results/matrix-render.js';
import { parseRecordedRun } from '../../src/core/results/recorded-run.js';

/**
 * The version matrix (src/core/results/matrix.ts) and its two renderings (src/core/results/matrix-render.ts): several
 * runs side by side, one column per target × Rocket.Chat version × profile. Exact texts.
 */
type Row = { check: string; status: string; reason?: string; title?: string; waiver?: unknown };

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
    // dm/one-to-one-id-is-sorted-uids passed in one run and was waived in another: no disagreement.
    assert.deepEqual(matrix.differing, ['shape/response-headers', 'auth/no-credentials']);
    assert.equal(matrixLine(matrix), '3 runs, 4 checks; 2 checks differ between the runs');
    const agreeing = buildMatrix([staging, staging]);
    assert.equal(
      matrixLine(agreeing),
      '2 runs, 3 checks; every check has the same result in every run that has it',
    );
  });

  test('waived agrees with passed and with the same waiver; two different waivers differ', () => {
    const waivedBy = (source: string, waiver: string) =>
      input(
        source,
        { target: 'https://x.example.com', serverVersion: '8.0.1', profile: 'strict' },
        'PASSED',
        [
          {
            check: 'dm/one-to-one-id-is-sorted-uids',
            status: 'waived',
            reason: `${waiver} accepted 2 × one-to-one-id-is-object-id`,
            waiver: { id: waiver },
          },
        ],
      );
    const passing = input(
      'p',
      { target: 'https://y.example.com', serverVersion: '7.4.1', profile: 'strict' },
      'PASSED',
      [{ check: 'dm/one-to-one-id-is-sorted-uids', status: 'passed' }],
    );
    assert.deepEqual(buildMatrix([passing, waivedBy('a', 'rc8-dm-object-ids')]).differing, []);
    assert.deepEqual(
      buildMatrix([waivedBy('a', 'rc8-dm-object-ids'), waivedBy('b', 'rc8-dm-object-ids')]).differing,
      [],
    );
    assert.deepEqual(
      buildMatrix([waivedBy('a', 'rc8-dm-object-ids'), waivedBy('b', 'another-waiver')]).differing,
      ['dm/one-to-one-id-is-sorted-uids'],
    );
  });

  test('runs of one target, version and profile are told apart by run folder and date, in every header', () => {
    const again = { ...staging, source: 'runs/7.4-again/reports' };
    const twice = buildMatrix([staging, again, canary]);
    assert.deepEqual(
      twice.columns.map((column) => column.label),
      [
        'https://staging.example.com · 7.4.1 · strict · runs/7.4/reports · 2026-03-01T09:00:00.000Z',
        'https://staging.example.com · 7.4.1 · strict · runs/7.4-again/reports · 2026-03-01T09:00:00.000Z',
        'https://canary.example.com · 8.0.1 · strict',
      ],
    );
    const html = renderMatrixHtml(twice);
    assert.ok(
      html.includes('<span data-run-folder>runs/7.4-again/reports · 2026-03-01T09:00:00.000Z</span></th>'),
    );
    assert.equal(html.match(/data-run-folder/g)?.length, 2, 'the canary column needs no run folder');
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
        '**3 runs, 4 checks; 2 checks differ between the runs.**',
        '',
        'Differ: `shape/response-headers`, `auth/no-credentials`.',
        '',
        '| Run | Target | Rocket.Chat | Profile | Write mode | Verdict | Date | From |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| [1] | https://staging.example.com | 7.4.1 | strict | true | PASSED | 2026-03-01T09:00:00.000Z | runs/7.4/reports |',
        '| [2] | https://canary.example.com | 8.0.1 | strict | true | FAILED | 2026-03-01T09:00:00.000Z | runs/8.0/conformance.json |',
        '| [3] | https://old.example.com | 6.13.0 | documented | true | INCOMPLETE | 2026-03-01T09:00:00.000Z | runs/6/reports |',
        '',
        'Legend: ✅ passed — every assertion held; ❌ FAILED — the server’s answer broke the contract; ' +
          '⛔ ERROR — not judged (seeding refused, a transport error, a rate limit …): the cause is given; ' +
          '⚠️ waived — passed but for the one deviation a waiver accepts; ' +
          '⏭️ skipped — not run, with the reason (a read-only run, a check that does not apply); ' +
          '— not in this run — the run did not have the check (another profile, a check that did not apply, another suite version); ' +
          '**differs** — the runs that have the check disagree on its outcome; waived agrees with passed unless two runs were waived by different waivers.',
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
        '| dm/one-to-one-id-is-sorted-uids | ✅ passed | ⚠️ waived | — not in this run |',
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

  test('a legend names every mark and what differs means', () => {
    assert.ok(html.includes('<dl data-legend><dt class="passed">passed</dt><dd>every assertion held</dd>'));
    assert.ok(html.includes('<dt class="not-in-this-run">—</dt>'));
    assert.ok(html.includes('<dt class="differs">differs</dt><dd>the runs that have the check disagree'));
  });

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
          '<a href="#check-auth/no-credentials">auth/no-credentials</a>.</p>',
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
