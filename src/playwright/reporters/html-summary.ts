import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceSummary } from '../../core/summary.js';
import { renderHtml } from '../../core/summary-render.js';

/**
 * Puts the conformance summary at the top of the HTML report. Playwright's report has no slot for
 * run-level content (custom `metadata` is hidden behind a settings toggle, and attachments belong to
 * tests), so the summary is written into index.html as a static block before the app's root element:
 * it is plain HTML, visible with or without the app, and report-check/ verifies it in a browser.
 * conformance.md is copied beside index.html so the block's link works wherever the folder is published.
 */
const SUMMARY_MARKER = '<!-- conformance-summary -->';

export function injectSummary(htmlDir: string, summaryJson: string, summaryMarkdown: string): boolean {
  const index = join(htmlDir, 'index.html');
  if (!existsSync(index) || !existsSync(summaryJson)) return false;
  const summary = JSON.parse(readFileSync(summaryJson, 'utf8')) as ConformanceSummary;
  const html = readFileSync(index, 'utf8');
  if (html.includes(SUMMARY_MARKER)) return true;
  const root = html.search(/<div id=['"]root['"]>/);
  if (root < 0) {
    throw new Error(
      `cannot place the conformance summary: no root element in ${index} (Playwright changed it?)`,
    );
  }
  const block = `${SUMMARY_MARKER}${renderHtml(summary)}\n    `;
  writeFileSync(index, html.slice(0, root) + block + html.slice(root));
  if (existsSync(summaryMarkdown)) copyFileSync(summaryMarkdown, join(htmlDir, 'conformance.md'));
  return true;
}
