/**
 * Per-channel statistics the quantizers are fitted from. Data is laid out [channels, perChannel];
 * NaN values are skipped.
 */

import type { FitOptions } from '../types.js';

/**
 * Smallest scale a quantizer returns: 2^−126, the smallest normal float32. With it every non-zero
 * level dequantizes to a normal float32 (relative rounding error ≤ 2^−24), which is what keeps
 * quantize(dequantize(c)) = c for every code even on channels of (near-)denormal values.
 */
export const MIN_SCALE = 2 ** -126;

/** A usable scale: NaN, zero or tiny candidates are replaced (zero range → `fallback`, default 1). */
export function positiveScale(candidate: number, fallback = 1): number {
  if (!(candidate > 0) || !Number.isFinite(candidate)) return fallback;
  return candidate < MIN_SCALE ? MIN_SCALE : candidate;
}

/**
 * The range of channel k: the calibrated `options.range` when given, else the data's min and max
 * (0, 0 for an empty or all-NaN channel).
 */
export function channelRange(data: Float32Array, per: number, k: number, options: FitOptions): { lo: number; hi: number } {
  if (options.range) return { lo: options.range.lo[k], hi: options.range.hi[k] };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = k * per, end = i + per; i < end; i++) {
    const x = data[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo <= hi ? { lo, hi } : { lo: 0, hi: 0 };
}

/** max(|lo|, |hi|) of channel k's range. */
export function channelMaxAbs(data: Float32Array, per: number, k: number, options: FitOptions): number {
  const { lo, hi } = channelRange(data, per, k, options);
  return Math.max(Math.abs(lo), Math.abs(hi));
}

/**
 * The values of channel k as float64, clipped to the calibrated range when there is one (so the
 * statistics of an activation ignore the outliers its calibration chose to clip), NaN removed.
 */
export function channelValues(data: Float32Array, per: number, k: number, options: FitOptions): Float64Array {
  const lo = options.range ? options.range.lo[k] : -Infinity;
  const hi = options.range ? options.range.hi[k] : Infinity;
  const values = new Float64Array(per);
  let n = 0;
  for (let i = k * per, end = i + per; i < end; i++) {
    const x = data[i];
    if (x !== x) continue;
    values[n++] = x < lo ? lo : x > hi ? hi : x;
  }
  return n === per ? values : values.slice(0, n);
}
