import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { asymmetricMse } from '../../workers/engine/quant/calibration/mse-range.js';
import { createObserver } from '../../workers/engine/quant/calibration/observer.js';
import { quantileOfSorted } from '../../workers/engine/quant/calibration/percentile-range.js';
import { createSeededRandom } from '../../workers/engine/quant/calibration/seeded-random.js';
import { asymmetricQuantizer } from '../../workers/engine/quant/quantizers/asymmetric.js';
import { fakeQuantize } from '../../workers/engine/quant/quantize.js';

function ramp(from: number, count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => from + i);
}

/** MSE of the asymmetric quantizer fitted to a range, measured through the real quantizer. */
function measuredMse(values: Float32Array, range: { lo: number; hi: number }, bits: number): number {
  const p = asymmetricQuantizer.fit(values, { bits, role: 'activation', channels: 1, range: { lo: Float64Array.of(range.lo), hi: Float64Array.of(range.hi) } });
  const fake = fakeQuantize(values, p, new Float32Array(values.length));
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - fake[i]) ** 2;
  return sum / values.length;
}

describe('range observer', () => {
  it('minmax is the exact range over all batches, widened to contain 0', () => {
    const observer = createObserver({ sampleSize: 16 });
    observer.observe(Float32Array.of(3, 1.5, NaN));
    observer.observe(Float32Array.of(7.25, 2));
    expect(observer.count).toBe(4);
    expect(observer.finalize('minmax', 8)).toEqual({ lo: 0, hi: 7.25 });
    observer.observe(Float32Array.of(-2.5));
    expect(observer.finalize('minmax', 8)).toEqual({ lo: -2.5, hi: 7.25 });
  });

  it('keeps every value while the reservoir is not full, in stream order', () => {
    const observer = createObserver({ sampleSize: 100 });
    observer.observe(ramp(0, 30));
    observer.observe(ramp(30, 20));
    expect(Array.from(observer.sample())).toEqual(Array.from(ramp(0, 50)));
  });

  it('samples reproducibly: same seed → same sample however the stream is split; other seed → other sample', () => {
    const stream = ramp(0, 50_000);
    const whole = createObserver({ sampleSize: 1000, seed: 3 });
    whole.observe(stream);
    const pieces = createObserver({ sampleSize: 1000, seed: 3 });
    for (let start = 0; start < stream.length; start += 777) pieces.observe(stream.subarray(start, start + 777));
    expect(pieces.sample()).toEqual(whole.sample());
    const other = createObserver({ sampleSize: 1000, seed: 4 });
    other.observe(stream);
    expect(other.sample()).not.toEqual(whole.sample());
  });

  it('draws a uniform sample (Algorithm L): sample mean and spread match the stream', () => {
    const n = 200_000;
    const observer = createObserver({ sampleSize: 4000, seed: 11 });
    observer.observe(ramp(0, n));
    const sample = observer.sample();
    expect(sample.length).toBe(4000);
    expect(new Set(sample).size).toBe(4000); // without replacement
    const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
    // Standard error of the mean of 4000 uniform draws on [0, n): n / sqrt(12·4000) ≈ 0.0046 n.
    expect(Math.abs(mean - n / 2)).toBeLessThan(0.02 * n);
    const lowQuarter = sample.filter((v) => v < n / 4).length / sample.length;
    expect(Math.abs(lowQuarter - 0.25)).toBeLessThan(0.03);
  });

  it('percentile: the p-th / (100−p)-th percentiles of a known distribution', () => {
    const observer = createObserver();
    observer.observe(ramp(-50_000, 100_000)); // −50000 … 49999
    const range = observer.finalize('percentile', 8, 99);
    expect(range.hi).toBeCloseTo(quantileOfSorted(ramp(-50_000, 100_000), 0.99), 6);
    expect(range.hi).toBeCloseTo(-50_000 + 0.99 * 99_999, 4);
    expect(range.lo).toBeCloseTo(-50_000 + 0.01 * 99_999, 4);
    const defaults = observer.finalize('percentile', 8);
    expect(defaults.hi).toBeCloseTo(-50_000 + 0.9999 * 99_999, 4);
    expect(observer.finalize('percentile', 8, 100)).toEqual({ lo: -50_000, hi: 49_999 });
  });

  it('percentile ranges of a non-negative activation keep lo = 0', () => {
    const observer = createObserver();
    observer.observe(ramp(5, 1000));
    expect(observer.finalize('percentile', 8, 99.9).lo).toBe(0);
  });

  it('MSE never does worse than minmax on the sample, and clips a heavy outlier', () => {
    const random = createSeededRandom(5);
    for (const bits of [2, 4, 8]) {
      const values = new Float32Array(20_000);
      for (let i = 0; i < values.length; i++) values[i] = Math.sqrt(-2 * Math.log(random.next())) * Math.cos(2 * Math.PI * random.next());
      values[17] = 60; // one outlier far in the tail
      const observer = createObserver({ seed: 2 });
      observer.observe(values);
      const minmax = observer.finalize('minmax', bits);
      const mse = observer.finalize('mse', bits);
      expect(mse.lo).toBeLessThanOrEqual(0);
      expect(mse.hi).toBeGreaterThanOrEqual(0);
      expect(measuredMse(values, mse, bits)).toBeLessThanOrEqual(measuredMse(values, minmax, bits));
      expect(asymmetricMse(values, mse.lo, mse.hi, bits)).toBeLessThanOrEqual(asymmetricMse(values, minmax.lo, minmax.hi, bits));
      if (bits <= 4) expect(mse.hi).toBeLessThan(30);
    }
  });

  it('asymmetricMse agrees with the quantizer it models', () => {
    const values = Float32Array.of(-1, -0.3, 0, 0.1, 0.77, 2.5);
    expect(asymmetricMse(values, -1, 2.5, 3)).toBeCloseTo(measuredMse(values, { lo: -1, hi: 2.5 }, 3), 12);
  });

  it('refuses to finalize with nothing observed and rejects bad parameters', () => {
    const observer = createObserver();
    expect(() => observer.finalize('minmax', 8)).toThrow(UserError);
    observer.observe(Float32Array.of(1));
    expect(() => observer.finalize('percentile', 8, 40)).toThrow(/percentile/);
    expect(() => observer.finalize('mse', 0)).toThrow(/bit-width/);
    expect(() => createObserver({ sampleSize: 0 })).toThrow(/sample size/);
  });
});

describe('observer without a sample (min/max calibration)', () => {
  it('gives the same min/max range, keeps no values, and refuses sample-based methods', () => {
    const withSample = createObserver({ seed: 3 });
    const without = createObserver({ seed: 3, keepSample: false });
    const values = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i) * (i % 7) - 1.5);
    values[17] = NaN;
    for (const o of [withSample, without]) {
      o.observe(values.subarray(0, 2500));
      o.observe(values.subarray(2500));
    }
    expect(without.finalize('minmax', 8)).toEqual(withSample.finalize('minmax', 8));
    expect(without.count).toBe(withSample.count);
    expect(without.sample()).toHaveLength(0);
    expect(() => without.finalize('percentile', 8, 99.9)).toThrow(/keeps no sample/);
  });
});
