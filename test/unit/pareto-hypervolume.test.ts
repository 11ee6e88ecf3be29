import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src-shared/errors.js';
import { hypervolume, type Sense } from '../../src-shared/pareto/index.js';

/**
 * Reference 1: count unit cells. With integer coordinates in [0, G) (minimization) and the
 * reference at G in every objective, the dominated region is a union of unit cells, and the cell
 * with lower corner c is covered iff some point p has p ≤ c in every objective.
 */
function cellCount(points: readonly (readonly number[])[], g: number, d: number): number {
  let count = 0;
  const c = new Array<number>(d).fill(0);
  const cells = g ** d;
  for (let k = 0; k < cells; k++) {
    let rest = k;
    for (let i = 0; i < d; i++) {
      c[i] = rest % g;
      rest = Math.floor(rest / g);
    }
    if (points.some((p) => p.every((x, i) => x <= c[i]))) count++;
  }
  return count;
}

/**
 * Reference 2: inclusion–exclusion over the boxes [p, r] (minimization); the intersection of a
 * set of boxes is [max p, r]. Exponential, so only for a handful of points.
 */
function inclusionExclusion(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const boxes = points.filter((p) => p.every((x, i) => x < ref[i]));
  let total = 0;
  for (let mask = 1; mask < 1 << boxes.length; mask++) {
    const lo = ref.map(() => -Infinity);
    let size = 0;
    boxes.forEach((p, b) => {
      if (mask & (1 << b)) {
        size++;
        p.forEach((x, i) => (lo[i] = Math.max(lo[i], x)));
      }
    });
    const volume = lo.reduce((v, x, i) => v * (ref[i] - x), 1);
    total += size % 2 === 1 ? volume : -volume;
  }
  return total;
}

/** Random senses and the caller-orientation view of minimization points (max objectives negated). */
function orient(points: readonly (readonly number[])[], ref: readonly number[], senses: readonly Sense[]) {
  const flip = (v: readonly number[]) => v.map((x, i) => (senses[i] === 'max' ? -x : x));
  return { vectors: points.map(flip), reference: flip(ref) };
}

describe('hypervolume', () => {
  it('matches hand-computed cases', () => {
    // Staircase (1,3) (2,2) (3,1) with reference (4,4): strips 3·1 + 2·1 + 1·1 = 6.
    expect(hypervolume([[1, 3], [2, 2], [3, 1]], ['min', 'min'], [4, 4])).toBe(6);
    // A dominated point adds nothing; a duplicate adds nothing.
    expect(hypervolume([[1, 3], [2, 2], [3, 1], [3, 3], [2, 2]], ['min', 'min'], [4, 4])).toBe(6);
    // Accuracy (max) against memory (min): (0.9, 2) and (0.8, 1) against (0, 4): 0.9·2 + 0.8·1 = 2.6.
    expect(hypervolume([[0.9, 2], [0.8, 1]], ['max', 'min'], [0, 4])).toBeCloseTo(2.6, 12);
    // 3-D: one box 1·2·3.
    expect(hypervolume([[1, 1, 1]], ['min', 'min', 'min'], [2, 3, 4])).toBe(6);
    // 3-D: boxes of volume 4 and 2 overlapping in a unit cube: 5.
    expect(hypervolume([[0, 0, 1], [1, 1, 0]], ['min', 'min', 'min'], [2, 2, 2])).toBe(5);
    // 1-D: distance from the best point to the reference.
    expect(hypervolume([[3], [1], [2]], ['min'], [5])).toBe(4);
    expect(hypervolume([[3], [1], [2]], ['max'], [0])).toBe(3);
  });

  it('ignores points that do not dominate the reference, NaN points and empty sets', () => {
    expect(hypervolume([], ['min', 'min'], [1, 1])).toBe(0);
    expect(hypervolume([[5, 0]], ['min', 'min'], [4, 4])).toBe(0); // beyond the reference in f1
    expect(hypervolume([[4, 0]], ['min', 'min'], [4, 4])).toBe(0); // on the boundary: zero width
    expect(hypervolume([[NaN, 0], [1, 1]], ['min', 'min'], [2, 2])).toBe(1);
    expect(() => hypervolume([[1, 1]], ['min', 'min'], [NaN, 2])).toThrow(InternalError);
    expect(() => hypervolume([[1, 1]], ['min', 'min'], [2])).toThrow(InternalError);
  });

  for (const d of [2, 3]) {
    it(`equals the unit-cell count on random integer points in ${d}-D, any senses`, () => {
      const g = d === 2 ? 12 : 7;
      fc.assert(
        fc.property(
          fc.array(fc.array(fc.integer({ min: 0, max: g + 1 }), { minLength: d, maxLength: d }), { maxLength: d === 2 ? 30 : 15 }),
          fc.array(fc.constantFrom<Sense>('max', 'min'), { minLength: d, maxLength: d }),
          (points, senses) => {
            // Points at or beyond g lie outside the reference box and must contribute nothing.
            const inside = points.filter((p) => p.every((x) => x < g));
            const { vectors, reference } = orient(points, new Array(d).fill(g), senses);
            expect(hypervolume(vectors, senses, reference)).toBe(cellCount(inside, g, d));
          },
        ),
        { numRuns: d === 2 ? 200 : 100 },
      );
    });
  }

  for (const d of [2, 3, 4]) {
    it(`equals inclusion–exclusion on random real points in ${d}-D`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: d, maxLength: d }), { maxLength: 8 }),
          fc.array(fc.constantFrom<Sense>('max', 'min'), { minLength: d, maxLength: d }),
          (points, senses) => {
            const ref = new Array(d).fill(1.1);
            const { vectors, reference } = orient(points, ref, senses);
            const expected = inclusionExclusion(points, ref);
            expect(hypervolume(vectors, senses, reference)).toBeCloseTo(expected, 9);
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it('stays exact on a few hundred 3-D points (the size the sweep report meets)', () => {
    // Deterministic pseudo-random integers (a linear congruential generator, so the test needs no RNG module).
    let x = 12345;
    const next = (m: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x % m);
    const g = 20;
    const points = Array.from({ length: 300 }, () => [next(g), next(g), next(g)]);
    expect(hypervolume(points, ['min', 'min', 'min'], [g, g, g])).toBe(cellCount(points, g, 3));
  });
});
