import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A staging deployment's app instances (RC_REFERENCE_INSTANCES) and their clocks
 * (RC_REFERENCE_CLOCK_SKEW_MS). Each request, and each background action, is served by the next
 * instance in turn; every write it makes is stamped with that instance's `new Date()`, so a later
 * write can carry an earlier timestamp — as on a real HA deployment, where each instance stamps
 * `_updatedAt`, `ts` and `_deletedAt` itself (apps/meteor/server/models/raw/setUpdatedAt.ts).
 */
export class InstanceClock {
  /** Each instance's offset from the host clock, spread evenly over ±skew. */
  readonly offsetsMs: readonly number[];
  private readonly current = new AsyncLocalStorage<number>();
  private nextInstance = 0;

  constructor(instances: number, skewMs: number) {
    this.offsetsMs =
      instances <= 1
        ? [0]
        : Array.from({ length: instances }, (_, i) =>
            Math.round(-skewMs + (2 * skewMs * i) / (instances - 1)),
          );
  }

  get instances(): number {
    return this.offsetsMs.length;
  }

  /** The serving instance's clock; outside a request (start-up), the first instance's. */
  now(): Date {
    if (this.offsetsMs.length === 1) return new Date(Date.now() + (this.offsetsMs[0] ?? 0));
    return new Date(Date.now() + (this.offsetsMs[this.current.getStore() ?? 0] ?? 0));
  }

  /** Which instance serves the current request or action (0 outside one). */
  instance(): number {
    return this.current.getStore() ?? 0;
  }

  /** Runs `fn` on the next instance in turn (round robin, one instance per call). */
  runNext<T>(fn: () => T): T {
    if (this.offsetsMs.length === 1) return fn();
    const instance = this.nextInstance;
    this.nextInstance = (this.nextInstance + 1) % this.offsetsMs.length;
    return this.current.run(instance, fn);
  }
}
