import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import type { CheckStatus } from '../src/core/run/check-outcome.js';
import { REFERENCE_ADMIN_PASSWORD, REFERENCE_CHECKED_PASSWORD } from '../src/core/run/config.js';
import { scanText } from '../src/core/secrets/leak-scan.js';
import { MATRIX_CELL_WORD } from '../src/core/results/matrix-render.js';
import type { ConformanceSummary } from '../src/core/results/summary.js';
import { MATRIX_DIR_ENV, MATRIX_FAULT, MATRIX_RUNS } from './matrix-runs.js';
import { CHROMIUM } from './playwright.config.js';

/**
 * The version matrix as a release manager opens it: reports/matrix.html from disk, in Chromium, with
 * JavaScript off (the page has none, and a reason must still be a click away). Global setup ran the suite
 * against reference-server profiles 6, 7 and 8 (8 with fault missing-no-store) and `npm run report:matrix`
 * over them. Every expectation comes from the runs' own conformance.json files: one column per run, in
 * order, headed by its target, version and profile; one row per check; every cell the run's status.
 */
test.skip(
  !existsSync(CHROMIUM),
  `Chromium is not installed at ${CHROMIUM} (apt-get install chromium); .ci/run installs it`,
);
test.use({ javaScriptEnabled: false });

function matrixDir(): string {
  const dir = process.env[MATRIX_DIR_ENV];
  expect(dir, 'global setup produced no matrix').toBeTruthy();
  return dir as string;
}

/** The runs' summaries, in column order. */
function summaries(): ConformanceSummary[] {
  return MATRIX_RUNS.map(
    ({ version }) =>
      JSON.parse(
        readFileSync(join(matrixDir(), `rc${version}`, 'conformance.json'), 'utf8'),
      ) as ConformanceSummary,
  );
}

function statusIn(summary: ConformanceSummary, check: string): CheckStatus | 'not in this run' {
  return (
    summary.families.flatMap((family) => family.checks).find((row) => row.check === check)?.status ??
    'not in this run'
  );
}

function rowOf(summary: ConformanceSummary, check: string) {
  return summary.families.flatMap((family) => family.checks).find((row) => row.check === check);
}

/** Opens matrix.html from disk; returns every URL the page asked for. */
async function openMatrix(page: Page): Promise<string[]> {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.route(/^https?:/, (route) => route.abort());
  await page.goto(pathToFileURL(join(matrixDir(), 'matrix', 'matrix.html')).href);
  await expect(page.locator('h1')).toHaveText('rooms.get conformance matrix');
  return requested;
}

test('the matrix opens from disk, self-contained: no request beyond the file, no script', async ({
  page,
}) => {
  const requested = await openMatrix(page);
  expect(requested).toEqual([pathToFileURL(join(matrixDir(), 'matrix', 'matrix.html')).href]);
  await expect(page.locator('script')).toHaveCount(0);
  // The whole document, attributes (a cell's title holds its reason) included.
  const text = await page.content();
  expect(scanText(text, [REFERENCE_ADMIN_PASSWORD, REFERENCE_CHECKED_PASSWORD], 'matrix.html')).toEqual([]);
});

test('one column per run, in order, headed by its target, Rocket.Chat version and profile', async ({
  page,
}) => {
  await openMatrix(page);
  const runs = summaries();
  // The three reference-server profiles really are three Rocket.Chat versions.
  expect(runs.map((summary) => summary.run.serverVersion.split('.')[0])).toEqual(
    MATRIX_RUNS.map(({ version }) => version),
  );
  const heads = page.locator('table[data-matrix] thead th[data-column]');
  await expect(heads).toHaveCount(runs.length);
  for (const [index, summary] of runs.entries()) {
    const head = heads.nth(index);
    await expect(head).toHaveAttribute('data-column', String(index + 1));
    await expect(head.locator('[data-target]')).toHaveText(summary.run.target);
    await expect(head.locator('[data-version]')).toHaveText(`Rocket.Chat ${summary.run.serverVersion}`);
    await expect(head.locator('[data-profile]')).toHaveText(`profile ${summary.run.profile}`);
    const legend = page.locator(`table[data-runs] tr[data-run="${index + 1}"] td`);
    await expect(legend.nth(5)).toHaveText(summary.verdict);
  }
  expect(runs.map((summary) => summary.verdict)).toEqual(['PASSED', 'PASSED', 'FAILED']);
});

