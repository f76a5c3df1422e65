import { FAULT_CATALOGUE } from '../../reference-server/src/faults/catalogue.js';
import {
  CHECK_FAMILIES,
  CHECKS,
  type CheckDefinition,
  FAMILY_TITLES,
  worldPiecesOf,
} from '../../src/core/checks.js';

/**
 * docs/checks.md's tables: every check of the registry (src/core/checks.ts) with its profile, what it
 * needs, and the faults of the reference server's catalogue that prove it can fail. A tool may read both
 * sides; the suite and the reference server never read each other.
 */
function needsOf(check: CheckDefinition): string {
  if (check.needs.includes('checked-account')) return 'a checked account';
  if (check.needs.includes('world'))
    return `write mode (the shared world: ${worldPiecesOf(check).join(', ')})`;
  if (check.needs.includes('write')) return 'write mode (its own rooms)';
  if (check.needs.includes('reads-world')) return 'read-only (reads the world in write mode)';
  return 'read-only';
}

export function renderChecksTables(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return CHECK_FAMILIES.map((family) => {
    const rows = CHECKS.filter((check) => check.family === family).map((check) => {
      const faults = FAULT_CATALOGUE.filter((fault) => fault.checks.includes(check.id)).map(
        (fault) => `\`${fault.name}\``,
      );
      return `| \`${check.id}\` | ${cell(check.title)} | ${check.profile} | ${needsOf(check)} | ${faults.join(', ') || '—'} |`;
    });
    return [
      `### @${family} — ${FAMILY_TITLES[family]}`,
      '',
      '| check | holds the server to | profile | runs | proved by the faults |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
  }).join('\n\n');
}
