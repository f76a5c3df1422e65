import { processTree, residentBytes } from './proc.js';

/**
 * Samples the resident memory of a process tree (the Playwright runner and its workers) every
 * `intervalMs` from /proc. Reports the peak of the sum over the tree, and the peak of the largest
 * single process: the sum counts pages shared between processes more than once, so it is an upper
 * bound, and the single largest process is the lower one.
 */
export interface MemoryPeak {
  peakTotalBytes: number;
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

export function startRssSampler(root: number, intervalMs = 50): RssSampler {
  const peak: MemoryPeak = { peakTotalBytes: 0, peakProcessBytes: 0, samples: 0, maxProcesses: 0 };
  let tree: number[] = [];
  const sample = (): number[] => {
    tree = processTree(root);
    let total = 0;
    for (const pid of tree) {
      const bytes = residentBytes(pid) ?? 0;
      total += bytes;
      peak.peakProcessBytes = Math.max(peak.peakProcessBytes, bytes);
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
