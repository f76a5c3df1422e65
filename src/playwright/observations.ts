import type { TestInfo } from '@playwright/test';
import { type FieldInventory, fieldInventory } from '../core/contract/drift.js';
import { attachRedacted } from './attachments.js';

/**
 * What the suite saw of live responses, for the drift report. The matcher calls `recordObservedBody`
 * for every response it checks; a rooms.get 200 body is reduced to its field inventory (field paths and
 * `t` values only, never values) and attached to the test as `contract-observation`. The conformance
 * reporter collects those attachments — also from blob reports, so a merged sharded run gets the same
 * drift report — and writes reports/drift.json.
 */
export const OBSERVATION_ATTACHMENT = 'contract-observation';

export interface Observation {
  operation: string;
  status: number;
  inventory: FieldInventory;
}

export async function recordObservedBody(
  testInfo: TestInfo,
  operation: string,
  status: number,
  body: unknown,
): Promise<void> {
  // Drift compares against the documented 200 response; other answers have no room list to inventory.
  if (operation !== 'rooms.get' || status !== 200) return;
  const observation: Observation = { operation, status, inventory: fieldInventory(body) };
  await attachRedacted(testInfo, OBSERVATION_ATTACHMENT, observation);
}

export function parseObservation(body: Buffer | string): Observation | undefined {
  try {
    const value = JSON.parse(body.toString()) as Partial<Observation>;
    if (typeof value.operation !== 'string' || typeof value.status !== 'number' || !value.inventory)
      return undefined;
    return value as Observation;
  } catch {
    return undefined;
  }
}
