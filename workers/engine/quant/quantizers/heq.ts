/**
 * Histogram-equalized quantization (HEQ), after Nguyen, Guicquero & Sicard, "Histogram-Equalized
 * Quantization for logic-gated Residual Neural Networks", ISCAS 2022 (arXiv:2501.04517).
 *
 * What we take from the paper: the output levels stay those of a *linear* quantizer with a single
 * step size per tensor/channel (so integer arithmetic is unchanged), and the decision thresholds
 * follow the L-quantiles of the data, so each of the L levels is used about equally often. The
 * paper does this during training, adapting the one step size so the linear thresholds track the
 * quantiles of the proxy weights; this post-training variant keeps the quantile thresholds
 * themselves as the decision rule and fits the step afterwards:
 *
 *  1. levels: the symmetric grid for weights (zero-point 0, narrow range by default) or the
 *     asymmetric 0 … 2^b − 1 grid for activations (zero-point = the level whose quantile bin
 *     holds real 0);
 *  2. thresholds t_j = the j/L quantile of the channel's values, j = 1 … L−1 (midpoint of the two
 *     order statistics around rank ⌊j·n/L⌋); activations are first clipped to their calibrated
 *     range;
 *  3. scale s by least squares over the data, s = Σ x·q / Σ q² with q = level(code(x)) − zeroPoint;
 *  4. consistency: every level's value w_c = s·q_c must lie in its own bin (t_c ≤ w_c < t_{c+1}),
 *     or quantization is not idempotent. Among all s, we keep the region where the most quantile
 *     thresholds already satisfy that (a sweep over the intervals each threshold allows), taking
 *     the point of that region nearest the least-squares s; the thresholds still outside their
 *     interval are projected onto it (`projectThresholds`).
 * Steps 3–4 are ours, not the paper's. Where the data's quantiles are far from evenly spaced
 * (heavy tails, a point mass such as ReLU zeros) the equalization is partial: a point mass
 * collapses several quantiles onto one value, leaving empty levels.
 */

import type { FitOptions, QuantParams, Quantizer } from '../types.js';
import { channelValues, MIN_SCALE, positiveScale } from './channel-stats.js';
import { checkFitOptions } from './check-fit-options.js';
import { integerLevels } from './integer-levels.js';
import { projectThresholds } from './project-thresholds.js';
import { symmetricGrid } from './symmetric.js';

const MIN_BITS = 2;
const MAX_BITS = 16;

/** Quantile thresholds of sorted values: t_j sits between ranks ⌊j·n/L⌋ − 1 and ⌊j·n/L⌋. */
export function quantileThresholds(sorted: Float64Array, levelCount: number): Float64Array {
  const n = sorted.length;
  const thresholds = new Float64Array(levelCount - 1);
  if (n === 0) return thresholds;
  for (let j = 1; j < levelCount; j++) {
    const rank = Math.floor((j * n) / levelCount);
    thresholds[j - 1] = rank === 0 ? sorted[0] : (sorted[rank - 1] + sorted[rank]) / 2;
  }
  return thresholds;
}

/** Least-squares step for sorted values coded by `thresholds`: Σ x·q / Σ q². NaN when Σ q² = 0. */
function leastSquaresScale(sorted: Float64Array, thresholds: Float64Array, levels: Int32Array, zeroPoint: number): number {
  let code = 0;
  let sumXQ = 0;
  let sumQQ = 0;
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i];
    while (code < thresholds.length && thresholds[code] <= x) code++;
    const q = levels[code] - zeroPoint;
    sumXQ += x * q;
    sumQQ += q * q;
  }
  return sumQQ > 0 ? sumXQ / sumQQ : NaN;
}

/**
 * The open interval (a, b) of scales s > 0 for which threshold t between levels q−1 and q (relative
 * to the zero-point) satisfies s·(q−1) < t ≤ s·q; null when no s does.
 */
