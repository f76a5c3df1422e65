import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { criticalPath, type TimedRequest } from '../../scripts/bench/critical-path.js';

const RUNNER = 1;
const WORKER_A = 2;
const WORKER_B = 3;

function req(start: number, end: number, client: number | undefined): TimedRequest {
  return { start, end, client };
}

describe('criticalPath', () => {
  test('no requests: an empty path', () => {
    assert.deepEqual(criticalPath([]), { length: 0, busyMs: 0, chain: [] });
  });

  test('sequential requests of one worker form one chain; touching intervals chain', () => {
    const requests = [req(0, 10, WORKER_A), req(10, 20, WORKER_A), req(25, 40, WORKER_A)];
    assert.deepEqual(criticalPath(requests), { length: 3, busyMs: 35, chain: [0, 1, 2] });
  });

  test('overlapping requests of one worker do not chain', () => {
    const requests = [req(0, 10, WORKER_A), req(5, 15, WORKER_A), req(8, 30, WORKER_A)];
    assert.equal(criticalPath(requests).length, 1);
  });

  test("two workers' requests never chain with each other: the longer worker is the path", () => {
    const requests = [
      req(0, 10, WORKER_A),
      req(11, 20, WORKER_B),
      req(21, 30, WORKER_A),
      req(31, 40, WORKER_B),
      req(41, 50, WORKER_A),
    ];
    const path = criticalPath(requests, { barrierClient: RUNNER });
    assert.equal(path.length, 3);
    assert.deepEqual(path.chain, [0, 2, 4]);
  });

  test('the same requests over all clients chain across workers (the fallback overstates)', () => {
    const requests = [req(0, 10, WORKER_A), req(11, 20, WORKER_B), req(21, 30, WORKER_A)];
    assert.equal(criticalPath(requests, { singleClient: true }).length, 3);
  });

  test("the runner's requests (global setup, teardown) are barriers chaining with every worker", () => {
    const requests = [
      req(0, 5, RUNNER), // setup: login
      req(5, 9, RUNNER), // setup: /api/info
      req(10, 20, WORKER_A),
      req(10, 30, WORKER_B),
      req(31, 40, WORKER_B),
      req(41, 45, RUNNER), // teardown
    ];
    const path = criticalPath(requests, { barrierClient: RUNNER });
    assert.deepEqual(path.chain, [0, 1, 3, 4, 5]);
    assert.equal(path.busyMs, 5 + 4 + 20 + 9 + 4);
  });

  test('without a barrier client, runner requests chain only among themselves', () => {
    const requests = [req(0, 5, RUNNER), req(10, 20, WORKER_A), req(30, 40, RUNNER)];
    assert.equal(criticalPath(requests).length, 2);
  });

  test('unattributed requests chain only with barriers, never with a worker or each other', () => {
    const requests = [
      req(0, 5, undefined),
      req(6, 10, undefined),
      req(11, 20, WORKER_A),
      req(21, 25, RUNNER),
    ];
    const path = criticalPath(requests, { barrierClient: RUNNER });
    assert.equal(path.length, 2);
  });

  test('input order does not matter', () => {
    const requests = [req(20, 30, WORKER_A), req(0, 10, WORKER_A), req(10, 20, WORKER_A)];
    assert.deepEqual(criticalPath(requests).chain, [1, 2, 0]);
  });

  test('among chains of equal length, the one with more time in requests is reported', () => {
    const requests = [req(0, 1, WORKER_A), req(0, 9, WORKER_A), req(10, 12, WORKER_A)];
    assert.deepEqual(criticalPath(requests), { length: 2, busyMs: 11, chain: [1, 2] });
  });
});
