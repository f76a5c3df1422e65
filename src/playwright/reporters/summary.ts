import type { DriftReport } from '../../core/drift.js';
import { escapeHtml } from '../../core/leak-scan.js';

/**
 * The conformance summary a release is signed off from: what was checked (target, version, profile,
 * contract), one row per clause with its result and why, the waivers in force, and what the run spent
 * on rate limits and retries. Pure data and rendering — the reporter feeds it, unit tests pin it.
 *
 * Everything in it is in a stable order (families fixed, clauses and reasons sorted), so a run split
 * over shards and merged gives the same summary as one unsharded run; only the `timing` block differs.
 */
export const FAMILIES = ['shape', 'auth', 'updatedSince', 'dm'] as const;
export type Family = (typeof FAMILIES)[number];

const FAMILY_TITLES: Record<Family, string> = {
  shape: '200 response shape',
  auth: '401 error body',
  updatedSince: 'updatedSince semantics',
  dm: 'direct-message _id rules',
};

export type CheckStatus = 'passed' | 'failed' | 'waived' | 'skipped';
/** Worst first: a clause takes the status of its worst test. */
const PRECEDENCE: CheckStatus[] = ['failed', 'waived', 'passed', 'skipped'];

/** One test as the reporter classified it. */
export interface CheckRecord {
  /** The test's title path, for tests without a usable clause annotation. */
  title: string;
  /** `<family>/<check-id>` from the `clause` annotation, if any. */
  clause: string | undefined;
  status: CheckStatus;
  /** Why it failed / was skipped / was waived; one line, already redacted. */
  reason: string | undefined;
  /** `<id>: <reason> (<source>)` from the `waiver` annotation. */
  waiver: string | undefined;
  rateLimitWaitMs: number;
  transportRetries: number;
  /** Playwright retries of the test (results beyond the first). */
  testRetries: number;
}

export interface RunFacts {
  target: string;
  serverVersion: string;
  profile: string;
  write: string;
  contractHash: string;
  suiteVersion: string;
}

export interface ClauseRow {
  clause: string;
  status: CheckStatus;
  tests: number;
  reason: string | undefined;
}

export interface FamilySummary {
  family: Family;
  title: string;
  status: CheckStatus | 'not run';
  counts: Record<CheckStatus, number>;
  clauses: ClauseRow[];
}

export interface ConformanceSummary {
  verdict: 'passed' | 'failed';
  run: RunFacts;
  /** Tests run (a clause may have several, e.g. one per auth variant). */
  tests: number;
  /** Per clause. */
  counts: Record<CheckStatus, number>;
  families: FamilySummary[];
  /** Tests without a `clause` annotation naming one of the four families: a suite defect, shown. */
  unclassified: Array<{ title: string; status: CheckStatus; reason: string | undefined }>;
  waivers: string[];
  retries: { transport: number; test: number };
  drift: DriftReport | undefined;
  /** Differs between runs of the same suite; everything else must not. */
  timing: { date: string; durationMs: number; rateLimitWaitMs: number };
}

export function buildSummary(input: {
  run: RunFacts;
  checks: CheckRecord[];
  drift: DriftReport | undefined;
  startTime: Date;
  durationMs: number;
}): ConformanceSummary {
  const checks = [...input.checks].sort((a, b) => compare(a.title, b.title));
  const byClause = new Map<string, CheckRecord[]>();
  const unclassified: ConformanceSummary['unclassified'] = [];
  for (const check of checks) {
    const family = check.clause?.split('/')[0];
    if (
      check.clause &&
      FAMILIES.includes(family as Family) &&
      check.clause.length > (family?.length ?? 0) + 1
    ) {
      byClause.set(check.clause, [...(byClause.get(check.clause) ?? []), check]);
    } else {
      unclassified.push({ title: check.title, status: check.status, reason: check.reason });
    }
  }

  const families = FAMILIES.map((family): FamilySummary => {
    const clauses = [...byClause]
      .filter(([clause]) => clause.startsWith(`${family}/`))
      .sort(([a], [b]) => compare(a, b))
      .map(([clause, tests]): ClauseRow => {
        const status = worst(tests.map((test) => test.status)) ?? 'skipped';
        const deciding = tests.find((test) => test.status === status);
        const reason = deciding?.reason;
        return { clause, status, tests: tests.length, reason };
      });
    return {
      family,
      title: FAMILY_TITLES[family],
      status: worst(clauses.map((row) => row.status)) ?? 'not run',
      counts: countStatuses(clauses.map((row) => row.status)),
      clauses,
    };
  });

  // Counted per clause (a row of the summary), plus tests that name none.
  const counts = countStatuses([
    ...families.flatMap((family) => family.clauses.map((row) => row.status)),
    ...unclassified.map((test) => test.status),
  ]);
  return {
    tests: checks.length,
    verdict:
      counts.failed > 0 || unclassified.some((check) => check.status === 'failed') ? 'failed' : 'passed',
    run: input.run,
    counts,
    families,
    unclassified,
    waivers: [...new Set(checks.flatMap((check) => (check.waiver ? [check.waiver] : [])))].sort(compare),
    retries: {
      transport: checks.reduce((sum, check) => sum + check.transportRetries, 0),
      test: checks.reduce((sum, check) => sum + check.testRetries, 0),
    },
    drift: input.drift,
    timing: {
      date: input.startTime.toISOString(),
      durationMs: Math.round(input.durationMs),
      rateLimitWaitMs: checks.reduce((sum, check) => sum + check.rateLimitWaitMs, 0),
    },
  };
}

