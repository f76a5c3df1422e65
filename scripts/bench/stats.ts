/** A figure measured several times, summarised as the issue asks: median with min and max. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function sampleStats(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('sampleStats: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}
