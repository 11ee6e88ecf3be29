/**
 * Percentile calibration: clip the activation range to the p-th and (100−p)-th percentiles of the
 * observed values, discarding rare outliers that would otherwise stretch the grid (Wu et al.,
 * "Integer Quantization for Deep Learning Inference: Principles and Empirical Evaluation", NVIDIA,
 * arXiv:2004.09602, 2020, activation calibration: percentiles 99.9 … 99.9999 next to max and entropy).
 */

import { UserError } from '../../../../src-shared/errors.js';

/** Linear-interpolation quantile of ascending values (numpy's default 'linear' method), q ∈ [0, 1]. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return fraction === 0 ? sorted[below] : sorted[below] + fraction * (sorted[above] - sorted[below]);
}

/** [lo, hi] = the (100−p)-th and p-th percentiles of the sorted sample, p ∈ (50, 100]. */
export function percentileRange(sorted: ArrayLike<number>, percentile: number): { lo: number; hi: number } {
  if (!(percentile > 50 && percentile <= 100)) {
    throw new UserError(
      'calib-percentile',
      `The calibration percentile must be above 50 and at most 100 (the upper tail, e.g. 99.99); ${percentile} was given.`,
      { percentile },
    );
  }
  return { lo: quantileOfSorted(sorted, 1 - percentile / 100), hi: quantileOfSorted(sorted, percentile / 100) };
}
