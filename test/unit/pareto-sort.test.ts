import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src-shared/errors.js';
import {
  compareMinimized,
  crowdingDistance,
  dominates,
  nonDominatedIndices,
  nonDominatedSort,
  paretoFront,
  type Sense,
} from '../../src-shared/pareto/index.js';

/** Reference dominance written straight from the definition, per sense, without negation. */
function refDominates(a: readonly number[], b: readonly number[], senses: readonly Sense[]): boolean {
  if (a.some(Number.isNaN) || b.some(Number.isNaN)) return false;
  const noWorse = senses.every((s, i) => (s === 'max' ? a[i] >= b[i] : a[i] <= b[i]));
  const better = senses.some((s, i) => (s === 'max' ? a[i] > b[i] : a[i] < b[i]));
  return noWorse && better;
}

/** Reference fronts by repeated peeling, O(n³): NaN points last, each front ascending. */
function refFronts(vectors: readonly (readonly number[])[], senses: readonly Sense[]): number[][] {
  let left = vectors.map((_, i) => i).filter((i) => !vectors[i].some(Number.isNaN));
  const nan = vectors.map((_, i) => i).filter((i) => vectors[i].some(Number.isNaN));
  const fronts: number[][] = [];
  while (left.length > 0) {
    const front = left.filter((p) => !left.some((q) => refDominates(vectors[q], vectors[p], senses)));
    fronts.push(front);
    left = left.filter((p) => !front.includes(p));
  }
  if (nan.length > 0) fronts.push(nan);
  return fronts;
}

/** Random objective vectors on a small integer grid (many ties and duplicates), NaN sometimes. */
const problem = (withNaN: boolean) =>
  fc.integer({ min: 1, max: 4 }).chain((m) =>
    fc.record({
      senses: fc.array(fc.constantFrom<Sense>('max', 'min'), { minLength: m, maxLength: m }),
      vectors: fc.array(
        fc.array(withNaN ? fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.constant(NaN) }) : fc.integer({ min: 0, max: 5 }), {
          minLength: m,
          maxLength: m,
        }),
        { maxLength: 40 },
      ),
    }),
  );

