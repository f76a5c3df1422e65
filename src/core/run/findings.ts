import {
  type CheckOutcome,
  type ExpiredWaiver,
  failureLines,
  type OutcomeDeviation,
  type OutcomeWaiver,
  outcome,
} from './check-outcome.js';

/**
 * What one check found, collected as it goes and judged once at the end ("collect problems, then fail
 * once with all of them"). Two kinds of finding:
 * - a problem: the server broke the contract;
 * - a deviation: a named, known way of breaking it (`one-to-one-id-is-object-id`) that a waiver may
 *   accept. A deviation no waiver accepts is a problem like any other.
 *
 * The judgement is the check's outcome record (src/core/run/check-outcome.ts), framework-neutral; the
 * judgement fixture (src/playwright/fixtures/judgement.ts) writes it and turns it into a Playwright outcome.
 */
export interface Deviation {
  /** Kebab-case name of the deviation, as waivers refer to it (`accepts:`). */
  kind: string;
  message: string;
}

/** The waiver that accepts a deviation, as much of it as a verdict shows. */
export type Acceptance = OutcomeWaiver;

export class Findings {
  readonly #problems: string[] = [];
  readonly #deviations: Deviation[] = [];
  readonly #notes: string[] = [];

  /** A contract problem. */
  problem(message: string): void {
    this.#problems.push(message);
  }

  /** A problem when `holds` is false: `findings.expect(room.t === 'p', 'the group has t "c"')`. */
  expect(holds: boolean, message: string): void {
    if (!holds) this.problem(message);
  }

  /** A named deviation that a waiver may accept. */
  deviation(kind: string, message: string): void {
    this.#deviations.push({ kind, message });
  }

  /** Information for the report that judges nothing (e.g. "3 DMs predate 3.1"). */
  note(message: string): void {
    this.#notes.push(message);
  }

  get problemCount(): number {
    return this.#problems.length + this.#deviations.length;
  }

  /**
   * The verdict, as the check's outcome record. `accept` names the waiver in force that accepts a
   * deviation for this server (or undefined); `activeWaivers` are the waivers in force for this check, so a
   * check that passes anyway can say that they are no longer needed; `expired` are this check's waivers
   * whose day has passed — each one fails the check (fix the deviation or renew the waiver).
   */
  judge(
    accept: (deviation: Deviation) => Acceptance | undefined,
    activeWaivers: readonly Acceptance[] = [],
    expired: readonly ExpiredWaiver[] = [],
  ): CheckOutcome {
    const waivers = new Map<string, OutcomeWaiver>();
    const deviations = this.#deviations.map((deviation): OutcomeDeviation => {
      const waiver = accept(deviation);
      if (!waiver) return { ...deviation };
      waivers.set(waiver.id, { id: waiver.id, reason: waiver.reason, source: waiver.source });
      return { ...deviation, acceptedBy: waiver.id };
    });
    const fields = {
      problems: [...this.#problems],
      deviations,
      waivers: [...waivers.values()],
      expiredWaivers: [...expired],
      notes: [...this.#notes],
    };
    const judged = outcome('passed', fields);
    if (failureLines(judged).length > 0) return { ...judged, status: 'failed' };
    if (waivers.size > 0) return { ...judged, status: 'waived' };
    return { ...judged, unneededWaivers: activeWaivers.map((waiver) => waiver.id) };
  }
}

/**
 * The failed check's message for people (the terminal, the HTML report): the title, then every problem,
 * and the deviations a waiver accepted as such. Reporters read the record, not this text.
 */
export function failureMessage(summary: string, record: CheckOutcome): string {
  const problems = failureLines(record);
  const waived = record.deviations.flatMap((deviation) =>
    deviation.acceptedBy === undefined
      ? []
      : [`(accepted by waiver ${deviation.acceptedBy}) ${deviation.message}`],
  );
  const lines = [...problems, ...waived].map((line) => `  • ${line}`);
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return `${summary} — ${count}:\n${lines.join('\n')}`;
}

/** A check failed on a contract assertion: the message lists every problem found. */
export class ContractFailure extends Error {
  override name = 'ContractFailure';
}
