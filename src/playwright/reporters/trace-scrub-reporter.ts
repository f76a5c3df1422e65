import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { TestCase, TestError, TestResult, TestStep } from '@playwright/test/reporter';
import type { Redactor } from '../../core/secrets/redact.js';
import { looksLikeZip, readZipEntries, writeZipEntries } from '../../core/results/zip-entries.js';
import { runRedactor } from '../attachments.js';
import { RunSummaryReporter } from './run-summary.js';

/**
 * Scrubbed traces and test errors: as each test ends, before the html and blob reporters copy them,
 * its result's errors and its trace attachments go through the run's Redactor (the functions below).
 * First of the conformance reporters in the list.
 */
export default class TraceScrubReporter extends RunSummaryReporter {
  onTestEnd(_test: TestCase, result: TestResult): void {
    // Read per test: the spool grows as the run logs in.
    const redactor = runRedactor();
    scrubResultErrors(result, redactor);
    for (const attachment of result.attachments) {
      if (attachment.name === 'trace' && attachment.path && existsSync(attachment.path))
        scrubTraceFile(attachment.path, redactor);
    }
  }

  protected onRunEnd(): void {}
}

/**
 * Traces are off by default (CONTRACT_TRACE, see index.ts). When a user turns them on, Playwright writes
 * every request's headers — X-Auth-Token included — and the login body with its password into
 * trace.zip, and has no option to redact them. So each trace is rewritten as soon as its test ends,
 * before the html and blob reporters copy it: every text entry goes through the Redactor. Entries that
 * are not UTF-8 text (screenshots) are kept as they are; the leak scan still searches them byte-wise.
 *
 * Returns whether anything was redacted.
 */
export function scrubTraceFile(path: string, redactor: Redactor): boolean {
  if (redactor.size === 0) return false;
  const bytes = readFileSync(path);
  if (!looksLikeZip(bytes)) return false;
  let changed = false;
  const entries = readZipEntries(bytes).map((entry) => {
    const text = entry.data.toString('utf8');
    // Binary data does not survive a UTF-8 round trip; leave it alone rather than corrupt it.
    if (!Buffer.from(text, 'utf8').equals(entry.data)) return entry;
    const redacted = redactor.redact(text);
    if (redacted === text) return entry;
    changed = true;
    return { name: entry.name, data: Buffer.from(redacted, 'utf8') };
  });
  if (!changed) return false;
  // Written aside and renamed, so a reader never sees half a zip.
  writeFileSync(`${path}.scrubbing`, writeZipEntries(entries));
  renameSync(`${path}.scrubbing`, path);
  return true;
}

/**
 * A request that fails in transport (a keep-alive socket the server closed: "socket hang up") is
 * recorded by Playwright as a step whose error carries the call log, request headers included: the
 * rest client retries it, but the step stays in the result the html reporter writes. So the errors of
 * the result and of every step go through the Redactor, in place, before html and blob read them.
 */
export function scrubResultErrors(result: TestResult, redactor: Redactor): void {
  if (redactor.size === 0) return;
  const scrub = (error: TestError | undefined) => {
    if (!error) return;
    for (const key of ['message', 'stack', 'value', 'snippet'] as const) {
      const text = error[key];
      if (typeof text === 'string') error[key] = redactor.redact(text);
    }
  };
  const visit = (steps: readonly TestStep[]) => {
    for (const step of steps) {
      scrub(step.error);
      visit(step.steps);
    }
  };
  for (const error of result.errors) scrub(error);
  scrub(result.error);
  visit(result.steps);
}
