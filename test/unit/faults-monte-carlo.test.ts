import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { incompleteBeta, lnGamma, studentTCdf, studentTQuantile, summarizeSeeds } from '../../workers/engine/faults/monte-carlo.js';

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(tolerance);
}

describe('summarizeSeeds: hand-computed cases', () => {
  it('0.9, 0.8, 0.7: mean 0.8, s = 0.1, 95 % CI 0.8 ± 4.302653·0.1/√3', () => {
    const s = summarizeSeeds([0.9, 0.8, 0.7]);
    expect(s.seeds).toBe(3);
    expect(s.mean).toBeCloseTo(0.8, 15);
    expect(s.std).toBeCloseTo(0.1, 15);
    expect(s.standardError).toBeCloseTo(0.1 / Math.sqrt(3), 15);
    expect(s.confidence).toBe(0.95);
    // t_{0.975, 2} = 4.302652729749462; half-width 0.24841377117503302 (scipy).
    expect(s.ci!.lo).toBeCloseTo(0.8 - 0.24841377117503302, 12);
    expect(s.ci!.hi).toBeCloseTo(0.8 + 0.24841377117503302, 12);
    expect(s.ciWithTestSampling).toBeNull();
  });

  it('five seeds: mean 0.624, s = 0.0304959, half-width 0.0378657', () => {
    const s = summarizeSeeds(Float64Array.of(0.61, 0.64, 0.58, 0.66, 0.63));
    expect(s.mean).toBeCloseTo(0.624, 14);
    expect(s.std).toBeCloseTo(0.03049590136395384, 14);
    expect(s.ci!.hi - s.mean).toBeCloseTo(0.03786566281639455, 12);
  });

  it('K = 1: the mean only; spread and interval are undefined (null)', () => {
    const s = summarizeSeeds([0.75], { testSamples: 1000 });
    expect(s).toEqual({ seeds: 1, mean: 0.75, std: null, standardError: null, confidence: 0.95, ci: null, ciWithTestSampling: null });
  });

  it('identical seeds: zero spread, a zero-width interval', () => {
    const s = summarizeSeeds([0.5, 0.5, 0.5, 0.5]);
    expect(s.std).toBe(0);
    expect(s.ci).toEqual({ lo: 0.5, hi: 0.5 });
  });

  it('adds the test set’s binomial error with Welch–Satterthwaite degrees of freedom', () => {
    // s²/K = 0.01/3, ā(1−ā)/n = 0.0016, u² = 0.0049333…, ν = 2·(u²/(s²/K))² = 4.3808,
    // t_{0.975, 4.3808}·u = 0.18850435821095182 (scipy).
    const s = summarizeSeeds([0.9, 0.8, 0.7], { testSamples: 100 });
    expect(s.ciWithTestSampling!.dof).toBeCloseTo(4.3808, 10);
    expect(s.ciWithTestSampling!.hi - s.mean).toBeCloseTo(0.18850435821095182, 10);
    expect(s.mean - s.ciWithTestSampling!.lo).toBeCloseTo(0.18850435821095182, 10);
  });

  it('with no seed spread the combined interval is the normal binomial one', () => {
    const s = summarizeSeeds([0.8, 0.8], { testSamples: 10_000 });
    expect(s.ciWithTestSampling!.dof).toBe(Infinity);
    expect(s.ciWithTestSampling!.hi - 0.8).toBeCloseTo(1.959963984540054 * Math.sqrt(0.8 * 0.2 / 10_000), 12);
  });

  it('honours another confidence level: 99 % with 5 seeds uses t_{0.995, 4} = 4.604095', () => {
    const s = summarizeSeeds([1, 2, 3, 4, 5], { confidence: 0.99 });
    expect(s.ci!.hi - 3).toBeCloseTo((4.604094871349992 * Math.sqrt(2.5)) / Math.sqrt(5), 10);
  });

  it('rejects empty input, non-finite accuracies, bad confidence and bad test-set sizes', () => {
    expect(() => summarizeSeeds([])).toThrow(UserError);
    expect(() => summarizeSeeds([0.5, NaN])).toThrow(UserError);
    expect(() => summarizeSeeds([0.5, 0.6], { confidence: 1 })).toThrow(UserError);
    expect(() => summarizeSeeds([0.5, 0.6], { testSamples: 0 })).toThrow(UserError);
    expect(() => summarizeSeeds([50, 60], { testSamples: 100 })).toThrow(UserError);
  });
});

describe('Student t quantiles (any K up to and beyond 1000)', () => {
  // scipy.stats.t.ppf(0.975, ν)
  const table: [number, number][] = [
    [1, 12.706204736174694],
    [2, 4.302652729749462],
    [3, 3.1824463052837078],
    [4, 2.7764451051977934],
    [9, 2.262157162798205],
    [29, 2.045229642132703],
    [99, 1.9842169515864174],
    [999, 1.9623414611334493],
    [1e6, 1.959966356814107],
    [2.5, 3.5746548420036817],
    [Infinity, 1.959963984540054],
  ];
  it.each(table)('t(0.975, ν = %d)', (dof, expected) => {
    expectRelative(studentTQuantile(0.975, dof), expected, 1e-10);
  });

  it('is antisymmetric and 0 at the median', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.262157162798205, 10);
  });

  it('the CDF and its building blocks match scipy', () => {
    expectRelative(studentTCdf(-2, 3), 0.06966298427942152, 1e-12);
    expectRelative(studentTCdf(1.5, 7.5), 0.912759714706768, 1e-12);
    expectRelative(incompleteBeta(0.4, 2, 3), 0.5248, 1e-13);
    expectRelative(incompleteBeta(0.01, 0.5, 50), 0.6826956021258024, 1e-12);
    expectRelative(incompleteBeta(0.999992, 500000, 0.5), 0.004677662646738459, 1e-9);
    expectRelative(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14);
    expectRelative(lnGamma(10), Math.log(362880), 1e-14);
  });

  it('rejects levels outside (0, 1) and non-positive degrees of freedom', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(UserError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(UserError);
  });
});
