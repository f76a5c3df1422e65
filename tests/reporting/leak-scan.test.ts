import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { describeFinding, scanDirectories, scanText } from '../../src/core/secrets/leak-scan.js';
import { Redactor } from '../../src/core/secrets/redact.js';
import { readZipEntries, writeZipEntries } from '../../src/core/results/zip-entries.js';
import { scrubResultErrors, scrubTraceFile } from '../../src/playwright/reporters/trace-scrub-reporter.js';
import { readWithPlaywright } from './playwright-zip.js';

const token = 'Tok3n_distinctive-0123456789abcdefXYZ';
const password = 'p@ss word/+é"<x>';
const dir = mkdtempSync(join(tmpdir(), 'leak-scan-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function plant(content: string | Buffer, name = 'artifact.txt'): string {
  const folder = join(dir, `case-${counter++}`);
  mkdirSync(join(folder, 'nested'), { recursive: true });
  writeFileSync(join(folder, 'nested', name), content);
  writeFileSync(join(folder, 'clean.txt'), 'nothing to see');
  return folder;
}

function formsFound(folder: string, secrets = [token, password]): string[] {
  return scanDirectories(secrets, [folder]).map((finding) => finding.form);
}

describe('leak scan', () => {
  test('finds a plain secret and names the file, not the secret', () => {
    const folder = plant(`x-auth-token: ${token}\n`);
    const findings = scanDirectories([token], [folder]);
    assert.equal(findings.length, 1);
    const text = describeFinding(findings[0]!, (file) => file.slice(folder.length + 1));
    assert.equal(text, 'nested/artifact.txt (plain)');
    assert.ok(!text.includes(token));
  });

  test('finds the URL-encoded form', () => {
    assert.deepEqual(formsFound(plant(`password=${encodeURIComponent(password)}`)), ['URL-encoded']);
  });

  test('finds the form-encoded form (spaces as +)', () => {
    const body = new URLSearchParams({ password }).toString();
    assert.ok(formsFound(plant(body)).includes('form-encoded'));
  });

  test('finds the base64 form, also inside a longer base64 value at any alignment', () => {
    assert.deepEqual(formsFound(plant(Buffer.from(token).toString('base64'))), ['base64']);
    for (const prefix of ['a', 'ab', 'abc:']) {
      const encoded = Buffer.from(`${prefix}${token}!`).toString('base64');
      assert.ok(formsFound(plant(`Authorization: Basic ${encoded}`), [token]).length > 0, `prefix ${prefix}`);
    }
  });

  test('finds the JSON-escaped and HTML-escaped forms of a secret with quotes and brackets', () => {
    assert.ok(formsFound(plant(JSON.stringify({ password }))).includes('JSON-escaped'));
    assert.ok(formsFound(plant(`<td>${'p@ss word/+é&quot;&lt;x&gt;'}</td>`)).includes('HTML-escaped'));
  });

  test('looks inside zip entries (traces, blob reports) and gzip data', () => {
    const zip = writeZipEntries([
      {
        name: 'trace.network',
        data: Buffer.from(`{"headers":[{"name":"x-auth-token","value":"${token}"}]}`),
      },
      { name: 'resources/clean.json', data: Buffer.from('{}') },
    ]);
    const findings = scanDirectories([token], [plant(zip, 'trace.zip')]);
    assert.deepEqual(
      findings.map((f) => [f.inside, f.form]),
      [[['trace.network'], 'plain']],
    );
    assert.deepEqual(formsFound(plant(gzipSync(Buffer.from(token)), 'log.gz'), [token]), ['plain']);
  });

  test("looks inside base64 data: URIs holding a zip, as Playwright's HTML report embeds its data", () => {
    const zip = writeZipEntries([{ name: 'report.json', data: Buffer.from(`{"error":"token ${token}"}`) }]);
    const html = `<html><template id="playwrightReportBase64">data:application/zip;base64,${zip.toString('base64')}</template>`;
    const findings = scanDirectories([token], [plant(html, 'index.html')]);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0]!.inside, ['data:application/zip URI', 'report.json']);
  });

  test('an archive it cannot read is a finding, never a pass', () => {
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);
    assert.deepEqual(formsFound(plant(broken, 'broken.zip')), ['unreadable archive (invalid zip data)']);

    const zip = writeZipEntries([{ name: 'trace.network', data: Buffer.from(`"${token}" `.repeat(20)) }]);
    const truncated = zip.subarray(0, zip.length - 10);
    assert.deepEqual(formsFound(plant(truncated, 'cut.zip')), ['unreadable archive (invalid zip data)']);

    // A central directory that points elsewhere: fflate alone would return an empty, "clean" entry.
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const misdirected = Buffer.from(zip);
    misdirected.writeUInt32LE(0x7fff, end + 16);
    assert.deepEqual(formsFound(plant(misdirected, 'misdirected.zip')), [
      'unreadable archive (entry 1 has no name (damaged central directory))',
    ]);

    const directory = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const lying = Buffer.from(zip);
    lying.writeUInt32LE(lying.readUInt32LE(directory + 24) + 5, directory + 24);
    assert.match(
      formsFound(plant(lying, 'lying.zip'))[0] ?? '',
      /^unreadable archive \(entry trace\.network holds \d+ bytes, its directory says \d+\)$/,
    );
  });

  test('finds nothing in clean files, and nothing for secrets too short to track', () => {
    assert.deepEqual(formsFound(plant('x-auth-token: [REDACTED]')), []);
    assert.deepEqual(scanDirectories(['abc'], [plant('abc abc')]), []);
  });

  test('scans text kept in memory (a run’s terminal output)', () => {
    const findings = scanText(`debug: ${token}\n`, [token], 'terminal output (stdout)');
    assert.deepEqual(findings, [{ file: 'terminal output (stdout)', inside: [], form: 'plain' }]);
  });
});

