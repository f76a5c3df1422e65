/**
 * The critical path of a conformance run: the longest chain of HTTP requests that ran one after another.
 *
 * We cannot see the suite's data dependencies from the wire, only when each request started and ended
 * and which process sent it. So a chain is built from what had to be sequential given how Playwright runs
 * the suite:
 *
 * - within one client process (a test worker), a request that starts after another has ended follows it
 *   (a worker runs one test at a time, and a test awaits its requests);
 * - the runner process (global setup and teardown) is a barrier: everything the workers do comes after
 *   setup's requests and before teardown's, so a runner request chains with any request before or after it;
 * - requests of two different workers never chain: they could have overlapped.
 *
 * The length is the number of requests in the longest such chain. It is what a run cannot avoid paying
 * in round trips: at latency L it takes at least `length × L`. It is measured, not derived from the code,
 * so it includes requests that merely happened to be sequential (an upper bound of the true dependency
 * chain for the suite as written, and exactly the round trips the run waited on).
 */

export interface TimedRequest {
  /** Milliseconds on any monotonic clock shared by all requests. */
  start: number;
  end: number;
  /**
   * Who sent it: a process id, or undefined when it could not be told. An unattributed request chains
   * only with barrier requests (counting it into a worker's chain could overstate the path).
   */
  client: number | undefined;
}

export interface CriticalPath {
  /** Requests in the longest chain. */
  length: number;
  /** Sum of the chain's request durations (milliseconds). */
  busyMs: number;
  /** Indexes (into the input) of the chain's requests, in order. */
  chain: number[];
}

export interface CriticalPathOptions {
  /** The runner's process id: its requests are barriers (global setup and teardown). */
  barrierClient?: number | undefined;
  /** Treat every request as one client (used when clients cannot be told apart). */
  singleClient?: boolean;
}

/**
 * Longest chain by dynamic programming over requests sorted by start: O(n²), fine for the few hundred
 * to few thousand requests of a run. Touching intervals (one ends exactly when the next starts) chain.
 */
export function criticalPath(
  requests: readonly TimedRequest[],
  options: CriticalPathOptions = {},
): CriticalPath {
  const order = requests.map((_, index) => index).sort((a, b) => requests[a]!.start - requests[b]!.start);
  const best: number[] = new Array(requests.length).fill(0);
  const busy: number[] = new Array(requests.length).fill(0);
  const previous: number[] = new Array(requests.length).fill(-1);

  const chains = (before: TimedRequest, after: TimedRequest): boolean => {
    if (before.end > after.start) return false;
    if (options.singleClient) return true;
    if (options.barrierClient !== undefined) {
      if (before.client === options.barrierClient || after.client === options.barrierClient) return true;
    }
    return before.client !== undefined && before.client === after.client;
  };

  let last = -1;
  for (const [position, index] of order.entries()) {
    const request = requests[index]!;
    best[index] = 1;
    busy[index] = request.end - request.start;
    for (let k = 0; k < position; k++) {
      const candidate = order[k]!;
      if (!chains(requests[candidate]!, request)) continue;
      const length = best[candidate]! + 1;
      const time = busy[candidate]! + request.end - request.start;
      // Longest chain first; among equals, the one that spent the most time in requests.
      if (length > best[index]! || (length === best[index]! && time > busy[index]!)) {
        best[index] = length;
        busy[index] = time;
        previous[index] = candidate;
      }
    }
    if (
      last === -1 ||
      best[index]! > best[last]! ||
      (best[index] === best[last] && busy[index]! > busy[last]!)
    ) {
      last = index;
    }
  }

  const chain: number[] = [];
  for (let index = last; index !== -1; index = previous[index]!) chain.unshift(index);
  return { length: chain.length, busyMs: last === -1 ? 0 : busy[last]!, chain };
}
