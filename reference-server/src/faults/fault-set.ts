import type { FaultName } from './catalogue.js';

/** The faults switched on for one server. Read once at start-up into the policies in `faults/`. */
export class FaultSet {
  private readonly names: ReadonlySet<FaultName>;

  constructor(names: Iterable<FaultName> = []) {
    this.names = new Set(names);
  }

  has(name: FaultName): boolean {
    return this.names.has(name);
  }

  list(): FaultName[] {
    return [...this.names];
  }
}
