import { readFileSync } from 'node:fs';
import { isCheckId } from '../core/run/checks.js';
import { DEFAULT_TARGET_KEY } from './run-state.js';

/**
 * A multi-target run: one Playwright run against several servers at once, each target with the checks
 * planned for it. The mutation matrix uses it (one run for every faulted server, instead of one
 * Playwright start per fault). The plan is a JSON file named by CONTRACT_TARGET_PLAN:
 *
 *   [{ "key": "dm-id-unsorted@7", "url": "http://127.0.0.1:41234", "checks": ["dm/…"], "expectFailure": true }]
 *
 * Without a plan, a run has one target: the configured server, every check of the profile.
 */
const TARGET_PLAN_ENV = 'CONTRACT_TARGET_PLAN';

export interface PlannedTarget {
  key: string;
  url: string;
  /** The checks to run there (absent: every check of the profile). */
  checks?: readonly string[];
  /** The planned checks are expected to fail (a faulted server): failures then do not restart workers. */
  expectFailure?: boolean;
}

/**
 * The plans read so far, by file: every spec file loads the plan, in every worker (hundreds of targets
 * in the mutation matrix), and a run's plan does not change while it runs.
 */
const loaded = new Map<string, readonly PlannedTarget[]>();

/** The plan, or undefined for a normal single-target run. Throws naming what is wrong with the file. */
export function loadTargetPlan(env: NodeJS.ProcessEnv = process.env): readonly PlannedTarget[] | undefined {
  const file = env[TARGET_PLAN_ENV];
  if (!file) return undefined;
  let plan = loaded.get(file);
  if (!plan) {
    plan = Object.freeze(readTargetPlan(file));
    loaded.set(file, plan);
  }
  return plan;
}

function readTargetPlan(file: string): PlannedTarget[] {
  const plan = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(plan) || plan.length === 0)
    throw new Error(`${file}: a target plan is a non-empty JSON array`);
  const keys = new Set<string>();
  return plan.map((entry: Partial<PlannedTarget>, index) => {
    const where = `${file}: target ${index + 1}`;
    if (
      typeof entry.key !== 'string' ||
      entry.key === '' ||
      entry.key === DEFAULT_TARGET_KEY ||
      keys.has(entry.key)
    ) {
      throw new Error(`${where}: "key" must be a unique non-empty string other than "${DEFAULT_TARGET_KEY}"`);
    }
    keys.add(entry.key);
    if (typeof entry.url !== 'string' || !/^https?:\/\//.test(entry.url))
      throw new Error(`${where}: "url" must be an http(s) URL`);
    const unknown = (entry.checks ?? []).filter((id) => !isCheckId(id));
    if (unknown.length > 0) throw new Error(`${where}: unknown checks ${unknown.join(', ')}`);
    return Object.freeze({
      key: entry.key,
      url: entry.url.replace(/\/+$/, ''),
      ...(entry.checks ? { checks: Object.freeze([...entry.checks]) } : {}),
      ...(entry.expectFailure ? { expectFailure: true } : {}),
    });
  });
}
