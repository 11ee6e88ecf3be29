/**
 * Applying a fitted quantizer: real values → storage codes → integer levels → real values.
 *
 * Three decision rules, chosen from the shape of the `QuantParams` (see `types.ts`):
 *  - thresholds set (HEQ, ternary): code = number of channel thresholds ≤ x (binary search);
 *  - consecutive integer levels (symmetric, asymmetric): level = round_half_even(x / scale) +
 *    zeroPoint, clamped to the level range;
 *  - sparse levels (power-of-two, binary): the nearest level; a tie goes to the level with the
 *    smaller magnitude, and between two levels of equal magnitude (binary's ±1 at x = 0) to the
 *    positive one.
 * NaN quantizes as real 0 would. All loops are allocation-free per element.
 */

import { InternalError } from '../../../src-shared/errors.js';
import type { UniformGrid } from '../kernels/types.js';
import type { QuantParams } from './types.js';

/**
 * 1.5·2^52: adding and subtracting it rounds any |x| < 2^51 to an integer with the FPU's own
 * round-to-nearest-even (the sum's unit in the last place is 1), the classic branch-free trick.
 */
const ROUNDING_MAGIC = 6755399441055744;

/** IEEE round-half-to-even of a finite double (the rounding TFLite's reference kernels and PyTorch's `nearbyint` use). */
export function roundHalfEven(x: number): number {
  if (Math.abs(x) < 2 ** 51) return x + ROUNDING_MAGIC - ROUNDING_MAGIC + 0;
  // 2^51 ≤ |x|: at most a .5 fraction is left (doubles from 2^52 up are integers).
  const floor = Math.floor(x);
  const fraction = x - floor;
  return fraction < 0.5 ? floor : fraction > 0.5 ? floor + 1 : floor % 2 === 0 ? floor : floor + 1;
}

/** True when the levels are consecutive integers, so the rounding rule applies. */
export function hasUniformLevels(p: QuantParams): boolean {
  const n = p.levels.length;
  return p.levels[n - 1] - p.levels[0] === n - 1;
}

function perChannel(length: number, p: QuantParams): number {
  if (!Number.isInteger(p.channels) || p.channels < 1 || length % p.channels !== 0) {
    throw new InternalError(
      'quant-channels',
      `A tensor of ${length} values cannot be split into ${p.channels} equal channels for quantization.`,
      { length, channels: p.channels },
    );
  }
  return length / p.channels;
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) {
    throw new InternalError('quant-length', `The ${what} has ${b.length} entries but the input has ${a.length}.`);
  }
}

/**
 * nearest: the rules above. truncate (weights of uniform quantizers only): the stored integer is
 * x/scale + zeroPoint with its fraction dropped, as a plain float→int cast does — toward zero for
 * signed levels, down for unsigned ones. Stutz et al. (MLSys 2021, §4.1) compare the two: the
 * truncated grid is biased by half a step and is markedly less robust to bit errors.
 */
export type Rounding = 'nearest' | 'truncate';

/** Quantizes `data` (channel k = contiguous block k) into storage codes 0 … levels.length−1. */
export function quantizeToCodes(data: Float32Array, p: QuantParams, out: Int32Array, rounding: Rounding = 'nearest'): Int32Array {
  checkSameLength(data, out, 'code buffer');
  const per = perChannel(data.length, p);
  if (rounding === 'truncate') {
    if (p.thresholds !== null || !hasUniformLevels(p)) {
      throw new InternalError('quant-truncate', `Truncation applies to uniform quantizers only, not '${p.kind}'.`);
    }
    quantizeUniformTruncated(data, p, per, out);
  } else if (p.thresholds !== null) quantizeByThresholds(data, p, per, out);
  else if (hasUniformLevels(p)) quantizeUniform(data, p, per, out);
  else quantizeSparse(data, p, per, out);
  return out;
}

function quantizeUniform(data: Float32Array, p: QuantParams, per: number, out: Int32Array): void {
  const first = p.levels[0];
  const last = p.levels[p.levels.length - 1];
  for (let k = 0; k < p.channels; k++) {
    const scale = p.scale[k];
    const zeroPoint = p.zeroPoint[k];
    // Clamping x/scale before rounding equals clamping after (the bounds are integers) and keeps ±Infinity finite.
    const low = first - zeroPoint;
    const high = last - zeroPoint;
    const begin = k * per;
    const end = begin + per;
    for (let i = begin; i < end; i++) {
      let y = data[i] / scale;
      if (y !== y) y = 0;
      else if (y < low) y = low;
      else if (y > high) y = high;
      // Round half to even (|y| ≤ 2^16 after the clamp, see roundHalfEven).
      out[i] = y + ROUNDING_MAGIC - ROUNDING_MAGIC + zeroPoint - first;
    }
  }
}

