import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src-shared/errors.js';
import {
  candidateAt,
  createRng,
  createRngFromState,
  gridCandidates,
  gridSize,
  latinHypercube,
  linearIndex,
  randomCandidates,
  type Axis,
} from '../../src-main/services/sweep/strategies/index.js';

const axesArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }).map((sizes) => sizes.map((size, i): Axis => ({ name: `a${i}`, size })));

function inRange(c: readonly number[], axes: readonly Axis[]): boolean {
  return c.length === axes.length && c.every((x, i) => Number.isInteger(x) && x >= 0 && x < axes[i].size);
}

describe('seeded rng', () => {
  it('reproduces the xoshiro128** reference outputs for state (1, 2, 3, 4)', () => {
    // From the public-domain reference implementation (xoshiro128starstar.c, Blackman & Vigna).
    const r = createRngFromState(1, 2, 3, 4);
    expect(Array.from({ length: 10 }, () => r.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
  });

  it('is deterministic per seed, distinct across seeds, and keeps integers in range', () => {
    const draw = (seed: number) => {
      const r = createRng(seed);
      return Array.from({ length: 8 }, () => r.nextUint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(-1)).not.toEqual(draw(2 ** 32 - 1)); // high bits of the seed matter
    const r = createRng(1);
    for (const n of [1, 2, 3, 10, 2 ** 32, 2 ** 32 + 1, 2 ** 53]) {
      for (let k = 0; k < 200; k++) {
        const x = r.nextInt(n);
        expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
      }
    }
    expect(() => createRng(0.5)).toThrow(InternalError);
    expect(() => r.nextInt(0)).toThrow(InternalError);
  });

  it('draws small ranges evenly (chi-square well inside its 99.9 % bound)', () => {
    const r = createRng(2024);
    const n = 7;
    const draws = 70_000;
    const counts = new Array(n).fill(0);
    for (let k = 0; k < draws; k++) counts[r.nextInt(n)]++;
    const expected = draws / n;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(22.46); // χ²(6) 99.9 % quantile
  });
});

describe('grid', () => {
  it('enumerates exactly the product, last axis fastest', () => {
    const axes = [
      { name: 'bits', size: 2 },
      { name: 'prune', size: 3 },
    ];
    expect([...gridCandidates(axes)]).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(gridSize(axes)).toBe(6);
    expect([...gridCandidates([])]).toEqual([[]]);
    expect(() => [...gridCandidates([{ name: 'x', size: 0 }])]).toThrow(InternalError);
  });

  it('matches nested loops (the independent reference) and the linear index on random spaces', () => {
    fc.assert(
      fc.property(axesArb, (axes) => {
        const expected: number[][] = [[]];
        const nested = axes.reduce((acc, a) => acc.flatMap((prefix) => Array.from({ length: a.size }, (_, j) => [...prefix, j])), expected);
        const got = [...gridCandidates(axes)];
        expect(got).toEqual(nested);
        expect(got.length).toBe(gridSize(axes));
        got.forEach((c, i) => {
          expect(linearIndex(c, axes)).toBe(i);
          expect(candidateAt(i, axes)).toEqual(c);
        });
      }),
    );
  });

  it('is lazy: a huge space yields its first candidates at once', () => {
    const axes = Array.from({ length: 12 }, (_, i) => ({ name: `a${i}`, size: 10 }));
    const it = gridCandidates(axes);
    expect(it.next().value).toEqual(new Array(12).fill(0));
    expect(it.next().value).toEqual([...new Array(11).fill(0), 1]);
    expect(gridSize(axes)).toBe(1e12);
  });
});

describe('random', () => {
  it('is deterministic per seed, in range and distinct', () => {
    fc.assert(
      fc.property(axesArb, fc.integer({ min: 0, max: 40 }), fc.integer(), (axes, n, seed) => {
        const a = randomCandidates(axes, n, seed);
        expect(randomCandidates(axes, n, seed)).toEqual(a);
        expect(a.length).toBe(Math.min(n, gridSize(axes)));
        for (const c of a) expect(inRange(c, axes)).toBe(true);
        expect(new Set(a.map((c) => c.join(','))).size).toBe(a.length);
      }),
    );
  });

  it('returns every candidate when asked for more than the space holds', () => {
    const axes = [
      { name: 'x', size: 3 },
      { name: 'y', size: 2 },
    ];
    const all = randomCandidates(axes, 100, 5);
    expect(all.map((c) => linearIndex(c, axes)).sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('samples a huge space and covers a small one uniformly', () => {
    const huge = Array.from({ length: 20 }, (_, i) => ({ name: `a${i}`, size: 10 })); // 1e20 > 2^53
    const h = randomCandidates(huge, 50, 3);
    expect(h.length).toBe(50);
    for (const c of h) expect(inRange(c, huge)).toBe(true);
    // Each of the 10 candidates of a 10-point space is in a 3-sample with probability 3/10.
    const axes = [{ name: 'x', size: 10 }];
    const hits = new Array(10).fill(0);
    const trials = 20_000;
    for (let s = 0; s < trials; s++) for (const [x] of randomCandidates(axes, 3, s)) hits[x]++;
    const expected = (trials * 3) / 10;
    const chi2 = hits.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.88); // χ²(9) 99.9 % quantile (counts are not independent; conservative)
  });
});

describe('latin hypercube', () => {
  /** Reference stratum of index j on an axis of s choices for n ≤ s: the k with floor(k·s/n) ≤ j < floor((k+1)·s/n). */
  const stratum = (j: number, s: number, n: number) => {
    for (let k = 0; k < n; k++) if (Math.floor((k * s) / n) <= j && j < Math.floor(((k + 1) * s) / n)) return k;
    return -1;
  };

  it('puts one sample in each stratum of each axis', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer(),
        (sizes, n, seed) => {
          const axes = sizes.map((size, i) => ({ name: `a${i}`, size }));
          // No duplicates are possible once some axis has at least n choices.
          fc.pre(Math.max(...sizes) >= n);
          const lhs = latinHypercube(axes, n, seed);
          expect(lhs.length).toBe(n);
          for (const c of lhs) expect(inRange(c, axes)).toBe(true);
          axes.forEach((axis, d) => {
            const s = axis.size;
            const column = lhs.map((c) => c[d]);
            if (n <= s) {
              // Strata partition the choices and every stratum is hit exactly once.
              expect(column.map((j) => stratum(j, s, n)).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, k) => k));
            } else {
              // More samples than choices: choice j is used by exactly the strata k with floor(k·s/n) = j.
              for (let j = 0; j < s; j++) {
                const want = Array.from({ length: n }, (_, k) => k).filter((k) => Math.floor((k * s) / n) === j).length;
                expect(column.filter((x) => x === j).length).toBe(want);
              }
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic per seed, distinct, and at most the size of the space', () => {
    fc.assert(
      fc.property(axesArb, fc.integer({ min: 0, max: 60 }), fc.integer(), (axes, n, seed) => {
        const a = latinHypercube(axes, n, seed);
        expect(latinHypercube(axes, n, seed)).toEqual(a);
        expect(a.length).toBeLessThanOrEqual(Math.min(n, gridSize(axes)));
        for (const c of a) expect(inRange(c, axes)).toBe(true);
        expect(new Set(a.map((c) => c.join(','))).size).toBe(a.length);
      }),
    );
    expect(latinHypercube([{ name: 'x', size: 4 }], 0, 1)).toEqual([]);
    expect(() => latinHypercube([{ name: 'x', size: 4 }], -1, 1)).toThrow(InternalError);
  });
});
