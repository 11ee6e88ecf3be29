/**
 * MSE calibration: choose the clipping range whose b-bit asymmetric grid minimizes the mean squared
 * quantization error (clipping plus rounding) over the observed values: the MSE range setting of
 * Nagel et al., "A White Paper on Neural Network Quantization", arXiv:2106.08295, 2021 (quantization
 * range setting), also the 'mse' method of NVIDIA's calibrators that accompany Wu et al.,
 * arXiv:2004.09602, 2020; Banner et al., "Post-training 4-bit quantization of convolutional networks
 * for rapid-deployment", NeurIPS 2019, show why clipping pays at low bit-widths.
 *
 * Candidates are [r·lo, r·hi] for r = 1/100 … 100/100 of the min/max range (r = 1 is min/max
 * itself, so the result is never worse than min/max on the values evaluated). The error is
 * measured exactly, on at most `MSE_EVALUATION_SIZE` values taken at an even stride from the
 * sample, which keeps the search at ~6.5·10⁶ element evaluations whatever the sample size.
 */

import { roundHalfEven } from '../quantize.js';
import { asymmetricParams } from '../quantizers/asymmetric.js';

export const MSE_CANDIDATES = 100;
export const MSE_EVALUATION_SIZE = 65536;

/** Mean squared error of fake-quantizing `values` on the b-bit asymmetric grid of [lo, hi]. */
export function asymmetricMse(values: ArrayLike<number>, lo: number, hi: number, bits: number): number {
  if (values.length === 0) return 0;
  const { scale, zeroPoint } = asymmetricParams(lo, hi, bits);
  const low = -zeroPoint;
  const high = 2 ** bits - 1 - zeroPoint;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    let y = x / scale;
    y = y < low ? low : y > high ? high : y;
    // Float32 rounding of the dequantized value, as the engine stores it.
    const error = x - Math.fround(scale * roundHalfEven(y));
    sum += error * error;
  }
  return sum / values.length;
}

/** Values at an even stride, at most `limit` of them. */
export function strided(values: Float32Array, limit: number): Float32Array {
  if (values.length <= limit) return values;
  const out = new Float32Array(limit);
  const step = values.length / limit;
  for (let i = 0; i < limit; i++) out[i] = values[Math.floor(i * step)];
  return out;
}

/** The clipping range [r·lo, r·hi] with the smallest measured MSE; ties go to the wider range. */
export function mseRange(sample: Float32Array, lo: number, hi: number, bits: number): { lo: number; hi: number } {
  const values = strided(sample, MSE_EVALUATION_SIZE);
  let best = { lo, hi };
  let bestError = asymmetricMse(values, lo, hi, bits);
  for (let i = MSE_CANDIDATES - 1; i >= 1; i--) {
    const r = i / MSE_CANDIDATES;
    const error = asymmetricMse(values, r * lo, r * hi, bits);
    if (error < bestError) {
      bestError = error;
      best = { lo: r * lo, hi: r * hi };
    }
  }
  return best;
}