describe('trace scrubbing', () => {
  test('rewrites a trace zip with every secret redacted, binary entries untouched', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x01]);
    const path = join(plant('x'), 'trace.zip');
    writeFileSync(
      path,
      writeZipEntries([
        {
          name: 'trace.network',
          data: Buffer.from(`{"x-auth-token":"${token}","b64":"${Buffer.from(token).toString('base64')}"}`),
        },
        { name: 'resources/shot.png', data: png },
      ]),
    );
    assert.equal(scrubTraceFile(path, new Redactor().add(token)), true);
    assert.deepEqual(scanDirectories([token], [path]), []);
    const entries = readZipEntries(readFileSync(path));
    assert.equal(entries[0]!.data.toString(), '{"x-auth-token":"[REDACTED]","b64":"[REDACTED]"}');
    assert.deepEqual(entries[1]!.data, png);
    assert.equal(scrubTraceFile(path, new Redactor().add(token)), false, 'nothing left to scrub');
  });

  test('the rewritten trace opens with the zip reader of Playwright’s trace viewer', async () => {
    const path = join(plant('x'), 'trace.zip');
    writeFileSync(path, writeZipEntries([{ name: 'trace.network', data: Buffer.from(`{"t":"${token}"}`) }]));
    assert.equal(scrubTraceFile(path, new Redactor().add(token)), true);
    assert.deepEqual(await readWithPlaywright(path), { 'trace.network': '{"t":"[REDACTED]"}' });
  });

  test('a transport failure’s call log in a step error is redacted before the html reporter writes it', () => {
    const callLog = `socket hang up\nCall log:\n  - X-Auth-Token: ${token}\n`;
    const result = {
      errors: [{ message: callLog }],
      error: { message: callLog, stack: callLog },
      steps: [
        {
          title: 'outer',
          steps: [{ title: 'POST', steps: [], error: { message: callLog, snippet: callLog } }],
        },
      ],
    } as unknown as Parameters<typeof scrubResultErrors>[0];
    scrubResultErrors(result, new Redactor().add(token));
    assert.ok(!JSON.stringify(result).includes(token));
    assert.match(JSON.stringify(result), /X-Auth-Token: \[REDACTED\]/);
  });
});
