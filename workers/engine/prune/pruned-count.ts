import { UserError } from '../../../src-shared/errors.js';

/**
 * How many of n items a pruning ratio removes: floor(ratio · n). The product is nudged up by a
 * relative 2^−40 first, so decimal ratios that land on an integer in exact arithmetic (0.29 · 100)
 * are not lost to binary rounding (0.29 · 100 = 28.999999999999996 in float64).
 */
export function prunedCount(ratio: number, n: number): number {
  if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1)) {
    throw new UserError(
      'prune-ratio',
      `The pruning ratio must be a number from 0 to 1 (the fraction of weights to remove); ${String(ratio)} was given.`,
      { ratio },
    );
  }
  return Math.min(n, Math.floor(ratio * n * (1 + 2 ** -40)));
}
