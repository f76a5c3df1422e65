import { escapeHtml } from './escape-html.js';
import type { Matrix, MatrixCell, MatrixCellStatus, MatrixColumn, MatrixRow } from './matrix.js';
import { MARK, MEANING, markdownCell } from './status-marks.js';

/**
 * The version matrix as reports/matrix.md and reports/matrix.html. The page is one self-contained file:
 * inline CSS, no script, no external resource, so it opens from disk or an artifact store. A cell's
 * reason is a click away in a <details> element (native: it works with JavaScript off) and also its
 * title, for a hover.
 */
const MD_MARK: Readonly<Record<MatrixCellStatus, string>> = {
  ...MARK,
  'not in this run': '— not in this run',
};

/** The word a matrix.html cell shows for each status (the report check reads the page with it). */
export const MATRIX_CELL_WORD: Readonly<Record<MatrixCellStatus, string>> = {
  passed: 'passed',
  failed: 'FAILED',
  error: 'ERROR',
  waived: 'waived',
  skipped: 'skipped',
  'not in this run': '—',
};

const NOT_IN_THIS_RUN =
  'the run did not have the check (another profile, a check that did not apply, another suite version)';
const DIFFERS =
  'the runs that have the check disagree on its outcome; waived agrees with passed unless two runs were waived by different waivers';

/** The legend: each mark and what it means, then what "differs" means. */
function legendEntries(): Array<{ mark: MatrixCellStatus | 'differs'; meaning: string }> {
  return [
    ...(Object.keys(MEANING) as Array<keyof typeof MEANING>).map((status) => ({
      mark: status,
      meaning: MEANING[status],
    })),
    { mark: 'not in this run' as const, meaning: NOT_IN_THIS_RUN },
    { mark: 'differs' as const, meaning: DIFFERS },
  ];
}

function checkCount(matrix: Matrix): number {
  return matrix.groups.reduce((sum, group) => sum + group.rows.length, 0);
}

/** "3 runs, 37 checks; 2 checks differ between the runs" */
export function matrixLine(matrix: Matrix): string {
  const runs = `${matrix.columns.length} ${matrix.columns.length === 1 ? 'run' : 'runs'}`;
  const count = checkCount(matrix);
  const checks = `${count} ${count === 1 ? 'check' : 'checks'}`;
  const differing = matrix.differing.length;
  if (differing === 0) return `${runs}, ${checks}; every check has the same result in every run that has it`;
  return `${runs}, ${checks}; ${differing} ${differing === 1 ? 'check differs' : 'checks differ'} between the runs`;
}

function header(column: MatrixColumn): string {
  return `[${column.number}] ${column.label}`;
}

