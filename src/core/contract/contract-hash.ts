import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

export const CONTRACT_DIR = join(PROJECT_ROOT, 'contract');

/**
 * A short fingerprint of the contract a run checked against: every YAML file under contract/ (the
 * OpenAPI description, the overlays, the waivers). Reports record it, so two reports can be compared.
 * Paths are POSIX and line endings normalised, so a Windows checkout gives the same hash.
 */
export function contractHash(contractDir: string = CONTRACT_DIR): string {
  const hash = createHash('sha256');
  for (const file of yamlFiles(contractDir)) {
    const name = relative(contractDir, file).split(sep).join('/');
    const text = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
    hash.update(`${name}\u0000${text}\u0000`);
  }
  return hash.digest('hex').slice(0, 12);
}

function yamlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) files.push(path);
  }
  // Sorted by POSIX path, not by directory listing order, which differs between file systems.
  return files.sort((a, b) => (toPosix(a, dir) < toPosix(b, dir) ? -1 : 1));
}

function toPosix(file: string, root: string): string {
  return relative(root, file).split(sep).join('/');
}
