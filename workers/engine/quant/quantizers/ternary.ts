/**
 * Ternary quantizer, after Li & Liu, "Ternary Weight Networks", arXiv:1605.04711 (2016):
 *
 *   Δ = 0.7 · mean|x|                          (their approximation of the optimal Δ*)
 *   x > Δ → +1,  |x| ≤ Δ → 0,  x < −Δ → −1     (their ternary rule)
 *   scale α = mean of |x| over |x| > Δ          (the optimal α for that Δ)
 *
 * Levels {−1, 0, 1}, zero-point 0, stored in 2 bits (the only bit-width accepted). The dead zone
 * is carried as explicit thresholds [−Δ, next double above Δ], so the decision is TWN's rather
 * than the nearest-level rule's (which would put the boundary at α/2). Since α > Δ, each level's
 * value already lies in its own bin; `projectThresholds` only guards the degenerate cases.
 * Per channel (TWN uses one α per layer; per channel is the usual refinement) or per tensor.
 */

import type { FitOptions, QuantParams, Quantizer } from '../types.js';
import { channelValues, positiveScale } from './channel-stats.js';
import { checkFitOptions } from './check-fit-options.js';
import { nextDoubleUp, projectThresholds } from './project-thresholds.js';

const BITS = 2;
const LEVELS = Int32Array.of(-1, 0, 1);

/** Li & Liu's Δ ≈ 0.7·E|W|. */
const DELTA_FACTOR = 0.7;

export const ternaryQuantizer: Quantizer = {
  kind: 'ternary',
  minBits: BITS,
  maxBits: BITS,
  fit(data: Float32Array, options: FitOptions): QuantParams {
    const per = checkFitOptions('ternary', BITS, BITS, data, options);
    const scale = new Float64Array(options.channels);
    const thresholds: Float64Array[] = [];
    for (let k = 0; k < options.channels; k++) {
      const values = channelValues(data, per, k, options);
      let sumAbs = 0;
      for (let i = 0; i < values.length; i++) sumAbs += Math.abs(values[i]);
      const meanAbs = values.length > 0 ? sumAbs / values.length : 0;
      const delta = DELTA_FACTOR * meanAbs;
      let sumAbove = 0;
      let countAbove = 0;
      for (let i = 0; i < values.length; i++) {
        const a = Math.abs(values[i]);
        if (a > delta) {
          sumAbove += a;
          countAbove++;
        }
      }
      scale[k] = positiveScale(countAbove > 0 ? sumAbove / countAbove : meanAbs);
      const t = Float64Array.of(-delta, nextDoubleUp(delta));
      projectThresholds(t, LEVELS, scale[k], 0);
      thresholds.push(t);
    }
    return {
      kind: 'ternary',
      bits: BITS,
      channels: options.channels,
      scale,
      zeroPoint: new Int32Array(options.channels),
      levels: LEVELS.slice(),
      thresholds,
    };
  },
};
