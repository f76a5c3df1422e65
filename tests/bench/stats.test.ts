import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleStats } from '../../scripts/bench/stats.js';

test('sampleStats: median of an odd and an even count, min, max, runs', () => {
  assert.deepEqual(sampleStats([5, 1, 3]), { median: 3, min: 1, max: 5, runs: 3 });
  assert.deepEqual(sampleStats([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4, runs: 4 });
  assert.deepEqual(sampleStats([7]), { median: 7, min: 7, max: 7, runs: 1 });
});

test('sampleStats: no samples is an error, not a zero', () => {
  assert.throws(() => sampleStats([]), /no samples/);
});
