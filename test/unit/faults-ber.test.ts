import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import {
  STUTZ_14NM_POINTS,
  erfc,
  measuredBerCurve,
  normalCdf,
  probitBer,
  secdedUncorrectableProbability,
} from '../../workers/engine/faults/ber-curve.js';
import { faultSites } from '../../workers/engine/faults/fault-sites.js';

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(tolerance);
}

describe('erfc and the normal CDF (Cody 1969)', () => {
  // Reference values: scipy.special.erfc / scipy.stats.norm.cdf (double precision).
  const erfcTable: [number, number][] = [
    [0.1, 0.8875370839817152],
    [0.46875, 0.507386526782062],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028516],
    [2, 0.004677734981047266],
    [3, 2.2090496998585445e-5],
    [4, 1.541725790028002e-8],
    [4.5, 1.9661604415428878e-10],
    [5, 1.5374597944280347e-12],
    [7, 4.183825607779414e-23],
    [10, 2.0884875837625446e-45],
    [20, 5.395865611607901e-176],
    [26, 5.663192408856145e-296],
    [-1, 1.8427007929497148],
    [-3, 1.9999779095030015],
  ];

  it.each(erfcTable)('erfc(%d) to ~1e-14 relative, far tail included', (x, expected) => {
    expectRelative(erfc(x), expected, 1e-14);
  });

  it('erfc is 0 where it underflows, 2 at the other end, 1 at 0 and NaN for NaN', () => {
    expect(erfc(27)).toBe(0);
    expect(erfc(-30)).toBe(2);
    expect(erfc(0)).toBe(1);
    expect(erfc(NaN)).toBeNaN();
  });

  it('normalCdf keeps its relative accuracy at BERs of 1e-12', () => {
    expectRelative(normalCdf(-7), 1.279812543885835e-12, 1e-13);
    expectRelative(normalCdf(-5.3), 5.790134039964578e-8, 1e-13);
    expectRelative(normalCdf(1), 0.8413447460685429, 1e-15);
  });
});

describe('probit BER curve (REFERENCE-FIGURES §2, V2)', () => {
  it('holds the seven measured points of the 14 nm arrays', () => {
    expect(STUTZ_14NM_POINTS.map((p) => [p.v, p.ber])).toEqual([
      [0.75, 0.2056],
      [0.792, 0.05573],
      [0.833, 0.01115],
      [0.875, 0.00129],
      [0.917, 6.87e-5],
      [0.958, 1.91e-6],
      [1, 0],
    ]);
  });

  it('is within 1.5× of every non-zero measured point', () => {
    const measured = STUTZ_14NM_POINTS.filter((p) => p.ber > 0);
    expect(measured).toHaveLength(6);
    for (const { v, ber } of measured) {
      const ratio = probitBer(v) / ber;
      expect(ratio, `v = ${v}`).toBeGreaterThan(1 / 1.5);
      expect(ratio, `v = ${v}`).toBeLessThan(1.5);
    }
  });

  it('matches Φ((0.7056 − v)/0.0552) (scipy) and is 0 from Vmin up', () => {
    expectRelative(probitBer(0.99), 1.287420405864191e-7, 1e-12);
    expect(probitBer(1)).toBe(0);
    expect(probitBer(1.1)).toBe(0);
  });

  it('falls strictly as the voltage rises below Vmin', () => {
    let previous = probitBer(0.5);
    for (let v = 0.51; v < 1; v += 0.01) {
      const p = probitBer(v);
      expect(p).toBeLessThan(previous);
      previous = p;
    }
  });

  it('rejects impossible voltages', () => {
    expect(() => probitBer(NaN)).toThrow(UserError);
    expect(() => probitBer(-0.1)).toThrow(UserError);
  });
});

