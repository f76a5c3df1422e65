import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, type Locator, type Page, test } from '@playwright/test';
import type { CheckStatus } from '../src/core/run/check-outcome.js';
import { CHECK_FAMILIES, FAMILY_TITLES } from '../src/core/run/checks.js';
import { REFERENCE_ADMIN_PASSWORD, REFERENCE_CHECKED_PASSWORD } from '../src/core/run/config.js';
import { knownSecrets, scanText } from '../src/core/secrets/leak-scan.js';
import type { ConformanceSummary } from '../src/core/results/summary.js';
import { typingsDisagreementLines } from '../src/core/results/summary-render.js';
import { reportsDirectory } from '../src/core/run/config.js';
import { containsDigestedSecret, readSecretDigests } from '../src/playwright/reporters/secret-digests.js';
import { FAILING_DIR_ENV } from './failing-report.js';
import { CHROMIUM } from './playwright.config.js';

/**
 * What a release manager sees in reports/html, checked in a real browser: the conformance summary above
 * the test list — the verdict word and the verdict line, every family (also one with no check in the
 * profile), one row per planned check with its status, profile and why, the documentation findings apart
 * from the verdict — a failing check with its grouped schema error, and no secret anywhere on the page.
 * Whatever the suite run's verdict was, the page must show that verdict: the expectations come from the
 * run's own conformance.json.
 */
test.skip(
  !existsSync(CHROMIUM),
  `Chromium is not installed at ${CHROMIUM} (apt-get install chromium); .ci/run installs it`,
);

const mainReports = reportsDirectory();

function summaryOf(reportsDir: string): ConformanceSummary {
  return JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as ConformanceSummary;
}

function failingReports(): string {
  const dir = process.env[FAILING_DIR_ENV];
  expect(dir, 'global setup produced no failing report').toBeTruthy();
  return dir as string;
}

async function openReport(page: Page, reportsDir: string): Promise<void> {
  const index = join(reportsDir, 'html', 'index.html');
  expect(existsSync(index), `${index} is missing: run the suite (npx playwright test) first`).toBe(true);
  // A report is a file: nothing on it may reach the network.
  await page.route(/^https?:/, (route) => route.abort());
  await page.goto(pathToFileURL(index).href);
}

/** The word a status is shown with in the summary block. */
const SHOWN: Record<CheckStatus | 'not in this profile', string> = {
  passed: 'passed',
  failed: 'FAILED',
  error: 'ERROR',
  waived: 'waived',
  skipped: 'skipped',
  'not in this profile': 'not in this profile',
};

/** The summary block's head: verdict word, verdict line, run facts, and one row per family. */
async function expectSummaryHead(page: Page, summary: ConformanceSummary): Promise<Locator> {
  const { run } = summary;
  const block = page.locator('#conformance-summary');
  await expect(block).toBeVisible();
  await expect(block).toHaveAttribute('data-verdict', summary.verdict);
  await expect(block.locator('h2')).toHaveText(`rooms.get conformance: ${summary.verdict}`);
  await expect(block.locator('[data-verdict-line]')).toHaveText(`${summary.verdictLine}.`);
  await expect(block).toContainText(`Target ${run.target} — Rocket.Chat ${run.serverVersion}`);
  await expect(block).toContainText(`profile ${run.profile}`);
  await expect(block).toContainText(`contract ${run.contractHash}`);
  for (const family of CHECK_FAMILIES) {
    const shown = summary.families.find((candidate) => candidate.family === family);
    expect(shown, `family @${family} in conformance.json`).toBeDefined();
    const row = block.locator(`tr[data-family="${family}"]`);
    await expect(row, `family @${family}`).toBeVisible();
    await expect(row.locator('td').first()).toHaveText(`@${family} — ${FAMILY_TITLES[family]}`);
    await expect(row.locator('td').nth(1)).toHaveText(SHOWN[shown?.status ?? 'not in this profile']);
  }
  return block;
}

