/**
 * Per-layer bit allocation under a budget: the multiple-choice knapsack behind sensitivity-guided
 * mixed precision (HAWQ-V3, Yao et al., ICML 2021, solves the same problem as an integer linear
 * program; Dong et al., HAWQ, ICCV 2019, measure the sensitivities). Each layer picks one option
 * (a bit-width with its cost and its measured accuracy drop); the sum of drops is minimized with
 * the sum of costs within the budget. Drops are treated as additive — the usual first-order
 * assumption of these methods, which the sweep then checks by evaluating each allocation for real.
 *
 * Dynamic programming over costs. Integer costs (bytes) with a budget up to 2^22 are exact (one
 * unit per byte); otherwise costs are quantized to `resolution` units of the budget, rounded up, so
 * an accepted allocation never exceeds the budget (one within a unit of it may be missed).
 */
import { InternalError } from '../../../../src-shared/errors.js';

export interface BitOption {
  readonly bits: number;
  /** Cost of the layer at these bits (bytes, joules…), ≥ 0. */
  readonly cost: number;
  /** Accuracy lost when only this layer takes these bits (may be negative: noise or regularization). */
  readonly drop: number;
}

export interface Allocation {
  /** Chosen option index per layer. */
  readonly choice: number[];
  readonly cost: number;
  readonly drop: number;
}

/** The allocation with the least total drop whose total cost is ≤ budget, or null when none fits. */
export function allocateBits(layers: readonly (readonly BitOption[])[], budget: number, resolution = 4096): Allocation | null {
  if (!(budget >= 0) || !Number.isFinite(budget)) throw new InternalError('alloc-budget', `A budget must be a finite number ≥ 0, not ${budget}.`);
  if (!Number.isInteger(resolution) || resolution < 1) throw new InternalError('alloc-resolution', `resolution must be a positive integer, not ${resolution}.`);
  for (const options of layers) {
    if (options.length === 0) throw new InternalError('alloc-options', 'Every layer needs at least one bit option.');
    for (const o of options) if (!(o.cost >= 0) || !Number.isFinite(o.drop)) throw new InternalError('alloc-option', `Invalid option ${JSON.stringify(o)}.`);
  }
  const exact = budget <= 2 ** 22 && layers.every((options) => options.every((o) => Number.isInteger(o.cost)));
  const unit = exact ? 1 : budget > 0 ? budget / resolution : 1;
  const units = (cost: number) => (exact ? cost : budget > 0 ? Math.ceil(cost / unit - 1e-9) : cost > 0 ? Infinity : 0);
  const cap = exact ? Math.floor(budget) : budget > 0 ? resolution : 0;
  // best[c] = least drop with exactly c units used so far; from[l][c] = option taken at layer l.
  let best = new Float64Array(cap + 1).fill(Infinity);
  best[0] = 0;
  const from: Int32Array[] = [];
  for (const options of layers) {
    const next = new Float64Array(cap + 1).fill(Infinity);
    const took = new Int32Array(cap + 1).fill(-1);
    options.forEach((o, k) => {
      const u = units(o.cost);
      if (u > cap) return;
      for (let c = 0; c + u <= cap; c++) {
        if (best[c] === Infinity) continue;
        const d = best[c] + o.drop;
        if (d < next[c + u]) {
          next[c + u] = d;
          took[c + u] = k;
        }
      }
    });
    from.push(took);
    best = next;
  }
  let end = -1;
  for (let c = 0; c <= cap; c++) if (best[c] < Infinity && (end < 0 || best[c] < best[end])) end = c;
  if (end < 0) return null;
  // Walk back: the units each layer took are recovered from its option's cost.
  const choice = new Array<number>(layers.length);
  let c = end;
  for (let l = layers.length - 1; l >= 0; l--) {
    const k = from[l][c];
    choice[l] = k;
    c -= units(layers[l][k].cost);
  }
  return {
    choice,
    cost: choice.reduce((a, k, l) => a + layers[l][k].cost, 0),
    drop: choice.reduce((a, k, l) => a + layers[l][k].drop, 0),
  };
}