describe('dominates', () => {
  it('follows the definition on hand cases with mixed senses', () => {
    const senses: Sense[] = ['max', 'min']; // accuracy up, memory down
    expect(dominates([0.9, 100], [0.8, 200], senses)).toBe(true);
    expect(dominates([0.9, 100], [0.9, 200], senses)).toBe(true); // tie in one, better in the other
    expect(dominates([0.9, 100], [0.9, 100], senses)).toBe(false); // equal: no strict improvement
    expect(dominates([0.9, 300], [0.8, 200], senses)).toBe(false); // trade-off
    expect(dominates([0.8, 200], [0.9, 100], senses)).toBe(false);
    expect(dominates([NaN, 100], [0.8, 200], senses)).toBe(false);
    expect(dominates([0.9, 100], [NaN, 200], senses)).toBe(false);
  });

  it('agrees with the reference and with compareMinimized on random vectors', () => {
    fc.assert(
      fc.property(problem(true), ({ senses, vectors }) => {
        for (const a of vectors) {
          for (const b of vectors) {
            expect(dominates(a, b, senses)).toBe(refDominates(a, b, senses));
            const ma = a.map((v, i) => (senses[i] === 'max' ? -v : v));
            const mb = b.map((v, i) => (senses[i] === 'max' ? -v : v));
            const c = compareMinimized(ma, mb);
            expect(c).toBe(refDominates(a, b, senses) ? 1 : refDominates(b, a, senses) ? -1 : 0);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects vectors of the wrong length', () => {
    expect(() => dominates([1, 2], [1], ['min', 'min'])).toThrow(InternalError);
  });
});

describe('nonDominatedSort', () => {
  it('matches brute-force peeling with mixed senses, ties, duplicates and NaN', () => {
    fc.assert(
      fc.property(problem(true), ({ senses, vectors }) => {
        expect(nonDominatedSort(vectors, senses)).toEqual(refFronts(vectors, senses));
      }),
      { numRuns: 300 },
    );
  });

  it('partitions the indices: every point in exactly one front', () => {
    fc.assert(
      fc.property(problem(true), ({ senses, vectors }) => {
        const all = nonDominatedSort(vectors, senses).flat().sort((a, b) => a - b);
        expect(all).toEqual(vectors.map((_, i) => i));
      }),
    );
  });

  it('handles the edge cases', () => {
    expect(nonDominatedSort([], ['min'])).toEqual([]);
    // One objective: the fronts are the distinct values in order of quality, ties share a front.
    expect(nonDominatedSort([[3], [1], [2], [1], [NaN]], ['min'])).toEqual([[1, 3], [2], [0], [4]]);
    expect(nonDominatedSort([[3], [1], [2]], ['max'])).toEqual([[0], [2], [1]]);
    // Duplicates share a front and do not push each other down.
    expect(nonDominatedSort([[1, 1], [1, 1], [2, 2]], ['min', 'min'])).toEqual([[0, 1], [2]]);
    // All infeasible: a single (infeasible) front.
    expect(nonDominatedSort([[NaN, 1], [1, NaN]], ['min', 'min'])).toEqual([[0, 1]]);
    expect(() => nonDominatedSort([[1]], [])).toThrow(InternalError);
  });
});

describe('paretoFront and nonDominatedIndices', () => {
  it('equal the first feasible front of the reference', () => {
    fc.assert(
      fc.property(problem(true), ({ senses, vectors }) => {
        const fronts = refFronts(vectors, senses);
        const first = fronts.length > 0 && !vectors[fronts[0][0]].some(Number.isNaN) ? fronts[0] : [];
        expect(nonDominatedIndices(vectors, senses)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('reads keyed points by objective key and never includes a NaN point', () => {
    const points = [
      { name: 'a', accuracy: 0.91, weightBytes: 4000 },
      { name: 'b', accuracy: 0.9, weightBytes: 2000 },
      { name: 'c', accuracy: 0.89, weightBytes: 2500 }, // dominated by b
      { name: 'd', accuracy: NaN, weightBytes: 10 }, // failed evaluation
      { name: 'e', accuracy: 0.8, weightBytes: 1000 },
      { name: 'f', accuracy: 0.9, weightBytes: 2000 }, // duplicate of b: both on the front
    ];
    const objectives = [
      { key: 'accuracy', sense: 'max' },
      { key: 'weightBytes', sense: 'min' },
    ] as const;
    expect(paretoFront(points, objectives)).toEqual([0, 1, 4, 5]);
    expect(paretoFront([], objectives)).toEqual([]);
  });
});

describe('crowdingDistance', () => {
  it('matches a hand computation (Deb et al. 2002, §III-B)', () => {
    // Front sorted by f1: (0,10) (1,6) (3,3) (10,0); spans 10 and 10.
    const vectors = [
      [3, 3],
      [0, 10],
      [10, 0],
      [1, 6],
    ];
    const d = crowdingDistance(vectors, [0, 1, 2, 3]);
    // (3,3): neighbours (1,6) and (10,0): (10−1)/10 + (6−0)/10 = 1.5; (1,6): (3−0)/10 + (10−3)/10 = 1.
    expect(d[0]).toBeCloseTo(1.5, 12);
    expect(d[1]).toBe(Infinity);
    expect(d[2]).toBe(Infinity);
    expect(d[3]).toBeCloseTo(1.0, 12);
  });

  it('gives boundary points +∞ and interior points the sum of normalized neighbour gaps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 3, maxLength: 20 }),
        (pairs) => {
          const vectors = pairs.map(([a, b]) => [a, b]);
          const front = vectors.map((_, i) => i);
          const d = crowdingDistance(vectors, front);
          // Independent reference: per objective, neighbours in a stable sort by (value, index).
          const ref = vectors.map(() => 0);
          for (let j = 0; j < 2; j++) {
            const order = [...front].sort((a, b) => vectors[a][j] - vectors[b][j] || a - b);
            const span = vectors[order[order.length - 1]][j] - vectors[order[0]][j];
            if (span === 0) continue;
            ref[order[0]] = Infinity;
            ref[order[order.length - 1]] = Infinity;
            for (let k = 1; k < order.length - 1; k++) ref[order[k]] += (vectors[order[k + 1]][j] - vectors[order[k - 1]][j]) / span;
          }
          d.forEach((x, i) => (ref[i] === Infinity ? expect(x).toBe(Infinity) : expect(x).toBeCloseTo(ref[i], 9)));
        },
      ),
    );
  });

  it('treats small fronts and zero-span objectives as documented', () => {
    expect(crowdingDistance([[1, 2], [2, 1]], [0, 1])).toEqual([Infinity, Infinity]);
    expect(crowdingDistance([[1, 2]], [0])).toEqual([Infinity]);
    expect(crowdingDistance([], [])).toEqual([]);
    // Second objective constant: only the first counts.
    expect(crowdingDistance([[0, 5], [1, 5], [4, 5]], [0, 1, 2])).toEqual([Infinity, 1, Infinity]);
    // The infeasible front: NaN spans carry no information.
    expect(crowdingDistance([[NaN, 1], [2, NaN], [NaN, NaN]], [0, 1, 2])).toEqual([0, 0, 0]);
  });
});
