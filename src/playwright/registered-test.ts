import type { TestDetails } from '@playwright/test';
import { ANNOTATION } from '../core/check-outcome.js';
import { checkById, plannedChecks } from '../core/checks.js';
import type { SuiteConfig } from '../core/config.js';
import { loadTargetPlan } from './target-plan.js';

/**
 * A check of the registry (src/core/checks.ts) as a Playwright test: the spec calls test() itself, at
 * its own line, with the title and details the registry gives —
 *
 *   test(...fromRegistry('dm/one-to-one-id-is-sorted-uids'), async ({ api, findings }) => { … });
 *
 * The title holds the whole id (`--grep dm/one-to-one-id-is-sorted-uids` selects the check); the `check`
 * annotation tells the judgement fixture (fixtures/judgement.ts) and the reporters which check it is.
 */
export function fromRegistry(id: string): [title: string, details: TestDetails] {
  const check = checkById(id);
  return [
    `${check.id}: ${check.title}`,
    {
      tag: [`@${check.family}`, `@${check.profile}`],
      annotation: [
        { type: ANNOTATION.check, description: check.id },
        { type: ANNOTATION.profile, description: check.profile },
      ],
    },
  ];
}

/**
 * Which tests a run has, as Playwright settings: the checks the configuration plans (its profile; a
 * checked-account check only with a checked account), selected by their titles. A multi-target run
 * (./target-plan.ts) is one project per target, each checking its server (`targetKey`) with the checks
 * the target plans (Playwright gives each project workers of its own: a target costs a worker start).
 * Checks left out are not tests of the run at all: no report lists them.
 */
export function plannedTests(config: SuiteConfig): {
  grep?: RegExp;
  projects?: Array<{ name: string; use: { targetKey: string }; grep: RegExp }>;
} {
  const planned = plannedChecks(config.profile, config.checkedAccount !== undefined).planned.map(
    (check) => check.id,
  );
  const plan = loadTargetPlan();
  if (!plan) return { grep: titlesOf(planned) };
  return {
    projects: plan.map((target) => ({
      name: target.key,
      use: { targetKey: target.key },
      grep: titlesOf(planned.filter((id) => !target.checks || target.checks.includes(id))),
    })),
  };
}

/** Playwright greps `<project> <file> <title> <tags>`: a check's title starts with its id and a colon. */
function titlesOf(ids: readonly string[]): RegExp {
  if (ids.length === 0) return /(?!)/;
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?:^| )(?:${escaped.join('|')}): `);
}
