import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FullConfig, Suite, TestCase } from '@playwright/test/reporter';
import { ANNOTATION } from '../../core/run/check-outcome.js';
import { checkById, isCheckId } from '../../core/run/checks.js';
import { type CheckRecord, type ConformanceSummary, stopMessageLine } from '../../core/results/summary.js';
import { type FinishedRun, RunSummaryReporter, recordOf } from './run-summary.js';

/**
 * reports/junit.xml, in the conformance vocabulary a CI test tab shows (GitLab, Jenkins, Azure):
 * - a failed check (a contract failure on any attempt, a flaky contract included) is a <failure>;
 * - a check that could not be judged is an <error> with its cause;
 * - a skipped check is <skipped> with its reason as message;
 * - a waived check passes, with a `waiver` <property> naming the waiver and what it accepted;
 * - planned checks that never became tests (preflight stopped the run) are <error> testcases of their own.
 * The counts of every <testsuite> and of <testsuites> are those of its testcases. One testsuite per spec
 * file, one testcase per test, named as Playwright names them (the title path below the file).
 * Playwright's built-in junit reporter cannot do this: it calls every failure of a test an error or a
 * failure by the error's type, and knows nothing of waivers.
 */
export interface JunitReporterOptions {
  outputFile: string;
}

interface Case {
  name: string;
  classname: string;
  time: number;
  record: CheckRecord;
  properties: Array<[string, string]>;
}

export default class JunitReporter extends RunSummaryReporter<JunitReporterOptions> {
  #suite: Suite | undefined;

  override onBegin(config: FullConfig, suite: Suite): void {
    super.onBegin(config, suite);
    this.#suite = suite;
  }

  protected onRunEnd({ summary, redactor }: FinishedRun): void {
    const tests = this.#suite?.allTests() ?? [];
    const cases = tests.map((test) => caseOf(test, recordOf(test, redactor)));
    if (tests.length === 0) cases.push(...notRunCases(summary));
    const files = new Map<string, Case[]>();
    for (const each of cases) files.set(each.classname, [...(files.get(each.classname) ?? []), each]);
    const suites = [...files].map(([file, members]) => testsuite(file, members));
    const all = counts(cases);
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="rooms.get conformance" tests="${cases.length}" failures="${all.failures}" errors="${all.errors}" skipped="${all.skipped}" time="${seconds(summary.timing.durationMs)}">`,
      ...suites,
      '</testsuites>',
      '',
    ].join('\n');
    mkdirSync(dirname(this.options.outputFile), { recursive: true });
    writeFileSync(this.options.outputFile, redactor.redact(xml));
  }
}

const TOLD_OTHERWISE = new Set<string>([ANNOTATION.outcome, ANNOTATION.notJudged, 'skip']);

function caseOf(test: TestCase, record: CheckRecord): Case {
  // The declared annotations (check, profile, defined-at) and the run's telemetry (clock skew, rate-limit
  // waits, transport retries) of the last attempt; the outcome record is told by the elements below.
  const last = test.results[test.results.length - 1];
  const annotations = last?.annotations?.length ? last.annotations : test.annotations;
  const properties: Array<[string, string]> = annotations
    .filter((annotation) => !TOLD_OTHERWISE.has(annotation.type))
    .map((annotation) => [annotation.type, annotation.description ?? '']);
  if (record.waiver) properties.push(['waiver', record.waiver]);
  for (const note of record.notes) properties.push(['note', note]);
  if (record.flaky) properties.push(['flaky-contract', record.reason ?? '']);
  if (record.testRetries > 0) properties.push(['attempts', String(record.testRetries + 1)]);
  return {
    name: test.titlePath().slice(3).join(' › '),
    classname: test.titlePath()[2] ?? '',
    time: test.results.reduce((sum, each) => sum + each.duration, 0),
    record,
    properties,
  };
}

/**
 * Preflight stopped the run before any test: each planned check is an <error> testcase, its message the
 * stop's (a CI test tab shows no run-level message).
 */
function notRunCases(summary: ConformanceSummary): Case[] {
  const stopped = summary.stop ? `preflight: ${stopMessageLine(summary.stop)}` : undefined;
  return summary.families.flatMap((family) =>
    family.checks.map((row): Case => {
      const definition = isCheckId(row.check) ? checkById(row.check) : undefined;
      return {
        name: `${row.check}: ${row.title}`,
        classname: `specs/${definition?.family ?? 'unknown'}.spec.ts`,
        time: 0,
        record: {
          check: row.check,
          title: row.title,
          status: row.status,
          reason: stopped ?? row.reason,
          notes: [],
          waiver: undefined,
          skewMs: [],
          rateLimitWaitMs: 0,
          transportRetries: 0,
          testRetries: 0,
        },
        properties: [
          ['check', row.check],
          ['profile', row.profile],
        ],
      };
    }),
  );
}

function counts(cases: readonly Case[]) {
  return {
    failures: cases.filter((each) => each.record.status === 'failed').length,
    errors: cases.filter((each) => each.record.status === 'error').length,
    skipped: cases.filter((each) => each.record.status === 'skipped').length,
  };
}

function testsuite(file: string, cases: readonly Case[]): string {
  const count = counts(cases);
  const time = cases.reduce((sum, each) => sum + each.time, 0);
  return [
    `  <testsuite name="${attr(file)}" tests="${cases.length}" failures="${count.failures}" errors="${count.errors}" skipped="${count.skipped}" time="${seconds(time)}">`,
    ...cases.map(testcase),
    '  </testsuite>',
  ].join('\n');
}

function testcase(each: Case): string {
  const { record } = each;
  const reason = record.reason ?? '';
  const outcome =
    record.status === 'failed'
      ? `      <failure message="${attr(reason)}" type="${record.flaky ? 'FlakyContract' : 'ContractFailure'}">${text([reason, ...(record.evidence ?? [])].join('\n'))}</failure>`
      : record.status === 'error'
        ? `      <error message="${attr(reason)}" type="NotJudged">${text(reason)}</error>`
        : record.status === 'skipped'
          ? `      <skipped message="${attr(reason)}"/>`
          : undefined;
  const properties = each.properties.map(
    ([name, value]) => `        <property name="${attr(name)}" value="${attr(value)}"/>`,
  );
  return [
    `    <testcase name="${attr(each.name)}" classname="${attr(each.classname)}" time="${seconds(each.time)}">`,
    ...(properties.length > 0 ? ['      <properties>', ...properties, '      </properties>'] : []),
    ...(outcome ? [outcome] : []),
    '    </testcase>',
  ].join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

// XML 1.0 allows no control characters but tab, newline and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML forbids are control characters.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

function text(value: string): string {
  return value
    .replace(FORBIDDEN, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

function attr(value: string): string {
  return text(value).replaceAll('"', '&quot;').replaceAll('\n', '&#10;');
}
