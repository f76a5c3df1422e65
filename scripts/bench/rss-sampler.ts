import { processTree, proportionalBytes, residentBytes } from './proc.js';

/**
 * Samples the memory of a process tree (the Playwright runner and its workers) from /proc: RSS every
 * `intervalMs`, PSS every `pssEvery` samples. Three views of the peak:
 * - the sum of RSS over the tree: counts pages shared between processes (the node binary, for one)
 *   once per process, so it overstates;
 * - the sum of PSS: each shared page divided among its sharers, what the tree really occupies;
 * - the largest single process's RSS.
 */
export interface MemoryPeak {
  peakTotalBytes: number;
  peakProportionalBytes: number;
  peakProcessBytes: number;
  samples: number;
  /** Most processes seen in the tree at once. */
  maxProcesses: number;
}

export interface RssSampler {
  /** The tree as of the last sample (used to attribute connections to processes). */
  currentTree(): number[];
  /** Takes a fresh sample now and returns the tree (for a process that appeared since). */
  refresh(): number[];
  stop(): MemoryPeak;
}

export function startRssSampler(root: number, intervalMs = 50, pssEvery = 5): RssSampler {
  const peak: MemoryPeak = {
    peakTotalBytes: 0,
    peakProportionalBytes: 0,
    peakProcessBytes: 0,
    samples: 0,
    maxProcesses: 0,
  };
  let tree: number[] = [];
  const sample = (): number[] => {
    tree = processTree(root);
    let total = 0;
    for (const pid of tree) {
      const bytes = residentBytes(pid) ?? 0;
      total += bytes;
      peak.peakProcessBytes = Math.max(peak.peakProcessBytes, bytes);
    }
    if (peak.samples % pssEvery === 0) {
      const proportional = tree.reduce((sum, pid) => sum + (proportionalBytes(pid) ?? 0), 0);
      peak.peakProportionalBytes = Math.max(peak.peakProportionalBytes, proportional);
    }
    peak.peakTotalBytes = Math.max(peak.peakTotalBytes, total);
    peak.maxProcesses = Math.max(peak.maxProcesses, tree.length);
    peak.samples += 1;
    return tree;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    currentTree: () => tree,
    refresh: sample,
    stop() {
      clearInterval(timer);
      return { ...peak };
    },
  };
}
