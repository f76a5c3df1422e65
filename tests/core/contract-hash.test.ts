import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CONTRACT_DIR, contractHash } from '../../src/core/contract/contract-hash.js';

const scratch = mkdtempSync(join(tmpdir(), 'contract-hash-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function copyOfContract(name: string): string {
  const dir = join(scratch, name);
  cpSync(CONTRACT_DIR, dir, { recursive: true });
  return dir;
}

test('is 12 hex characters and the same for a copy of the contract', () => {
  assert.match(contractHash(), /^[0-9a-f]{12}$/);
  assert.equal(contractHash(copyOfContract('copy')), contractHash());
});

test('does not depend on line endings', () => {
  const dir = copyOfContract('crlf');
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (!name.endsWith('.yaml')) continue;
    const file = join(dir, name);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
  }
  assert.equal(contractHash(dir), contractHash());
});

test('changes when the OpenAPI description, an overlay or the waivers change', () => {
  for (const name of ['rooms.get.openapi.yaml', 'overlays/rooms.get.strict.yaml', 'waivers.yaml']) {
    const dir = copyOfContract(`edit-${name.replace('/', '-')}`);
    writeFileSync(join(dir, name), `${readFileSync(join(dir, name), 'utf8')}# edited\n`);
    assert.notEqual(contractHash(dir), contractHash(), name);
  }
});
