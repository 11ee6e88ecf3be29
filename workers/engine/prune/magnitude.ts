/**
 * Unstructured magnitude pruning (Han et al., "Learning both Weights and Connections for Efficient
 * Neural Networks", NeurIPS 2015): remove the weights of smallest |w|.
 *
 * Scope 'global' (DESIGN.md's default) ranks all weights of all given layers together, so layers
 * with many small weights lose more; 'layer' applies the ratio to each layer separately. Exactly
 * k = floor(r·n) weights are masked in each ranked set (`prunedCount`): those with |w| below the
 * k-th smallest magnitude τ, then weights with |w| = τ in order (layer order, then index) until
 * k are masked — so ties at the threshold are broken deterministically by position. Weights that
 * were already zero rank first, so a layer ends with max(k, existing zeros) zeros. NaN weights are
 * never pruned.
 *
 * The weights are zeroed IN PLACE (callers pass their own copies); the result reports the masks.
 */

import { prunedCount } from './pruned-count.js';

export type PruneScope = 'global' | 'layer';

export interface MagnitudePruneResult {
  /** Per layer: 1 = kept, 0 = pruned. */
  readonly masks: Uint8Array[];
  /** Per layer: how many weights this call masked. */
  readonly prunedCounts: number[];
  /** Per layer: fraction of weights that are zero afterwards. */
  readonly sparsity: number[];
}

/** Masks exactly floor(ratio · total) weights of smallest magnitude across `layers`. */
function pruneSet(layers: readonly Float32Array[], ratio: number, masks: Uint8Array[], counts: number[], offset: number): void {
  let total = 0;
  for (const w of layers) total += w.length;
  const magnitudes = new Float32Array(total);
  let n = 0;
  for (const w of layers) for (let i = 0; i < w.length; i++) if (w[i] === w[i]) magnitudes[n++] = Math.abs(w[i]);
  const k = Math.min(prunedCount(ratio, total), n);
  if (k === 0) return;
  const sorted = magnitudes.subarray(0, n).sort();
  const threshold = sorted[k - 1];
  let below = k - 1;
  while (below > 0 && sorted[below - 1] === threshold) below--;
  let tiesLeft = k - below;
  layers.forEach((w, l) => {
    const mask = masks[offset + l];
    let pruned = 0;
    for (let i = 0; i < w.length; i++) {
      const a = Math.abs(w[i]);
      if (a < threshold || (a === threshold && tiesLeft > 0)) {
        if (a === threshold) tiesLeft--;
        w[i] = 0;
        mask[i] = 0;
        pruned++;
      }
    }
    counts[offset + l] = pruned;
  });
}

/** Zeroes the `ratio` fraction of smallest-magnitude weights, globally or per layer. */
export function pruneMagnitude(weights: readonly Float32Array[], ratio: number, scope: PruneScope = 'global'): MagnitudePruneResult {
  const masks = weights.map((w) => new Uint8Array(w.length).fill(1));
  const prunedCounts = weights.map(() => 0);
  prunedCount(ratio, 0); // validate even when there are no weights
  if (scope === 'global') pruneSet(weights, ratio, masks, prunedCounts, 0);
  else weights.forEach((w, l) => pruneSet([w], ratio, masks, prunedCounts, l));
  const sparsity = weights.map((w) => {
    let zeros = 0;
    for (let i = 0; i < w.length; i++) if (w[i] === 0) zeros++;
    return w.length > 0 ? zeros / w.length : 0;
  });
  return { masks, prunedCounts, sparsity };
}
