import type { TestDetails } from '@playwright/test';
import { ANNOTATION } from '../core/run/check-outcome.js';
import { checkById, plannedChecks } from '../core/run/checks.js';
import type { SuiteConfig } from '../core/run/config.js';
import { loadTargetPlan } from './target-plan.js';

/**
 * A check of the registry (src/core/run/checks.ts) as a Playwright test: the spec calls test() itself, at
 * its own line, with the title and details the registry gives —
 *
 *   test(...fromRegistry('dm/one-to-one-id-is-sorted-uids'), async ({ api, findings }) => { … });
 *
 * The title holds the whole id (`--grep dm/one-to-one-id-is-sorted-uids` selects the check); the `check`
 * annotation tells the judgement fixture (fixtures/judgement.ts) and the reporters which check it is.
 */
export function fromRegistry(id: string): [title: string, details: TestDetails] {
  const check = checkById(id);
  declaring?.add(check.id);
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

/** The checks a spec is declaring right now (inside checksDeclaredBy), else undefined. */
let declaring: Set<string> | undefined;

/** Runs a spec's declarations and returns the checks they declared (every test() goes through fromRegistry). */
export function checksDeclaredBy(declare: () => void): ReadonlySet<string> {
  const declared = new Set<string>();
  const outer = declaring;
  declaring = declared;
  try {
    declare();
  } finally {
    declaring = outer;
  }
  return declared;
}

/**
 * Which tests a run has, as Playwright's grep: the checks the configuration plans (its profile; a
 * checked-account check only with a checked account), selected by their titles. In a multi-target run
 * each target's describe block (fixtures/index.ts forEachTarget) keeps the checks that target plans.
 * Checks left out are not tests of the run at all: no report lists them.
 */
export function plannedTests(config: SuiteConfig): { grep: RegExp } {
  const planned = plannedChecks(config.profile, config.checkedAccount !== undefined).planned.map(
    (check) => check.id,
  );
  const plan = loadTargetPlan();
  if (!plan) return { grep: new RegExp(`(?:^| )${titlesOf(planned)}`) };
  // Targets that plan the same checks share one alternative (the same fault in every version profile,
  // the clean servers): Playwright matches this against every test of every target.
  const keysByTitles = new Map<string, string[]>();
  for (const target of plan) {
    const titles = titlesOf(planned.filter((id) => !target.checks || target.checks.includes(id)));
    keysByTitles.set(titles, [...(keysByTitles.get(titles) ?? []), literally(target.key)]);
  }
  const perChecks = [...keysByTitles].map(([titles, keys]) => `(?:${keys.join('|')}) ${titles}`);
  return { grep: new RegExp(`(?:^| )(?:${perChecks.join('|')})`) };
}

const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Playwright greps `<project> <file> <describes> <title> <tags>`: a check's title starts with its id and a colon. */
function titlesOf(ids: readonly string[]): string {
  if (ids.length === 0) return '(?!)';
  return `(?:${ids.map(literally).join('|')}): `;
}
