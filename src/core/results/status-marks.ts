import type { CheckStatus } from '../run/check-outcome.js';
import type { Verdict } from './summary.js';

/**
 * How a status is shown to people, in every report that shows one (the conformance summary, the baseline
 * comparison, the version matrix). Words before colour: a signing laptop may lack emoji, and a printed
 * page its colours.
 */
export type ShownStatus = CheckStatus | 'not in this profile';

export const MARK: Readonly<Record<ShownStatus, string>> = {
  passed: '✅ passed',
  failed: '❌ FAILED',
  error: '⛔ ERROR',
  waived: '⚠️ waived',
  skipped: '⏭️ skipped',
  'not in this profile': '— not in this profile',
};

/** What each status means, for the legends of the reports that show many at once. */
export const MEANING: Readonly<Record<CheckStatus, string>> = {
  passed: 'every assertion held',
  failed: 'the server’s answer broke the contract',
  error: 'not judged (seeding refused, a transport error, a rate limit …): the cause is given',
  waived: 'passed but for the one deviation a waiver accepts',
  skipped: 'not run, with the reason (a read-only run, a check that does not apply)',
};

export const HTML_MARK: Readonly<Record<ShownStatus, string>> = {
  passed: '<span style="color:#1a7f37">passed</span>',
  failed: '<b style="color:#cf222e">FAILED</b>',
  error: '<b style="color:#bc4c00">ERROR</b>',
  waived: '<span style="color:#9a6700">waived</span>',
  skipped: '<span style="color:#6e7781">skipped</span>',
  'not in this profile': '<span style="color:#6e7781">not in this profile</span>',
};

export const VERDICT_COLOUR: Readonly<Record<Verdict, string>> = {
  PASSED: '#1a7f37',
  FAILED: '#cf222e',
  INCOMPLETE: '#9a6700',
  INTERRUPTED: '#9a6700',
};

/** A markdown table cell: one line, pipes escaped. */
export function markdownCell(text: string | undefined): string {
  return (text ?? '').replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
}