/** Every planned check has exactly one row, with the status and profile conformance.json gives it. */
async function expectCheckRows(block: Locator, summary: ConformanceSummary): Promise<void> {
  const rows = summary.families.flatMap((family) => family.checks);
  expect(rows.length).toBe(summary.planned);
  await expect(block.locator('tr[data-check]')).toHaveCount(summary.planned);
  for (const row of rows) {
    const shown = block.locator(`tr[data-check="${row.check}"]`);
    await expect(shown, row.check).toHaveAttribute('data-status', row.status);
    await expect(shown, row.check).toHaveAttribute('data-profile', row.profile);
  }
}

/** Opens a family's folded details and returns its row for `check`. */
async function openRow(block: Locator, check: string): Promise<Locator> {
  const family = check.split('/')[0] as string;
  const details = block.locator(`details[data-family-details="${family}"]`);
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  const row = details.locator(`tr[data-check="${check}"]`);
  await expect(row).toBeVisible();
  return row;
}

/** The visible text and attribute values of the page — what could show a secret (scripts excluded). */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, line by line, is what a reader sees
    const parts = [document.title, document.body.innerText];
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      if (element.tagName === 'SCRIPT' || element.tagName === 'STYLE' || element.tagName === 'TEMPLATE')
        continue;
      for (const attribute of Array.from(element.attributes)) parts.push(attribute.value);
    }
    return parts.join('\n');
  });
}

