import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { TestInfo } from '@playwright/test';
import { type RunnerResult, runnerError } from '../core/run/check-outcome.js';
import { runRedactor } from './attachments.js';

/**
 * When the command line replaces the conformance reporters (`--reporter=line`), every worker appends how
 * each attempt of a check ended to a file in the run's private directory, and global teardown writes the
 * summary from it (reporters/fallback.ts). This module is the workers' side of that file, so that the
 * fixture that records (fixtures/judgement.ts) depends on no reporter.
 */
export const FALLBACK_RECORDS_ENV = 'CONTRACT_FALLBACK_RECORDS';

/** One attempt of a test, as a worker appends it to the records file. */
export interface AttemptLine {
  testId: string;
  title: string;
  runner: RunnerResult;
}

/** In a worker: records how an attempt of a check ended (only while the fallback is on). */
export function recordOutcome(testInfo: TestInfo): void {
  const file = process.env[FALLBACK_RECORDS_ENV];
  if (!file) return;
  const error = testInfo.errors[0]?.message
    ? runnerError(testInfo.errors[0].message, runRedactor())
    : undefined;
  const line: AttemptLine = {
    testId: testInfo.testId,
    title: testInfo.titlePath.slice(1).join(' › '),
    runner: {
      status: testInfo.status ?? 'passed',
      annotations: testInfo.annotations,
      ...(error ? { error } : {}),
      timeoutMs: testInfo.timeout,
    },
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
}

/** Every attempt recorded in `file`, in the order the workers wrote them. */
export function readOutcomeRecords(file: string): AttemptLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((text) => JSON.parse(text) as AttemptLine);
}
