/** Small order statistics: the machine is noisy, so every figure is reported as median with min and max. */

/** Median, min and max of a sample set (NaN for an empty one). */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** The p-th percentile (0..100) by linear interpolation between closest ranks. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  // lo === hi: return the sample itself (interpolating would turn an infinite sample into NaN).
  return lo === hi ? a : a + (b - a) * (rank - lo);
}

/** Median, min and max. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  return { median: percentile(samples, 50), min: Math.min(...samples), max: Math.max(...samples), n: samples.length };
}

/**
 * Ratios a/b measured in the same round (index by index), summarized. Pairing by round cancels most of the
 * machine's drift; when the sample counts differ, falls back to the ratio of the medians.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Summary {
  if (a.length > 0 && a.length === b.length) return summarize(a.map((x, i) => x / (b[i] as number)));
  const r = percentile(a, 50) / percentile(b, 50);
  return { median: r, min: r, max: r, n: 1 };
}
