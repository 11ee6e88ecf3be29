/**
 * Uniform asymmetric ("affine", zero-point) quantizer — the default for activations (DESIGN.md
 * "Default quantization conventions"), after Jacob et al., "Quantization and Training of Neural
 * Networks for Efficient Integer-Arithmetic-Only Inference", CVPR 2018, eq. (1)–(2), as in TFLite
 * and AIMET:
 *
 *   lo = min(0, min x), hi = max(0, max x)          (or the calibrated range, widened to hold 0)
 *   scale = (hi − lo) / (2^b − 1)                    (hi = lo → 1)
 *   zeroPoint = clamp(round_half_even(−lo / scale), 0, 2^b − 1)
 *
 * Levels 0 … 2^b − 1 are the codes themselves (stored unsigned). Containing 0 in the range and
 * rounding the zero-point makes real 0 exactly representable (Jacob et al. §2.1: zero-padding must
 * be exact). Per channel or per tensor.
 */

import type { FitOptions, QuantParams, Quantizer } from '../types.js';
import { roundHalfEven } from '../quantize.js';
import { channelRange, positiveScale } from './channel-stats.js';
import { checkFitOptions } from './check-fit-options.js';
import { integerLevels } from './integer-levels.js';

const MIN_BITS = 1;
const MAX_BITS = 16;

/** Scale and zero-point of the b-bit asymmetric grid covering [lo, hi] (widened to contain 0). */
export function asymmetricParams(lo: number, hi: number, bits: number): { scale: number; zeroPoint: number } {
  const low = Math.min(0, lo);
  const high = Math.max(0, hi);
  const top = 2 ** bits - 1;
  const scale = positiveScale((high - low) / top);
  const zeroPoint = Math.min(top, Math.max(0, roundHalfEven(-low / scale)));
  return { scale, zeroPoint };
}

export const asymmetricQuantizer: Quantizer = {
  kind: 'asymmetric',
  minBits: MIN_BITS,
  maxBits: MAX_BITS,
  fit(data: Float32Array, options: FitOptions): QuantParams {
    const per = checkFitOptions('asymmetric', MIN_BITS, MAX_BITS, data, options);
    const scale = new Float64Array(options.channels);
    const zeroPoint = new Int32Array(options.channels);
    for (let k = 0; k < options.channels; k++) {
      const { lo, hi } = channelRange(data, per, k, options);
      const params = asymmetricParams(lo, hi, options.bits);
      scale[k] = params.scale;
      zeroPoint[k] = params.zeroPoint;
    }
    return {
      kind: 'asymmetric',
      bits: options.bits,
      channels: options.channels,
      scale,
      zeroPoint,
      levels: integerLevels(0, 2 ** options.bits - 1),
      thresholds: null,
    };
  },
};
