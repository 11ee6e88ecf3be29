/**
 * Power-of-two (logarithmic) quantizer, after Miyashita, Lee & Murmann, "Convolutional Neural
 * Networks using Logarithmic Data Representation", arXiv:1603.01025 (2016), and Zhou et al.,
 * "Incremental Network Quantization" (INQ), ICLR 2017, whose weight set is {0, ±2^n}.
 *
 * Levels (integer units): {0, ±1, ±2, …, ±2^(E−1)} with one sign bit and E magnitudes,
 *   E = min(2^(b−1) − 1, 16),
 * so 2E + 1 ≤ 2^b codes (b bits hold the sign, the E exponents and zero). E is capped at 16 so the
 * largest level, 2^15, leaves 16 bits of headroom in an int32 product/accumulator; beyond b = 5
 * extra bits add no levels. scale = max|x| / 2^(E−1), so the largest magnitude is a level
 * (INQ's n1 = floor(log2(4·max|x|/3)) rounds that maximum to a power of two instead; we keep the
 * exact maximum in the per-channel scale, as for the uniform quantizers).
 *
 * Decision: nearest level in the linear domain, ties to the smaller magnitude (`quantize.ts`).
 * Miyashita et al. round log2|x| instead (boundary at 2^(n+½) rather than 1.5·2^n); the linear
 * rule has the smaller squared error and is what a comparator tree on |x| implements.
 */

import type { FitOptions, QuantParams, Quantizer } from '../types.js';
import { channelMaxAbs, positiveScale } from './channel-stats.js';
import { checkFitOptions } from './check-fit-options.js';

const MIN_BITS = 2;
const MAX_BITS = 16;
const MAX_EXPONENTS = 16;

/** Number of power-of-two magnitudes E for `bits`. */
export function pow2Magnitudes(bits: number): number {
  return Math.min(2 ** (bits - 1) - 1, MAX_EXPONENTS);
}

function pow2Levels(magnitudes: number): Int32Array {
  const levels = new Int32Array(2 * magnitudes + 1);
  for (let e = 0; e < magnitudes; e++) {
    levels[magnitudes - 1 - e] = -(2 ** e);
    levels[magnitudes + 1 + e] = 2 ** e;
  }
  return levels; // levels[magnitudes] = 0
}

export const pow2Quantizer: Quantizer = {
  kind: 'pow2',
  minBits: MIN_BITS,
  maxBits: MAX_BITS,
  fit(data: Float32Array, options: FitOptions): QuantParams {
    const per = checkFitOptions('pow2', MIN_BITS, MAX_BITS, data, options);
    const magnitudes = pow2Magnitudes(options.bits);
    const top = 2 ** (magnitudes - 1);
    const scale = new Float64Array(options.channels);
    for (let k = 0; k < options.channels; k++) scale[k] = positiveScale(channelMaxAbs(data, per, k, options) / top);
    return {
      kind: 'pow2',
      bits: options.bits,
      channels: options.channels,
      scale,
      zeroPoint: new Int32Array(options.channels),
      levels: pow2Levels(magnitudes),
      thresholds: null,
    };
  },
};
