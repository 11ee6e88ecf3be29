/** The Explore chart's front: the shared O(N²) definition, computed in O(N log N). */
import { describe, expect, it } from 'vitest';
import { paretoFrontOf } from '../../src-renderer/src/charts/explore-front.js';
import { nonDominatedIndices, type Sense } from '../../src-shared/pareto/index.js';
import { xoshiro128ss } from '../../src-shared/xoshiro128.js';

/** Uniform [0, 1) from a seeded generator. */
function seeded(seed: number): () => number {
  const next = xoshiro128ss(seed, 0x9e3779b9, 0x7f4a7c15, 0x2545f491);
  return () => next() / 2 ** 32;
}

describe('paretoFrontOf', () => {
  it('equals the shared nonDominatedIndices on random clouds with ties, duplicates and NaN', () => {
    const rng = seeded(42);
    const sensePairs: [Sense, Sense][] = [
      ['max', 'min'],
      ['min', 'min'],
      ['max', 'max'],
      ['min', 'max'],
    ];
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(rng() * 300);
      // Coarse values so ties and duplicates are common.
      const a = Array.from({ length: n }, () => (rng() < 0.03 ? NaN : Math.floor(rng() * 20)));
      const b = Array.from({ length: n }, () => (rng() < 0.03 ? NaN : Math.floor(rng() * 20)));
      const senses = sensePairs[trial % 4];
      const expected = nonDominatedIndices(
        a.map((x, i) => [x, b[i]]),
        senses,
      );
      expect([...paretoFrontOf({ a, b, senses })].sort((x, y) => x - y)).toEqual(expected);
    }
  });

  it('orders the front along the first objective, best first', () => {
    const acc = [0.9, 0.8, 0.7, 0.95, 0.5];
    const bytes = [4000, 1000, 2000, 9000, 500];
    expect(paretoFrontOf({ a: acc, b: bytes, senses: ['max', 'min'] })).toEqual([3, 0, 1, 4]);
    expect(paretoFrontOf({ a: bytes, b: acc, senses: ['min', 'max'] })).toEqual([4, 1, 0, 3]);
  });

  it('is fast on 20,000 points', () => {
    const rng = seeded(7);
    const n = 20_000;
    const a = Float64Array.from({ length: n }, () => rng());
    const b = Float64Array.from({ length: n }, (_, i) => a[i] * 1e5 * (0.5 + rng()));
    const t0 = performance.now();
    const front = paretoFrontOf({ a, b, senses: ['max', 'min'] });
    expect(performance.now() - t0).toBeLessThan(200);
    expect(front.length).toBeGreaterThan(2);
  });
});
