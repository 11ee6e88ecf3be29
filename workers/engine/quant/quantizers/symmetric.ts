/**
 * Uniform symmetric quantizer (the default for weights, DESIGN.md "Default quantization
 * conventions"): zero-point 0, levels symmetric around 0.
 *
 *  - narrow range (default): levels −qmax … qmax, qmax = 2^(b−1) − 1, scale = max|x| / qmax
 *    (Jacob et al., CVPR 2018, §2.1 and TFLite's int8 weight spec, which drops −128 so the grid is
 *    exactly symmetric);
 *  - full range (`narrowRange: false`): levels −2^(b−1) … 2^(b−1) − 1 and
 *    scale = max|x| / (2^(b−1) − ½), PyTorch's symmetric rule (observer `_calculate_qparams`,
 *    scale = max|x| / ((qmax − qmin)/2)). With it every |x| ≤ max|x| is within half a step of a
 *    level — the positive end rounds down by exactly half a step, the negative end has a spare
 *    level — so the extra level buys a finer step at no loss in worst-case error.
 *
 * Activations (`role: 'activation'`) use the calibrated range when given, symmetric around 0.
 * 1 bit is rejected: a symmetric grid with zero has a single level there; use 'binary'.
 */

import type { FitOptions, QuantParams, Quantizer } from '../types.js';
import { channelMaxAbs, positiveScale } from './channel-stats.js';
import { checkFitOptions } from './check-fit-options.js';
import { integerLevels } from './integer-levels.js';

const MIN_BITS = 2;
const MAX_BITS = 16;

/** Levels and the divisor d of scale = max|x| / d for a symmetric grid of `bits`. */
export function symmetricGrid(bits: number, narrowRange: boolean): { levels: Int32Array; divisor: number } {
  const half = 2 ** (bits - 1);
  return narrowRange
    ? { levels: integerLevels(-(half - 1), half - 1), divisor: half - 1 }
    : { levels: integerLevels(-half, half - 1), divisor: half - 0.5 };
}

export const symmetricQuantizer: Quantizer = {
  kind: 'symmetric',
  minBits: MIN_BITS,
  maxBits: MAX_BITS,
  fit(data: Float32Array, options: FitOptions): QuantParams {
    const per = checkFitOptions('symmetric', MIN_BITS, MAX_BITS, data, options);
    const { levels, divisor } = symmetricGrid(options.bits, options.narrowRange ?? true);
    const scale = new Float64Array(options.channels);
    for (let k = 0; k < options.channels; k++) scale[k] = positiveScale(channelMaxAbs(data, per, k, options) / divisor);
    return {
      kind: 'symmetric',
      bits: options.bits,
      channels: options.channels,
      scale,
      zeroPoint: new Int32Array(options.channels),
      levels,
      thresholds: null,
    };
  },
};
