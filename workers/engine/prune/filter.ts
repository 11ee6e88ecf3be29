/**
 * Structured filter pruning by L1 norm (Li, Kadav, Durdanovic, Samet & Graf, "Pruning Filters for
 * Efficient ConvNets", ICLR 2017, §3.1): rank the output channels (filters) of a layer by
 * s_j = Σ |W_j| and remove the floor(r · outC) with the smallest sums (ties: lower index first).
 *
 * A removed filter's weights and bias entry are zeroed IN PLACE, so its output is constant 0 (the
 * bias is the folded one when BatchNormalization was folded first); Li et al. then delete the
 * channel and the next layer's matching input kernels, which we leave to the cost model — the
 * zeros are what the accuracy sees.
 */

import { InternalError } from '../../../src-shared/errors.js';
import { prunedCount } from './pruned-count.js';

export interface FilterPruneResult {
  /** Removed output channels, ascending. */
  readonly removed: number[];
  /** L1 norm of every filter before pruning. */
  readonly l1Norms: Float64Array;
  /** Fraction of the layer's weights that are zero afterwards. */
  readonly sparsity: number;
}

/** Zeroes the `ratio` fraction of filters (weights laid out [outC, …]) with the smallest L1 norm. */
export function pruneFilters(
  weights: Float32Array,
  outChannels: number,
  ratio: number,
  bias?: Float32Array | null,
): FilterPruneResult {
  if (!Number.isInteger(outChannels) || outChannels < 1 || weights.length % outChannels !== 0) {
    throw new InternalError('prune-layout', `A weight tensor of ${weights.length} values cannot hold ${outChannels} equal filters.`);
  }
  if (bias && bias.length !== outChannels) {
    throw new InternalError('prune-layout', `The bias has ${bias.length} entries for ${outChannels} filters.`);
  }
  const k = prunedCount(ratio, outChannels);
  const per = weights.length / outChannels;
  const l1Norms = new Float64Array(outChannels);
  for (let c = 0; c < outChannels; c++) {
    let sum = 0;
    for (let i = c * per, end = i + per; i < end; i++) sum += Math.abs(weights[i]);
    l1Norms[c] = sum;
  }
  const order = Array.from({ length: outChannels }, (_, c) => c);
  // NaN norms rank last (never removed before a finite one).
  const key = (c: number) => (Number.isNaN(l1Norms[c]) ? Infinity : l1Norms[c]);
  order.sort((a, b) => key(a) - key(b) || a - b);
  const removed = order.slice(0, k).sort((a, b) => a - b);
  for (const c of removed) {
    weights.fill(0, c * per, (c + 1) * per);
    if (bias) bias[c] = 0;
  }
  let zeros = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] === 0) zeros++;
  return { removed, l1Norms, sparsity: weights.length > 0 ? zeros / weights.length : 0 };
}
