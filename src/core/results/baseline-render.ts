import type { BaselineComparison, CheckChange, CheckComparison } from './baseline.js';
import { escapeHtml } from './escape-html.js';
import { HTML_MARK, MARK, markdownCell } from './status-marks.js';

/**
 * The baseline comparison as text: the "Since the baseline" section at the top of conformance.md and of
 * the HTML summary block, the mark in each check row, and the line printed after the verdict line. New
 * failures come first, and are listed even when there are none (a sign-off wants to read "None").
 */
const HEADINGS: Readonly<Record<CheckChange, string>> = {
  'new failure': 'New failures',
  fixed: 'Fixed',
  'still failing': 'Still failing',
  'new check': 'New checks',
  unchanged: 'Unchanged',
};

/** How a row of a family table is marked in conformance.md: what needs attention is bold. */
export const CHANGE_MARK: Readonly<Record<CheckChange, string>> = {
  'new failure': '**new failure**',
  fixed: '**fixed**',
  'still failing': 'still failing',
  'new check': 'new check',
  unchanged: 'unchanged',
};

const HTML_CHANGE_MARK: Readonly<Record<CheckChange, string>> = {
  'new failure': '<b style="color:#cf222e">new failure</b>',
  fixed: '<b style="color:#1a7f37">fixed</b>',
  'still failing': '<span style="color:#9a6700">still failing</span>',
  'new check': '<span>new check</span>',
  unchanged: '<span style="color:#6e7781">unchanged</span>',
};

/** Groups listed in the section; unchanged checks are only counted (their rows are marked below). */
const LISTED: readonly CheckChange[] = ['new failure', 'fixed', 'still failing', 'new check'];

/**
 * "2 new failures, 1 fixed, 3 still failing, 1 new check, 30 unchanged, 1 no longer checked"; with
 * `naming`, the new failures' check ids follow their count.
 */
function changeCounts(comparison: BaselineComparison, naming = false): string {
  const { counts } = comparison;
  const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const failures = comparison.checks.filter((entry) => entry.change === 'new failure');
  const named = naming && failures.length > 0 ? ` (${failures.map((entry) => entry.check).join(', ')})` : '';
  return [
    plural(counts['new failure'], 'new failure', 'new failures') + named,
    `${counts.fixed} fixed`,
    `${counts['still failing']} still failing`,
    plural(counts['new check'], 'new check', 'new checks'),
    `${counts.unchanged} unchanged`,
    `${counts['no longer checked']} no longer checked`,
  ].join(', ');
}

/** Printed under the verdict line: "since the baseline <file>: 2 new failures (a, b), 1 fixed, …". */
export function renderBaselineLine(comparison: BaselineComparison): string {
  return `since the baseline ${comparison.source}: ${changeCounts(comparison, true)}`;
}

/** The two facts that say whether the baseline was judged by the same suite against the same contract. */
function provenance(comparison: BaselineComparison, current: RunIdentity): string[] {
  const { baseline } = comparison;
  if (comparison.sameSuiteVersion && comparison.sameContract) {
    return [
      `Same suite version (${current.suiteVersion}) and contract hash (${current.contractHash}) as the baseline.`,
    ];
  }
  return [
    comparison.sameSuiteVersion
      ? `Same suite version as the baseline: ${current.suiteVersion}.`
      : `Another suite version: the baseline's is ${baseline.suiteVersion}, this run's ${current.suiteVersion}. Checks are still compared by id.`,
    comparison.sameContract
      ? `Same contract hash as the baseline: ${current.contractHash}.`
      : `Another contract: the baseline's hash is ${baseline.contractHash}, this run's ${current.contractHash}. Checks are still compared by id.`,
  ];
}

interface RunIdentity {
  suiteVersion: string;
  contractHash: string;
}

/** "verdict FAILED, https://… (Rocket.Chat 7.4.1), profile strict, <date>" */
function baselineFacts(comparison: BaselineComparison): string {
  const { baseline } = comparison;
  return (
    `verdict ${baseline.verdict}, ${baseline.target} (Rocket.Chat ${baseline.serverVersion}), profile ${baseline.profile}` +
    (baseline.date ? `, ${baseline.date}` : '')
  );
}

/** Why the check does not pass now, or, for a fixed one, why it did not pass in the baseline. */
function why(entry: CheckComparison): string {
  if (!entry.reason) return '';
  return entry.change === 'fixed' ? `before: ${entry.reason}` : entry.reason;
}

