import type { DocumentationFindings } from '../contract/documentation-findings.js';
import type { DriftReport } from '../contract/drift.js';
import {
  CHANGE_MARK,
  htmlChangeMark,
  renderBaselineHtml,
  renderBaselineMarkdown,
} from './baseline-render.js';
import { escapeHtml } from './escape-html.js';
import { HTML_MARK, MARK, markdownCell as cell, VERDICT_COLOUR } from './status-marks.js';
import { type ConformanceSummary, PREFLIGHT_STEPS, type PreflightStop, stopReason } from './summary.js';

/**
 * The conformance summary as text: reports/conformance.md, the block at the top of the HTML report, and
 * the verdict line printed at the end of a run. Words before colour (a signing laptop may lack emoji).
 */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "rooms.get conformance: INCOMPLETE — 18 of 37 checks were judged, …" */
export function renderVerdictLine(summary: ConformanceSummary): string {
  return `rooms.get conformance: ${summary.verdict} — ${summary.verdictLine}`;
}

export function renderMarkdown(summary: ConformanceSummary): string {
  const { run, counts, timing, stop } = summary;
  const lines: string[] = [
    `# rooms.get conformance: ${summary.verdict}`,
    '',
    `**${summary.verdictLine}.**`,
    '',
    // A stopped run: why, once, before anything else.
    ...(stop
      ? [`**Preflight stopped the run** (${stopKind(stop)}):`, '', '```text', stop.message, '```', '']
      : []),
    `- Target: ${run.target} — Rocket.Chat ${run.serverVersion}`,
    ...(run.versionNote ? [`- Note: ${run.versionNote}`] : []),
    `- Profile: ${run.profile} · write mode: ${run.write}`,
    `- Contract hash: ${run.contractHash} · suite version: ${run.suiteVersion}`,
    ...(stop ? [`- Preflight: ${preflightSteps(stop)}`] : []),
    `- Date: ${timing.date} (${seconds(timing.durationMs)})`,
    `- Checks: ${counts.passed} passed, ${counts.failed} failed, ${counts.error} errors, ${counts.waived} waived, ` +
      `${counts.skipped} skipped (of ${summary.planned})`,
    // What changed since the signed-off run is what a release manager reads first.
    ...(summary.baseline ? ['', ...renderBaselineMarkdown(summary.baseline, run)] : []),
    '',
    // A stopped run's checks are one line, not a row each repeating why.
    ...(stop ? [`**${notRunLine(summary, stop)}.**`] : familyTablesMarkdown(summary)),
  ];
  const failed = summary.families.flatMap((family) => family.checks).filter((row) => row.evidence);
  if (failed.length > 0) {
    lines.push('', '## Failures in full', '');
    for (const row of failed) {
      lines.push(`### ${row.check}`, '', '```text', ...(row.evidence ?? []), '```', '');
    }
    lines.pop();
  }
  if (summary.notApplicable.length > 0) {
    lines.push('', '## Not applicable to this configuration', '');
    for (const entry of summary.notApplicable) lines.push(`- ${entry.check}: ${cell(entry.reason)}`);
  }
  if (summary.unclassified.length > 0) {
    lines.push('', '## Tests without a known check', '');
    for (const test of summary.unclassified)
      lines.push(`- ${MARK[test.status]}: ${test.title} ${cell(test.reason)}`);
  }
  lines.push('', '## Waivers that accepted a deviation', '');
  if (summary.waivers.length === 0) lines.push('None.');
  for (const waiver of summary.waivers) lines.push(`- ${cell(waiver)}`);
  lines.push('', '## Rate limits, retries and clock skew', '');
  lines.push(
    `Waited ${seconds(timing.rateLimitWaitMs)} on rate limits. Transport retries: ${summary.retries.transport}. ` +
      `Test retries: ${summary.retries.test}.`,
  );
  lines.push(
    summary.clockSkew
      ? `Clock skew between the server's instances was observed: writes stamped up to ${summary.clockSkew.maxMs} ms ` +
          `earlier than an earlier write (${summary.clockSkew.observations === 1 ? 'once' : `${summary.clockSkew.observations} times`}, in ${summary.clockSkew.checks.join(', ')}). ` +
          'The checks waited for the server’s own timestamps to show the order they need.'
      : 'No clock skew between server instances was observed.',
  );
  lines.push('', ...renderDocumentationMarkdown(summary), '', ...renderDriftMarkdown(summary.drift));
  return `${lines.join('\n')}\n`;
}

