import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { pruneMagnitude } from '../../workers/engine/prune/magnitude.js';

function zeros(w: Float32Array): number {
  return w.reduce((n, v) => (v === 0 ? n + 1 : n), 0);
}

describe('pruneMagnitude', () => {
  it('prunes exactly floor(r·n) weights of distinct non-zero magnitudes, globally and per layer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer(),
        (sizes, permille, seed) => {
          // Decimal ratios, so the expected count is exact integer arithmetic: floor(permille·n/1000).
          const ratio = permille / 1000;
          // Distinct magnitudes by construction: a shuffled ramp 1…n with random signs.
          const n = sizes.reduce((a, b) => a + b, 0);
          const values = Array.from({ length: n }, (_, i) => (i + 1) * ((seed >> i % 31) & 1 ? -1 : 1));
          for (let i = n - 1; i > 0; i--) {
            const j = Math.abs(seed * (i + 7)) % (i + 1);
            [values[i], values[j]] = [values[j], values[i]];
          }
          const make = () => {
            let offset = 0;
            return sizes.map((size) => Float32Array.from(values.slice(offset, (offset += size))));
          };
          const global = make();
          const result = pruneMagnitude(global, ratio, 'global');
          const k = Math.floor((permille * n) / 1000);
          expect(global.reduce((a, w) => a + zeros(w), 0)).toBe(k);
          expect(result.prunedCounts.reduce((a, b) => a + b, 0)).toBe(k);
          // Every pruned magnitude is at most every kept one, and masks say which.
          const kept = global.flatMap((w) => Array.from(w).filter((v) => v !== 0).map(Math.abs));
          expect(Math.min(Infinity, ...kept)).toBeGreaterThan(k);
          global.forEach((w, l) => w.forEach((v, i) => expect(result.masks[l][i]).toBe(v === 0 ? 0 : 1)));
          const perLayer = make();
          pruneMagnitude(perLayer, ratio, 'layer');
          perLayer.forEach((w) => expect(zeros(w)).toBe(Math.floor((permille * w.length) / 1000)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('breaks ties at the threshold by position: layer order, then index', () => {
    const a = Float32Array.of(1, 1, 1);
    const b = Float32Array.of(1, 1, 1, 1, 1);
    const result = pruneMagnitude([a, b], 0.5, 'global'); // floor(0.5 · 8) = 4
    expect(Array.from(a)).toEqual([0, 0, 0]);
    expect(Array.from(b)).toEqual([0, 1, 1, 1, 1]);
    expect(result.prunedCounts).toEqual([3, 1]);
    expect(result.sparsity).toEqual([1, 0.2]);
  });

  it('global ranking prunes the small layer first; per layer prunes each layer by the same ratio', () => {
    const small = () => Float32Array.of(0.01, -0.02, 0.03, -0.04);
    const large = () => Float32Array.of(1, -2, 3, -4);
    const g = [small(), large()];
    pruneMagnitude(g, 0.5, 'global');
    expect(Array.from(g[0])).toEqual([0, 0, 0, 0]);
    expect(Array.from(g[1])).toEqual([1, -2, 3, -4]);
    const l = [small(), large()];
    pruneMagnitude(l, 0.5, 'layer');
    expect(Array.from(l[0])).toEqual([0, 0, Math.fround(0.03), Math.fround(-0.04)]);
    expect(Array.from(l[1])).toEqual([0, 0, 3, -4]);
  });

  it('counts decimal ratios exactly and treats existing zeros as the smallest weights', () => {
    const w = Float32Array.from({ length: 100 }, (_, i) => i + 1);
    expect(pruneMagnitude([w], 0.29).prunedCounts).toEqual([29]); // 0.29·100 = 28.999… in float64
    const z = Float32Array.of(0, 0, 0, 5, 6, 7);
    const result = pruneMagnitude([z], 0.25); // k = 1
    expect(result.prunedCounts).toEqual([1]);
    expect(result.sparsity).toEqual([0.5]);
    expect(Array.from(z)).toEqual([0, 0, 0, 5, 6, 7]);
  });

  it('leaves everything at ratio 0, zeroes everything but NaN at ratio 1', () => {
    const w = Float32Array.of(3, -1, NaN, 2);
    pruneMagnitude([w], 0);
    expect(Array.from(w)).toEqual([3, -1, NaN, 2]);
    pruneMagnitude([w], 1);
    expect(Array.from(w)).toEqual([0, 0, NaN, 0]);
  });

  it('rejects a ratio outside [0, 1] with a user error', () => {
    for (const bad of [-0.1, 1.5, NaN]) {
      expect(() => pruneMagnitude([Float32Array.of(1)], bad)).toThrow(UserError);
      expect(() => pruneMagnitude([], bad)).toThrow(/from 0 to 1/);
    }
  });
});
