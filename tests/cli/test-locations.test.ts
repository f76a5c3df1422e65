/**
 * Every report locates a check at its spec, on the line where the spec calls test() (issue 17): the whole
 * suite on the real command line, with a checked account so every check of the strict profile is a test,
 * then its JSON report (reports/results.json) and JUnit report (reports/junit.xml) read back.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { JSONReport, JSONReportSuite } from '@playwright/test/reporter';
import { ANNOTATION } from '../../src/core/run/check-outcome.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { elementsNamed, parseXml } from './junit-xml.js';
import { REFERENCE_ADMIN, type ReferenceServer, runSuite, startServer } from './suite-run.js';

const CHECKED = { ROCKETCHAT_USER: 'checked.user', ROCKETCHAT_PASSWORD: 'Checked-password-1!' };

const reportsDir = mkdtempSync(join(tmpdir(), 'test-locations-'));
let server: ReferenceServer | undefined;
after(async () => {
  await server?.stop();
  rmSync(reportsDir, { recursive: true, force: true });
});

/** What the spec's source holds at a location: the test() call and, within it, the check it declares. */
function registrationAt(file: string, line: number, column: number): string {
  const lines = readFileSync(join(PROJECT_ROOT, 'specs', file), 'utf8').split('\n');
  // The call and its first arguments: `test(...fromRegistry('<id>'), …` on one line or over the next two.
  return lines
    .slice(line - 1, line + 2)
    .join('\n')
    .slice(column - 1);
}

test('the JSON and JUnit reports locate every check at the spec line that calls test()', async () => {
  server = await startServer(CHECKED);
  const run = await runSuite(
    { ROCKETCHAT_URL: server.url, CONTRACT_WRITE: 'true', ...REFERENCE_ADMIN, ...CHECKED },
    [],
    { reportsDir, timeoutMs: 300_000 },
  );
  assert.equal(run.code, 0, run.output.slice(-3000));

  const report = JSON.parse(readFileSync(join(reportsDir, 'results.json'), 'utf8')) as JSONReport;
  const located: Array<{ check: string; file: string }> = [];
  const visit = (suite: JSONReportSuite): void => {
    for (const spec of suite.specs) {
      const check = spec.tests[0]?.annotations.find((each) => each.type === ANNOTATION.check)?.description;
      assert.ok(check, `${spec.title}: no check annotation`);
      assert.match(spec.file, /^[\w-]+\.spec\.ts$/, `${check}: located in ${spec.file}, not in a spec`);
      const source = registrationAt(spec.file, spec.line, spec.column);
      assert.match(
        source,
        /^test\(\s*\.\.\.fromRegistry\(/,
        `${check}: ${spec.file}:${spec.line} is not its test()`,
      );
      // The literal id, or the loop variable of a table of checks (auth's ways of not being logged in).
      assert.ok(
        source.includes(`fromRegistry('${check}')`) || /fromRegistry\(\w+\)/.test(source),
        `${check}: ${spec.file}:${spec.line} declares another check:\n${source}`,
      );
      located.push({ check, file: spec.file });
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites) visit(suite);
  assert.equal(located.length, run.summary?.planned, 'every planned check is one test of the JSON report');
  assert.equal(new Set(located.map((each) => each.check)).size, located.length, 'each check once');

  const junit = parseXml(readFileSync(join(reportsDir, 'junit.xml'), 'utf8'));
  const cases = elementsNamed(junit, 'testcase');
  assert.equal(cases.length, located.length);
  for (const testcase of cases) {
    const check = located.find((each) => testcase.attributes.name?.startsWith(`${each.check}: `));
    assert.ok(check, `testcase ${testcase.attributes.name}: no such test in the JSON report`);
    assert.equal(testcase.attributes.classname, check.file, `${check.check}: the testcase's spec file`);
  }
});