test('every cell shows the status its run gave the check; the rows that differ are marked', async ({
  page,
}) => {
  await openMatrix(page);
  const runs = summaries();
  const checks = [
    ...new Set(
      runs.flatMap((summary) => summary.families.flatMap((family) => family.checks.map((row) => row.check))),
    ),
  ];
  await expect(page.locator('tr[data-check]')).toHaveCount(checks.length);
  // All cells at once (one round trip), then compared with every run's conformance.json.
  const shown = await page.locator('tr[data-check]').evaluateAll((rows) =>
    rows.map((row) => ({
      check: row.getAttribute('data-check'),
      differs: row.getAttribute('data-differs'),
      cells: Array.from(row.querySelectorAll('td')).map((cell) => ({
        column: cell.getAttribute('data-column'),
        status: cell.getAttribute('data-status'),
        word: cell.querySelector('summary')?.textContent ?? cell.textContent,
      })),
    })),
  );
  const expected = checks.map((check) => {
    const statuses = runs.map((summary) => statusIn(summary, check));
    // Waived is passed but for the deviation its waiver accepts: it disagrees with nothing that passed.
    const judged = new Set(
      statuses
        .filter((status) => status !== 'not in this run')
        .map((status) => (status === 'waived' ? 'passed' : status)),
    );
    return {
      check,
      differs: String(judged.size > 1),
      cells: statuses.map((status, index) => ({
        column: String(index + 1),
        status,
        word: MATRIX_CELL_WORD[status],
      })),
    };
  });
  const byId = (rows: Array<{ check: string | null }>) =>
    [...rows].sort((a, b) => String(a.check).localeCompare(String(b.check)));
  expect(byId(shown)).toEqual(byId(expected));
  const differing = expected.filter((row) => row.differs === 'true').map((row) => row.check);
  expect(differing.length).toBeGreaterThan(0);
  await expect(page.locator('p[data-differing] a')).toHaveText(
    shown.filter((row) => row.differs === 'true').map((row) => String(row.check)),
  );
});

test('the fault’s checks FAILED on 8.x only; the reason is a click away, without JavaScript', async ({
  page,
}) => {
  await openMatrix(page);
  const runs = summaries();
  const fault = JSON.parse(readFileSync(join(matrixDir(), 'fault.json'), 'utf8')) as {
    name: string;
    checks: string[];
  };
  expect(fault.name).toBe(MATRIX_FAULT);
  for (const check of fault.checks) {
    const row = page.locator(`tr[data-check="${check}"]`);
    await expect(row).toHaveAttribute('data-differs', 'true');
    await expect(row.locator('th')).toContainText('differs');
    await expect(row.locator('td[data-column="1"]')).toHaveText('passed');
    await expect(row.locator('td[data-column="2"]')).toHaveText('passed');
    const cell = row.locator('td[data-column="3"]');
    await expect(cell).toHaveAttribute('data-status', 'failed');
    const reason = rowOf(runs[2] as ConformanceSummary, check)?.reason ?? '';
    expect(reason.length).toBeGreaterThan(0);
    await expect(cell).toHaveAttribute('title', reason);
    const why = cell.locator('[data-reason]');
    await expect(why).toBeHidden();
    await cell.locator('summary').click();
    await expect(why).toBeVisible();
    await expect(why).toHaveText(reason);
  }
  // The canary's accepted deviation: waived on 8.x, passed on 7.x, its waiver a click away too.
  const waived = page.locator('tr[data-check="dm/one-to-one-id-is-sorted-uids"]');
  await expect(waived.locator('td[data-column="2"]')).toHaveText('passed');
  const cell = waived.locator('td[data-column="3"]');
  await expect(cell).toHaveAttribute('data-status', 'waived');
  await cell.locator('summary').click();
  await expect(cell.locator('[data-reason]')).toContainText('rc8-dm-object-ids accepted');
});

test('matrix.md has the same cells', () => {
  const markdown = readFileSync(join(matrixDir(), 'matrix', 'matrix.md'), 'utf8');
  const fault = JSON.parse(readFileSync(join(matrixDir(), 'fault.json'), 'utf8')) as { checks: string[] };
  for (const check of fault.checks) {
    expect(markdown).toContain(`| **${check}** (differs) | ✅ passed | ✅ passed | ❌ FAILED |`);
  }
  // Waived on one run, passed on the others: no difference to sign off.
  expect(markdown).toContain('| dm/one-to-one-id-is-sorted-uids | ✅ passed | ✅ passed | ⚠️ waived |');
});