export function renderMatrixMarkdown(matrix: Matrix): string {
  const lines = [
    '# rooms.get conformance matrix',
    '',
    `**${matrixLine(matrix)}.**`,
    ...(matrix.differing.length > 0
      ? ['', `Differ: ${matrix.differing.map((id) => `\`${id}\``).join(', ')}.`]
      : []),
    '',
    '| Run | Target | Rocket.Chat | Profile | Write mode | Verdict | Date | From |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...matrix.columns.map(
      (column) =>
        `| [${column.number}] | ${markdownCell(column.target)} | ${markdownCell(column.serverVersion)} | ` +
        `${markdownCell(column.profile)} | ${markdownCell(column.write)} | ${column.verdict} | ` +
        `${markdownCell(column.date ?? '—')} | ${markdownCell(column.source)} |`,
    ),
    '',
    `Legend: ${legendEntries()
      .map(({ mark, meaning }) => `${mark === 'differs' ? '**differs**' : MD_MARK[mark]} — ${meaning}`)
      .join('; ')}.`,
  ];
  for (const group of matrix.groups) {
    lines.push('', `## @${group.family} — ${group.title}`, '');
    lines.push(
      `| Check | ${matrix.columns.map((column) => markdownCell(header(column))).join(' | ')} |`,
      `| --- |${' --- |'.repeat(matrix.columns.length)}`,
    );
    for (const row of group.rows) {
      const name = row.differs ? `**${row.check}** (differs)` : row.check;
      lines.push(`| ${name} | ${row.cells.map((cell) => MD_MARK[cell.status]).join(' | ')} |`);
    }
    const reasons = reasonsOf(group.rows);
    if (reasons.length > 0) {
      lines.push('', 'Why:', '');
      for (const { check, columns, reason } of reasons) {
        lines.push(
          `- \`${check}\` ${columns.map((number) => `[${number}]`).join(', ')}: ${markdownCell(reason)}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The reasons of a family's cells, each once per check with the runs that gave it. */
function reasonsOf(rows: MatrixRow[]): Array<{ check: string; columns: number[]; reason: string }> {
  const reasons: Array<{ check: string; columns: number[]; reason: string }> = [];
  for (const row of rows) {
    row.cells.forEach((cell, index) => {
      // "Not in this run" is said by the cell itself; its reason is on the HTML page.
      if (!cell.reason || cell.status === 'not in this run') return;
      const same = reasons.find((entry) => entry.check === row.check && entry.reason === cell.reason);
      if (same) same.columns.push(index + 1);
      else reasons.push({ check: row.check, columns: [index + 1], reason: cell.reason });
    });
  }
  return reasons;
}

const STYLE = [
  'body{font:14px/1.45 system-ui,sans-serif;margin:16px;background:Canvas;color:CanvasText}',
  'table{border-collapse:collapse;margin:8px 0 16px}',
  'th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}',
  'thead th{background:#f6f8fa;color:#1f2328}',
  'tr.family th{background:#eaeef2;color:#1f2328}',
  'tr[data-differs="true"]>th{border-left:4px solid #bf8700}',
  '.differs{color:#9a6700;font-weight:normal}',
  '.passed{color:#1a7f37}.failed{color:#cf222e;font-weight:700}.error{color:#bc4c00;font-weight:700}',
  '.waived{color:#9a6700}.skipped,.not-in-this-run{color:#6e7781}',
  '.PASSED{color:#1a7f37}.FAILED{color:#cf222e;font-weight:700}.INCOMPLETE{color:#9a6700;font-weight:700}',
  'summary{cursor:pointer}',
  'dl[data-legend]{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dl[data-legend] dd{margin:0}',
  'details p{margin:4px 0 0;max-width:42ch;font-weight:normal;color:CanvasText}',
].join('');

function statusClass(status: MatrixCellStatus): string {
  return status.replaceAll(' ', '-');
}

function htmlCell(cell: MatrixCell, column: MatrixColumn): string {
  const e = escapeHtml;
  const attributes =
    `data-column="${column.number}" data-status="${e(cell.status)}" class="${statusClass(cell.status)}"` +
    (cell.reason ? ` title="${e(cell.reason)}"` : '');
  const word = MATRIX_CELL_WORD[cell.status];
  if (!cell.reason || cell.status === 'not in this run') return `<td ${attributes}>${word}</td>`;
  return `<td ${attributes}><details><summary>${word}</summary><p data-reason>${e(cell.reason)}</p></details></td>`;
}

export function renderMatrixHtml(matrix: Matrix): string {
  const e = escapeHtml;
  const columns = matrix.columns;
  const legend = columns
    .map(
      (column) =>
        `<tr data-run="${column.number}"><td>[${column.number}]</td><td>${e(column.target)}</td><td>${e(column.serverVersion)}</td>` +
        `<td>${e(column.profile)}</td><td>${e(column.write)}</td><td class="${column.verdict}">${column.verdict}</td>` +
        `<td>${e(column.date ?? '—')}</td><td>${e(column.source)}</td></tr>`,
    )
    .join('');
  const heads = columns
    .map(
      (column) =>
        `<th scope="col" data-column="${column.number}">[${column.number}]<br><span data-target>${e(column.target)}</span>` +
        `<br><span data-version>Rocket.Chat ${e(column.serverVersion)}</span><br><span data-profile>profile ${e(column.profile)}</span>` +
        `${column.distinguisher ? `<br><span data-run-folder>${e(column.distinguisher)}</span>` : ''}</th>`,
    )
    .join('');
  const bodies = matrix.groups
    .map((group) => {
      const rows = group.rows
        .map(
          (row) =>
            `<tr data-check="${e(row.check)}" data-differs="${row.differs}" id="${e(`check-${row.check}`)}">` +
            `<th scope="row"${row.title ? ` title="${e(row.title)}"` : ''}>${e(row.check)}${row.differs ? ' <span class="differs">differs</span>' : ''}</th>` +
            `${row.cells.map((cell, index) => htmlCell(cell, columns[index] as MatrixColumn)).join('')}</tr>`,
        )
        .join('');
      return (
        `<tbody data-family="${e(group.family)}"><tr class="family"><th colspan="${columns.length + 1}">` +
        `@${e(group.family)} — ${e(group.title)}</th></tr>${rows}</tbody>`
      );
    })
    .join('');
  const differing =
    matrix.differing.length === 0
      ? ''
      : `<p data-differing>Differ: ${matrix.differing.map((id) => `<a href="#${e(`check-${id}`)}">${e(id)}</a>`).join(', ')}.</p>`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>rooms.get conformance matrix</title>',
    `<style>${STYLE}</style></head><body>`,
    '<h1>rooms.get conformance matrix</h1>',
    `<p data-matrix-line><b>${e(matrixLine(matrix))}.</b> Click a status to see why; — marks a check the run did not have.</p>`,
    differing,
    '<table data-runs><thead><tr><th>Run</th><th>Target</th><th>Rocket.Chat</th><th>Profile</th><th>Write mode</th>',
    `<th>Verdict</th><th>Date</th><th>From</th></tr></thead><tbody>${legend}</tbody></table>`,
    `<table data-matrix><thead><tr><th scope="col">Check</th>${heads}</tr></thead>${bodies}</table>`,
    `<dl data-legend>${legendEntries()
      .map(
        ({ mark, meaning }) =>
          `<dt class="${mark === 'differs' ? 'differs' : statusClass(mark)}">${mark === 'differs' ? 'differs' : MATRIX_CELL_WORD[mark]}</dt><dd>${e(meaning)}</dd>`,
      )
      .join('')}</dl>`,
    '</body></html>',
    '',
  ].join('\n');
}
