import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from '../../core/secrets/redact.js';
import type { ConformanceSummary } from '../../core/results/summary.js';
import { renderHtml, renderMarkdown } from '../../core/results/summary-render.js';
import { readZipEntries, writeZipEntries } from '../../core/results/zip-entries.js';
import { type FinishedRun, RunSummaryReporter, UNKNOWN } from './run-summary.js';

/**
 * What the conformance run adds to Playwright's HTML report (reports/html), after the html reporter has
 * written it:
 * - the conformance summary at the top: Playwright's report has no slot for run-level content (custom
 *   `metadata` is hidden behind a settings toggle, and attachments belong to tests), so the summary is
 *   written into index.html as a static block before the app's root element — plain HTML, visible with or
 *   without the app, verified in a browser by report-check/;
 * - conformance.md beside index.html, so the block's link works wherever the folder is published;
 * - the report's title, naming verdict, target and server version: the html reporter's title option is
 *   fixed when the configuration loads, before preflight knows the version, so the title is set in the
 *   report's own data (report.json in the embedded archive). A PLAYWRIGHT_HTML_TITLE the user set wins.
 */
export interface HtmlSummaryReporterOptions {
  /** The html reporter's output folder. */
  htmlDir: string;
  /** The title when the run never learned its target (the configuration's). */
  fallbackTitle: string;
}

export default class HtmlSummaryReporter extends RunSummaryReporter<HtmlSummaryReporterOptions> {
  protected onRunEnd({ summary, redactor }: FinishedRun): void {
    const { htmlDir, fallbackTitle } = this.options;
    const title = process.env.PLAYWRIGHT_HTML_TITLE || htmlTitle(summary, fallbackTitle);
    injectSummary(htmlDir, summary, redactor, title);
  }
}

/** "rooms.get conformance: PASSED — <target> (Rocket.Chat <version>)" once the target is known. */
function htmlTitle(summary: ConformanceSummary, fallback: string): string {
  return summary.run.target === UNKNOWN
    ? fallback
    : `rooms.get conformance: ${summary.verdict} — ${summary.run.target} (Rocket.Chat ${summary.run.serverVersion})`;
}

const SUMMARY_MARKER = '<!-- conformance-summary -->';
const REPORT_DATA =
  /(<template id="playwrightReportBase64">data:application\/zip;base64,)([A-Za-z0-9+/=]*)(<\/template>)/;

/** Returns whether there was an HTML report to complete. */
function injectSummary(
  htmlDir: string,
  summary: ConformanceSummary,
  redactor: Redactor,
  title: string,
): boolean {
  const index = join(htmlDir, 'index.html');
  if (!existsSync(index)) return false;
  let html = readFileSync(index, 'utf8');
  if (html.includes(SUMMARY_MARKER)) return true;
  const root = html.search(/<div id=['"]root['"]>/);
  if (root < 0) {
    throw new Error(
      `cannot place the conformance summary: no root element in ${index} (Playwright changed it?)`,
    );
  }
  const block = `${SUMMARY_MARKER}${redactor.redact(renderHtml(summary))}\n    `;
  html = html.slice(0, root) + block + html.slice(root);
  writeFileSync(index, retitle(html, redactor.redact(title), index));
  writeFileSync(join(htmlDir, 'conformance.md'), redactor.redact(renderMarkdown(summary)));
  return true;
}

/** The report's data with `options.title` set: what the app shows as the report's title. */
function retitle(html: string, title: string, index: string): string {
  const data = html.match(REPORT_DATA);
  if (!data) throw new Error(`cannot title the report: no report data in ${index} (Playwright changed it?)`);
  const entries = readZipEntries(Buffer.from(data[2] ?? '', 'base64')).map((entry) => {
    if (entry.name !== 'report.json') return entry;
    const report = JSON.parse(entry.data.toString('utf8')) as { options?: Record<string, unknown> };
    report.options = { ...report.options, title };
    return { name: entry.name, data: Buffer.from(JSON.stringify(report)) };
  });
  const encoded = writeZipEntries(entries).toString('base64');
  return html.replace(
    REPORT_DATA,
    (_match, open: string, _old: string, close: string) => open + encoded + close,
  );
}
