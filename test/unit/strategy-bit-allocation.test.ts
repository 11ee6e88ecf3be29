/** Per-layer bit allocation (multiple-choice knapsack) against brute force on random small cases. */
import { describe, expect, it } from 'vitest';
import { allocateBits, createRng, type BitOption } from '../../src-main/services/sweep/strategies/index.js';

function bruteForce(layers: BitOption[][], budget: number): number | null {
  let best: number | null = null;
  const walk = (l: number, cost: number, drop: number) => {
    if (cost > budget) return;
    if (l === layers.length) {
      if (best === null || drop < best) best = drop;
      return;
    }
    for (const o of layers[l]) walk(l + 1, cost + o.cost, drop + o.drop);
  };
  walk(0, 0, 0);
  return best;
}

describe('allocateBits', () => {
  it('hand case: the budget forces the least sensitive layer down', () => {
    const layers: BitOption[][] = [
      [{ bits: 8, cost: 800, drop: 0 }, { bits: 4, cost: 400, drop: 0.01 }, { bits: 2, cost: 200, drop: 0.2 }],
      [{ bits: 8, cost: 1000, drop: 0 }, { bits: 4, cost: 500, drop: 0.08 }, { bits: 2, cost: 250, drop: 0.5 }],
    ];
    expect(allocateBits(layers, 1800)?.choice).toEqual([0, 0]);
    expect(allocateBits(layers, 1400)?.choice).toEqual([1, 0]);
    expect(allocateBits(layers, 900)?.choice).toEqual([1, 1]);
    expect(allocateBits(layers, 449)).toBeNull();
  });

  it('matches brute force on random integer-cost instances', () => {
    const rng = createRng(7);
    for (let t = 0; t < 300; t++) {
      const nLayers = 1 + rng.nextInt(5);
      const layers: BitOption[][] = Array.from({ length: nLayers }, () =>
        Array.from({ length: 1 + rng.nextInt(4) }, (_, k) => ({ bits: k + 2, cost: rng.nextInt(60), drop: rng.nextFloat() - 0.1 })),
      );
      const budget = rng.nextInt(150);
      const got = allocateBits(layers, budget);
      const want = bruteForce(layers, budget);
      if (want === null) expect(got).toBeNull();
      else {
        expect(got).not.toBeNull();
        expect(got!.cost).toBeLessThanOrEqual(budget);
        expect(got!.drop).toBeCloseTo(want, 12);
      }
    }
  });

  it('never exceeds a non-integer budget (costs rounded up to the resolution)', () => {
    const layers: BitOption[][] = [[{ bits: 8, cost: 0.61, drop: 0 }, { bits: 4, cost: 0.3, drop: 1 }]];
    const a = allocateBits(layers, 0.6, 10)!;
    expect(a.choice).toEqual([1]);
    expect(a.cost).toBeLessThanOrEqual(0.6);
  });
});
