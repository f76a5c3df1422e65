import { FAULT_CATALOGUE, type FaultEntry } from '../../reference-server/src/faults/catalogue.js';
import {
  CHECK_FAMILIES,
  CHECKS,
  type CheckDefinition,
  FAMILY_TITLES,
  worldPiecesOf,
} from '../../src/core/run/checks.js';
import { mustFailIn, whyUnseen } from './matrix-plan.js';

/**
 * docs/checks.md's tables: every check of the registry (src/core/run/checks.ts) with its profile, what it
 * needs, and the faults of the reference server's catalogue that prove it can fail; and which faults each
 * contract profile can see (the mutation matrix's own rules, scripts/lib/matrix-plan.ts). A tool may read
 * both sides; the suite and the reference server never read each other.
 */
function needsOf(check: CheckDefinition): string {
  if (check.needs.includes('checked-account')) return 'a checked account';
  if (check.needs.includes('world'))
    return `write mode (the shared world: ${worldPiecesOf(check).join(', ')})`;
  if (check.needs.includes('write')) return 'write mode (its own rooms)';
  if (check.needs.includes('reads-world')) return 'read-only (reads the world in write mode)';
  return 'read-only';
}

const cell = (text: string) => text.replaceAll('|', '\\|');

export function renderChecksTables(): string {
  return CHECK_FAMILIES.map((family) => {
    const rows = CHECKS.filter((check) => check.family === family).map((check) => {
      const faults = FAULT_CATALOGUE.filter((fault) => fault.checks.includes(check.id)).map((fault) =>
        // A documented check proven by a fault only the strict profile sees: say so where it is listed.
        check.profile === 'documented' && !mustFailIn(fault, 'documented').includes(check.id)
          ? `\`${fault.name}\` (strict profile only)`
          : `\`${fault.name}\``,
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

const checkList = (ids: readonly string[]) => ids.map((id) => `\`${id}\``).join(', ');

function profileCells(fault: FaultEntry): [string, string] {
  if (fault.effect === 'refusal') {
    const alone = 'alone: INCOMPLETE, no check failed, every read-only check judged';
    return [
      `refusal — ${alone}; beside \`${fault.revealedBy}\`: its checks each fail`,
      'refusal: run in strict only',
    ];
  }
  const unseen = whyUnseen(fault, 'documented');
  return [
    checkList(mustFailIn(fault, 'strict')),
    unseen
      ? `not seen: ${unseen.replace(/^the documented profile cannot see it: /, '')}`
      : checkList(mustFailIn(fault, 'documented')),
  ];
}

/** Each fault of the catalogue: the checks that must each fail against it in each contract profile. */
export function renderFaultProfilesTable(): string {
  return [
    '| fault | version profiles | strict profile: checks that must each fail | documented profile |',
    '| --- | --- | --- | --- |',
    ...FAULT_CATALOGUE.map((fault) => {
      const [strict, documented] = profileCells(fault);
      return `| \`${fault.name}\` | ${(fault.versions ?? [6, 7, 8, 9]).join(', ')} | ${cell(strict)} | ${cell(documented)} |`;
    }),
  ].join('\n');
}

/**
 * The reference server's README table of its fault catalogue: each fault, its family, the version
 * profiles it applies to, what it breaks and the checks that must each fail (a refusal names none).
 */
export function renderFaultCatalogueTable(): string {
  return [
    '| fault | family | versions | what it breaks | checks that must each fail |',
    '| --- | --- | --- | --- | --- |',
    ...FAULT_CATALOGUE.map((fault) => {
      const checks =
        fault.effect === 'refusal'
          ? `none: a refusal, revealed with \`${fault.revealedBy}\``
          : fault.checks.join(', ');
      return `| \`${fault.name}\` | ${fault.family} | ${(fault.versions ?? [6, 7, 8, 9]).join(', ')} | ${cell(fault.breaks)} | ${checks} |`;
    }),
  ].join('\n');
}
