/**
 * What one check found, collected as it goes and judged once at the end ("collect problems, then fail
 * once with all of them"). Two kinds of finding:
 * - a problem: the server broke the contract;
 * - a deviation: a named, known way of breaking it (`one-to-one-id-is-object-id`) that a waiver may
 *   accept. A deviation no waiver accepts is a problem like any other.
 *
 * The judgement is framework-neutral; src/playwright/verdict.ts turns it into a Playwright outcome.
 */
export interface Deviation {
  /** Kebab-case name of the deviation, as waivers refer to it (`accepts:`). */
  kind: string;
  message: string;
}

/** The waiver that accepts a deviation, as much of it as a verdict shows. */
export interface Acceptance {
  id: string;
  reason: string;
  source: string;
}

export type Judgement =
  | { outcome: 'passed'; notes: string[] }
  | { outcome: 'waived'; accepted: Array<{ waiver: Acceptance; deviations: Deviation[] }>; notes: string[] }
  | { outcome: 'failed'; message: string; notes: string[] };

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
   * The verdict. `accept` names the waiver that accepts a deviation for this server (or undefined);
   * `activeWaivers` are the waivers in force for this check, so a check that passes anyway can say that
   * they are no longer needed.
   */
  judge(
    summary: string,
    accept: (deviation: Deviation) => Acceptance | undefined,
    activeWaivers: readonly Acceptance[] = [],
  ): Judgement {
    const accepted = new Map<string, { waiver: Acceptance; deviations: Deviation[] }>();
    const unaccepted: string[] = [];
    for (const deviation of this.#deviations) {
      const waiver = accept(deviation);
      if (!waiver) {
        unaccepted.push(`${deviation.message} (deviation "${deviation.kind}": no waiver accepts it here)`);
        continue;
      }
      const entry = accepted.get(waiver.id) ?? { waiver, deviations: [] };
      entry.deviations.push(deviation);
      accepted.set(waiver.id, entry);
    }
    const notes = [...this.#notes];
    const problems = [...this.#problems, ...unaccepted];
    if (problems.length > 0) {
      const waived = [...accepted.values()].flatMap(({ waiver, deviations }) =>
        deviations.map((deviation) => `(accepted by waiver ${waiver.id}) ${deviation.message}`),
      );
      const lines = [...problems, ...waived].map((line) => `  • ${line}`);
      const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
      return { outcome: 'failed', message: `${summary} — ${count}:\n${lines.join('\n')}`, notes };
    }
    if (accepted.size > 0) return { outcome: 'waived', accepted: [...accepted.values()], notes };
    for (const waiver of activeWaivers) {
      notes.push(`waiver ${waiver.id} no longer needed: the check passed without the deviation it accepts`);
    }
    return { outcome: 'passed', notes };
  }
}

/** A check failed on a contract assertion: the message lists every problem found. */
export class ContractFailure extends Error {
  override name = 'ContractFailure';
}
