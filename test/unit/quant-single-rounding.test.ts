/**
 * Single-rounding requantization must equal its BigInt transcription exactly and round(acc·M)
 * (ties up), where the gemmlowp double-rounding form may be off by one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierSingleRounding,
  multiplyByQuantizedMultiplierSingleRoundingReference,
  quantizeMultiplier,
} from '../../workers/engine/quant/fixed-point.js';

describe('single-rounding requantization', () => {
  it('equals the BigInt reference on random int32 accumulators and multipliers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: 2 ** 30, max: 2 ** 31 - 1 }),
        fc.integer({ min: -14, max: 40 }),
        (acc, m, shift) => {
          expect(multiplyByQuantizedMultiplierSingleRounding(acc, m, shift)).toBe(multiplyByQuantizedMultiplierSingleRoundingReference(acc, m, shift));
        },
      ),
      { numRuns: 20000 },
    );
  });

  it('is round(acc · M) where double rounding is not (hand case from the residual CNN)', () => {
    // M = 0.0343522…, acc = 101: acc·M = 3.4696 → 3. gemmlowp first rounds acc·q = 55.51 to 56,
    // then 56 / 16 = 3.5 rounds to 4.
    const real = 3.4695776149600555 / 101;
    const { multiplier, shift } = quantizeMultiplier(real);
    expect(multiplyByQuantizedMultiplierSingleRounding(101, multiplier, shift)).toBe(3);
    expect(multiplyByQuantizedMultiplier(101, multiplier, shift)).toBe(4);
  });

  it('matches Math.round(acc·M) away from ties', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 24), max: 2 ** 24 }), fc.double({ min: 1e-6, max: 0.99, noNaN: true }), (acc, real) => {
        const { multiplier, shift } = quantizeMultiplier(real);
        const exact = (acc * multiplier) / 2 ** (31 + shift);
        if (Math.abs(exact - Math.floor(exact) - 0.5) < 1e-9) return;
        expect(multiplyByQuantizedMultiplierSingleRounding(acc, multiplier, shift)).toBe(Math.round(exact) + 0); // + 0: Math.round gives −0 for small negatives
      }),
      { numRuns: 5000 },
    );
  });
});