describe('measuredBerCurve: log-linear interpolation of the user points', () => {
  const curve = measuredBerCurve(STUTZ_14NM_POINTS);

  it('passes through the points', () => {
    for (const { v, ber } of STUTZ_14NM_POINTS) {
      if (ber === 0) expect(curve(v)).toBe(0);
      else expectRelative(curve(v), ber, 1e-12);
    }
  });

  it('is the geometric mean halfway between two points', () => {
    expectRelative(curve(0.854), Math.sqrt(0.01115 * 0.00129), 1e-12);
  });

  it('holds the lowest point below the data and is 0 at and above the first zero-BER voltage', () => {
    expect(curve(0.5)).toBe(0.2056);
    expect(curve(0)).toBe(0.2056);
    expect(curve(1)).toBe(0);
    expect(curve(1.2)).toBe(0);
  });

  it('continues the last slope between the last non-zero point and the zero point', () => {
    // 1.91e-6 · 10^(log10(1.91e-6 / 6.87e-5) / 0.041 · 0.021), computed independently.
    expectRelative(curve(0.979), 3.048575865141371e-7, 1e-9);
  });

  it('with one non-zero point falls linearly to the zero point; with no zero point holds the last BER', () => {
    expectRelative(measuredBerCurve([{ v: 1, ber: 0 }, { v: 0.9, ber: 1e-3 }])(0.95), 5e-4, 1e-12);
    const allPositive = measuredBerCurve([{ v: 0.8, ber: 0.1 }, { v: 0.9, ber: 0.01 }]);
    expect(allPositive(0.95)).toBe(0.01);
    expectRelative(allPositive(0.85), Math.sqrt(0.1 * 0.01), 1e-12);
  });

  it('accepts points in any order', () => {
    const shuffled = measuredBerCurve([...STUTZ_14NM_POINTS].reverse());
    for (const v of [0.7, 0.76, 0.8, 0.9, 0.95, 0.99, 1]) expect(shuffled(v)).toBe(curve(v));
  });

  it('rejects too few points, BERs outside [0, 1], rising BER and duplicate voltages with a UserError', () => {
    const cases = [
      [{ v: 0.9, ber: 0.01 }],
      [{ v: 0.8, ber: 1.5 }, { v: 0.9, ber: 0.01 }],
      [{ v: 0.8, ber: 0.1 }, { v: 0.9, ber: -0.01 }],
      [{ v: 0.8, ber: 0.01 }, { v: 0.9, ber: 0.1 }],
      [{ v: 0.8, ber: 0.1 }, { v: 0.8, ber: 0.05 }],
      [{ v: NaN, ber: 0.1 }, { v: 0.8, ber: 0.05 }],
      [{ v: 0.8, ber: NaN }, { v: 0.9, ber: 0.05 }],
    ];
    for (const points of cases) {
      let thrown: unknown;
      try {
        measuredBerCurve(points);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, JSON.stringify(points)).toBeInstanceOf(UserError);
      expect((thrown as UserError).code).toBe('faults-ber-curve');
    }
  });
});

describe('SECDED: P(≥ 2 errors in a word)', () => {
  it('is 13.46 % at p = 1 % on 64-bit words (V2, analytic) and 16.23 % on 72-bit codewords', () => {
    expect(secdedUncorrectableProbability(0.01)).toBeCloseTo(0.1346239649831656, 12);
    expect(secdedUncorrectableProbability(0.01, 72)).toBeCloseTo(0.16228763316280906, 12);
  });

  it('keeps its relative accuracy where 1 − P0 − P1 would cancel (≈ C(64,2)·p²)', () => {
    expectRelative(secdedUncorrectableProbability(1e-9), 2.0159999166720033e-15, 1e-9);
  });

  it('handles the ends', () => {
    expect(secdedUncorrectableProbability(0)).toBe(0);
    expect(secdedUncorrectableProbability(1)).toBe(1);
    expect(secdedUncorrectableProbability(0.3, 1)).toBe(0);
    expect(secdedUncorrectableProbability(0.5, 2)).toBeCloseTo(0.25, 15);
    expect(() => secdedUncorrectableProbability(1.2)).toThrow(UserError);
    expect(() => secdedUncorrectableProbability(0.1, 0)).toThrow(UserError);
  });

  it('is reproduced by Monte-Carlo with the fault sampler (V2): 200 000 64-bit words at p = 1 %', () => {
    const words = 200_000;
    const { bits } = faultSites(words * 64, 0.01, 2021, 'secded-check');
    const perWord = new Uint8Array(words);
    for (let i = 0; i < bits.length; i++) perWord[Math.floor(bits[i] / 64)]++;
    let uncorrectable = 0;
    for (let w = 0; w < words; w++) if (perWord[w] >= 2) uncorrectable++;
    const p = 0.1346239649831656;
    const bound = 3.29 * Math.sqrt((p * (1 - p)) / words); // two-sided 99.9 %
    expect(Math.abs(uncorrectable / words - p)).toBeLessThan(bound);
  });
});