/** The family table, then each family's checks, a row each. */
function familyTablesMarkdown(summary: ConformanceSummary): string[] {
  const { run } = summary;
  const lines = [
    '| Family | Result | Passed | Failed | Errors | Waived | Skipped |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...summary.families.map(
      (family) =>
        `| @${family.family} — ${family.title} | ${MARK[family.status]} | ${family.counts.passed} | ` +
        `${family.counts.failed} | ${family.counts.error} | ${family.counts.waived} | ${family.counts.skipped} |`,
    ),
  ];
  for (const family of summary.families) {
    lines.push('', `## @${family.family} — ${family.title}`, '');
    if (family.checks.length === 0) {
      lines.push(`No check of this family belongs to the ${run.profile} profile.`);
      continue;
    }
    const compared = summary.baseline !== undefined;
    lines.push(
      `| Check | Profile | Result | Why | Notes |${compared ? ' Since baseline |' : ''}`,
      `| --- | --- | --- | --- | --- |${compared ? ' --- |' : ''}`,
    );
    for (const row of family.checks) {
      const tests = row.tests > 1 ? ` (${row.tests} tests)` : '';
      const change = compared ? ` ${row.change ? CHANGE_MARK[row.change] : ''} |` : '';
      lines.push(
        `| ${row.check}${tests} | ${row.profile} | ${MARK[row.status]} | ${cell(row.reason)} | ${cell(row.notes.join('; '))} |${change}`,
      );
    }
  }
  return lines;
}

function stopKind(stop: PreflightStop): string {
  return stop.kind === 'configuration' ? 'a configuration error' : 'the target is unusable';
}

/** "reach the server (GET /api/info): done → log in: stopped the run" */
function preflightSteps(stop: PreflightStop): string {
  const at = PREFLIGHT_STEPS.indexOf(stop.step);
  return [
    ...PREFLIGHT_STEPS.slice(0, at).map((step) => `${step}: done`),
    `${stop.step}: stopped the run`,
  ].join(' → ');
}

/** "37 checks not run: preflight stopped the run when it tried to log in" */
function notRunLine(summary: ConformanceSummary, stop: PreflightStop): string {
  return `${summary.planned} ${summary.planned === 1 ? 'check' : 'checks'} not run: ${stopReason(stop)}`;
}

/** A sentence for each room field whose documented type rules out what Rocket.Chat's typings allow. */
export function typingsDisagreementLines(doc: DocumentationFindings): string[] {
  return (doc.typings ?? []).map(
    ({ field, documented, typed, releases }) =>
      `The documentation types room field \`${field}\` as ${documented.join(' or ')}; Rocket.Chat's typings ${releases.join(' and ')} also allow ${typed.join(' or ')}. The documented profile accepts those.`,
  );
}

function renderDocumentationMarkdown(summary: ConformanceSummary): string[] {
  const lines = ['## Documentation findings (not about the server)', ''];
  const doc = summary.documentation;
  if (!doc) return [...lines, 'The documentation self-check did not run.'];
  const typings = typingsDisagreementLines(doc).map((line) => `- ${line}`);
  if (doc.consistent) return [...lines, `- ${doc.subject}: consistent.`, ...typings];
  return [
    ...lines,
    `- ${doc.subject}: the example breaks its own schema:`,
    ...doc.violations.map((line) => `  - \`${line}\``),
    ...typings,
  ];
}

const LIST_LIMIT = 12;

function listed(items: string[]): string {
  const shown = items.slice(0, LIST_LIMIT).map((item) => `\`${item}\``);
  if (items.length > LIST_LIMIT) shown.push(`and ${items.length - LIST_LIMIT} more (reports/drift.json)`);
  return shown.join(', ');
}

