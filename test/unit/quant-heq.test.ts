import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../workers/engine/quant/calibration/seeded-random.js';
import { quantizeToCodes } from '../../workers/engine/quant/quantize.js';
import { heqQuantizer, quantileThresholds } from '../../workers/engine/quant/quantizers/heq.js';
import { symmetricQuantizer } from '../../workers/engine/quant/quantizers/symmetric.js';
import type { QuantParams, QuantRole } from '../../workers/engine/quant/types.js';

function gaussian(n: number, seed: number): Float32Array {
  const random = createSeededRandom(seed);
  const x = new Float32Array(n);
  // Box–Muller.
  for (let i = 0; i < n; i++) x[i] = Math.sqrt(-2 * Math.log(random.next())) * Math.cos(2 * Math.PI * random.next());
  return x;
}

function usage(x: Float32Array, p: QuantParams): number[] {
  const counts = new Array<number>(p.levels.length).fill(0);
  for (const c of quantizeToCodes(x, p, new Int32Array(x.length))) counts[c]++;
  return counts;
}

function entropyBits(counts: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((h, k) => (k > 0 ? h - (k / n) * Math.log2(k / n) : h), 0);
}

const x = gaussian(20_000, 7);

describe('HEQ on a Gaussian sample', () => {
  for (const bits of [2, 3, 4]) {
    it(`uses every level about equally often at ${bits} bits (weights)`, () => {
      const p = heqQuantizer.fit(x, { bits, role: 'weight', channels: 1 });
      const counts = usage(x, p);
      const ideal = x.length / p.levels.length;
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(0.6 * ideal);
      expect(Math.max(...counts)).toBeLessThanOrEqual(1.5 * ideal);
    });
  }

  for (const role of ['weight', 'activation'] as QuantRole[]) {
    it(`has a higher level-usage entropy than the uniform grid at 2–8 bits (${role}s)`, () => {
      for (const bits of [2, 3, 4, 5, 6, 8]) {
        const heq = heqQuantizer.fit(x, { bits, role, channels: 1 });
        const uniform = symmetricQuantizer.fit(x, { bits, role, channels: 1 });
        const h = entropyBits(usage(x, heq));
        expect(h).toBeGreaterThan(entropyBits(usage(x, uniform)) + 0.3);
        expect(h).toBeGreaterThan(0.9 * Math.log2(heq.levels.length));
        if (bits <= 3) expect(h).toBeGreaterThan(0.99 * Math.log2(heq.levels.length));
      }
    });
  }

  it('keeps the integer layout: symmetric levels with zero-point 0 for weights, 0…2^b−1 for activations', () => {
    const w = heqQuantizer.fit(x, { bits: 4, role: 'weight', channels: 1 });
    expect([w.levels[0], w.levels[14], w.zeroPoint[0]]).toEqual([-7, 7, 0]);
    const a = heqQuantizer.fit(x, { bits: 4, role: 'activation', channels: 1 });
    expect([a.levels[0], a.levels[15]]).toEqual([0, 15]);
    expect(a.zeroPoint[0]).toBeGreaterThan(5);
    expect(a.zeroPoint[0]).toBeLessThan(10);
  });
});

describe('quantileThresholds', () => {
  it('puts t_j between the order statistics around rank floor(j·n/L)', () => {
    const sorted = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(quantileThresholds(sorted, 3))).toEqual([2.5, 5.5]);
    expect(Array.from(quantileThresholds(Float64Array.of(4), 3))).toEqual([4, 4]);
  });
});

describe('HEQ hand case', () => {
  it('six values, three levels: two values per level, least-squares scale', () => {
    const p = heqQuantizer.fit(Float32Array.of(-3, -1, -0.25, 0.25, 1, 3), { bits: 2, role: 'weight', channels: 1 });
    // Quantiles at ranks 2 and 4: thresholds −0.625 and 0.625; LS scale Σ|x|·1 / 4 = 2.
    expect(p.scale[0]).toBe(2);
    expect(Array.from(p.thresholds![0])).toEqual([-0.625, 0.625]);
    expect(Array.from(quantizeToCodes(Float32Array.of(-3, -1, -0.25, 0.25, 1, 3), p, new Int32Array(6)))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('projects a threshold that no scale can keep inside its interval', () => {
    // All-positive weights on the symmetric layout: the first quantile threshold (2.5) should
    // separate levels −1 and 0 but lies above level 0's value 0 for every scale, so it is
    // projected onto 0; the second (4.5) is kept by choosing s ≥ 4.5 over the LS scale 2.
    const data = Float32Array.of(1, 2, 3, 4, 5, 6);
    const p = heqQuantizer.fit(data, { bits: 2, role: 'weight', channels: 1 });
    const t = p.thresholds![0];
    expect(t[0]).toBe(0);
    expect(t[1]).toBe(4.5);
    expect(p.scale[0]).toBeGreaterThanOrEqual(4.5);
    expect(p.scale[0]).toBeLessThan(4.5 * (1 + 1e-6));
    const value = (level: number) => Math.fround(p.scale[0] * level);
    expect(t[0]).toBeGreaterThan(value(-1));
    expect(t[0]).toBeLessThanOrEqual(value(0));
    expect(t[1]).toBeGreaterThan(value(0));
    expect(t[1]).toBeLessThanOrEqual(value(1));
  });
});
