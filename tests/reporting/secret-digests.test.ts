import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { writeSecretDigests } from '../../src/playwright/reporters/leak-scan-reporter.js';
import {
  containsDigestedSecret,
  readSecretDigests,
  secretDigestsPath,
} from '../../src/playwright/reporters/secret-digests.js';

const reportsDir = mkdtempSync(join(tmpdir(), 'digests-test-'));
after(() => {
  rmSync(reportsDir, { recursive: true, force: true });
  rmSync(secretDigestsPath(reportsDir), { force: true });
});

describe('secret digests for the report check', () => {
  const token = 'obtainedToken_0123456789abcdefghijKLMNOP';
  writeSecretDigests(reportsDir, [token]);
  const digests = readSecretDigests(reportsDir);

  test('are written outside the reports folder, private, without the secret', () => {
    const path = secretDigestsPath(reportsDir);
    assert.ok(!path.startsWith(reportsDir));
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.ok(!readFileSync(path, 'utf8').includes(token));
  });

  test('recognise the secret (plain, URL-encoded, base64) anywhere in a page, and nothing else', () => {
    assert.ok(digests);
    if (!digests) return;
    assert.equal(containsDigestedSecret(`x-auth-token: ${token}\nmore`, digests), true);
    assert.equal(containsDigestedSecret(`b64 ${Buffer.from(token).toString('base64')}`, digests), true);
    assert.equal(containsDigestedSecret('x-auth-token: [REDACTED]', digests), false);
    assert.equal(containsDigestedSecret(token.slice(1), digests), false);
  });
});