export function renderBaselineMarkdown(comparison: BaselineComparison, current: RunIdentity): string[] {
  const lines = [
    '## Since the baseline',
    '',
    `Baseline: \`${comparison.source}\` — ${baselineFacts(comparison)}. Checks are compared by id.`,
    '',
    ...provenance(comparison, current).map((line) => `- ${line}`),
    '',
    `**${changeCounts(comparison)}.**`,
  ];
  for (const change of LISTED) {
    const entries = comparison.checks.filter((entry) => entry.change === change);
    if (entries.length === 0 && change !== 'new failure') continue;
    lines.push('', `### ${HEADINGS[change]} (${entries.length})`, '');
    if (entries.length === 0) {
      lines.push('None.');
      continue;
    }
    lines.push('| Check | Was | Now | Why |', '| --- | --- | --- | --- |');
    for (const entry of entries) {
      const was = entry.was ? MARK[entry.was] : '—';
      lines.push(`| ${entry.check} | ${was} | ${MARK[entry.now]} | ${markdownCell(why(entry))} |`);
    }
  }
  if (comparison.noLongerChecked.length > 0) {
    lines.push('', `### No longer checked (${comparison.noLongerChecked.length})`, '');
    lines.push('| Check | Was |', '| --- | --- |');
    for (const entry of comparison.noLongerChecked) lines.push(`| ${entry.check} | ${MARK[entry.was]} |`);
  }
  if (comparison.counts.unchanged > 0) {
    lines.push('', `${comparison.counts.unchanged} unchanged: marked in the tables below.`);
  }
  return lines;
}

export function renderBaselineHtml(comparison: BaselineComparison, current: RunIdentity): string {
  const e = (text: string | undefined): string => escapeHtml(text ?? '');
  const table = (head: string[], rows: string[]) =>
    `<table style="border-collapse:separate;border-spacing:10px 2px;margin-left:-10px"><tr>${head.map((name) => `<th align="left">${name}</th>`).join('')}</tr>${rows.join('')}</table>`;
  const groups = LISTED.flatMap((change) => {
    const entries = comparison.checks.filter((entry) => entry.change === change);
    if (entries.length === 0 && change !== 'new failure') return [];
    const heading = `<h4 style="margin:8px 0 2px">${HEADINGS[change]} (${entries.length})</h4>`;
    if (entries.length === 0) return [`<div data-change-group="${change}">${heading}<p>None.</p></div>`];
    const rows = entries.map(
      (entry) =>
        `<tr data-baseline-check="${e(entry.check)}" data-change="${change}" data-was="${entry.was ?? ''}" data-now="${entry.now}">` +
        `<td>${e(entry.check)}</td><td>${entry.was ? HTML_MARK[entry.was] : '—'}</td><td>${HTML_MARK[entry.now]}</td><td>${e(why(entry))}</td></tr>`,
    );
    return [
      `<div data-change-group="${change}">${heading}${table(['Check', 'Was', 'Now', 'Why'], rows)}</div>`,
    ];
  });
  if (comparison.noLongerChecked.length > 0) {
    const rows = comparison.noLongerChecked.map(
      (entry) =>
        `<tr data-baseline-check="${e(entry.check)}" data-change="no longer checked" data-was="${entry.was}">` +
        `<td>${e(entry.check)}</td><td>${HTML_MARK[entry.was]}</td></tr>`,
    );
    groups.push(
      `<div data-change-group="no longer checked"><h4 style="margin:8px 0 2px">No longer checked (${rows.length})</h4>${table(['Check', 'Was'], rows)}</div>`,
    );
  }
  return [
    '<div data-baseline style="margin:8px 0;padding:6px 10px;border:1px solid #d0d7de;border-radius:6px">',
    '<h3 style="margin:0 0 4px">Since the baseline</h3>',
    `<p style="margin:0 0 4px">Baseline: <code>${e(comparison.source)}</code> — ${e(baselineFacts(comparison))}. Checks are compared by id.</p>`,
    `<ul style="margin:0 0 4px">${provenance(comparison, current)
      .map((line) => `<li>${e(line)}</li>`)
      .join('')}</ul>`,
    `<p style="margin:0" data-baseline-counts><b>${e(changeCounts(comparison))}.</b></p>`,
    ...groups,
    comparison.counts.unchanged > 0
      ? `<p style="margin:4px 0 0">${comparison.counts.unchanged} unchanged: marked in the tables below.</p>`
      : '',
    '</div>',
  ].join('');
}

export function htmlChangeMark(change: CheckChange | undefined): string {
  return change ? HTML_CHANGE_MARK[change] : '';
}
