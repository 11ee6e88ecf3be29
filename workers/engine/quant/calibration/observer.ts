/**
 * Activation range observer: watches the values an activation takes over the calibration set and
 * turns them into a clipping range [lo, hi] (always containing 0, DESIGN.md "Default quantization
 * conventions").
 *
 * It keeps the exact running min/max and a uniform random sample of up to `sampleSize` values
 * (reservoir sampling, Algorithm L: Li, "Reservoir-Sampling Algorithms of Time Complexity
 * O(n(1 + log(N/n)))", ACM TOMS 20(4), 1994 — it draws O(n·log(N/n)) random numbers instead of
 * one per value). The sample depends only on the seed and the concatenated stream of values, not
 * on how it was split into `observe` calls, so calibration is reproducible. NaN values are ignored.
 */

import { InternalError, UserError } from '../../../../src-shared/errors.js';
import { getKernels } from '../../kernels/index.js';
import type { ValueRange } from '../../kernels/types.js';
import { mseRange } from './mse-range.js';
import { percentileRange } from './percentile-range.js';
import { createSeededRandom } from './seeded-random.js';

export type CalibrationMethod = 'minmax' | 'percentile' | 'mse';

export const DEFAULT_SAMPLE_SIZE = 2 ** 20;
export const DEFAULT_PERCENTILE = 99.99;

export interface ObserverOptions {
  /** Reservoir capacity (default 2^20 values). */
  readonly sampleSize?: number;
  /** Seed of the reservoir's generator (default 0). */
  readonly seed?: number;
  /**
   * Keep the reservoir (default true). Min/max calibration of a uniform quantizer needs only the
   * running extremes; skipping the sample saves about 1 s per deployment of the demo CNN
   * (docs/benchmarks.md, bench:sweep), and `sample()` is then empty.
   */
  readonly keepSample?: boolean;
}

export interface RangeObserver {
  /** Values seen so far (NaN excluded). */
  readonly count: number;
  /** Exact minimum / maximum seen (Infinity / −Infinity before any value). */
  readonly min: number;
  readonly max: number;
  observe(values: Float32Array): void;
  /**
   * The clipping range by `method`, widened to contain 0. `percentile` (upper tail, in percent,
   * (50, 100], default 99.99) is used by 'percentile'; `bits` by 'mse'.
   */
  finalize(method: CalibrationMethod, bits: number, percentile?: number): { lo: number; hi: number };
  /** A copy of the reservoir (stream order until it is full), e.g. for HEQ's quantiles; empty without `keepSample`. */
  sample(): Float32Array;
}

/** The range scan in plain JavaScript (the kernels' `minMax` does it in wasm). */
function scanRange(values: Float32Array): ValueRange {
  let lo = Infinity;
  let hi = -Infinity;
  let nans = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
    if (x !== x) nans++;
  }
  return { min: lo, max: hi, nans };
}

export function createObserver(options: ObserverOptions = {}): RangeObserver {
  const capacity = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new UserError('calib-sample-size', `The calibration sample size must be a positive integer; ${capacity} was given.`);
  }
  const random = createSeededRandom(options.seed ?? 0);
  const keepSample = options.keepSample ?? true;
  const reservoir = new Float32Array(keepSample ? capacity : 0);
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  // Algorithm L state: W and the stream index of the next value to take once the reservoir is full.
  let w = 1;
  let nextTaken = 0;
  let sorted: Float32Array | null = null;

  function skipAhead(): void {
    const gap = Math.floor(Math.log(random.next()) / Math.log(1 - w));
    nextTaken += (Number.isFinite(gap) && gap > 0 ? gap : 0) + 1;
  }

  function take(values: Float32Array): void {
    let i = 0;
    if (count < capacity) {
      i = Math.min(capacity - count, values.length);
      reservoir.set(values.subarray(0, i), count);
      count += i;
      if (count < capacity) return;
      // Just filled: Algorithm L's initialisation (the last filled value has stream index count − 1).
      w = Math.exp(Math.log(random.next()) / capacity);
      nextTaken = count - 1;
      skipAhead();
    }
    const start = count - i; // stream index of values[0]
    const end = start + values.length;
    while (nextTaken < end) {
      reservoir[random.below(capacity)] = values[nextTaken - start];
      w *= Math.exp(Math.log(random.next()) / capacity);
      skipAhead();
    }
    count = end;
  }

  function observe(values: Float32Array): void {
    const kernels = getKernels();
    const range = kernels.minMax ? kernels.minMax(values) : scanRange(values);
    // Which of +0 and −0 a scan keeps as an extreme depends on its order; keep +0 so every scan agrees.
    min = Math.min(min, range.min) || 0;
    max = Math.max(max, range.max) || 0;
    const nan = range.nans;
    sorted = null;
    if (!keepSample) {
      count += values.length - nan;
      return;
    }
    if (nan === 0) {
      take(values);
      return;
    }
    const clean = new Float32Array(values.length - nan);
    let n = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === values[i]) clean[n++] = values[i];
    take(clean);
  }

  function currentSample(): Float32Array {
    if (!keepSample && count > 0) throw new InternalError('calib-no-sample', 'This observer keeps no sample (keepSample: false); percentile and MSE calibration need one.');
    return reservoir.subarray(0, Math.min(count, capacity));
  }

  function finalize(method: CalibrationMethod, bits: number, percentile = DEFAULT_PERCENTILE): { lo: number; hi: number } {
    if (count === 0) {
      throw new UserError(
        'calib-empty',
        'No activation values were observed during calibration, so no range can be set; give a non-empty calibration set.',
      );
    }
    const lo = Math.min(0, min);
    const hi = Math.max(0, max);
    switch (method) {
      case 'minmax':
        return { lo, hi };
      case 'percentile': {
        sorted ??= currentSample().slice().sort();
        const range = percentileRange(sorted, percentile);
        // The sample's tails never reach beyond the exact extremes; p = 100 is min/max itself.
        return percentile === 100 ? { lo, hi } : { lo: Math.min(0, range.lo), hi: Math.max(0, range.hi) };
      }
      case 'mse':
        if (!Number.isInteger(bits) || bits < 1 || bits > 16) {
          throw new UserError('quant-bits', `MSE calibration needs an activation bit-width from 1 to 16; ${bits} was given.`, { bits });
        }
        return mseRange(currentSample(), lo, hi, bits);
      default:
        throw new UserError(
          'calib-method',
          `There is no calibration method named '${String(method)}'. Use minmax, percentile or mse.`,
        );
    }
  }

  return {
    get count() {
      return count;
    },
    get min() {
      return min;
    },
    get max() {
      return max;
    },
    observe,
    finalize,
    sample: () => (keepSample ? currentSample().slice() : new Float32Array(0)),
  };
}