function allowedScales(t: number, q: number): [number, number] | null {
  const below = q - 1;
  if (q > 0) {
    if (!(t > 0)) return null;
    return [t / q, below > 0 ? t / below : Infinity];
  }
  // q ≤ 0: the threshold is at or below real 0.
  // q = 0: t ≤ 0 is needed and −s < t bounds s from below.
  if (q === 0) return t <= 0 ? [t < 0 ? t / below : 0, Infinity] : null;
  if (!(t < 0)) return null;
  return [t / below, t / q];
}

/**
 * The scale nearest `preferred` among those that keep the most thresholds inside their interval
 * (a sweep over interval endpoints), nudged strictly inside the chosen region.
 */
export function mostConsistentScale(thresholds: Float64Array, levels: Int32Array, zeroPoint: number, preferred: number): number {
  const events: number[] = []; // pairs (position, +1 | −1)
  for (let j = 1; j < levels.length; j++) {
    const interval = allowedScales(thresholds[j - 1], levels[j] - zeroPoint);
    if (interval === null || !(interval[0] < interval[1])) continue;
    events.push(interval[0], 1, interval[1], -1);
  }
  if (events.length === 0) return preferred;
  const order: number[] = [];
  for (let e = 0; e < events.length; e += 2) order.push(e);
  // Ends before starts at equal positions: the intervals are open, so touching ones do not overlap.
  order.sort((a, b) => events[a] - events[b] || events[a + 1] - events[b + 1]);
  let count = 0;
  let best = -1;
  let bestLo = 0;
  let bestHi = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < order.length; i++) {
    count += events[order[i] + 1];
    const lo = events[order[i]];
    const hi = i + 1 < order.length ? events[order[i + 1]] : Infinity;
    if (!(lo < hi)) continue;
    const distance = preferred < lo ? lo - preferred : preferred > hi ? preferred - hi : 0;
    if (count > best || (count === best && distance < bestDistance)) {
      best = count;
      bestLo = lo;
      bestHi = hi;
      bestDistance = distance;
    }
  }
  if (best <= 0) return preferred;
  const inset = 1e-9;
  const low = Math.max(bestLo * (1 + inset), MIN_SCALE);
  const high = bestHi * (1 - inset);
  if (!(low < high)) return bestHi === Infinity ? low : (bestLo + bestHi) / 2;
  return preferred < low ? low : preferred > high ? high : preferred;
}

export const heqQuantizer: Quantizer = {
  kind: 'heq',
  minBits: MIN_BITS,
  maxBits: MAX_BITS,
  fit(data: Float32Array, options: FitOptions): QuantParams {
    const per = checkFitOptions('heq', MIN_BITS, MAX_BITS, data, options);
    const isWeight = options.role === 'weight';
    const grid = isWeight ? symmetricGrid(options.bits, options.narrowRange ?? true) : null;
    const levels = grid ? grid.levels : integerLevels(0, 2 ** options.bits - 1);
    const scale = new Float64Array(options.channels);
    const zeroPoint = new Int32Array(options.channels);
    const thresholds: Float64Array[] = [];
    for (let k = 0; k < options.channels; k++) {
      const sorted = channelValues(data, per, k, options).sort();
      const t = quantileThresholds(sorted, levels.length);
      let zero = 0;
      if (!isWeight) {
        while (zero < t.length && t[zero] <= 0) zero++;
        zero = levels[zero];
      }
      let preferred = leastSquaresScale(sorted, t, levels, zero);
      if (!(preferred > 0)) {
        // Degenerate fit (all values in the zero bin): fall back to the linear grid's own step.
        const lo = sorted.length > 0 ? Math.min(0, sorted[0]) : 0;
        const hi = sorted.length > 0 ? Math.max(0, sorted[sorted.length - 1]) : 0;
        preferred = grid ? Math.max(-lo, hi) / grid.divisor : (hi - lo) / (levels.length - 1);
      }
      scale[k] = positiveScale(mostConsistentScale(t, levels, zero, positiveScale(preferred)));
      zeroPoint[k] = zero;
      projectThresholds(t, levels, scale[k], zero);
      thresholds.push(t);
    }
    return { kind: 'heq', bits: options.bits, channels: options.channels, scale, zeroPoint, levels, thresholds };
  },
};