function quantizeUniformTruncated(data: Float32Array, p: QuantParams, per: number, out: Int32Array): void {
  const first = p.levels[0];
  const last = p.levels[p.levels.length - 1];
  for (let k = 0; k < p.channels; k++) {
    const scale = p.scale[k];
    const zeroPoint = p.zeroPoint[k];
    const end = (k + 1) * per;
    for (let i = k * per; i < end; i++) {
      let y = data[i] / scale + zeroPoint;
      if (y !== y) y = zeroPoint;
      else if (y < first) y = first;
      else if (y > last) y = last;
      out[i] = Math.trunc(y) - first;
    }
  }
}

/**
 * Midpoints between consecutive levels, in level units. A value exactly on a midpoint m goes up
 * when the upper level is not larger in magnitude (m ≤ 0), down otherwise: ties to the smaller
 * magnitude, and to the positive level between equal magnitudes.
 */
function sparseMidpoints(levels: Int32Array): Float64Array {
  const midpoints = new Float64Array(levels.length - 1);
  for (let c = 0; c + 1 < levels.length; c++) midpoints[c] = (levels[c] + levels[c + 1]) / 2;
  return midpoints;
}

function quantizeSparse(data: Float32Array, p: QuantParams, per: number, out: Int32Array): void {
  const midpoints = sparseMidpoints(p.levels);
  const m = midpoints.length;
  for (let k = 0; k < p.channels; k++) {
    const scale = p.scale[k];
    const zeroPoint = p.zeroPoint[k];
    const begin = k * per;
    const end = begin + per;
    for (let i = begin; i < end; i++) {
      let y = data[i] / scale;
      if (y !== y) y = 0;
      // The code is the number of midpoints the value passes; midpoints are shifted so 0 is real 0.
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const t = midpoints[mid] - zeroPoint;
        const passes = t <= 0 ? y >= t : y > t;
        if (passes) lo = mid + 1;
        else hi = mid;
      }
      out[i] = lo;
    }
  }
}

function quantizeByThresholds(data: Float32Array, p: QuantParams, per: number, out: Int32Array): void {
  const thresholds = p.thresholds!;
  if (thresholds.length !== p.channels) {
    throw new InternalError('quant-thresholds', `The quantizer has ${thresholds.length} threshold sets for ${p.channels} channels.`);
  }
  for (let k = 0; k < p.channels; k++) {
    const t = thresholds[k];
    const m = t.length;
    const begin = k * per;
    const end = begin + per;
    // NaN is placed where real 0 falls.
    let nanCode = 0;
    while (nanCode < m && t[nanCode] <= 0) nanCode++;
    for (let i = begin; i < end; i++) {
      const x = data[i];
      if (x !== x) {
        out[i] = nanCode;
        continue;
      }
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (t[mid] <= x) lo = mid + 1;
        else hi = mid;
      }
      out[i] = lo;
    }
  }
}

/** Maps storage codes to their integer levels (what integer arithmetic multiplies). */
export function codesToLevels(codes: Int32Array, p: QuantParams, out: Int32Array): Int32Array {
  checkSameLength(codes, out, 'level buffer');
  const levels = p.levels;
  for (let i = 0; i < codes.length; i++) out[i] = levels[codes[i]];
  return out;
}

/** real = scale[k] · (levels[code] − zeroPoint[k]), rounded once to float32. */
export function dequantize(codes: Int32Array, p: QuantParams, out: Float32Array): Float32Array {
  checkSameLength(codes, out, 'output buffer');
  const per = perChannel(codes.length, p);
  const levels = p.levels;
  for (let k = 0; k < p.channels; k++) {
    const scale = p.scale[k];
    const zeroPoint = p.zeroPoint[k];
    const begin = k * per;
    const end = begin + per;
    for (let i = begin; i < end; i++) out[i] = scale * (levels[codes[i]] - zeroPoint);
  }
  return out;
}