export function renderDriftMarkdown(drift: DriftReport | undefined): string[] {
  const lines = ['## Drift from the documented schema (informational)', ''];
  if (!drift || drift.responses === 0) {
    lines.push('No rooms.get 200 response was observed, so there is nothing to compare.');
    return lines;
  }
  lines.push(
    `From ${drift.responses} responses holding ${drift.roomsSeen} rooms. Never fails a run; it lists what the documentation could add.`,
    drift.typings
      ? `Each room field seen is documented, typed by Rocket.Chat (its published typings, release ${drift.typings.release}: ${drift.typings.note}) or declared nowhere.`
      : 'No typings of Rocket.Chat were available (`npm run schemas`): undocumented fields are not sorted further.',
    '',
  );
  if (drift.undocumentedRoomFields.length === 0) lines.push('- Every room field seen is documented.');
  for (const entry of drift.undocumentedRoomFields) {
    const rooms = `rooms of type \`${entry.t}\` (${entry.rooms} rooms)`;
    const typed = entry.fields.filter((field) => field.typedBy !== undefined).map((field) => field.path);
    const nowhere = entry.fields.filter((field) => field.typedBy === undefined).map((field) => field.path);
    if (!drift.typings) lines.push(`- Undocumented fields in ${rooms}: ${listed(nowhere)}`);
    else {
      if (typed.length > 0)
        lines.push(
          `- Undocumented, typed by Rocket.Chat ${drift.typings.release}, in ${rooms}: ${listed(typed)}`,
        );
      if (nowhere.length > 0) lines.push(`- Declared nowhere, in ${rooms}: ${listed(nowhere)}`);
    }
  }
  if (drift.undocumentedResponseFields.length > 0) {
    lines.push(`- Undocumented fields outside \`update[]\`: ${listed(drift.undocumentedResponseFields)}`);
  }
  lines.push(
    drift.documentedNeverSeen.length === 0
      ? '- Every documented room field was seen.'
      : `- Documented room fields never seen: ${listed(drift.documentedNeverSeen)}`,
  );
  lines.push(
    drift.undocumentedRoomTypes.length === 0
      ? `- Every room type seen is one of ${drift.documentedRoomTypes.join(', ')}.`
      : `- Room types outside ${drift.documentedRoomTypes.join(', ')}: ${drift.undocumentedRoomTypes.map((entry) => `\`${entry.t}\` (${entry.rooms} rooms)`).join(', ')}`,
  );
  if (drift.truncated) lines.push('- Some responses had too many distinct fields; the inventory was cut.');
  return lines;
}

/**
 * The summary as a self-contained HTML block, put at the top of the HTML report. Inline styles only, so
 * it renders the same whatever the report's own stylesheet does.
 */
export function renderHtml(summary: ConformanceSummary): string {
  const e = (text: string | undefined): string => escapeHtml(text ?? '');
  const { run, counts, timing, stop } = summary;
  const colour = VERDICT_COLOUR[summary.verdict];
  const familyRows = summary.families
    .map(
      (family) =>
        `<tr data-family="${e(family.family)}"><td>@${e(family.family)} — ${e(family.title)}</td>` +
        `<td>${HTML_MARK[family.status]}</td><td>${family.counts.passed}</td><td>${family.counts.failed}</td>` +
        `<td>${family.counts.error}</td><td>${family.counts.waived}</td><td>${family.counts.skipped}</td></tr>`,
    )
    .join('');
  const compared = summary.baseline !== undefined;
  const checkBlocks = summary.families
    .map((family) => {
      const rows = family.checks
        .map(
          (row) =>
            `<tr data-check="${e(row.check)}" data-status="${row.status}" data-profile="${row.profile}"${row.change ? ` data-change="${row.change}"` : ''}><td>${e(row.check)}${row.tests > 1 ? ` (${row.tests} tests)` : ''}</td>` +
            `<td>${e(row.profile)}</td><td>${HTML_MARK[row.status]}</td><td>${e(row.reason)}</td><td>${e(row.notes.join('; '))}</td>` +
            `${compared ? `<td>${htmlChangeMark(row.change)}</td>` : ''}</tr>`,
        )
        .join('');
      const body = rows
        ? `<table style="border-collapse:collapse;width:100%"><tr><th align="left">Check</th><th align="left">Profile</th><th align="left">Result</th><th align="left">Why</th><th align="left">Notes</th>${compared ? '<th align="left">Since baseline</th>' : ''}</tr>${rows}</table>`
        : `<p>No check of this family belongs to the ${e(run.profile)} profile.</p>`;
      const open = family.status === 'failed' || family.status === 'error' ? ' open' : '';
      return `<details${open} data-family-details="${e(family.family)}"><summary>@${e(family.family)} — ${e(family.title)}: ${HTML_MARK[family.status]}</summary>${body}</details>`;
    })
    .join('');
  const waivers =
    summary.waivers.length === 0
      ? '<p>Waivers that accepted a deviation: none.</p>'
      : `<p>Waivers that accepted a deviation:</p><ul>${summary.waivers.map((waiver) => `<li>${e(waiver)}</li>`).join('')}</ul>`;
  const lists = (lines: string[]) =>
    lines
      .slice(2)
      .filter((line) => line.length > 0)
      .map((line) => `<li>${e(line.replace(/^\s*- /, '').replaceAll('`', ''))}</li>`)
      .join('');
  return [
    `<section id="conformance-summary" data-verdict="${summary.verdict}" style="font:14px/1.45 system-ui,sans-serif;`,
    `margin:12px auto;max-width:1100px;padding:12px 16px;border-radius:6px;border:2px solid ${colour};`,
    'background:Canvas;color:CanvasText">',
    `<h2 style="margin:0 0 6px">rooms.get conformance: <span style="color:${colour}">${summary.verdict}</span></h2>`,
    `<p style="margin:0 0 6px" data-verdict-line><b>${e(summary.verdictLine)}.</b></p>`,
    stop
      ? `<div data-stop="${stop.kind}" data-stop-step="${e(stop.step)}" style="margin:0 0 6px"><b>Preflight stopped the run</b> (${e(stopKind(stop))}):` +
        `<pre style="white-space:pre-wrap;margin:4px 0">${e(stop.message)}</pre></div>`
      : '',
    `<p style="margin:0">Target <b>${e(run.target)}</b> — Rocket.Chat <b>${e(run.serverVersion)}</b> · profile ${e(run.profile)}`,
    ` · write mode ${e(run.write)} · contract ${e(run.contractHash)} · suite ${e(run.suiteVersion)} · ${e(timing.date)}</p>`,
    run.versionNote ? `<p style="margin:4px 0">${e(run.versionNote)}</p>` : '',
    stop ? `<p style="margin:4px 0" data-preflight-steps>Preflight: ${e(preflightSteps(stop))}</p>` : '',
    `<p style="margin:4px 0">Checks: ${counts.passed} passed, ${counts.failed} failed, ${counts.error} errors, ${counts.waived} waived, ${counts.skipped} skipped (of ${summary.planned}).`,
    ` Rate-limit waits ${e(seconds(timing.rateLimitWaitMs))}; transport retries ${summary.retries.transport};`,
    ` test retries ${summary.retries.test}${summary.clockSkew ? `; clock skew observed up to ${summary.clockSkew.maxMs} ms` : ''}. <a href="conformance.md">conformance.md</a></p>`,
    summary.baseline ? renderBaselineHtml(summary.baseline, run) : '',
    // A stopped run's checks are one line, not a row each repeating why.
    stop
      ? `<p data-not-run><b>${e(notRunLine(summary, stop))}.</b></p>`
      : `<table style="border-collapse:collapse"><tr><th align="left">Family</th><th align="left">Result</th><th>Passed</th>` +
        `<th>Failed</th><th>Errors</th><th>Waived</th><th>Skipped</th></tr>${familyRows}</table>${checkBlocks}`,
    waivers,
    `<details data-documentation><summary>Documentation findings (not about the server)</summary><ul>${lists(renderDocumentationMarkdown(summary))}</ul></details>`,
    `<details><summary>Drift from the documented schema (informational)</summary><ul>${lists(renderDriftMarkdown(summary.drift))}</ul></details>`,
    '</section>',
  ].join('');
}