function expectNoSecret(text: string, reportsDir: string, extraSecrets: string[] = []): void {
  const findings = scanText(text, [...knownSecrets(), ...extraSecrets], 'page');
  expect(
    findings.map((finding) => finding.form),
    'a configured secret is on the page',
  ).toEqual([]);
  const digests = readSecretDigests(reportsDir);
  expect(digests, 'the run left no secret digests: was it run with the project reporters?').toBeDefined();
  if (digests)
    expect(containsDigestedSecret(text, digests), 'a token the run obtained is on the page').toBe(false);
  expect(text).not.toMatch(/x-auth-token["']?\s*[:=]\s*["']?(?!\[REDACTED\])[A-Za-z0-9_-]{16,}/i);
}

test('the summary tops the report: verdict, verdict line, target, server version and every family', async ({
  page,
}) => {
  await openReport(page, mainReports);
  const summary = summaryOf(mainReports);
  const { run } = summary;
  const block = await expectSummaryHead(page, summary);
  // Above Playwright's own test list, which renders too.
  const firstTest = page.getByRole('link', { name: /^shape\/response-validates: / }).first();
  await expect(firstTest).toBeVisible();
  const [summaryBox, testBox] = [await block.boundingBox(), await firstTest.boundingBox()];
  expect((summaryBox?.y ?? Infinity) < (testBox?.y ?? -Infinity)).toBe(true);
  // The report's own title names verdict, target and version.
  await expect(
    page.getByText(
      `rooms.get conformance: ${summary.verdict} — ${run.target} (Rocket.Chat ${run.serverVersion})`,
    ),
  ).toBeVisible();
});

test('one row per planned check, with its status, profile and why', async ({ page }) => {
  await openReport(page, mainReports);
  const summary = summaryOf(mainReports);
  const block = page.locator('#conformance-summary');
  await expectCheckRows(block, summary);
  const rows = summary.families.flatMap((family) => family.checks);
  if (summary.run.profile === 'strict') {
    // The strict profile runs the documented checks too; each row says which profile it belongs to.
    expect(new Set(rows.map((row) => row.profile))).toEqual(new Set(['documented', 'strict']));
  }
  // A row that was not judged says why, in words, once its family is unfolded.
  const unjudged = rows.find((row) => row.status !== 'passed' && row.reason);
  if (unjudged) {
    const row = await openRow(block, unjudged.check);
    await expect(row.locator('td').nth(2)).toHaveText(SHOWN[unjudged.status]);
    await expect(row.locator('td').nth(3)).toHaveText(unjudged.reason ?? '');
  }
  const passed = rows.find((row) => row.status === 'passed');
  if (passed) {
    const row = await openRow(block, passed.check);
    await expect(row.locator('td').nth(1)).toHaveText(passed.profile);
    await expect(row.locator('td').nth(2)).toHaveText('passed');
  }
});

test('documentation findings are shown apart from the verdict on the server', async ({ page }) => {
  await openReport(page, mainReports);
  const { documentation } = summaryOf(mainReports);
  const details = page.locator('#conformance-summary details[data-documentation]');
  await expect(details.locator('summary')).toHaveText('Documentation findings (not about the server)');
  await details.locator('summary').click();
  expect(documentation, 'the documentation self-check ran').toBeDefined();
  if (!documentation) return;
  const items = details.locator('li');
  // Where the documentation's types rule out what Rocket.Chat's typings allow (the page shows code as text).
  const typings = typingsDisagreementLines(documentation).map((line) => line.replaceAll('`', ''));
  if (documentation.consistent) {
    await expect(items).toHaveText([`${documentation.subject}: consistent.`, ...typings]);
  } else {
    await expect(items).toHaveText([
      `${documentation.subject}: the example breaks its own schema:`,
      ...documentation.violations,
      ...typings,
    ]);
  }
});

test('a failing check shows FAILED, its grouped schema error, and a family not in this profile', async ({
  page,
}) => {
  const reportsDir = failingReports();
  await openReport(page, reportsDir);
  const summary = summaryOf(reportsDir);
  expect(summary.verdict, summary.verdictLine).toBe('FAILED');
  const block = await expectSummaryHead(page, summary);
  await expectCheckRows(block, summary);

  // A family with a failure is open: its failed row is visible without a click, with the grouped error.
  const failedRow = block.locator('tr[data-check="shape/response-validates"]');
  await expect(failedRow).toBeVisible();
  await expect(failedRow).toHaveAttribute('data-status', 'failed');
  await expect(failedRow).toHaveAttribute('data-profile', 'documented');
  await expect(failedRow.locator('td').nth(2)).toHaveText('FAILED');
  await expect(failedRow.locator('td').nth(3)).toContainText('/update/*/ts must be string');

  // The documented profile has no @dm check; the other families were outside the scope the command
  // line chose (--grep @shape): no row of theirs, and the verdict line names the scope.
  const dm = block.locator('details[data-family-details="dm"]');
  await dm.locator('summary').click();
  await expect(dm).toContainText('No check of this family belongs to the documented profile.');
  await expect(block.locator('tr[data-check="auth/no-credentials"]')).toHaveCount(0);
  expect(summary.verdictLine).toMatch(/; scope: .*selected by --grep @shape/);

  // The test's own page shows the grouped error: one line per schema path, arrays wildcarded.
  await page
    .getByRole('link', { name: /^shape\/response-validates: / })
    .first()
    .click();
  await expect(page.getByText(/\/update\/\*\/ts must be string/).first()).toBeVisible();
  expectNoSecret(await pageText(page), reportsDir, [REFERENCE_ADMIN_PASSWORD, REFERENCE_CHECKED_PASSWORD]);
});

test('no secret is on the report pages', async ({ page }) => {
  await openReport(page, mainReports);
  expectNoSecret(await pageText(page), mainReports);
  // Every test page, where errors, annotations and attachments are shown.
  const links = await page
    .locator('a[href*="testId="]')
    .evaluateAll((anchors) => [...new Set(anchors.map((anchor) => (anchor as HTMLAnchorElement).href))]);
  expect(links.length).toBeGreaterThan(0);
  // Pages repeat most of their text; the digest search is checked once over the distinct lines.
  const lines = new Set<string>();
  // A few tabs at once: each page load mostly waits on the browser, one at a time took most of the check.
  const tabs = [page, ...(await Promise.all([1, 2, 3].map(() => page.context().newPage())))];
  await Promise.all(
    tabs.map(async (tab, lane) => {
      for (const link of links.filter((_, index) => index % tabs.length === lane)) {
        // A fresh load per test: the report's router reads the #?testId= address when it starts.
        await tab.goto('about:blank');
        await tab.goto(link);
        await expect(tab.getByRole('tablist').first()).toBeVisible();
        for (const line of (await pageText(tab)).split('\n')) lines.add(line);
      }
    }),
  );
  expectNoSecret([...lines].join('\n'), mainReports);
});