/** The summary without what legitimately differs between two runs of the same suite. */
export function comparableSummary(summary: ConformanceSummary): Omit<ConformanceSummary, 'timing'> {
  const { timing: _timing, ...rest } = summary;
  return rest;
}

function worst(statuses: CheckStatus[]): CheckStatus | undefined {
  return PRECEDENCE.find((status) => statuses.includes(status));
}

function countStatuses(statuses: CheckStatus[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { passed: 0, failed: 0, waived: 0, skipped: 0 };
  for (const status of statuses) counts[status]++;
  return counts;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const MARK: Record<CheckStatus | 'not run', string> = {
  passed: '✅ passed',
  failed: '❌ FAILED',
  waived: '⚠️ waived',
  skipped: '⏭️ skipped',
  'not run': '— not run',
};

/** The HTML block uses words and colour: emoji need fonts a CI box or a signing laptop may not have. */
const HTML_MARK: Record<CheckStatus | 'not run', string> = {
  passed: '<span style="color:#1a7f37">passed</span>',
  failed: '<b style="color:#cf222e">FAILED</b>',
  waived: '<span style="color:#9a6700">waived</span>',
  skipped: '<span style="color:#6e7781">skipped</span>',
  'not run': '<span style="color:#6e7781">not run</span>',
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A markdown table cell: one line, pipes escaped. */
function cell(text: string | undefined): string {
  return (text ?? '').replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
}

export function renderMarkdown(summary: ConformanceSummary): string {
  const { run, counts, timing } = summary;
  const lines: string[] = [
    `# rooms.get conformance: ${summary.verdict === 'passed' ? 'PASSED' : 'FAILED'}`,
    '',
    `- Target: ${run.target} — Rocket.Chat ${run.serverVersion}`,
    `- Profile: ${run.profile} · write mode: ${run.write}`,
    `- Contract hash: ${run.contractHash} · suite version: ${run.suiteVersion}`,
    `- Date: ${timing.date} (${seconds(timing.durationMs)})`,
    `- Checks: ${counts.passed} passed, ${counts.failed} failed, ${counts.waived} waived, ${counts.skipped} skipped ` +
      `(${summary.tests} tests)`,
    '',
    '| Family | Result | Passed | Failed | Waived | Skipped |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...summary.families.map(
      (family) =>
        `| @${family.family} — ${family.title} | ${MARK[family.status]} | ${family.counts.passed} | ` +
        `${family.counts.failed} | ${family.counts.waived} | ${family.counts.skipped} |`,
    ),
  ];
  for (const family of summary.families) {
    lines.push('', `## @${family.family} — ${family.title}`, '');
    if (family.clauses.length === 0) {
      lines.push('No check of this family ran.');
      continue;
    }
    lines.push('| Check | Result | Reason |', '| --- | --- | --- |');
    for (const row of family.clauses) {
      const tests = row.tests > 1 ? ` (${row.tests} tests)` : '';
      lines.push(`| ${row.clause}${tests} | ${MARK[row.status]} | ${cell(row.reason)} |`);
    }
  }
  if (summary.unclassified.length > 0) {
    lines.push('', '## Tests without a clause annotation', '');
    for (const test of summary.unclassified)
      lines.push(`- ${MARK[test.status]}: ${test.title} ${cell(test.reason)}`);
  }
  lines.push('', '## Waivers in force', '');
  if (summary.waivers.length === 0) lines.push('None.');
  for (const waiver of summary.waivers) lines.push(`- ${cell(waiver)}`);
  lines.push(
    '',
    '## Rate limits and retries',
    '',
    `Waited ${seconds(timing.rateLimitWaitMs)} on rate limits (HTTP 429). ` +
      `Transport retries: ${summary.retries.transport}. Test retries: ${summary.retries.test}.`,
  );
  lines.push('', ...renderDriftMarkdown(summary.drift));
  return `${lines.join('\n')}\n`;
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
    `From ${drift.responses} responses holding ${drift.roomsSeen} rooms. Never fails a run; ` +
      'it lists what the documentation could add.',
    '',
  );
  if (drift.undocumentedRoomFields.length === 0) lines.push('- Every room field seen is documented.');
  for (const entry of drift.undocumentedRoomFields) {
    lines.push(
      `- Undocumented fields in rooms of type \`${entry.t}\` (${entry.rooms} rooms): ${listed(entry.fields.map((field) => field.path))}`,
    );
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
      : `- Room types outside ${drift.documentedRoomTypes.join(', ')}: ${drift.undocumentedRoomTypes
          .map((entry) => `\`${entry.t}\` (${entry.rooms} rooms)`)
          .join(', ')}`,
  );
  if (drift.truncated) lines.push('- Some responses had too many distinct fields; the inventory was cut.');
  return lines;
}

/**
 * The summary as a self-contained HTML block, put at the top of the HTML report (see html-summary.ts).
 * Inline styles only, so it renders the same whatever the report's own stylesheet does.
 */
export function renderHtml(summary: ConformanceSummary): string {
  const e = (text: string | undefined): string => escapeHtml(text ?? '');
  const { run, counts, timing } = summary;
  const failed = summary.verdict === 'failed';
  const familyRows = summary.families
    .map(
      (family) =>
        `<tr data-family="${e(family.family)}"><td>@${e(family.family)} — ${e(family.title)}</td>` +
        `<td>${HTML_MARK[family.status]}</td><td>${family.counts.passed}</td><td>${family.counts.failed}</td>` +
        `<td>${family.counts.waived}</td><td>${family.counts.skipped}</td></tr>`,
    )
    .join('');
  const clauseBlocks = summary.families
    .map((family) => {
      const rows = family.clauses
        .map(
          (row) =>
            `<tr data-clause="${e(row.clause)}" data-status="${row.status}"><td>${e(row.clause)}${row.tests > 1 ? ` (${row.tests} tests)` : ''}</td>` +
            `<td>${HTML_MARK[row.status]}</td><td>${e(row.reason)}</td></tr>`,
        )
        .join('');
      const body = rows
        ? `<table style="border-collapse:collapse;width:100%">${rows}</table>`
        : '<p>No check of this family ran.</p>';
      const open = family.status === 'failed' ? ' open' : '';
      return `<details${open} data-family-details="${e(family.family)}"><summary>@${e(family.family)} — ${e(family.title)}: ${HTML_MARK[family.status]}</summary>${body}</details>`;
    })
    .join('');
  const waivers =
    summary.waivers.length === 0
      ? '<p>Waivers in force: none.</p>'
      : `<p>Waivers in force:</p><ul>${summary.waivers.map((waiver) => `<li>${e(waiver)}</li>`).join('')}</ul>`;
  const drift = renderDriftMarkdown(summary.drift)
    .slice(2)
    .filter((line) => line.length > 0)
    .map((line) => `<li>${e(line.replace(/^- /, '').replaceAll('`', ''))}</li>`)
    .join('');
  return [
    `<section id="conformance-summary" data-verdict="${summary.verdict}" style="font:14px/1.45 system-ui,sans-serif;`,
    `margin:12px auto;max-width:1100px;padding:12px 16px;border-radius:6px;border:2px solid ${failed ? '#cf222e' : '#1a7f37'};`,
    'background:Canvas;color:CanvasText">',
    `<h2 style="margin:0 0 6px">rooms.get conformance: ${failed ? 'FAILED' : 'PASSED'}</h2>`,
    `<p style="margin:0">Target <b>${e(run.target)}</b> — Rocket.Chat <b>${e(run.serverVersion)}</b> · profile ${e(run.profile)}`,
    ` · write mode ${e(run.write)} · contract ${e(run.contractHash)} · suite ${e(run.suiteVersion)} · ${e(timing.date)}</p>`,
    `<p style="margin:4px 0">Checks: ${counts.passed} passed, ${counts.failed} failed, ${counts.waived} waived, ${counts.skipped} skipped (${summary.tests} tests).`,
    ` Rate-limit waits ${e(seconds(timing.rateLimitWaitMs))}; transport retries ${summary.retries.transport};`,
    ` test retries ${summary.retries.test}. <a href="conformance.md">conformance.md</a></p>`,
    `<table style="border-collapse:collapse"><tr><th align="left">Family</th><th align="left">Result</th><th>Passed</th>`,
    `<th>Failed</th><th>Waived</th><th>Skipped</th></tr>${familyRows}</table>`,
    clauseBlocks,
    waivers,
    `<details><summary>Drift from the documented schema (informational)</summary><ul>${drift}</ul></details>`,
    '</section>',
  ].join('');
}
