import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierReference,
  quantizeMultiplier,
  roundingDivideByPOT,
  saturate,
  saturatingRoundingDoublingHighMul,
  wrap,
} from '../../workers/engine/quant/fixed-point.js';

// Vectors printed by a literal C++ transcription of gemmlowp fixedpoint.h
// (SaturatingRoundingDoublingHighMul, RoundingDivideByPOT) and TFLite's QuantizeMultiplier /
// MultiplyByQuantizedMultiplier, compiled with g++ on x86-64. TFLite's shift is a LEFT shift
// exponent; ours is a right shift, hence the sign flips below.
const TFLITE_QUANTIZE_MULTIPLIER: [number, number, number][] = [
  [0.5, 1073741824, 0],
  [1, 1073741824, 1],
  [0.1, 1717986918, -3],
  [0.0039215686274509803, 1077952576, -7],
  [0.75, 1610612736, 0],
  [1.9999999999, 1073741824, 2],
  [3.5e-5, 1231453023, -14],
  [0.123456789, 2120971485, -3],
];

const TFLITE_MULTIPLY: [number, number, number, number][] = [
  [100, 1073741824, 0, 50],
  [101, 1073741824, 0, 51],
  [-101, 1073741824, 0, -50],
  [-100, 1717986918, -3, -10],
  [2147483647, 2147483647, 0, 2147483646],
  [-2147483648, -2147483648, 0, 2147483647],
  [-2147483648, 1073741824, -31, -1],
  [123456789, 1518500250, -7, 682009],
  [-123456789, 1518500250, -7, -682009],
  [5, 1073741824, -1, 2],
  [-5, 1073741824, -1, -1],
  [-6, 1073741824, -1, -2],
  [300, 1431655765, 2, 800],
  [-300, 1431655765, 2, -800],
  [70000, 2147483647, 3, 560000],
  [-1, 1073741824, 0, 0],
  [1, 1073741824, 0, 1],
  [-3, 1073741824, 0, -1],
  [3, 1073741824, 0, 2],
  [1000, 1126492160, -10, 1],
];

const int32 = fc.integer({ min: -2147483648, max: 2147483647 });

describe('quantizeMultiplier', () => {
  it.each(TFLITE_QUANTIZE_MULTIPLIER)('matches TFLite for %d', (real, multiplier, tfliteShift) => {
    expect(quantizeMultiplier(real)).toEqual({ multiplier, shift: -tfliteShift });
  });

  it('keeps the multiplier in [2^30, 2^31) and represents the real value to within 2^-31 relative', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1e9, noNaN: true }), (real) => {
        const { multiplier, shift } = quantizeMultiplier(real);
        expect(multiplier).toBeGreaterThanOrEqual(2 ** 30);
        expect(multiplier).toBeLessThan(2 ** 31);
        expect(Math.abs(multiplier * 2 ** (-31 - shift) - real) / real).toBeLessThanOrEqual(2 ** -31);
      }),
      { numRuns: 500 },
    );
  });

  it('flushes tiny multipliers to zero and refuses non-positive ones', () => {
    expect(quantizeMultiplier(1e-12)).toEqual({ multiplier: 0, shift: 0 });
    expect(() => quantizeMultiplier(0)).toThrow(/positive finite/);
    expect(() => quantizeMultiplier(-0.5)).toThrow(/positive finite/);
    expect(() => quantizeMultiplier(2 ** 40)).toThrow(/too large/);
  });
});

describe('multiplyByQuantizedMultiplier', () => {
  it.each(TFLITE_MULTIPLY)('(%d, %d, TFLite shift %d) = %d as in gemmlowp/TFLite', (acc, multiplier, tfliteShift, expected) => {
    expect(multiplyByQuantizedMultiplier(acc, multiplier, -tfliteShift)).toBe(expected);
    expect(multiplyByQuantizedMultiplierReference(acc, multiplier, -tfliteShift)).toBe(expected);
  });

  it('equals the BigInt reference on 10^4 random int32 inputs', () => {
    fc.assert(
      fc.property(int32, int32, fc.integer({ min: -31, max: 31 }), (acc, multiplier, shift) => {
        expect(multiplyByQuantizedMultiplier(acc, multiplier, shift)).toBe(multiplyByQuantizedMultiplierReference(acc, multiplier, shift));
      }),
      { numRuns: 10_000 },
    );
  });

  it('equals the reference with realistic multipliers and right shifts near the extremes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(-2147483648, -2147483647, -1, 0, 1, 2147483647).chain((edge) => fc.oneof(fc.constant(edge), int32)),
        fc.integer({ min: 2 ** 30, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 31 }),
        (acc, multiplier, shift) => {
          expect(multiplyByQuantizedMultiplier(acc, multiplier, shift)).toBe(multiplyByQuantizedMultiplierReference(acc, multiplier, shift));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('approximates acc · real within one unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 24), max: 2 ** 24 }), fc.double({ min: 1e-4, max: 0.999, noNaN: true }), (acc, real) => {
        const { multiplier, shift } = quantizeMultiplier(real);
        expect(Math.abs(multiplyByQuantizedMultiplier(acc, multiplier, shift) - acc * real)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('saturates the one overflowing doubling product and rejects bad shifts', () => {
    expect(saturatingRoundingDoublingHighMul(-2147483648, -2147483648)).toBe(2147483647);
    expect(() => multiplyByQuantizedMultiplier(1, 2 ** 30, 32)).toThrow(/shift/);
  });
});

describe('roundingDivideByPOT', () => {
  it('rounds to nearest with ties away from zero', () => {
    expect(roundingDivideByPOT(5, 1)).toBe(3);
    expect(roundingDivideByPOT(-5, 1)).toBe(-3);
    expect(roundingDivideByPOT(-6, 2)).toBe(-2);
    expect(roundingDivideByPOT(-3, 1)).toBe(-2);
    expect(roundingDivideByPOT(7, 0)).toBe(7);
    expect(roundingDivideByPOT(-2147483648, 31)).toBe(-1);
    expect(roundingDivideByPOT(2147483647, 31)).toBe(1);
  });
});

describe('saturate and wrap', () => {
  it('clamp to signed and unsigned register ranges', () => {
    expect(saturate(300, 8, true)).toBe(127);
    expect(saturate(-300, 8, true)).toBe(-128);
    expect(saturate(-5, 8, false)).toBe(0);
    expect(saturate(256, 8, false)).toBe(255);
    expect(saturate(12, 8, true)).toBe(12);
  });

  it('wrap like a two-s complement register', () => {
    expect(wrap(128, 8)).toBe(-128);
    expect(wrap(-129, 8)).toBe(127);
    expect(wrap(2 ** 31, 32)).toBe(-(2 ** 31));
    expect(wrap(-1, 16)).toBe(-1);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (v) => {
        expect(wrap(v, 32)).toBe(v | 0);
      }),
      { numRuns: 500 },
    );
  });
});