// Reused code buffer of fakeQuantize: activations are fake-quantized on every batch, and a
// worker runs one inference at a time, so one growing scratch array avoids an allocation per call.
let scratch = new Int32Array(0);

/** dequantize(quantize(data)): the float value each element takes in fake-quant execution. `out` may alias `data`. */
export function fakeQuantize(data: Float32Array, p: QuantParams, out: Float32Array): Float32Array {
  checkSameLength(data, out, 'output buffer');
  if (p.thresholds === null && hasUniformLevels(p)) {
    fakeQuantizeUniform(data, p, perChannel(data.length, p), out);
    return out;
  }
  if (scratch.length < data.length) scratch = new Int32Array(Math.max(data.length, scratch.length * 2));
  const codes = scratch.length === data.length ? scratch : scratch.subarray(0, data.length);
  quantizeToCodes(data, p, codes);
  return dequantize(codes, p, out);
}

/**
 * The per-tensor uniform grid of `p` as the fake-quant kernels take it (kernels/types.ts), or
 * null when `p` is not one (thresholds, sparse levels, several channels): those keep the rules above.
 */
export function uniformGridOf(p: QuantParams): UniformGrid | null {
  if (p.thresholds !== null || p.channels !== 1 || !hasUniformLevels(p)) return null;
  const zeroPoint = p.zeroPoint[0];
  return { scale: p.scale[0], low: p.levels[0] - zeroPoint, high: p.levels[p.levels.length - 1] - zeroPoint };
}

/** Below this magnitude x / scale rounds exactly through ROUNDING_MAGIC and clamps exactly by the |·| identity below. */
const FAST_RANGE = 2 ** 40;

/**
 * quantizeUniform followed by dequantize in one pass, without the code buffer (activations are
 * fake-quantized on every batch; the two passes and the scratch traffic cost ~3× this loop).
 * Same numbers: levels are ascending integers with last − first = count − 1, so they are
 * consecutive and levels[code] − zeroPoint is exactly the rounded, clamped x / scale.
 *
 * The clamp is branch-free: activations leave the grid's range often and at random, and a
 * mispredicted branch per element costs more than all the arithmetic. Rounding commutes with
 * clamping to integer bounds, so the rounded value r is clamped with max(r, lo) = (r + lo + |r − lo|) / 2
 * and min(r, hi) = (r + hi − |r − hi|) / 2, exact for integers below 2^52 (Math.max/min compile to
 * branches). A zero result is +0, never −0, like the integer code it replaces. The identity fails
 * for NaN (which quantizes as real 0) and for |x / scale| ≥ FAST_RANGE: such an element (rare,
 * so the test is well predicted) leaves the fast loop, takes the general rule and the loop
 * resumes after it. Elements are written in order, so `out` may alias `data`.
 */
function fakeQuantizeUniform(data: Float32Array, p: QuantParams, per: number, out: Float32Array): void {
  const first = p.levels[0];
  const last = p.levels[p.levels.length - 1];
  // Locals, not the module constants: bundlers turn those into mutable module variables, which
  // V8 reloads and unboxes on every iteration.
  const magic = ROUNDING_MAGIC;
  const fastRange = FAST_RANGE;
  for (let k = 0; k < p.channels; k++) {
    const scale = p.scale[k];
    const zeroPoint = p.zeroPoint[k];
    const low = first - zeroPoint;
    const high = last - zeroPoint;
    // `per` comes from a division, so V8 types it as a double; `| 0` keeps the index an int32
    // (a double loop index costs a conversion and check per access).
    const end = ((k + 1) * per) | 0;
    let i = (k * per) | 0;
    while (i < end) {
      for (; i < end; i++) {
        const y = data[i] / scale;
        if (!(Math.abs(y) < fastRange)) break;
        const r = y + magic - magic;
        const above = (r + low + Math.abs(r - low)) * 0.5;
        out[i] = scale * ((above + high - Math.abs(above - high)) * 0.5);
      }
      if (i < end) {
        out[i] = scale * clampedLevel(data[i] / scale, low, high);
        i++;
      }
    }
  }
}

/** The general rule for NaN (real 0) and |x / scale| ≥ FAST_RANGE (one of the bounds). */
function clampedLevel(y: number, low: number, high: number): number {
  if (y !== y) return 0;
  if (y < low) return low;
  if (y > high) return high;
  return y + ROUNDING_MAGIC - ROUNDING_MAGIC;
}
