import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { REFERENCE_ADMIN_PASSWORD } from '../src/core/config.js';
import { knownSecrets, scanText } from '../src/core/leak-scan.js';
import { reportsDirectory } from '../src/playwright/reporters/index.js';
import { containsDigestedSecret, readSecretDigests } from '../src/playwright/reporters/secret-digests.js';
import { FAMILIES, type ConformanceSummary } from '../src/playwright/reporters/summary.js';
import { FAILING_DIR_ENV } from './failing-report.js';
import { CHROMIUM } from './playwright.config.js';

/**
 * What a release manager sees in reports/html, checked in a real browser: the conformance summary
 * above the test list with every clause family, a failing clause with its grouped schema error, and
 * no secret anywhere on the page.
 */
test.skip(
  !existsSync(CHROMIUM),
  `Chromium is not installed at ${CHROMIUM} (apt-get install chromium); .ci/run installs it`,
);

const mainReports = reportsDirectory();

function summaryOf(reportsDir: string): ConformanceSummary {
  return JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as ConformanceSummary;
}

async function openReport(page: Page, reportsDir: string): Promise<void> {
  const index = join(reportsDir, 'html', 'index.html');
  expect(existsSync(index), `${index} is missing: run the suite (npx playwright test) first`).toBe(true);
  // A report is a file: nothing on it may reach the network.
  await page.route(/^https?:/, (route) => route.abort());
  await page.goto(pathToFileURL(index).href);
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

test('the summary, with target, server version and every clause family, tops the report', async ({
  page,
}) => {
  await openReport(page, mainReports);
  const { run } = summaryOf(mainReports);
  const summary = page.locator('#conformance-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText(`Target ${run.target} — Rocket.Chat ${run.serverVersion}`);
  await expect(summary).toContainText(`contract ${run.contractHash}`);
  for (const family of FAMILIES) {
    const row = summary.locator(`tr[data-family="${family}"]`);
    await expect(row, `family @${family}`).toBeVisible();
    await expect(row, `family @${family} ran`).not.toContainText('not run');
  }
  // Above Playwright's own test list, which renders too.
  const firstTest = page.locator('a', { hasText: 'response-validates' }).first();
  await expect(firstTest).toBeVisible();
  const [summaryBox, testBox] = [await summary.boundingBox(), await firstTest.boundingBox()];
  expect((summaryBox?.y ?? Infinity) < (testBox?.y ?? -Infinity)).toBe(true);
  await expect(
    page.getByText(`rooms.get conformance: ${run.target} — Rocket.Chat ${run.serverVersion}`),
  ).toBeVisible();
});

test('a failing clause shows its grouped schema error', async ({ page }) => {
  const failingReports = process.env[FAILING_DIR_ENV];
  expect(failingReports, 'global setup produced no failing report').toBeTruthy();
  if (!failingReports) return;
  await openReport(page, failingReports);
  const summary = page.locator('#conformance-summary');
  await expect(summary).toHaveAttribute('data-verdict', 'failed');
  // The fault breaks more than one clause; the schema clause is the one with the grouped error.
  const failedRow = summary
    .locator('tr[data-status="failed"]', { hasText: 'must match format "date-time"' })
    .first();
  await expect(failedRow).toBeVisible();

  // The test's own page shows the grouped error: one line per schema path, arrays wildcarded.
  const clause = (await failedRow.getAttribute('data-clause'))?.split('/')[1] ?? '';
  await page.locator('a', { hasText: clause }).first().click();
  await expect(page.getByText(/\/update\/\*\/\S+ must match format "date-time"/).first()).toBeVisible();
  expectNoSecret(await pageText(page), failingReports, [REFERENCE_ADMIN_PASSWORD]);
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
  for (const link of links) {
    // A fresh load per test: the report's router reads the #?testId= address when it starts.
    await page.goto('about:blank');
    await page.goto(link);
    await expect(page.getByRole('tablist').first()).toBeVisible();
    for (const line of (await pageText(page)).split('\n')) lines.add(line);
  }
  expectNoSecret([...lines].join('\n'), mainReports);
});
